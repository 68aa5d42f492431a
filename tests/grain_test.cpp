#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include "workloads/grain/grain.hpp"

namespace {

TEST(Grain, TasksCoverTheRangeOnceInGrainSizedChunks) {
  for (const std::uint64_t total : {0ull, 1ull, 10ull, 1001ull})
    for (const std::uint64_t grain : {1ull, 3ull, 1000ull, 5000ull}) {
      const auto tasks = grain::tasks(total, grain);
      EXPECT_EQ(tasks.size(), (total + grain - 1) / grain) << total << " " << grain;
      std::uint64_t next = 1;
      for (const auto& task : tasks) {
        EXPECT_EQ(task.first, next);
        EXPECT_LE(task.last - task.first, grain);
        EXPECT_GT(task.last, task.first);
        next = task.last;
      }
      EXPECT_EQ(next, total + 1);
    }
}

class GrainModel : public testing::TestWithParam<grain::Model> {};

// Grains that divide the total, that do not, and one larger than the total.
TEST_P(GrainModel, EqualsSerial) {
  const auto make = GetParam().make;
  for (const int workers : {1, 3}) {
    const auto sum_in_tasks = make(workers);
    for (const std::uint64_t total : {0ull, 1ull, 1000ull, 300'007ull})
      for (const std::uint64_t grain : {1'000ull, 30'000ull, 1'000'000ull})
        EXPECT_EQ(sum_in_tasks(total, grain), cpu_sum::answer(total)) << "total=" << total << " grain=" << grain << " workers=" << workers;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel, GrainModel, testing::ValuesIn(grain::models().all()), ModelName{});

}  // namespace
