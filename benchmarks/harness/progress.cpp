#include "benchmarks/harness/progress.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

namespace concbench {

void ProgressReporter::ReportRuns(const std::vector<Run>& runs) {
  // Each repetition arrives in a call of its own (in any order with random interleaving),
  // and aggregates in one more: progress counts repetitions, shown in whole benchmarks.
  if (!runs.empty() && runs.front().run_type == Run::RT_Iteration) ++repetitions_done_;
  for (const auto& run : runs)
    if (run.error_occurred) failures_.push_back(run.benchmark_name() + ": " + run.error_message);
  ConsoleReporter::ReportRuns(runs);
}

void ProgressReporter::PrintHeader(const Run& run) {
  std::ostream& out = GetOutputStream();
  std::ostringstream header;
  SetOutputStream(&header);
  ConsoleReporter::PrintHeader(run);
  SetOutputStream(&out);
  std::istringstream lines(header.str());
  for (std::string line; std::getline(lines, line);) out << std::string(prefix_width(), line[0] == '-' ? '-' : ' ') << line << '\n';
}

void ProgressReporter::PrintRunData(const Run& run) {
  const std::size_t done = (repetitions_done_ + repetitions_ - 1) / repetitions_;
  std::ostringstream progress;  // not "[" + ... + "]": g++ 12 warns falsely (-Wrestrict) on that chain
  progress << '[' << done << '/' << total_ << ']';
  GetOutputStream() << progress.str() << std::string(prefix_width() - progress.str().size(), ' ');
  ConsoleReporter::PrintRunData(run);
}

benchmark::ConsoleReporter::OutputOptions console_options(const std::vector<char*>& args) {
  std::string color = "auto";
  for (const char* arg : args)
    if (arg && std::strncmp(arg, "--benchmark_color=", 18) == 0) color = arg + 18;
  const bool colored = color == "true" || color == "yes" || color == "1" || (color == "auto" && isatty(STDOUT_FILENO));
  return colored ? benchmark::ConsoleReporter::OO_ColorTabular : benchmark::ConsoleReporter::OO_Tabular;
}

std::size_t repetitions(const std::vector<char*>& args) {
  std::size_t count = 1;
  for (const char* arg : args)
    if (arg && std::strncmp(arg, "--benchmark_repetitions=", 24) == 0) count = std::strtoul(arg + 24, nullptr, 10);
  return count > 0 ? count : 1;
}

}  // namespace concbench
