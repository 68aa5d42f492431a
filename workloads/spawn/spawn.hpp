#pragma once
// spawn: start and finish `units` tiny units of work, one after another — start one, wait for
// its result, start the next — under every model. A unit's start-up cost is (measured time -
// serial time) / units: the EPCC microbenchmark method, the construct under test against a
// serial loop doing the same work.
#include <cstdint>
#include <functional>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace spawn {

//! The fixed tiny work of unit i: one cpu_sum term (a few nanoseconds), so that every unit
//! returns something to check. Defined out of line so that the serial loop stays a real call.
std::uint64_t unit(std::uint64_t i);

//! What every model must return: the sum of unit(i) for i in [0, units).
inline std::uint64_t expected(std::uint64_t units) { return cpu_sum::sum_range(0, units); }

//! Seconds per unit of the serial loop now: the mean of a batch of at least 10 ms.
double serial_seconds_per_unit(std::uint64_t units);

//! A model's way to run `units` units one after another and sum their results. The maker does
//! the set-up (pools, arenas, event loops) outside the timed call; `workers` sizes pools, arenas
//! and OpenMP teams, and the other models ignore it.
using Runner = std::function<std::uint64_t(std::uint64_t units)>;

Runner make_serial(int workers);
Runner make_threads(int workers);            // std::jthread created and joined per unit
Runner make_pool(int workers);               // submit + future.get() on a thread pool
Runner make_process(int workers);            // posix_spawn + exec + wait per unit
Runner make_process_fork_exec(int workers);  // fork + exec + wait per unit (subprocess without posix_spawn)
Runner make_process_fork(int workers);       // fork + wait per unit, no exec (multiprocessing's "fork")
Runner make_tbb(int workers);                // task_group::run + wait
Runner make_openmp(int workers);             // one parallel region per unit
Runner make_openmp_task(int workers);        // one task + taskwait per unit inside a region
Runner make_async(int workers);              // co_spawn a child coroutine and co_await it
Runner make_coroutine(int workers);          // resume a bare C++20 coroutine to its next suspension
Runner make_callback(int workers);           // a callback posted to the event loop per unit
Runner make_future(int workers);             // a promise set on the loop, its done-callback continues

}  // namespace spawn
