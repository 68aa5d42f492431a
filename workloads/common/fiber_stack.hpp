#pragma once
// The stack size of a waiting fiber, chosen once for the fiber models whose units mostly wait
// (latency's requests, memory's units): what a waiting fiber costs in memory.
#include <cstddef>

#include "workloads/common/sanitizers.hpp"

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
//! Unoptimised code writes into that 5 KiB frame (7.1 KiB deep at -O0) and AddressSanitizer
//! pads every frame with redzones: the sanitize preset's waiting fiber wrote 8.5 KiB deep, past
//! the bottom of an 8 KiB stack into the malloc chunk header below it (docs/sanitizers.md).
//! Such builds measure nothing, so they get 32 KiB; tests/fiber_stack_test.cpp checks that a
//! waiting fiber fits in every build.
#if defined(CONCBENCH_ADDRESS_SANITIZER) || !defined(__OPTIMIZE__)
inline constexpr std::size_t waiting_fiber_stack_bytes = 32 * 1024;
#else
inline constexpr std::size_t waiting_fiber_stack_bytes = 8 * 1024;
#endif

}  // namespace concbench
