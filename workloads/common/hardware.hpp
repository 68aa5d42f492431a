#pragma once

namespace concbench {

//! CPUs this process may run on (its affinity mask, so `taskset` is honoured).
int usable_cpus();

//! Physical cores in the machine (distinct core ids in /proc/cpuinfo), or 0 if unknown.
int physical_cores();

//! The most workers that can run at once here: usable CPUs, capped by physical cores when known.
//! Ideal times divide serial time by min(workers, usable_cores()).
int usable_cores();

}  // namespace concbench
