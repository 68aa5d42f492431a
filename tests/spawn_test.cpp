#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>

#include "workloads/spawn/spawn.hpp"

namespace {

using Maker = spawn::Runner (*)(int);

class SpawnModel : public testing::TestWithParam<std::tuple<const char*, Maker>> {};

TEST_P(SpawnModel, SumsEveryUnit) {
  const auto make = std::get<1>(GetParam());
  for (const int workers : {1, 3}) {
    const auto start_units = make(workers);
    for (const std::uint64_t units : {0ull, 1ull, 2ull, 7ull})
      EXPECT_EQ(start_units(units), spawn::expected(units)) << "units=" << units << " workers=" << workers;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel, SpawnModel,
                         testing::Values(std::make_tuple("serial", spawn::make_serial),
                                         std::make_tuple("threads", spawn::make_threads),
                                         std::make_tuple("pool", spawn::make_pool),
                                         std::make_tuple("process", spawn::make_process),
                                         std::make_tuple("process_fork_exec", spawn::make_process_fork_exec),
                                         std::make_tuple("process_fork", spawn::make_process_fork),
                                         std::make_tuple("tbb", spawn::make_tbb),
                                         std::make_tuple("openmp", spawn::make_openmp),
                                         std::make_tuple("openmp_task", spawn::make_openmp_task),
                                         std::make_tuple("async", spawn::make_async),
                                         std::make_tuple("coroutine", spawn::make_coroutine),
                                         std::make_tuple("callback", spawn::make_callback),
                                         std::make_tuple("future", spawn::make_future)),
                         [](const auto& info) { return std::string(std::get<0>(info.param)); });

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
