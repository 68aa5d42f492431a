#include <atomic>
#include <memory>
#include <semaphore>
#include <thread>

#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {
namespace {

//! The partner thread, started once: it waits for the ball, counts it and sends it back.
struct Partner {
  std::binary_semaphore to_partner{0}, to_caller{0};
  std::uint64_t handovers = 0;
  std::atomic<bool> stop = false;
  std::jthread thread;
  explicit Partner(int cpu)
      : thread([this, cpu] {
          PinnedToOneCpu::pin(cpu);
          for (;;) {
            to_partner.acquire();
            if (stop) return;
            ++handovers;
            to_caller.release();
          }
        }) {}
  ~Partner() {
    stop = true;
    to_partner.release();
  }
};

}  // namespace

//! Two threads on one CPU passing a turn with two binary semaphores (threading.Event back and
//! forth): each hand-over wakes the other thread through a futex and puts this one to sleep.
Runner make_threads() {
  const PinnedToOneCpu probe;  // only to learn which CPU the caller will be pinned to
  auto partner = std::make_shared<Partner>(probe.cpu());
  return [partner](std::uint64_t rounds) {
    const PinnedToOneCpu pinned;
    partner->handovers = 0;
    std::uint64_t handovers = 0;
    for (std::uint64_t round = 0; round < rounds; ++round) {
      ++handovers;
      partner->to_partner.release();
      partner->to_caller.acquire();  // the semaphore orders partner->handovers before this read
    }
    return handovers + partner->handovers;
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "two threads on one CPU, two std::binary_semaphore (futex)",
                                  .make = make_threads,
                                  .rounds = 2'000});

}  // namespace context_switch
