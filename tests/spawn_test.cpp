#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <algorithm>
#include <chrono>

#include "workloads/spawn/spawn.hpp"

namespace {

using Maker = spawn::Runner (*)(int);

class SpawnModel : public testing::TestWithParam<ModelCase<Maker>> {};

TEST_P(SpawnModel, SumsEveryUnit) {
  const auto make = GetParam().make;
  for (const int workers : {1, 3}) {
    const auto start_units = make(workers);
    for (const std::uint64_t units : {0ull, 1ull, 2ull, 7ull})
      EXPECT_EQ(start_units(units), spawn::expected(units)) << "units=" << units << " workers=" << workers;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel, SpawnModel,
                         testing::Values(ModelCase<Maker>{"serial", spawn::make_serial},
                                         ModelCase<Maker>{"threads", spawn::make_threads},
                                         ModelCase<Maker>{"pool", spawn::make_pool},
                                         ModelCase<Maker>{"process", spawn::make_process},
                                         ModelCase<Maker>{"process_fork_exec", spawn::make_process_fork_exec},
                                         ModelCase<Maker>{"process_fork", spawn::make_process_fork},
                                         ModelCase<Maker>{"tbb", spawn::make_tbb},
                                         ModelCase<Maker>{"openmp", spawn::make_openmp},
                                         ModelCase<Maker>{"openmp_task", spawn::make_openmp_task},
                                         ModelCase<Maker>{"async", spawn::make_async},
                                         ModelCase<Maker>{"coroutine", spawn::make_coroutine},
                                         ModelCase<Maker>{"callback", spawn::make_callback},
                                         ModelCase<Maker>{"future", spawn::make_future}),
                         ModelName{});

TEST(Spawn, SerialReferenceIsPositiveAndSmall) {
  const double per_unit = spawn::serial_seconds_per_unit(10'000);
  EXPECT_GT(per_unit, 0);
  EXPECT_LT(per_unit, 1e-5);
}

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
  const double coroutine = fastest_per_unit(spawn::make_coroutine(1), 10'000);
  const double task = fastest_per_unit(spawn::make_tbb(2), 1'000);
  const double thread = fastest_per_unit(spawn::make_threads(1), 50);
  const double process = fastest_per_unit(spawn::make_process(1), 5);
  EXPECT_LT(2 * coroutine, thread) << "coroutine resume " << coroutine << " s, thread start " << thread << " s";
  EXPECT_LT(2 * task, thread) << "TBB task " << task << " s, thread start " << thread << " s";
  EXPECT_LT(2 * thread, process) << "thread start " << thread << " s, process start " << process << " s";
}

}  // namespace
