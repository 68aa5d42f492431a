// The paired baseline's CPU-by-CPU speeds: a serial time measured pinned to each CPU, the limit of
// W workers the summed speed of the W fastest, and the thread's own CPUs given back afterwards.
#include <gtest/gtest.h>
#include <sched.h>

#include "benchmarks/registry.hpp"
#include "workloads/common/hardware.hpp"

namespace {

cpu_set_t own_cpus() {
  cpu_set_t set;
  sched_getaffinity(0, sizeof set, &set);
  return set;
}

TEST(PairedBaseline, KeepsEachCpusSpeedAndTheSumOfTheFastest) {
  if (concbench::usable_cpus() < 2) GTEST_SKIP() << "needs two CPUs";
  const auto before = own_cpus();
  // CPU 0 "runs" the serial work in 2 s, every other CPU in 1 s: CPU 0 at half speed.
  concbench::PairedBaseline baseline("serial_s", [] { return sched_getcpu() == 0 ? 2.0 : 1.0; }, /*per_cpu=*/true);
  const auto counters = baseline.measure_after();
  EXPECT_DOUBLE_EQ(counters.at("serial_s"), 1.0);  // the fastest CPU's time
  if (CPU_ISSET(0, &before)) {
    EXPECT_DOUBLE_EQ(counters.at("cpu_speed_0"), 0.5);
    EXPECT_DOUBLE_EQ(counters.at("slowest_cpu_speed"), 0.5);
    EXPECT_DOUBLE_EQ(baseline.capacity(1), 1.0);
    EXPECT_DOUBLE_EQ(baseline.capacity(2), concbench::usable_cpus() == 2 ? 1.5 : 2.0);
  }
  const auto after = own_cpus();
  EXPECT_TRUE(CPU_EQUAL(&before, &after)) << "the thread must get its CPUs back";
}

TEST(PairedBaseline, WithoutPerCpuTheCapacityIsTheCoreCount) {
  concbench::PairedBaseline baseline("serial_s", [] { return 1.0; });
  const auto counters = baseline.measure_after();
  EXPECT_EQ(counters.count("slowest_cpu_speed"), 0u);
  EXPECT_DOUBLE_EQ(baseline.capacity(2), 2.0);
}

TEST(PairedBaseline, TheFasterOfBeforeAndAfterCounts) {
  int calls = 0;
  concbench::PairedBaseline baseline("serial_s", [&calls] { return ++calls == 1 ? 3.0 : 2.0; });
  const auto counters = baseline.measure_after();
  EXPECT_DOUBLE_EQ(counters.at("serial_s"), 2.0);
  EXPECT_NEAR(counters.at("baseline_drift"), 2.0 / 3.0 - 1.0, 1e-12);
}

}  // namespace
