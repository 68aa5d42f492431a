#include "workloads/array_sum/array_sum.hpp"

namespace array_sum {

//! The plain loop: one thread reads the whole array.
Runner make_serial(const SharedArray& array, int /*workers*/) {
  return [data = array.data(), count = array.count()] { return sum_range(data, 0, count); };
}

const bool added = models().add({.name = "serial", .what = "one loop on the calling thread", .make = make_serial, .uses_cores = false, .takes_workers = false, .baseline = true});

}  // namespace array_sum
