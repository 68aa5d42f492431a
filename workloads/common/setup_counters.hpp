#pragma once
// What a model's set-up measured about itself, outside the timed loop — a Python model's
// interpreter start-up and imports, the round trip of its pipe — for the benchmark to report
// beside the timing of the runner that set-up built.
#include <map>
#include <string>

namespace concbench {

//! Called by a maker: records `value` as the counter `counter` of the SetupCollector alive on
//! this thread (the innermost one); dropped when none is.
void report_setup(const std::string& counter, double value);

//! While it lives, collects what makers report on this thread.
class SetupCollector {
 public:
  SetupCollector();
  ~SetupCollector();
  SetupCollector(const SetupCollector&) = delete;
  SetupCollector& operator=(const SetupCollector&) = delete;

  const std::map<std::string, double>& counters() const { return counters_; }

 private:
  friend void report_setup(const std::string& counter, double value);
  std::map<std::string, double> counters_;
  SetupCollector* outer_;
};

}  // namespace concbench
