// array_sum's shared code: the kernel, the shared array and its fill, the probe, the cache size
// and the model table.
#include "workloads/array_sum/array_sum.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "workloads/common/batch_timer.hpp"
#include "workloads/common/chunks.hpp"

namespace array_sum {

// Aligned and never inlined, as cpu_sum::sum_range is, so that every caller runs one copy.
__attribute__((aligned(64), noinline)) std::uint64_t sum_range(const std::uint64_t* data, std::uint64_t first, std::uint64_t last) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = first; i < last; ++i) sum += data[i];
  return sum;
}

void check(std::uint64_t sum, std::uint64_t count) {
  if (sum != expected(count))
    throw std::runtime_error("sum is " + std::to_string(sum) + ", the closed form says " + std::to_string(expected(count)) + " for " +
                             std::to_string(count) + " elements");
}

namespace {

std::string errno_text() { return std::strerror(errno); }

//! The CPUs this process may run on, in order.
std::vector<int> usable_cpu_list() {
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  return cpus.empty() ? std::vector<int>{0} : cpus;
}

//! Maps the shared-memory object `name` of `bytes`, read-only or read-write.
void* map_object(const std::string& name, std::size_t bytes, bool writable) {
  const int fd = shm_open(name.c_str(), writable ? O_RDWR : O_RDONLY, 0);
  if (fd < 0) throw std::runtime_error("shm_open " + name + ": " + errno_text());
  void* memory = bytes == 0 ? nullptr : mmap(nullptr, bytes, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (memory == MAP_FAILED) throw std::runtime_error("mmap " + name + ": " + errno_text());
  return memory;
}

}  // namespace

SharedArray::SharedArray(std::uint64_t bytes) : count_(bytes / sizeof(std::uint64_t)) {
  static std::atomic<int> arrays{0};
  name_ = "/concbench-array-" + std::to_string(getpid()) + "-" + std::to_string(++arrays);
  const int fd = shm_open(name_.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("shm_open " + name_ + ": " + errno_text());
  const bool sized = ftruncate(fd, static_cast<off_t>(this->bytes())) == 0;
  const std::string why = errno_text();
  close(fd);
  if (!sized) {
    shm_unlink(name_.c_str());
    throw std::runtime_error("ftruncate " + name_ + " to " + std::to_string(this->bytes()) + " bytes: " + why + " (is /dev/shm big enough?)");
  }
  try {
    data_ = static_cast<std::uint64_t*>(map_object(name_, this->bytes(), true));
  } catch (...) {
    shm_unlink(name_.c_str());
    throw;
  }
  // First touch: CPU k's thread writes the k-th contiguous share (a page it touches first is
  // allocated — on a NUMA machine, on its node — then).
  const auto cpus = usable_cpu_list();
  const auto shares = concbench::split(0, count_, static_cast<int>(cpus.size()));
  std::vector<std::jthread> fillers;
  for (std::size_t k = 0; k < cpus.size(); ++k)
    fillers.emplace_back([this, cpu = cpus[k], share = shares[k]] {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      sched_setaffinity(0, sizeof one, &one);
      for (std::uint64_t i = share.first; i < share.last; ++i) data_[i] = element(i);
    });
}

SharedArray::~SharedArray() {
  if (data_) munmap(data_, bytes());
  shm_unlink(name_.c_str());
}

const std::uint64_t* attach(const std::string& name, std::uint64_t count) {
  static std::mutex mutex;
  static std::map<std::string, const std::uint64_t*> attached;  // one array per benchmark: a process maps few
  std::scoped_lock lock(mutex);
  if (const auto found = attached.find(name); found != attached.end()) return found->second;
  const auto* data = static_cast<const std::uint64_t*>(map_object(name, count * sizeof(std::uint64_t), false));
  // One read a page maps them all now. MAP_POPULATE alone did not here: a worker's first pass
  // over 256 MiB after it took 145 ms, the next ones 12 ms (page faults in a timed call).
  for (std::uint64_t i = 0; i < count; i += 4096 / sizeof(std::uint64_t)) {
    const volatile std::uint64_t touched = data[i];
    (void)touched;
  }
  return attached[name] = data;
}

double probe_seconds(const SharedArray& array, int threads) {
  threads = std::max(1, threads);
  // Blocks handed out one at a time from a shared counter, pass after pass: a thread on a slower
  // CPU (a noisy neighbour, an efficiency core) reads fewer of them, so the probe measures what the
  // threads can read together, not what the slowest can read alone. A static half each would be
  // bound by the slowest, and a work-stealing model (tbb) would then read faster than its "ideal".
  constexpr std::uint64_t block = 32 * 1024;  // 256 KiB: many blocks even in cache, few atomics per MiB
  const std::uint64_t count = array.count();
  const std::uint64_t blocks = std::max<std::uint64_t>(1, (count + block - 1) / block);
  const std::uint64_t* data = array.data();
  // One untimed pass by all threads together (it wakes every thread's CPU, warms caches and
  // TLBs: the models' timed loops run warm and busy), then `passes` passes timed by this thread
  // between two barriers. A CPU that had been idle takes a while to run at full speed on a VM, and
  // a probe timed from cold read 10% slower than the models it was to bound.
  const auto run = [&](long passes) {
    std::barrier sync(threads);
    std::atomic<std::uint64_t> next{0}, sink{0};
    const auto read = [&](std::uint64_t total) {
      std::uint64_t sum = 0;
      for (std::uint64_t index; (index = next.fetch_add(1, std::memory_order_relaxed)) < total;) {
        const std::uint64_t first = (index % blocks) * block;
        sum += sum_range(data, first, std::min(count, first + block));
        // GCC finds sum_range pure and would read a block once for all passes: the array "may change".
        asm volatile("" : : "g"(data) : "memory");
      }
      sink += sum;  // the sums are used: no block can be left out
    };
    const std::uint64_t warm = blocks, total = blocks * static_cast<std::uint64_t>(passes + 1);
    std::vector<std::jthread> others;
    for (int t = 1; t < threads; ++t)
      others.emplace_back([&] {
        read(warm);
        sync.arrive_and_wait();
        read(total);
        sync.arrive_and_wait();
      });
    read(warm);
    sync.arrive_and_wait();
    const auto start = std::chrono::steady_clock::now();
    read(total);
    sync.arrive_and_wait();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / static_cast<double>(passes);
  };
  const long passes = std::max(1L, static_cast<long>(concbench::baseline_batch_seconds / std::max(run(1), 1e-9)) + 1);
  return std::min(run(passes), run(passes));  // the better of two batches, as STREAM keeps the best
}

std::uint64_t last_level_cache_bytes() {
  std::uint64_t largest = 0;
  for (int index = 0; index < 16; ++index) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
    std::ifstream type_file(dir + "type"), size_file(dir + "size");
    std::string type, size;
    if (!(type_file >> type) || !(size_file >> size)) break;
    if (type == "Instruction") continue;
    std::uint64_t value = std::stoull(size);
    if (size.back() == 'K') value <<= 10;
    else if (size.back() == 'M') value <<= 20;
    largest = std::max(largest, value);
  }
  if (largest > 0) return largest;
  for (const int name : {_SC_LEVEL4_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE})
    if (const long bytes = sysconf(name); bytes > 0) return static_cast<std::uint64_t>(bytes);
  return 0;
}

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("array_sum");
  return table;
}

}  // namespace array_sum
