#include "workloads/common/cpu_accounting.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace concbench {
namespace {

double seconds_of(const timeval& time) { return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) * 1e-6; }

double rusage_seconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
}

//! The cumulative CPU seconds of every task, exactly, where the cgroup root accounts for them.
struct MachineSource {
  std::string name;
  std::string path;
  double scale = 0;         // file units to seconds
  std::string key;          // for cpu.stat: the line's key; empty: the file is one number
};

const MachineSource& machine_source() {
  static const MachineSource source = [] {
    for (const char* path : {"/sys/fs/cgroup/cpuacct/cpuacct.usage", "/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage"})
      if (std::ifstream(path).good()) return MachineSource{"cgroup v1 cpuacct", path, 1e-9, ""};
    std::ifstream stat("/sys/fs/cgroup/cpu.stat");
    for (std::string key; stat >> key;)
      if (key == "usage_usec") return MachineSource{"cgroup v2 cpu.stat", "/sys/fs/cgroup/cpu.stat", 1e-6, "usage_usec"};
    return MachineSource{"/proc/stat", "/proc/stat", 0, ""};
  }();
  return source;
}

//! The first line of /proc/stat: busy and steal time of all CPUs, in clock ticks.
void read_proc_stat(double& busy, double& steal) {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
  stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  static const double tick = 1.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
  busy = (user + nice + system + irq + softirq) * tick;
  steal *= tick;
}

double machine_seconds(double proc_stat_busy) {
  const auto& source = machine_source();
  if (source.scale == 0) return proc_stat_busy;
  std::ifstream file(source.path);
  if (source.key.empty()) {
    double value = 0;
    return file >> value ? value * source.scale : proc_stat_busy;
  }
  std::string key;
  double value = 0;
  while (file >> key >> value)
    if (key == source.key) return value * source.scale;
  return proc_stat_busy;
}

//! Every process whose parent chain leads to this one, from /proc/<pid>/stat.
std::vector<int> descendants() {
  std::map<int, std::vector<int>> children;
  if (DIR* proc = opendir("/proc")) {
    while (const dirent* entry = readdir(proc)) {
      char* end = nullptr;
      const long pid = std::strtol(entry->d_name, &end, 10);
      if (*end != '\0' || pid <= 0) continue;
      std::ifstream stat("/proc/" + std::string(entry->d_name) + "/stat");
      std::string line;
      if (!std::getline(stat, line)) continue;
      const auto close = line.rfind(')');  // the command name may hold spaces and parentheses
      if (close == std::string::npos) continue;
      std::istringstream fields(line.substr(close + 1));
      char state = 0;
      int parent = 0;
      if (fields >> state >> parent) children[parent].push_back(static_cast<int>(pid));
    }
    closedir(proc);
  }
  std::vector<int> found;
  std::vector<int> pending{getpid()};
  while (!pending.empty()) {
    const int pid = pending.back();
    pending.pop_back();
    for (const int child : children[pid]) {
      found.push_back(child);
      pending.push_back(child);
    }
  }
  return found;
}

//! A live process's CPU time in nanoseconds, exactly: the sum of its threads' run time.
double process_seconds(int pid) {
  double nanoseconds = 0;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  if (DIR* dir = opendir(tasks.c_str())) {
    while (const dirent* entry = readdir(dir)) {
      if (entry->d_name[0] == '.') continue;
      std::ifstream schedstat(tasks + "/" + entry->d_name + "/schedstat");
      double run = 0;
      if (schedstat >> run) nanoseconds += run;
    }
    closedir(dir);
  }
  return nanoseconds * 1e-9;
}

}  // namespace

CpuTimes cpu_times_now() {
  CpuTimes times;
  double busy = 0;
  read_proc_stat(busy, times.steal);
  times.machine = machine_seconds(busy);
  times.own = rusage_seconds(RUSAGE_SELF) + rusage_seconds(RUSAGE_CHILDREN);
  for (const int pid : descendants()) times.own += process_seconds(pid);
  return times;
}

std::string machine_cpu_source() { return machine_source().name; }

Interference interference_between(const CpuTimes& before, const CpuTimes& after, double seconds) {
  if (seconds <= 0) return {};
  const double others = (after.machine - before.machine) - (after.own - before.own);
  return {std::max(0.0, others) / seconds, std::max(0.0, after.steal - before.steal) / seconds};
}

}  // namespace concbench
