#include <gtest/gtest.h>

#include <algorithm>

#include "tests/model_case.hpp"
#include "workloads/memory/memory.hpp"

namespace {

class MemoryModel : public testing::TestWithParam<memory::Model> {};

// Each runner checks that every unit ran once released (it throws otherwise); this checks that
// the figures measure something of the right kind: some bytes per unit, and a stack of its own
// exactly where the row says a waiting unit keeps one (at least a page: fibers choose small ones).
TEST_P(MemoryModel, MeasuresWhatAWaitingUnitCosts) {
  const auto& model = GetParam();
  const auto units = static_cast<std::uint64_t>(std::min<std::int64_t>(50, model.quick_units / 20));
  const auto footprint = model.make()(units);
  EXPECT_GT(footprint.bytes_per_unit, 16) << model.name;
  if (model.unit_has_stack) {
    EXPECT_GE(footprint.stack_bytes, 4 * 1024) << model.name;
    // a thread's stack is a mapping of its own; a fiber's comes from malloc, maybe from free heap
    EXPECT_GT(std::max(footprint.virtual_bytes_per_unit, footprint.heap_bytes_per_unit), 0) << model.name;
  } else {
    EXPECT_EQ(footprint.stack_bytes, 0) << model.name;
  }
}

TEST_P(MemoryModel, ZeroUnitsAreFine) { EXPECT_NO_THROW(GetParam().make()(0)); }

INSTANTIATE_TEST_SUITE_P(EveryModel, MemoryModel, testing::ValuesIn(memory::models().all()), ModelName{});

TEST(Memory, ThreadsReserveTheirWholeStack) {
  const auto footprint = memory::models().find("threads")->make()(50);
  EXPECT_GT(footprint.virtual_bytes_per_unit, footprint.stack_bytes / 2);
}

TEST(Memory, ProcessesHaveAProportionalSetSize) {
  const auto footprint = memory::models().find("process")->make()(4);
  EXPECT_GT(footprint.bytes_per_unit, 16 * 1024);
}

TEST(Memory, CoroutineFramesAreSmall) {
  for (const char* name : {"async", "coroutine"}) EXPECT_LT(memory::models().find(name)->make()(1'000).bytes_per_unit, 64 * 1024) << name;
}

}  // namespace
