#pragma once
// Boost.Fiber on an Asio io_context: a scheduling algorithm that runs the io_context while no
// fiber is ready, and a completion token that makes an asynchronous operation look blocking
// to the fiber that starts it — Boost.Fiber's examples/asio (round_robin.hpp, yield.hpp), which
// are examples and not installed headers, in a small equivalent of our own. Include it only
// from fiber*.cpp files: CMake compiles those only where Boost.Fiber is installed.
#include "workloads/common/asio.hpp"

#include <boost/fiber/all.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <exception>
#include <utility>

namespace concbench {

//! Fibers on one thread that also runs `io`: ready fibers run in turn (round robin), and when
//! none is ready the thread waits inside the io_context — until the next sleeping fiber is due
//! or a completion handler runs, which makes the fiber waiting for it ready. The example's
//! round_robin drives the fibers from a handler of the io_context's loop instead; waiting in
//! suspend_until needs no helper handler, condition variable or timer. Install it once, first
//! thing on a thread of its own: boost::fibers::use_scheduling_algorithm<AsioScheduler>(io).
class AsioScheduler final : public boost::fibers::algo::algorithm {
 public:
  explicit AsioScheduler(asio::io_context& io) : io_(io), keep_running_(asio::make_work_guard(io)) {}

  void awakened(boost::fibers::context* ready) noexcept override { ready->ready_link(ready_); }

  boost::fibers::context* pick_next() noexcept override {
    if (ready_.empty()) return nullptr;
    boost::fibers::context* next = &ready_.front();
    ready_.pop_front();
    return next;
  }

  bool has_ready_fibers() const noexcept override { return !ready_.empty(); }

  //! No fiber is ready: run one handler (waiting for it, but not past `until`, when a fiber
  //! sleeps), then every handler that is ready too. Handlers only complete promises, so they
  //! do not throw; the work guard keeps run_one from returning at once for want of work.
  void suspend_until(const std::chrono::steady_clock::time_point& until) noexcept override {
    if (until == std::chrono::steady_clock::time_point::max())
      io_.run_one();
    else
      io_.run_one_until(until);
    io_.poll();
  }

  //! A fiber of this thread was made ready by another thread: end the wait in run_one.
  void notify() noexcept override { asio::post(io_, [] {}); }

 private:
  asio::io_context& io_;
  asio::executor_work_guard<asio::io_context::executor_type> keep_running_;
  boost::fibers::scheduler::ready_queue_type ready_;
};

//! The completion token `use_fiber`: `stream.async_read_some(buffer, use_fiber)` suspends only
//! the calling fiber (the thread runs other fibers and the io_context meanwhile) and returns the
//! operation's result, or throws boost::system::system_error — blocking-style code on
//! asynchronous I/O, gevent's monkey-patched sockets in C++. Only under AsioScheduler, on the
//! thread that runs the operation's io_context.
struct use_fiber_t {};
inline constexpr use_fiber_t use_fiber{};

namespace detail {
template <class... Values>
struct OneValue {
  using type = void;
};
template <class Value>
struct OneValue<Value> {
  using type = Value;
};
}  // namespace detail

}  // namespace concbench

namespace boost::asio {

//! How Asio turns use_fiber into a handler: the handler keeps a fiber promise, and the
//! initiating fiber waits on its future.
template <class... Values>
class async_result<concbench::use_fiber_t, void(boost::system::error_code, Values...)> {
  static_assert(sizeof...(Values) <= 1, "use_fiber returns at most one value");

 public:
  using return_type = typename concbench::detail::OneValue<Values...>::type;

  struct Handler {
    boost::fibers::promise<return_type> done;
    void operator()(boost::system::error_code error, Values... values) {
      if (error)
        done.set_exception(std::make_exception_ptr(boost::system::system_error(error)));
      else
        done.set_value(std::move(values)...);
    }
  };

  template <class Initiation, class Token, class... Args>
  static return_type initiate(Initiation&& initiation, Token&&, Args&&... args) {
    Handler handler;
    auto result = handler.done.get_future();
    std::forward<Initiation>(initiation)(std::move(handler), std::forward<Args>(args)...);
    return result.get();
  }
};

}  // namespace boost::asio
