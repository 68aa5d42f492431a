#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "workloads/common/child_process.hpp"
#include "workloads/common/cpu_accounting.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

//! Computes until this process has used `cpu_seconds` of CPU time (at most 10 s of wall time):
//! on a loaded machine 200 ms of wall time may hold much less than 200 ms of our CPU time.
double burn(double cpu_seconds) {
  const std::clock_t until = std::clock() + static_cast<std::clock_t>(cpu_seconds * CLOCKS_PER_SEC);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::uint64_t first = 1, sum = 0;
  while (std::clock() < until && std::chrono::steady_clock::now() < give_up)
    sum += cpu_sum::sum_range(first, first + 100'000), first += 100'000;
  return static_cast<double>(sum);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(CpuAccounting, InterferenceIsOthersTimeOverWallTime) {
  const concbench::CpuTimes before{10.0, 4.0, 1.0}, after{11.5, 5.0, 1.1};
  const auto interference = concbench::interference_between(before, after, 1.0);
  EXPECT_DOUBLE_EQ(interference.other_cpus, 0.5);  // 1.5 s on the machine, 1.0 s of it ours
  EXPECT_NEAR(interference.steal_cpus, 0.1, 1e-12);
  EXPECT_DOUBLE_EQ(concbench::interference_between(before, before, 0).other_cpus, 0);
  // Accounting that lags a little (ours ahead of the machine's) is not negative interference.
  EXPECT_DOUBLE_EQ(concbench::interference_between(before, {10.9, 5.0, 1.0}, 1.0).other_cpus, 0);
}

TEST(CpuAccounting, OurOwnWorkIsNotInterference) {
  const auto start = std::chrono::steady_clock::now();
  const auto before = concbench::cpu_times_now();
  volatile double sink = burn(0.2);
  (void)sink;
  const auto after = concbench::cpu_times_now();
  EXPECT_GE(after.own - before.own, 0.15);
  EXPECT_GE(after.machine - before.machine, 0.15);
  // Whatever else the machine ran meanwhile (ctest runs tests side by side), our own 200 ms is
  // not part of the others' share.
  const double wall = seconds_since(start);
  EXPECT_LE(concbench::interference_between(before, after, wall).other_cpus * wall,
            after.machine - before.machine - 0.15 + 1e-9);
}

TEST(CpuAccounting, AChildProcessIsOurs) {
  // A child that computes for 300 ms of CPU time (its child does, under sh): part of this
  // process tree, so its CPU time is ours, not others'.
  const auto start = std::chrono::steady_clock::now();
  const auto before = concbench::cpu_times_now();
  {
    concbench::ChildProcess child({"sh", "-c", "python3 -c 'import time\nwhile time.process_time() < 0.3: pass'; true"});
    child.read_all(std::chrono::seconds(10));
  }  // reaped here: its time (and its own child's) is now in our RUSAGE_CHILDREN
  const auto after = concbench::cpu_times_now();
  EXPECT_GE(after.own - before.own, 0.2);
  const double wall = seconds_since(start);
  EXPECT_LE(concbench::interference_between(before, after, wall).other_cpus * wall,
            after.machine - before.machine - 0.2 + 1e-9);
}

TEST(CpuAccounting, NamesWhereTheMachineTimeComesFrom) {
  const auto source = concbench::machine_cpu_source();
  EXPECT_TRUE(source == "cgroup v1 cpuacct" || source == "cgroup v2 cpu.stat" || source == "/proc/stat") << source;
}

}  // namespace
