// memory's shared code: reading this process's and the machine's memory, and the model table.
#include "workloads/memory/memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "workloads/common/memory_sampler.hpp"

namespace memory {
namespace {

//! The value in kB of `key` in a /proc file of "Key:   value kB" lines, in bytes.
double kib_field(const std::string& path, const std::string& key) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  for (std::string line; std::getline(file, line);)
    if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) * 1024;
  throw std::runtime_error(path + " has no " + key);
}

}  // namespace

Usage usage_now() {
  malloc_trim(0);
  std::ifstream statm("/proc/self/statm");
  double pages_total = 0;
  statm >> pages_total;
  return {static_cast<double>(concbench::resident_bytes()), pages_total * static_cast<double>(sysconf(_SC_PAGESIZE)),
          static_cast<double>(concbench::heap_in_use_bytes()),
          kib_field("/proc/meminfo", "KernelStack") + kib_field("/proc/meminfo", "PageTables")};
}

Footprint per_unit(const Usage& before, const Usage& after, std::uint64_t units) {
  const double n = static_cast<double>(units > 0 ? units : 1);
  const double resident = (after.resident - before.resident) / n, heap = (after.heap - before.heap) / n;
  // As the latency workload's bytes_per_inflight: RSS growth misses memory the allocator reuses,
  // heap growth misses thread stacks; each is a lower bound, so the larger one is the figure.
  return {std::max(resident, heap), (after.address_space - before.address_space) / n, heap,
          (after.kernel - before.kernel) / n, 0};
}

double proportional_bytes(pid_t pid) { return kib_field("/proc/" + std::to_string(pid) + "/smaps_rollup", "Pss"); }

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("memory");
  return table;
}

}  // namespace memory
