// A waiting fiber must fit its stack (workloads/common/fiber_stack.hpp) in every build: the
// memory and latency models take theirs from allocators without a guard page, where an
// overflow corrupts the heap below it instead of faulting.
#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "workloads/common/fiber_stack.hpp"
#include "workloads/common/sanitizers.hpp"

#if defined(CONCBENCH_ADDRESS_SANITIZER)
#include <sanitizer/asan_interface.h>
#endif

namespace {

constexpr unsigned char untouched_byte = 0xA5;

// These read and write stack memory that fibers' frames have poisoned (ASan's redzones).
__attribute__((no_sanitize_address, noinline)) void fill(volatile unsigned char* bytes, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) bytes[i] = untouched_byte;
}
__attribute__((no_sanitize_address, noinline)) std::size_t untouched(const volatile unsigned char* bytes, std::size_t size) {
  std::size_t i = 0;
  while (i < size && bytes[i] == untouched_byte) ++i;
  return i;
}

//! A Boost.Context stack allocator that measures: 64 KiB stacks above a guard page, filled with
//! a pattern; when one is freed, how deep its fiber wrote (the bytes no longer the pattern,
//! counted from the top) raises `deepest`.
struct MeasuringStacks {
  static constexpr std::size_t size = 64 * 1024;
  std::shared_ptr<std::size_t> deepest = std::make_shared<std::size_t>(0);  // Boost copies allocators

  boost::context::stack_context allocate() {
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    void* mapping = mmap(nullptr, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) throw std::bad_alloc();
    auto* guard = static_cast<unsigned char*>(mapping);
    mprotect(guard, page, PROT_NONE);
#if defined(CONCBENCH_ADDRESS_SANITIZER)
    __asan_unpoison_memory_region(guard + page, size);  // an earlier stack's redzones at this address
#endif
    fill(guard + page, size);
    boost::context::stack_context stack;
    stack.size = size;
    stack.sp = guard + page + size;
    return stack;
  }
  void deallocate(boost::context::stack_context& stack) noexcept {
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    auto* bottom = static_cast<unsigned char*>(stack.sp) - stack.size;
    *deepest = std::max(*deepest, stack.size - untouched(bottom, stack.size));
    munmap(bottom - page, stack.size + page);
  }
};

//! Runs `units` fibers of `body` on a thread of their own and returns the deepest any wrote.
template <class Body>
std::size_t deepest_write(int units, Body body) {
  MeasuringStacks stacks;
  std::thread([&] {
    std::vector<boost::fibers::fiber> fibers;
    for (int i = 0; i < units; ++i) fibers.emplace_back(std::allocator_arg, stacks, body);
    for (auto& fiber : fibers) fiber.join();
  }).join();
  return *stacks.deepest;
}

// 1 KiB to spare: what a few more frames of a future Boost, compiler or sanitizer may take.
constexpr std::size_t headroom = 1024;

TEST(WaitingFiberStack, FitsAFiberWaitingOnAConditionVariable) {  // memory's units
  boost::fibers::mutex mutex;
  boost::fibers::condition_variable released;
  int waiting = 0;
  const std::size_t deepest = deepest_write(8, [&] {
    std::unique_lock lock(mutex);
    if (++waiting == 8) released.notify_all();
    released.wait(lock, [&] { return waiting == 8; });
  });
  RecordProperty("deepest_bytes", static_cast<int>(deepest));
  EXPECT_GT(deepest, 0u) << "nothing measured";
  EXPECT_LE(deepest + headroom, concbench::waiting_fiber_stack_bytes) << "wrote " << deepest << " bytes deep";
}

TEST(WaitingFiberStack, FitsASleepingFiber) {  // latency's requests
  const std::size_t deepest = deepest_write(8, [] { boost::this_fiber::sleep_for(std::chrono::milliseconds(1)); });
  RecordProperty("deepest_bytes", static_cast<int>(deepest));
  EXPECT_GT(deepest, 0u) << "nothing measured";
  EXPECT_LE(deepest + headroom, concbench::waiting_fiber_stack_bytes) << "wrote " << deepest << " bytes deep";
}

}  // namespace
