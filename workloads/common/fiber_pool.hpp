#pragma once
// A pool of threads that run fibers and share them by work stealing: the fiber_pool models of
// cpu_sum and seed_jobs. Include it only from fiber*.cpp files: CMake compiles those only where
// Boost.Fiber is installed.
#include <boost/fiber/all.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <latch>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace concbench {

//! Boost.Fiber's work-stealing design for the threads of one pool: each thread has its own ready
//! queue; a thread with nothing to run takes a ready fiber from a peer's queue; a thread with
//! nothing to take sleeps until woken. Why not boost::fibers::algo::work_stealing itself: in
//! Boost 1.74 its peers live in static members, indexed by a static counter that never goes
//! back to 0, so a process can start it only once (a second pool crashed here; boostorg/fiber
//! issue 217), and every benchmark and test starts a pool of its own. This one keeps its peers
//! per pool, and wakes its sleeping peers when a fiber becomes ready, so that none sleeps while
//! another has a fiber to steal.
class StealingScheduler final : public boost::fibers::algo::algorithm {
 public:
  using Peers = std::vector<boost::intrusive_ptr<StealingScheduler>>;

  //! Registers itself as peers[index]; every peer must have registered before any fiber runs.
  StealingScheduler(Peers& peers, std::size_t index);

  void awakened(boost::fibers::context* ready) noexcept override;
  boost::fibers::context* pick_next() noexcept override;
  bool has_ready_fibers() const noexcept override;
  void suspend_until(const std::chrono::steady_clock::time_point& until) noexcept override;
  void notify() noexcept override;

 private:
  boost::fibers::context* steal() noexcept;  // a ready fiber that may move, for a peer

  Peers& peers_;
  const std::size_t index_;
  mutable std::mutex queue_mutex_;
  std::deque<boost::fibers::context*> ready_;
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
};

//! How long a caller waits for one job of the pool before it is an error: a stuck fiber is a
//! clear error, not a hang (the process pool's jobs get as long).
inline constexpr std::chrono::minutes fiber_job_timeout{5};

//! `workers` threads that run in fibers whatever is submitted to them, balanced by work
//! stealing. The constructor starts the threads (a model starts its pool once, outside the
//! timed call); the destructor closes the inbox and joins them.
class FiberPool {
 public:
  explicit FiberPool(int workers);
  ~FiberPool();
  FiberPool(const FiberPool&) = delete;
  FiberPool& operator=(const FiberPool&) = delete;

  //! Runs `task` in a new fiber on one of the pool's threads; any thread may wait on the future.
  template <class Task>
  boost::fibers::future<std::invoke_result_t<Task>> submit(Task task) {
    auto packaged = std::make_shared<boost::fibers::packaged_task<std::invoke_result_t<Task>()>>(std::move(task));
    auto result = packaged->get_future();
    post([packaged] { (*packaged)(); });
    return result;
  }

 private:
  void post(std::function<void()> task);
  void serve();

  StealingScheduler::Peers peers_;
  std::latch registered_;  // every thread's scheduler is in peers_
  boost::fibers::buffered_channel<std::function<void()>> inbox_{64};
  std::vector<std::thread> threads_;
};

//! The future's value, or an error naming `what` if it takes longer than fiber_job_timeout.
template <class Value>
Value get_within_timeout(boost::fibers::future<Value>& future, const std::string& what) {
  if (future.wait_for(fiber_job_timeout) == boost::fibers::future_status::timeout)
    throw std::runtime_error(what + ": no result within " + std::to_string(fiber_job_timeout.count()) + " minutes");
  return future.get();
}

}  // namespace concbench
