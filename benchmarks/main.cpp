// concbench: every workload under every concurrency model, on Google Benchmark's own flags,
// plus --suite, --iterations and --list-models [--json]. Exits 1 when any benchmark reports an error (a
// wrong result is one), 2 on bad flags.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "benchmarks/harness/catalog.hpp"
#include "benchmarks/harness/flags.hpp"
#include "benchmarks/harness/machine_context.hpp"
#include "benchmarks/harness/progress.hpp"
#include "benchmarks/registry.hpp"
#include "workloads/common/model_table.hpp"

using namespace concbench;

int main(int argc, char** argv) {
  Suite suite = Suite::quick;
  std::vector<char*> passed{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--suite=", 0) == 0) {
      const auto value = arg.substr(8);
      if (value == "quick") suite = Suite::quick;
      else if (value == "full") suite = Suite::full;
      else if (value == "smoke") suite = Suite::smoke;
      else {
        std::cerr << "concbench: --suite must be quick, full or smoke, not '" << value << "'\n";
        return 2;
      }
    } else if (arg == "--list-models") {
      if (std::find(argv + 1, argv + argc, std::string("--json")) != argv + argc) {
        std::cout << catalog_json() << '\n';  // the catalog every run's JSON carries
        return 0;
      }
      for (const auto& row : all_models()) std::cout << row.workload << '\t' << row.model << '\t' << row.what << '\n';
      for (const auto& row : skipped_models()) std::cout << row.workload << '\t' << row.model << "\tskipped: " << row.why << '\n';
      return 0;
    } else if (arg == "--json") {
      std::cerr << "concbench: --json goes with --list-models\n";
      return 2;
    } else if (arg.rfind("--iterations=", 0) == 0) {
      if (const auto problem = read_fixed_iterations(arg.substr(13)); !problem.empty()) {
        std::cerr << "concbench: " << problem << '\n';
        return 2;
      }
    } else {
      if (const auto problem = bad_flag_value(arg); !problem.empty()) {
        std::cerr << "concbench: " << problem << '\n';
        return 2;
      }
      if (arg == "--help" || arg == "-h") print_usage(argv[0]);
      passed.push_back(argv[i]);
    }
  }
  int passed_count = static_cast<int>(passed.size());
  passed.push_back(nullptr);

  add_all_workloads(suite);  // may leave out a case that does not fit this machine, so say the skips after it
  for (const auto& row : skipped_models()) std::cerr << "concbench: skipping " << row.workload << '/' << row.model << ": " << row.why << '\n';
  add_machine_context(suite);
  benchmark::Initialize(&passed_count, passed.data());
  if (benchmark::ReportUnrecognizedArguments(passed_count, passed.data())) return 2;

  std::size_t total = 0;
  try {
    total = selected_count(benchmark::GetBenchmarkFilter());
  } catch (const std::regex_error&) {
    std::cerr << "concbench: --benchmark_filter '" << benchmark::GetBenchmarkFilter() << "' is not a valid regular expression\n";
    return 2;
  }
  if (total == 0) {
    std::cerr << "concbench: no benchmark matches --benchmark_filter='" << benchmark::GetBenchmarkFilter()
              << "' (list them with --benchmark_list_tests)\n";
    return 2;
  }

  ProgressReporter reporter(total, repetitions(passed), console_options(passed));
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  if (!reporter.failures().empty()) {
    std::cerr << "concbench: " << reporter.failures().size() << " benchmark run(s) failed:\n";
    for (const auto& failure : reporter.failures()) std::cerr << "  " << failure << '\n';
    return 1;
  }
  return 0;
}
