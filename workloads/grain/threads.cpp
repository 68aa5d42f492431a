#include <algorithm>
#include <thread>
#include <vector>

#include "workloads/grain/grain.hpp"

namespace grain {

//! One std::jthread per task, `workers` at a time (start a wave, join it, start the next):
//! threading.Thread per job, so every task pays a thread's creation and join.
Runner make_threads(int workers) {
  return [workers](std::uint64_t total, std::uint64_t grain) {
    const auto chunks = tasks(total, grain);
    std::vector<std::uint64_t> partial(chunks.size());
    for (std::size_t wave = 0; wave < chunks.size(); wave += static_cast<std::size_t>(workers)) {
      std::vector<std::jthread> threads;
      for (std::size_t i = wave; i < std::min(chunks.size(), wave + workers); ++i)
        threads.emplace_back([&partial, &chunks, i] { partial[i] = sum_task(chunks[i]); });
    }  // each wave's jthreads join here
    std::uint64_t sum = 0;
    for (const auto value : partial) sum += value;
    return sum;
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "one std::jthread per task, `workers` at a time",
                                  .make = make_threads});

}  // namespace grain
