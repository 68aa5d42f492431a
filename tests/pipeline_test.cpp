#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <chrono>
#include <stdexcept>
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

// A consumer in another process replies with its tally and each item's latency; a reply that
// lost an item is caught by the tally and leaves that item without a latency.
TEST(Pipeline, DriedItemsCarryEachItemsLatency) {
  const Spec spec{1, 3, 0, 0, 1, 0, false, false};
  const auto due = pipeline::clock_ns(concbench::RequestClock::now() - std::chrono::milliseconds(5));
  pipeline::DriedItems all, lost_one;
  for (const std::uint64_t id : {2, 0, 1}) all.add(id, due);
  for (const std::uint64_t id : {2, 0}) lost_one.add(id, due);
  concbench::RequestLog log(3);
  pipeline::Tally delivered;
  pipeline::DriedItems::read(all.to_words(), delivered, log);
  EXPECT_EQ(delivered, pipeline::expected(spec));
  for (const double seconds : log.seconds()) EXPECT_GE(seconds, 0.005);
  log.restart(3);
  delivered = {};
  pipeline::DriedItems::read(lost_one.to_words(), delivered, log);
  EXPECT_NE(delivered, pipeline::expected(spec));
  EXPECT_THROW(log.seconds(), std::runtime_error);
  // A tally that claims more items than it has latencies, or an item from another clock.
  EXPECT_THROW(pipeline::DriedItems::read("2 7 0 1000", delivered, log), std::runtime_error);
  EXPECT_THROW(pipeline::DriedItems::read("1 7 0 -5", delivered, log), std::runtime_error);
  EXPECT_THROW(pipeline::DriedItems::read("1 7 3 1000", delivered, log), std::runtime_error);  // no item 3 of 3
}

class PipelineModel : public testing::TestWithParam<pipeline::Model> {};

// Every model, every mode (unbounded, bounded to 1 and 3, request-response), sleep and CPU
// stages, more and fewer producers than consumers: each item is dried exactly once, and has a
// latency of at least its wash and its dry (when they are sleeps: 20 + 30 µs). No upper bound:
// the machine is shared.
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
          concbench::RequestLog log;
          for (int repeat = 0; repeat < 2; ++repeat) {  // a runner is reusable
            log.restart(static_cast<int>(spec.items));
            const auto result = run(log);
            const std::string where = GetParam().name + std::string(" spec ") + pipeline::to_words(spec);
            EXPECT_EQ(result.delivered, pipeline::expected(spec)) << where;
            try {
              const double service = cpu ? 0 : (spec.wash + spec.dry) * 1e-6;
              const auto seconds = log.seconds();
              for (std::size_t id = 0; id < seconds.size(); ++id) EXPECT_GE(seconds[id], service) << where << " item " << id;
            } catch (const std::runtime_error& missing) {
              ADD_FAILURE() << where << ": " << missing.what();
            }
            if (capacity > 0) {
              EXPECT_LE(result.deepest, capacity + (in_flight_bound ? producers + consumers : 0)) << where;
            }
            if (acknowledge) {
              EXPECT_LE(result.deepest, producers) << where;
            }
          }
        }
}

// Long, unequal stages (a 2 ms wash, a 1 ms dry), so that a latency that left out either
// stage falls below the bound: 3 ms, a physical lower bound, whatever else runs on the machine.
TEST_P(PipelineModel, AnItemsLatencyCoversItsWashAndItsDry) {
  for (const auto& [capacity, acknowledge] : {std::pair{0, false}, std::pair{2, false}, std::pair{0, true}}) {
    const Spec spec{2, 8, 2000, capacity, 2, 1000, false, acknowledge};
    concbench::RequestLog log(static_cast<int>(spec.items));
    const auto result = GetParam().make(spec)(log);
    const std::string where = GetParam().name + std::string(" spec ") + pipeline::to_words(spec);
    EXPECT_EQ(result.delivered, pipeline::expected(spec)) << where;
    const auto seconds = log.seconds();
    for (std::size_t id = 0; id < seconds.size(); ++id) EXPECT_GE(seconds[id], 0.003) << where << " item " << id;
  }
}

TEST_P(PipelineModel, NoItemsIsNoWork) {
  const Spec spec{2, 0, 10, 2, 2, 10, false, false};
  concbench::RequestLog log(0);
  EXPECT_EQ(GetParam().make(spec)(log).delivered, pipeline::Tally{});
}

// A log that expects an item the run never makes (as if the model lost it): that item has no
// latency, and that is an error, whether the model or the log reports it.
TEST_P(PipelineModel, AnItemWithoutALatencyIsAnError) {
  const Spec spec{2, 6, 10, 2, 2, 10, false, false};
  concbench::RequestLog log(7);
  EXPECT_THROW(
      {
        GetParam().make(spec)(log);
        log.seconds();
      },
      std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, PipelineModel, testing::ValuesIn(pipeline::models().all()), ModelName{});

}  // namespace
