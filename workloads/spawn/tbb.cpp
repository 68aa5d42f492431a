#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <memory>

#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! tbb::task_group::run then wait, per unit, in an arena of `workers` threads: a task is a
//! small heap object on a work-stealing deque, and the waiting thread may run it itself.
Runner make_tbb(int workers) {
  auto arena = std::make_shared<tbb::task_arena>(workers);
  arena->execute([] { tbb::task_group warm_up; warm_up.run([] {}); warm_up.wait(); });
  return [arena](std::uint64_t units) {
    return arena->execute([units] {
      std::uint64_t sum = 0;
      tbb::task_group group;
      for (std::uint64_t i = 0; i < units; ++i) {
        std::uint64_t result = 0;
        group.run([&result, i] { result = unit(i); });
        group.wait();
        sum += result;
      }
      return sum;
    });
  };
}

const bool added = models().add({.name = "tbb",
                                  .what = "tbb::task_group::run + wait per unit",
                                  .make = make_tbb,
                                  .units = 10'000});

}  // namespace spawn
