#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <string>
#include <tuple>

#include "workloads/common/hardware.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace {

using pipeline::Spec;

TEST(Pipeline, SpecSurvivesItsWords) {
  const Spec spec{3, 1001, 7, 5, 2, 9, true, true};
  std::istringstream words(pipeline::to_words(spec));
  const Spec back = pipeline::from_words(words);
  EXPECT_EQ(pipeline::to_words(back), pipeline::to_words(spec));
  std::istringstream bad("1 2 3");
  EXPECT_THROW(pipeline::from_words(bad), std::invalid_argument);
}

TEST(Pipeline, ChecksumTellsALossAndADuplicateFromTheRightItems) {
  const Spec spec{1, 4, 0, 0, 1, 0, false, false};
  pipeline::Tally wrong;
  for (const std::uint64_t id : {0, 1, 1, 3}) wrong.add(id);  // 2 lost, 1 twice: same count
  EXPECT_EQ(wrong.count, pipeline::expected(spec).count);
  EXPECT_NE(wrong, pipeline::expected(spec));
}

TEST(Pipeline, IdealIsTheSlowestStage) {
  // 100 items, 1 washer at 100 us, 2 dryers at 200 us: both stages run 10000 items/s.
  Spec spec{1, 100, 100, 0, 2, 200, false, false};
  const double unused = 0;  // sleeps are in microseconds: the CPU's speed does not enter
  EXPECT_NEAR(pipeline::ideal_seconds(spec, unused), 100 * 100e-6 + 200e-6, 1e-9);
  spec.consumers = 1;  // now drying is the bottleneck
  EXPECT_NEAR(pipeline::ideal_seconds(spec, unused), 100e-6 + 100 * 200e-6, 1e-9);
  spec.acknowledge = true;  // each item washed and dried before the next is washed
  EXPECT_NEAR(pipeline::ideal_seconds(spec, unused), 100 * 300e-6, 1e-9);
}

TEST(Pipeline, CpuStagesAreTermsAtTheMeasuredSpeed) {
  // 100 items of 1000 + 2000 terms at 1 ns a term on 8 dryers: the cores bound it.
  const Spec spec{1, 100, 1000, 0, 8, 2000, true, false};
  EXPECT_DOUBLE_EQ(pipeline::service_seconds(spec.dry, spec, 1e-9), 2e-6);
  EXPECT_GE(pipeline::ideal_seconds(spec, 1e-9), 100 * 3e-6 / concbench::usable_cores() - 1e-12);
  EXPECT_NEAR(pipeline::ideal_seconds(spec, 2e-9) / pipeline::ideal_seconds(spec, 1e-9), 2.0, 1e-9);
}

class PipelineModel : public testing::TestWithParam<pipeline::Model> {};

// Every model, every mode (unbounded, bounded to 1 and 3, request-response), sleep and CPU
// stages, more and fewer producers than consumers: each item is dried exactly once.
TEST_P(PipelineModel, DeliversEveryItemExactlyOnce) {
  const auto make = GetParam().make;
  const bool in_flight_bound = GetParam().bounds_items_in_flight;
  for (const bool cpu : {false, true})
    for (const auto& [producers, consumers] : {std::pair{1, 3}, std::pair{3, 2}})
      for (const int capacity : {0, 1, 3})
        for (const bool acknowledge : {false, true}) {
          if (acknowledge && capacity == 1) continue;
          const Spec spec{producers, 40, 20, capacity, consumers, 30, cpu, acknowledge};
          const auto run = make(spec);
          for (int repeat = 0; repeat < 2; ++repeat) {  // a runner is reusable
            const auto result = run();
            const std::string where = GetParam().name + std::string(" spec ") + pipeline::to_words(spec);
            EXPECT_EQ(result.delivered, pipeline::expected(spec)) << where;
            if (capacity > 0) {
              EXPECT_LE(result.deepest, capacity + (in_flight_bound ? producers + consumers : 0)) << where;
            }
            if (acknowledge) {
              EXPECT_LE(result.deepest, producers) << where;
            }
          }
        }
}

TEST_P(PipelineModel, NoItemsIsNoWork) {
  const Spec spec{2, 0, 10, 2, 2, 10, false, false};
  EXPECT_EQ(GetParam().make(spec)().delivered, pipeline::Tally{});
}

INSTANTIATE_TEST_SUITE_P(EveryModel, PipelineModel, testing::ValuesIn(pipeline::models().all()), ModelName{});

}  // namespace
