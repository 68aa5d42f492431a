#include "benchmarks/harness/flags.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>

#include "benchmarks/registry.hpp"

namespace concbench {

std::string read_fixed_iterations(const std::string& path) {
  std::ifstream file(path);
  if (!file) return "--iterations: cannot read '" + path + "'";
  std::map<std::string, std::int64_t> iterations;
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    std::istringstream fields(line);
    std::string name;
    long long count = 0;
    if (!(fields >> name)) continue;
    if (!(fields >> count) || count < 1)
      return "--iterations: line " + std::to_string(number) + " of '" + path + "' is not \"<name> <positive count>\"";
    iterations[name] = count;
  }
  concbench::set_fixed_iterations(std::move(iterations));
  return {};
}

std::string bad_flag_value(const std::string& arg) {
  const auto value_of = [&](const char* flag) -> const char* {
    const std::size_t length = std::strlen(flag);
    return arg.compare(0, length, flag) == 0 ? arg.c_str() + length : nullptr;
  };
  if (const char* value = value_of("--benchmark_repetitions=")) {
    char* end = nullptr;
    const long repetitions = std::strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || repetitions < 1) return "--benchmark_repetitions needs a positive integer, not '" + std::string(value) + "'";
  }
  for (const char* flag : {"--benchmark_min_time=", "--benchmark_min_warmup_time="})
    if (const char* value = value_of(flag)) {
      char* end = nullptr;
      const double seconds = std::strtod(value, &end);
      if (*value == '\0' || *end != '\0' || seconds < 0)
        return std::string(flag, std::strlen(flag) - 1) + " needs a number of seconds, not '" + value + "'";
    }
  for (const char* flag : {"--benchmark_format=", "--benchmark_out_format="})
    if (const char* value = value_of(flag); value && std::strcmp(value, "console") != 0 && std::strcmp(value, "json") != 0 && std::strcmp(value, "csv") != 0)
      return std::string(flag, std::strlen(flag) - 1) + " must be console, json or csv, not '" + value + "'";
  return {};
}

std::size_t selected_count(std::string filter) {
  bool negative = !filter.empty() && filter[0] == '-';
  if (negative) filter.erase(0, 1);
  if (filter.empty() || filter == "all") filter = ".";
  const std::regex pattern(filter, std::regex::extended);
  std::size_t count = 0;
  for (const auto& name : concbench::registered_names()) count += std::regex_search(name, pattern) != negative;
  return count;
}

void print_usage(const char* program) {
  std::cout << "usage: " << program << " [--suite=quick|full|smoke] [--iterations=FILE] [Google Benchmark flags]\n"
            << "       " << program << " --list-models [--json]\n"
            << "  --suite=NAME       sizes to register: quick (default), full (the long sweep) or smoke\n"
            << "                     (tiny, for tests)\n"
            << "  --iterations=FILE  iterations per repetition by benchmark name, one \"<name> <count>\"\n"
            << "                     per line (scripts/bench calibrates them once for all its processes)\n"
            << "  --list-models      every workload's models, one \"<workload> TAB <model> TAB <what>\" per line;\n"
            << "                     with --json the catalog: workloads' kinds and every model's traits\n"
            << "Benchmarks are named <workload>/<model>/<arg>:<value>/.../real_time; select them with\n"
            << "--benchmark_filter=REGEX and list them with --benchmark_list_tests.\n\n";
}

}  // namespace concbench
