#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "workloads/common/hardware.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace {

TEST(SeedJobs, TheCoursesWorkList) {
  EXPECT_EQ(seed_jobs::jobs(1), (std::vector<std::uint64_t>{100'000, 1'000'000, 10'000'000, 10'000'000}));
  EXPECT_EQ(seed_jobs::jobs(3)[3], 30'000'000u);
}

TEST(SeedJobs, IdealIsBoundByTheLargestJob) {
  const std::vector<double> seconds{0.1, 1.0, 10.0, 10.0};  // the course's jobs, 1 s per million terms
  EXPECT_DOUBLE_EQ(seed_jobs::ideal_seconds(seconds, 1), 21.1);
  const int cores = concbench::usable_cores();
  EXPECT_DOUBLE_EQ(seed_jobs::ideal_seconds(seconds, 2), std::max(10.0, 21.1 / std::min(2, cores)));
  EXPECT_DOUBLE_EQ(seed_jobs::ideal_seconds(seconds, 64), std::max(10.0, 21.1 / cores));
  EXPECT_GE(seed_jobs::ideal_seconds(seconds, 64), 10.0);  // no worker count beats the largest job
}

class SeedJobsModel : public testing::TestWithParam<seed_jobs::Model> {};

TEST_P(SeedJobsModel, EqualsSerialJobByJob) {
  const auto& model = GetParam();
  const std::vector<std::uint64_t> jobs{0, 7, 100'003, 1'000, 250'001};
  for (const int workers : {1, 2, 3, 8}) {
    const auto result = model.make(workers)(jobs);
    ASSERT_EQ(result.sums.size(), jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i)
      EXPECT_EQ(result.sums[i], cpu_sum::answer(jobs[i])) << model.name << " job " << i << " workers=" << workers;
    if (model.records_order) {
      auto order = result.completion_order;
      std::sort(order.begin(), order.end());
      EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4})) << model.name << " completion order";
    } else {
      EXPECT_TRUE(result.completion_order.empty()) << model.name << " records an order its row does not declare";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel, SeedJobsModel, testing::ValuesIn(seed_jobs::models().all()), ModelName{});

// With one worker, jobs finish in the order they were handed out.
TEST(SeedJobs, AsCompletedWithOneWorkerKeepsSubmissionOrder) {
  const auto result = seed_jobs::models().find("pool_as_completed")->make(1)(seed_jobs::jobs(1));
  EXPECT_EQ(result.completion_order, (std::vector<std::size_t>{0, 1, 2, 3}));
}

}  // namespace
