#pragma once
// One model of a workload as a GoogleTest parameter, shown by its model name in test names
// and ctest's listing (a tuple would print as a pointer and a function address).
#include <gtest/gtest.h>

#include <ostream>
#include <string>

template <class Maker>
struct ModelCase {
  const char* name;
  Maker make;
  bool records_order = false;  // seed_jobs: the model reports the order in which jobs finished

  friend void PrintTo(const ModelCase& model, std::ostream* out) { *out << model.name; }
};

//! Names each instantiation after its model: EveryModel/CpuSumModel.EqualsSerial/tbb.
struct ModelName {
  template <class Param>
  std::string operator()(const testing::TestParamInfo<Param>& info) const {
    return info.param.name;
  }
};
