#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "workloads/array_sum/array_sum.hpp"

namespace {

// Independent of every model: the definition, one element at a time.
std::uint64_t by_definition(std::uint64_t count) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < count; ++i) sum += array_sum::element(i);
  return sum;
}

TEST(ArraySum, ClosedFormMatchesTheDefinition) {
  for (const std::uint64_t count : {0ull, 1ull, 2ull, 3ull, 1000ull, 1'048'579ull}) EXPECT_EQ(array_sum::expected(count), by_definition(count)) << count;
  EXPECT_EQ(array_sum::expected(1ull << 27), (1ull << 26) * ((1ull << 27) - 1));  // 1 GiB of elements
  EXPECT_NO_THROW(array_sum::check(by_definition(1000), 1000));
  EXPECT_THROW(array_sum::check(by_definition(1000) + 1, 1000), std::runtime_error);
}

TEST(ArraySum, SharedArrayIsFilledAndRemovedAfterwards) {
  std::string path;
  {
    const array_sum::SharedArray array(8 * 1'000'003);
    path = "/dev/shm" + array.name();
    EXPECT_TRUE(std::filesystem::exists(path));
    ASSERT_EQ(array.count(), 1'000'003u);
    EXPECT_EQ(array.bytes(), 8'000'024u);
    for (const std::uint64_t i : {0ull, 1ull, 500'000ull, 1'000'002ull}) EXPECT_EQ(array.data()[i], i);
    EXPECT_EQ(array_sum::sum_range(array.data(), 0, array.count()), array_sum::expected(array.count()));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ArraySum, ProbeMeasuresAPlausibleBandwidth) {
  const array_sum::SharedArray array(8 << 20);
  for (const int threads : {1, 2}) {
    const double seconds = array_sum::probe_seconds(array, threads);
    EXPECT_GT(seconds, 0);
    const double bandwidth = static_cast<double>(array.bytes()) / seconds;
    EXPECT_GT(bandwidth, 1e8) << threads << " threads";   // any machine reads 100 MB/s
    EXPECT_LT(bandwidth, 1e13) << threads << " threads";  // and none 10 TB/s from one array
  }
}

TEST(ArraySum, KnowsTheLastLevelCache) { EXPECT_GT(array_sum::last_level_cache_bytes(), 0u); }

class ArraySumModel : public testing::TestWithParam<array_sum::Model> {};

// Element counts not divisible by the worker count, smaller than it, and none at all.
TEST_P(ArraySumModel, EqualsTheClosedForm) {
  for (const std::uint64_t bytes : {0ull, 8ull, 24ull, 65'544ull, 8'388'616ull}) {
    const array_sum::SharedArray array(bytes);
    for (const int workers : {1, 2, 3, 7}) {
      const auto sum = GetParam().make(array, workers);
      EXPECT_EQ(sum(), array_sum::expected(array.count())) << "bytes=" << bytes << " workers=" << workers;
      EXPECT_EQ(sum(), array_sum::expected(array.count())) << "again: bytes=" << bytes << " workers=" << workers;
    }
  }
}

// A model reads the array's memory on every call: one element changed after set-up changes its
// sum, and the check the benchmark makes calls that an error.
TEST_P(ArraySumModel, AChangedElementIsAWrongSum) {
  array_sum::SharedArray array(8 * 100'003);
  const auto sum = GetParam().make(array, 3);
  EXPECT_NO_THROW(array_sum::check(sum(), array.count()));
  array.data()[77'777] += 5;
  const auto wrong = sum();
  EXPECT_EQ(wrong, array_sum::expected(array.count()) + 5);
  EXPECT_THROW(array_sum::check(wrong, array.count()), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, ArraySumModel, testing::ValuesIn(array_sum::models().all()), ModelName{});

}  // namespace
