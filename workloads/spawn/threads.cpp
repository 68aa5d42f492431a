#include <thread>

#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! threading.Thread(target=unit).start(); join(): a kernel thread created and joined per unit.
Runner make_threads(int /*workers*/) {
  return [](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      std::uint64_t result = 0;
      std::jthread([&result, i] { result = unit(i); }).join();
      sum += result;
    }
    return sum;
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "a std::jthread created and joined per unit",
                                  .make = make_threads,
                                  .units = 200});

}  // namespace spawn
