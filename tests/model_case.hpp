#pragma once
// GoogleTest suites run once per row of a workload's model table
// (INSTANTIATE_TEST_SUITE_P(EveryModel, ..., testing::ValuesIn(<workload>::models().all()),
// ModelName{})), so a model added to the table is tested without another line, and ctest lists
// each case by its model: EveryModel/CpuSumModel.EqualsSerial/tbb.
#include <gtest/gtest.h>

#include <string>

//! Names each instantiation after its model's row.
struct ModelName {
  template <class Param>
  std::string operator()(const testing::TestParamInfo<Param>& info) const {
    return info.param.name;
  }
};
