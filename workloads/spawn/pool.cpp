#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! executor.submit(unit, i).result(): a job handed to an idle pool thread and a future waited
//! for — the pool's threads exist already, so this is the wake-up and hand-back cost.
Runner make_pool(int workers) {
  auto pool = std::make_shared<asio::thread_pool>(workers);
  return [pool](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) sum += asio::post(*pool, asio::use_future([i] { return unit(i); })).get();
    return sum;
  };
}

const bool added = models().add({.name = "pool",
                                  .what = "submit + future.get() on a thread pool per unit",
                                  .make = make_pool,
                                  .units = 1'000});

}  // namespace spawn
