#pragma once
// The stack size of a waiting fiber, chosen once for the fiber models whose units mostly wait
// (latency's requests, memory's units): what a waiting fiber costs in memory.
#include <cstddef>

namespace concbench {

//! Bytes of stack per waiting fiber. A fiber that sleeps or waits on a condition variable
//! reached 6.1 KiB deep here (stacks filled with a pattern, the untouched bytes counted): it
//! uses about 1 KiB, but every lock of Boost.Fiber 1.74's spinlock (in its mutexes, channels,
//! futures and in fiber exit) reserves a 5 KiB frame for the std::random_device that seeds its
//! back-off generator. A 4 KiB stack overflowed into its guard page; 8 KiB leaves 2 KiB —
//! provided the dynamic linker never resolves a symbol on a fiber's stack (that took 9 KiB
//! with this CPU's AVX-512 state), which is why CMake links the executables with -z now when it
//! builds the fiber models — and provided no signal handler runs on one: this CPU's signal frame
//! needs 13.5 KiB (boost::context::stack_traits::minimum_size()), and concbench installs none.
//! Boost's default is 128 KiB.
inline constexpr std::size_t waiting_fiber_stack_bytes = 8 * 1024;

}  // namespace concbench
