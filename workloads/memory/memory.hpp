#pragma once
// memory: start `units` units that all wait at once (threads blocked, processes idle, coroutines
// and TBB tasks suspended), measure what the set costs in memory while every unit is alive,
// then release them; each released unit adds unit(i) to a sum that is checked.
#include <sys/types.h>

#include <cstdint>
#include <functional>

namespace memory {

//! What `units` waiting units cost, divided by `units`.
struct Footprint {
  double bytes_per_unit = 0;          // memory in use: the larger of RSS and heap-in-use growth,
                                      // or for processes the children's PSS (shared pages split)
  double virtual_bytes_per_unit = 0;  // address space reserved (a thread's whole stack, say)
  double heap_bytes_per_unit = 0;     // malloc'd bytes still in use (glibc mallinfo2)
  double kernel_bytes_per_unit = 0;   // kernel stacks and page tables (system-wide, so approximate)
  double stack_bytes = 0;             // a unit's stack size where it has one (threads, TBB tasks)
};

//! A model's way to hold `units` waiting units alive, measure them and end them.
using Runner = std::function<Footprint(std::uint64_t units)>;

Runner make_threads();    // std::jthread blocked on a condition variable
Runner make_process();    // idle concbench_worker processes waiting for a job line
Runner make_async();      // Asio coroutines awaiting one shared timer (asyncio.Event)
Runner make_coroutine();  // bare C++20 coroutine frames suspended once
Runner make_tbb();        // oneTBB tasks suspended with tbb::task::suspend, at most max_tbb_units

//! With more suspended tasks than this, oneTBB 2021.8 left all but one or two unfinished after
//! resume() here (4,000 worked, 4,200 did not), so the tbb row holds at most this many.
constexpr std::uint64_t max_tbb_units = 4'000;

//! Memory figures of this process and of the machine, read from /proc.
struct Usage {
  double resident = 0, address_space = 0, heap = 0, kernel = 0;
};
//! Returns free heap pages to the kernel first (malloc_trim), so a later delta sees new pages.
Usage usage_now();
//! Per-unit difference between two readings.
Footprint per_unit(const Usage& before, const Usage& after, std::uint64_t units);
//! Proportional set size of process `pid` (its private pages plus its share of shared ones).
double proportional_bytes(pid_t pid);

}  // namespace memory
