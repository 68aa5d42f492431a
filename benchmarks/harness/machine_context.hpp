#pragma once
// The machine's fingerprint in every results file, so that two runs can be compared.
#include <cstdint>

#include "benchmarks/registry.hpp"

namespace concbench {

//! What Google Benchmark's own context lacks: CPU model, cores and usable CPUs, RAM, OS and
//! kernel, compiler and flags, build type, Boost, oneTBB, OpenMP and Google Benchmark versions,
//! the CPU governor where readable, the suite; added with benchmark::AddCustomContext.
void add_machine_context(Suite suite);

//! The memory a new allocation can take without pushing anything out: /proc/meminfo's
//! MemAvailable, or less if the cgroup (v2 memory.max, v1 memory.limit_in_bytes) allows less.
//! CONCBENCH_MEMORY_AVAILABLE (bytes) overrides it, for tests. 0: unknown.
std::uint64_t available_memory_bytes();

}  // namespace concbench
