#include "benchmarks/harness/machine_context.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <benchmark/benchmark.h>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>
#include <tbb/version.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "benchmarks/harness/catalog.hpp"
#include "benchmarks/registry.hpp"
#include "workloads/common/cpu_accounting.hpp"
#include "workloads/common/hardware.hpp"

namespace concbench {
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

}  // namespace

std::uint64_t available_memory_bytes() {
  if (const char* given = std::getenv("CONCBENCH_MEMORY_AVAILABLE"); given && *given) return std::strtoull(given, nullptr, 10);
  const auto number = [](const char* path) -> std::uint64_t {
    const std::string text = read_line(path);  // "max" (no limit) or an unreadable file: 0
    return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos ? std::stoull(text) : 0;
  };
  const std::string kib = first_value("/proc/meminfo", "MemAvailable");
  std::uint64_t available = kib.empty() ? 0 : std::stoull(kib) << 10;
  // A cgroup limit (a container, a systemd slice) binds before the machine's memory does.
  for (const auto& [limit, used] : {std::pair{number("/sys/fs/cgroup/memory.max"), number("/sys/fs/cgroup/memory.current")},
                                    std::pair{number("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                                              number("/sys/fs/cgroup/memory/memory.usage_in_bytes")}})
    if (limit > used && (available == 0 || limit - used < available)) available = limit - used;
  return available;
}

void add_machine_context(Suite suite) {
  using benchmark::AddCustomContext;
  AddCustomContext("cpu_model", first_value("/proc/cpuinfo", "model name"));
  AddCustomContext("physical_cores", std::to_string(concbench::physical_cores()));
  AddCustomContext("hardware_threads", std::to_string(sysconf(_SC_NPROCESSORS_ONLN)));
  AddCustomContext("usable_cpus", std::to_string(concbench::usable_cpus()));
  AddCustomContext("usable_cores", std::to_string(concbench::usable_cores()));
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
  AddCustomContext("concbench_catalog", catalog_json());  // a JSON string: the context holds strings only
  AddCustomContext("concbench_summary_cases", nlohmann::json(summary_cases()).dump());
}


}  // namespace concbench
