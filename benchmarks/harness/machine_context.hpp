#pragma once
// The machine's fingerprint in every results file, so that two runs can be compared.
#include "benchmarks/registry.hpp"

namespace concbench {

//! What Google Benchmark's own context lacks: CPU model, cores and usable CPUs, RAM, OS and
//! kernel, compiler and flags, build type, Boost, oneTBB, OpenMP and Google Benchmark versions,
//! the CPU governor where readable, the suite; added with benchmark::AddCustomContext.
void add_machine_context(Suite suite);

}  // namespace concbench
