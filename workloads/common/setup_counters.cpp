#include "workloads/common/setup_counters.hpp"

namespace concbench {
namespace {

thread_local SetupCollector* innermost = nullptr;

}  // namespace

SetupCollector::SetupCollector() : outer_(innermost) { innermost = this; }
SetupCollector::~SetupCollector() { innermost = outer_; }

void report_setup(const std::string& counter, double value) {
  if (innermost) innermost->counters_[counter] = value;
}

}  // namespace concbench
