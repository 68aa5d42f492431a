#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <algorithm>
#include <chrono>

#include "workloads/spawn/spawn.hpp"

namespace {

class SpawnModel : public testing::TestWithParam<spawn::Model> {};

TEST_P(SpawnModel, SumsEveryUnit) {
  const auto make = GetParam().make;
  for (const int workers : {1, 3}) {
    const auto start_units = make(workers);
    for (const std::uint64_t units : {0ull, 1ull, 2ull, 7ull})
      EXPECT_EQ(start_units(units), spawn::expected(units)) << "units=" << units << " workers=" << workers;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel, SpawnModel, testing::ValuesIn(spawn::models().all()), ModelName{});

TEST(Spawn, SerialReferenceIsPositiveAndSmall) {
  const double per_unit = spawn::serial_seconds_per_unit(10'000);
  EXPECT_GT(per_unit, 0);
  EXPECT_LT(per_unit, 1e-5);
}

const spawn::Model& model(const char* name) { return *spawn::models().find(name); }

//! Seconds per unit: the fastest of five tries, so that a noisy neighbour cannot invert the order.
double fastest_per_unit(const spawn::Runner& start_units, std::uint64_t units) {
  double best = 1e300;
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(start_units(units), spawn::expected(units));
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best / static_cast<double>(units);
}

// The physical order of start-up costs, which holds on any machine by a wide margin (orders of
// magnitude apart); the factor 2 leaves room for noise.
TEST(Spawn, CoroutineAndTaskAreCheaperThanThreadCheaperThanProcess) {
  const double coroutine = fastest_per_unit(model("coroutine").make(1), 10'000);
  const double task = fastest_per_unit(model("tbb").make(2), 1'000);
  const double thread = fastest_per_unit(model("threads").make(1), 50);
  const double process = fastest_per_unit(model("process").make(1), 5);
  EXPECT_LT(2 * coroutine, thread) << "coroutine resume " << coroutine << " s, thread start " << thread << " s";
  EXPECT_LT(2 * task, thread) << "TBB task " << task << " s, thread start " << thread << " s";
  EXPECT_LT(2 * thread, process) << "thread start " << thread << " s, process start " << process << " s";
}

}  // namespace
