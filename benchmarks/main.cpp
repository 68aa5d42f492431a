// concbench: every workload under every concurrency model, on Google Benchmark's own flags,
// plus --suite. Exits non-zero when any benchmark reports an error (a wrong result is one).
#include <sys/utsname.h>
#include <unistd.h>

#include <benchmark/benchmark.h>
#include <boost/version.hpp>
#include <tbb/version.h>

#include <cstring>
#include <fstream>
#include <map>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "benchmarks/registry.hpp"
#include "workloads/common/cpu_accounting.hpp"
#include "workloads/common/hardware.hpp"

namespace {

std::string first_value(const char* path, const std::string& key) {
  std::ifstream file(path);
  std::string line;
  while (std::getline(file, line))
    if (line.rfind(key, 0) == 0) {
      const auto colon = line.find_first_of(":=");
      if (colon == std::string::npos) continue;
      auto value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t\""));
      value.erase(value.find_last_not_of(" \t\"") + 1);
      return value;
    }
  return {};
}

std::string read_line(const char* path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}

//! What Google Benchmark's own context lacks: the hardware, OS, toolchain and library versions
//! needed to compare two runs.
void add_machine_context(concbench::Suite suite) {
  using benchmark::AddCustomContext;
  AddCustomContext("cpu_model", first_value("/proc/cpuinfo", "model name"));
  AddCustomContext("physical_cores", std::to_string(concbench::physical_cores()));
  AddCustomContext("hardware_threads", std::to_string(sysconf(_SC_NPROCESSORS_ONLN)));
  AddCustomContext("usable_cpus", std::to_string(concbench::usable_cpus()));
  const auto mem_kib = first_value("/proc/meminfo", "MemTotal");
  AddCustomContext("ram_bytes", std::to_string(std::stoull(mem_kib.empty() ? "0" : mem_kib) * 1024));
  utsname host{};
  uname(&host);
  AddCustomContext("kernel", std::string(host.sysname) + " " + host.release + " " + host.machine);
  AddCustomContext("os", first_value("/etc/os-release", "PRETTY_NAME"));
#if defined(__clang__)
  AddCustomContext("compiler", std::string("clang ") + __clang_version__);
#elif defined(__GNUC__)
  AddCustomContext("compiler", std::string("g++ ") + __VERSION__);
#endif
  std::string flags = CONCBENCH_CXX_FLAGS;
  flags.erase(0, flags.find_first_not_of(' '));
  AddCustomContext("compiler_flags", flags);
  AddCustomContext("build_type", CONCBENCH_BUILD_TYPE);
  AddCustomContext("boost_version", std::to_string(BOOST_VERSION / 100000) + "." +
                                        std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                                        std::to_string(BOOST_VERSION % 100));
  AddCustomContext("tbb_version", TBB_VERSION_STRING);
  AddCustomContext("openmp_version", std::string(CONCBENCH_OPENMP_VERSION) + " (_OPENMP " + std::to_string(_OPENMP) + ")");
  AddCustomContext("benchmark_version", CONCBENCH_BENCHMARK_VERSION);
  if (const auto governor = read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"); !governor.empty())
    AddCustomContext("cpu_governor", governor);
  const char* names[] = {"smoke", "quick", "full"};
  AddCustomContext("concbench_suite", names[static_cast<int>(suite)]);
  AddCustomContext("machine_cpu_source", concbench::machine_cpu_source());
}

//! --iterations=FILE: lines "<benchmark name> <iterations>", as scripts/bench writes them after
//! its calibration process. Returns an error message, empty when the file was good.
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

//! How many registered benchmarks --benchmark_filter selects, the way Google Benchmark matches.
std::size_t selected_count(std::string filter) {
  bool negative = !filter.empty() && filter[0] == '-';
  if (negative) filter.erase(0, 1);
  if (filter.empty() || filter == "all") filter = ".";
  const std::regex pattern(filter, std::regex::extended);
  std::size_t count = 0;
  for (const auto& name : concbench::registered_names()) count += std::regex_search(name, pattern) != negative;
  return count;
}

//! The console table, with "[k/N]" progress in front of each benchmark, and a record of every
//! benchmark that reported an error.
class ProgressReporter : public benchmark::ConsoleReporter {
 public:
  ProgressReporter(std::size_t total, std::size_t repetitions, OutputOptions options)
      : ConsoleReporter(options), total_(total), repetitions_(repetitions) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    // Each repetition arrives in a call of its own (in any order with random interleaving),
    // and aggregates in one more: progress counts repetitions, shown in whole benchmarks.
    if (!runs.empty() && runs.front().run_type == Run::RT_Iteration) ++repetitions_done_;
    for (const auto& run : runs)
      if (run.error_occurred) failures_.push_back(run.benchmark_name() + ": " + run.error_message);
    ConsoleReporter::ReportRuns(runs);
  }
  const std::vector<std::string>& failures() const { return failures_; }

 protected:
  void PrintHeader(const Run& run) override {
    std::ostream& out = GetOutputStream();
    std::ostringstream header;
    SetOutputStream(&header);
    ConsoleReporter::PrintHeader(run);
    SetOutputStream(&out);
    std::istringstream lines(header.str());
    for (std::string line; std::getline(lines, line);) out << std::string(prefix_width(), line[0] == '-' ? '-' : ' ') << line << '\n';
  }
  void PrintRunData(const Run& run) override {
    const std::size_t done = (repetitions_done_ + repetitions_ - 1) / repetitions_;
    const std::string progress = "[" + std::to_string(done) + "/" + std::to_string(total_) + "]";
    GetOutputStream() << progress << std::string(prefix_width() - progress.size(), ' ');
    ConsoleReporter::PrintRunData(run);
  }

 private:
  std::size_t prefix_width() const { return 2 * std::to_string(total_).size() + 4; }
  std::size_t total_;
  std::size_t repetitions_;
  std::size_t repetitions_done_ = 0;
  std::vector<std::string> failures_;
};

//! Colour as Google Benchmark decides it (--benchmark_color=auto|true|false, auto: a terminal);
//! counters always as table columns, since every entry of a workload has the same ones.
benchmark::ConsoleReporter::OutputOptions console_options(const std::vector<char*>& args) {
  std::string color = "auto";
  for (const char* arg : args)
    if (arg && std::strncmp(arg, "--benchmark_color=", 18) == 0) color = arg + 18;
  const bool colored = color == "true" || color == "yes" || color == "1" || (color == "auto" && isatty(STDOUT_FILENO));
  return colored ? benchmark::ConsoleReporter::OO_ColorTabular : benchmark::ConsoleReporter::OO_Tabular;
}

//! Google Benchmark reports a bad flag value in two lines (the value, then "unrecognized flag");
//! concbench checks the values it knows first, so a user sees one line.
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

//! --benchmark_repetitions as given (already checked by bad_flag_value), else 1.
std::size_t repetitions(const std::vector<char*>& args) {
  std::size_t count = 1;
  for (const char* arg : args)
    if (arg && std::strncmp(arg, "--benchmark_repetitions=", 24) == 0) count = std::strtoul(arg + 24, nullptr, 10);
  return count > 0 ? count : 1;
}

void print_usage(const char* program) {
  std::cout << "usage: " << program << " [--suite=quick|full|smoke] [--iterations=FILE] [Google Benchmark flags]\n"
            << "  --suite=NAME       sizes to register: quick (default), full (the long sweep) or smoke\n"
            << "                     (tiny, for tests)\n"
            << "  --iterations=FILE  iterations per repetition by benchmark name, one \"<name> <count>\"\n"
            << "                     per line (scripts/bench calibrates them once for all its processes)\n"
            << "Benchmarks are named <workload>/<model>/<arg>:<value>/.../real_time; select them with\n"
            << "--benchmark_filter=REGEX and list them with --benchmark_list_tests.\n\n";
}

}  // namespace

int main(int argc, char** argv) {
  concbench::Suite suite = concbench::Suite::quick;
  std::vector<char*> passed{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--suite=", 0) == 0) {
      const auto value = arg.substr(8);
      if (value == "quick") suite = concbench::Suite::quick;
      else if (value == "full") suite = concbench::Suite::full;
      else if (value == "smoke") suite = concbench::Suite::smoke;
      else {
        std::cerr << "concbench: --suite must be quick, full or smoke, not '" << value << "'\n";
        return 2;
      }
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

  concbench::add_all_workloads(suite);
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
