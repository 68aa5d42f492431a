#include "workloads/common/fiber_pool.hpp"

#include <algorithm>
#include <stdexcept>

namespace concbench {
namespace {

bool may_move(boost::fibers::context* fiber) { return !fiber->is_context(boost::fibers::type::pinned_context); }

}  // namespace

StealingScheduler::StealingScheduler(Peers& peers, std::size_t index) : peers_(peers), index_(index) {
  peers_[index_] = this;
}

// A fiber that may move (not a thread's main or dispatcher context) leaves its thread's
// scheduler while it waits in a ready queue, so that whichever thread takes it adopts it.
void StealingScheduler::awakened(boost::fibers::context* ready) noexcept {
  const bool movable = may_move(ready);
  if (movable) ready->detach();
  {
    std::scoped_lock lock(queue_mutex_);
    ready_.push_back(ready);
  }
  if (movable)
    for (const auto& peer : peers_)
      if (peer.get() != this) peer->notify();
}

boost::fibers::context* StealingScheduler::pick_next() noexcept {
  boost::fibers::context* next = nullptr;
  {
    std::scoped_lock lock(queue_mutex_);
    if (!ready_.empty()) {
      next = ready_.front();
      ready_.pop_front();
    }
  }
  for (std::size_t step = 1; next == nullptr && step < peers_.size(); ++step)
    next = peers_[(index_ + step) % peers_.size()]->steal();
  if (next != nullptr && may_move(next)) boost::fibers::context::active()->attach(next);
  return next;
}

boost::fibers::context* StealingScheduler::steal() noexcept {
  std::scoped_lock lock(queue_mutex_);
  for (auto fiber = ready_.begin(); fiber != ready_.end(); ++fiber)
    if (may_move(*fiber)) {
      boost::fibers::context* stolen = *fiber;
      ready_.erase(fiber);
      return stolen;
    }
  return nullptr;
}

bool StealingScheduler::has_ready_fibers() const noexcept {
  std::scoped_lock lock(queue_mutex_);
  return !ready_.empty();
}

// Nothing to run or to steal: sleep until a peer has a fiber ready, a fiber of this thread is
// woken from another thread, or a sleeping fiber is due.
void StealingScheduler::suspend_until(const std::chrono::steady_clock::time_point& until) noexcept {
  std::unique_lock lock(sleep_mutex_);
  if (until == std::chrono::steady_clock::time_point::max())
    wake_.wait(lock, [this] { return woken_; });
  else
    wake_.wait_until(lock, until, [this] { return woken_; });
  woken_ = false;
}

void StealingScheduler::notify() noexcept {
  {
    std::scoped_lock lock(sleep_mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

FiberPool::FiberPool(int workers) : peers_(static_cast<std::size_t>(std::max(workers, 1))), registered_(std::max(workers, 1)) {
  if (workers < 1) throw std::invalid_argument("a fiber pool needs at least one thread");
  for (int index = 0; index < workers; ++index)
    threads_.emplace_back([this, index] {
      boost::fibers::use_scheduling_algorithm<StealingScheduler>(peers_, static_cast<std::size_t>(index));
      registered_.arrive_and_wait();  // no thread may look for a fiber to steal before all have a ready queue
      serve();
    });
  registered_.wait();
}

FiberPool::~FiberPool() {
  inbox_.close();
  for (auto& thread : threads_) thread.join();
}

void FiberPool::post(std::function<void()> task) {
  if (inbox_.push(std::move(task)) != boost::fibers::channel_op_status::success)
    throw std::logic_error("fiber pool: submit after shutdown");
}

// Each thread's main fiber takes tasks from the inbox and starts a fiber for each; while it
// waits for the next task its thread runs those fibers, and its peers steal them.
void FiberPool::serve() {
  std::function<void()> task;
  while (inbox_.pop(task) == boost::fibers::channel_op_status::success) boost::fibers::fiber(std::move(task)).detach();
}

}  // namespace concbench
