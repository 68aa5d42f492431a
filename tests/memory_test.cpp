#include <gtest/gtest.h>

#include "workloads/memory/memory.hpp"

namespace {

// Each runner checks that every unit ran once released (it throws otherwise); these check that
// the figures measure something of the right kind.
TEST(Memory, ThreadsReserveAStackEach) {
  const auto footprint = memory::make_threads()(50);
  EXPECT_GT(footprint.stack_bytes, 64 * 1024);
  EXPECT_GT(footprint.virtual_bytes_per_unit, footprint.stack_bytes / 2);
  EXPECT_GT(footprint.bytes_per_unit, 0);
}

TEST(Memory, ProcessesHaveAProportionalSetSize) {
  const auto footprint = memory::make_process()(4);
  EXPECT_GT(footprint.bytes_per_unit, 16 * 1024);
}

TEST(Memory, CoroutinesCostHeapAndNoStack) {
  for (const auto make : {memory::make_async, memory::make_coroutine}) {
    const auto footprint = make()(1'000);
    EXPECT_GT(footprint.bytes_per_unit, 16);  // not heap_bytes_per_unit: mallinfo2 reads 0 under ASan
    EXPECT_LT(footprint.bytes_per_unit, 64 * 1024);
    EXPECT_EQ(footprint.stack_bytes, 0);
  }
}

TEST(Memory, SuspendedTbbTasksKeepAStackEach) {
  const auto footprint = memory::make_tbb()(50);
  EXPECT_GT(footprint.stack_bytes, 64 * 1024);
  EXPECT_GT(footprint.virtual_bytes_per_unit, 0);
}

TEST(Memory, ZeroUnitsAreFine) {
  for (const auto make : {memory::make_threads, memory::make_async, memory::make_coroutine, memory::make_tbb})
    EXPECT_NO_THROW(make()(0));
}

}  // namespace
