// stability_probe: how much this machine's speed drifts. One thread per usable CPU, each pinned
// to its CPU, sums the same fixed unit of cpu_sum terms again and again for a few seconds and
// records how long each unit took. scripts/bench runs it before the suite; the report states
// the drift and the smallest difference the run can resolve. Prints JSON on standard output:
//   {"unit_terms": N, "seconds": S, "cpus": [{"cpu": C, "samples": [[start_s, unit_s], ...]}, ...]}
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

struct Options {
  double seconds = 3;
  std::uint64_t unit_terms = 1 << 22;  // about 1.5 ms on the development machine
};

[[noreturn]] void usage_error(const std::string& problem) {
  std::cerr << "stability_probe: " << problem << " (usage: stability_probe [--seconds S] [--unit-terms N])\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      std::cout << "usage: stability_probe [--seconds S] [--unit-terms N]\n"
                   "  --seconds S      how long to run (default 3)\n"
                   "  --unit-terms N   cpu_sum terms in one timed unit (default 4194304)\n";
      std::exit(0);
    }
    if (i + 1 >= argc) usage_error(flag + " needs a value");
    const std::string value = argv[++i];
    char* end = nullptr;
    if (flag == "--seconds") {
      options.seconds = std::strtod(value.c_str(), &end);
      if (*end != '\0' || !(options.seconds > 0 && options.seconds <= 600)) usage_error("--seconds needs a number in (0, 600], not '" + value + "'");
    } else if (flag == "--unit-terms") {
      options.unit_terms = std::strtoull(value.c_str(), &end, 10);
      if (*end != '\0' || options.unit_terms == 0 || value[0] == '-') usage_error("--unit-terms needs a positive integer, not '" + value + "'");
    } else {
      usage_error("unknown option '" + flag + "'");
    }
  }
  return options;
}

using Sample = std::pair<double, double>;  // start of the unit, seconds it took

//! Pins the calling thread to `cpu`, waits for every other CPU's thread, then times units.
std::vector<Sample> probe_cpu(int cpu, const Options& options, std::atomic<int>& waiting,
                              std::chrono::steady_clock::time_point& start) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
  waiting.fetch_sub(1);
  while (waiting.load() > 0) {}  // all CPUs start together: the machine is probed fully loaded
  std::vector<Sample> samples;
  for (;;) {
    const auto before = std::chrono::steady_clock::now();
    const double since_start = std::chrono::duration<double>(before - start).count();
    if (since_start >= options.seconds) break;
    volatile std::uint64_t sum = cpu_sum::sum_range(1, options.unit_terms + 1);
    (void)sum;
    samples.emplace_back(since_start, std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count());
  }
  return samples;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
    std::cerr << "stability_probe: cannot read this process's CPU affinity: " << std::strerror(errno) << '\n';
    return 1;
  }
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &allowed)) cpus.push_back(cpu);

  std::atomic<int> waiting{static_cast<int>(cpus.size())};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::vector<Sample>> results(cpus.size());
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < cpus.size(); ++i)
      threads.emplace_back([&, i] { results[i] = probe_cpu(cpus[i], options, waiting, start); });
  }
  std::cout.precision(9);
  std::cout << "{\"unit_terms\": " << options.unit_terms << ", \"seconds\": " << options.seconds << ", \"cpus\": [";
  for (std::size_t i = 0; i < cpus.size(); ++i) {
    std::cout << (i ? ", " : "") << "{\"cpu\": " << cpus[i] << ", \"samples\": [";
    for (std::size_t s = 0; s < results[i].size(); ++s)
      std::cout << (s ? ", " : "") << '[' << results[i][s].first << ", " << results[i][s].second << ']';
    std::cout << "]}";
  }
  std::cout << "]}\n";
  return 0;
}
