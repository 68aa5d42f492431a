#pragma once
// What else ran during a measurement: the CPU time the whole machine used, minus what this
// process and its descendants (worker processes, redis-server, the delay server) used, plus the
// time the hypervisor took away (steal). A repetition during which other programs took a large
// share of the CPUs is flagged in the results, not silently averaged in.
#include <string>

namespace concbench {

//! Cumulative CPU seconds at one instant.
struct CpuTimes {
  double machine = 0;  // every task on the machine (cgroup root accounting, else /proc/stat)
  double own = 0;      // this process, its reaped children and its live descendants
  double steal = 0;    // time the hypervisor ran something else on our virtual CPUs
};

CpuTimes cpu_times_now();

//! Where `machine` comes from: "cgroup v1 cpuacct" or "cgroup v2 cpu.stat" (exact), or
//! "/proc/stat" (in clock ticks, 10 ms: too coarse for short repetitions).
std::string machine_cpu_source();

//! Between two snapshots `seconds` apart: the CPUs' worth of time other programs used and the
//! hypervisor stole (0.5 = half a CPU busy with something else for the whole interval).
struct Interference {
  double other_cpus = 0;
  double steal_cpus = 0;
};
Interference interference_between(const CpuTimes& before, const CpuTimes& after, double seconds);

}  // namespace concbench
