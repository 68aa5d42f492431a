#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <string>
#include <tuple>

#include "workloads/common/chunks.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

// Independent of every model: the plain definition, one term at a time.
std::uint64_t by_definition(std::uint64_t n) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 1; i <= n; ++i) sum += (i * 0x9E3779B97F4A7C15ull) >> 40;
  return sum;
}

TEST(CpuSum, AnswerMatchesTheDefinition) {
  for (const std::uint64_t n : {0ull, 1ull, 2ull, 1000ull, 123457ull}) EXPECT_EQ(cpu_sum::answer(n), by_definition(n)) << n;
  EXPECT_EQ(cpu_sum::answer(0), 0u);
  EXPECT_EQ(cpu_sum::answer(1), 0x9E3779B97F4A7C15ull >> 40);
}

TEST(CpuSum, SplitCoversTheRangeOnce) {
  for (const int parts : {1, 2, 3, 7}) {
    for (const std::uint64_t n : {0ull, 2ull, 10ull, 1001ull}) {
      const auto chunks = concbench::split(1, n + 1, parts);
      ASSERT_EQ(chunks.size(), static_cast<std::size_t>(parts));
      std::uint64_t next = 1;
      for (const auto& chunk : chunks) {
        EXPECT_EQ(chunk.first, next);
        EXPECT_LE(chunk.first, chunk.last);
        next = chunk.last;
      }
      EXPECT_EQ(next, n + 1);
    }
  }
}

class CpuSumModel : public testing::TestWithParam<cpu_sum::Model> {};

// n not divisible by the worker count, and n smaller than the worker count, included.
TEST_P(CpuSumModel, EqualsSerial) {
  for (const int workers : {1, 2, 3, 4, 7}) {
    const auto sum = GetParam().make(workers);
    for (const std::uint64_t n : {0ull, 1ull, 2ull, 5ull, 6ull, 1000ull, 1'000'003ull, 3'000'001ull})
      EXPECT_EQ(sum(n), cpu_sum::answer(n)) << "n=" << n << " workers=" << workers;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel, CpuSumModel, testing::ValuesIn(cpu_sum::models().all()), ModelName{});

}  // namespace
