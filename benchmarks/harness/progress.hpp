#pragma once
// What a user sees while the suite runs: Google Benchmark's console table with "[k/N]" in front
// of each benchmark, and every failure recorded for the exit status.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

namespace concbench {

//! The console table, with "[k/N]" progress in front of each benchmark, and a record of every
//! benchmark that reported an error.
class ProgressReporter : public benchmark::ConsoleReporter {
 public:
  ProgressReporter(std::size_t total, std::size_t repetitions, OutputOptions options)
      : ConsoleReporter(options), total_(total), repetitions_(repetitions) {}

  void ReportRuns(const std::vector<Run>& runs) override;
  const std::vector<std::string>& failures() const { return failures_; }

 protected:
  void PrintHeader(const Run& run) override;
  void PrintRunData(const Run& run) override;

 private:
  std::size_t prefix_width() const { return 2 * std::to_string(total_).size() + 4; }
  std::size_t total_;
  std::size_t repetitions_;
  std::size_t repetitions_done_ = 0;
  std::vector<std::string> failures_;
};

//! Colour as Google Benchmark decides it (--benchmark_color=auto|true|false, auto: a terminal);
//! counters always as table columns, since every entry of a workload has the same ones.
benchmark::ConsoleReporter::OutputOptions console_options(const std::vector<char*>& args);

//! --benchmark_repetitions as given (already checked by bad_flag_value), else 1.
std::size_t repetitions(const std::vector<char*>& args);

}  // namespace concbench
