#include <algorithm>
#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

//! Python's concurrent.futures.Future in miniature: set_result once, add_done_callback at any
//! time (a callback added after the result runs at once). std::future has no done-callbacks,
//! and boost::future::then needs Boost.Thread's library, which this project does not link.
class Future {
 public:
  void set_result(int value) {
    std::vector<std::function<void(int)>> callbacks;
    {
      std::scoped_lock lock(mutex_);
      value_ = value;
      callbacks.swap(callbacks_);
    }
    for (auto& callback : callbacks) callback(value);
  }
  void add_done_callback(std::function<void(int)> callback) {
    std::unique_lock lock(mutex_);
    if (!value_) return callbacks_.push_back(std::move(callback));
    lock.unlock();
    callback(*value_);
  }

 private:
  std::mutex mutex_;
  std::optional<int> value_;
  std::vector<std::function<void(int)>> callbacks_;
};

struct TimerThread {
  asio::io_context timers{1};
  asio::executor_work_guard<asio::io_context::executor_type> keep_running = asio::make_work_guard(timers);
  std::jthread thread{[this] { timers.run(); }};
  ~TimerThread() {
    keep_running.reset();
    timers.stop();
  }
};

//! The course's fetch_square: returns a Future at once; a timer (threading.Timer) sets its
//! result after `delay`.
std::shared_ptr<Future> fetch(asio::io_context& timers, int id, std::chrono::milliseconds delay) {
  auto future = std::make_shared<Future>();
  auto timer = std::make_shared<asio::steady_timer>(timers, delay);
  timer->async_wait([timer, future, id](const boost::system::error_code&) { future->set_result(id); });
  return future;
}

struct Crawl {
  asio::io_context& timers;
  concbench::RequestLog& log;
  std::chrono::milliseconds delay;
  std::atomic<int> lanes_left;
  std::atomic<int> next{0};
  std::atomic<std::uint64_t> completed{0}, id_sum{0};
  std::promise<void> all_done{};
};

//! Fetches the next request; its done-callback records the result and fetches the one after.
void fetch_next(Crawl& crawl) {
  const int id = crawl.next++;
  if (id >= crawl.log.requests()) {
    if (--crawl.lanes_left == 0) crawl.all_done.set_value();
    return;
  }
  const auto due = crawl.log.due(id);
  fetch(crawl.timers, id, crawl.delay)->add_done_callback([&crawl, due](int value) {
    crawl.log.done(value, due);
    ++crawl.completed;
    crawl.id_sum += static_cast<std::uint64_t>(value);
    fetch_next(crawl);
  });
}

}  // namespace

//! Futures with done-callbacks: the caller starts `concurrency` fetches and returns to wait;
//! results arrive on the timer thread, whose callbacks keep `concurrency` requests in flight.
Runner make_future(int concurrency) {
  auto timer_thread = std::make_shared<TimerThread>();
  return [timer_thread, concurrency](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    const int lanes = std::max(1, std::min(concurrency, log.requests()));
    Crawl crawl{timer_thread->timers, log, delay, lanes};
    auto done = crawl.all_done.get_future();
    for (int lane = 0; lane < lanes; ++lane) fetch_next(crawl);
    done.wait();
    return Result{crawl.completed, crawl.id_sum};
  };
}

const bool added = models().add({.name = "future",
                                  .what = "one thread, an event loop of futures with done-callbacks, completed by timers",
                                  .make = make_future,
                                  .max_concurrency = 100'000,
                                  .max_requests = 100'000,
                                  .quick_many_in_flight = 10'000});

}  // namespace latency
