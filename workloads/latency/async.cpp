#include <algorithm>
#include <coroutine>
#include <deque>
#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

// A timer bound to the io_context's own executor type rather than any_io_executor: Asio then
// completes each wait without going through the type-erased executor.
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>,
                                         asio::io_context::executor_type>;

struct Crawl {
  int next = 0;
  Result result;
  std::exception_ptr error;  // the first lane that failed
};

//! A lane of requests as a C++20 coroutine that starts at once and frees its frame when it
//! returns. Asio 1.74's own coroutine type, asio::awaitable, allocates a frame for every
//! co_await of an operation and resumes through its awaitable_thread: measured here, 670 ns of
//! CPU per timer wait against 280 ns for a completion callback on the same timer, which capped
//! 10,000 waits of 10 ms at an efficiency of 0.53. This coroutine awaits the timer directly
//! (TimerWait): its frame is allocated once per lane and call, and a wait costs what the
//! callback costs plus a resume.
struct Lane {
  struct promise_type {
    Crawl& crawl;
    template <class... Rest>
    explicit promise_type(Crawl& crawl, Rest&&...) : crawl(crawl) {}
    Lane get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {
      if (!crawl.error) crawl.error = std::current_exception();
    }
  };
};

//! co_await TimerWait{timer}: suspends the lane until the timer expires; a failed wait throws.
struct TimerWait {
  Timer& timer;
  boost::system::error_code error{};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> lane) {
    timer.async_wait([this, lane](const boost::system::error_code& failed) {
      error = failed;
      lane.resume();
    });
  }
  void await_resume() const {
    if (error) throw boost::system::system_error(error, "timer wait");
  }
};

//! One of `concurrency` lanes: takes the next request id, waits until it is due (open loop),
//! awaits its delay on the lane's timer, records it, repeats.
Lane lane(Crawl& crawl, Timer& timer, std::chrono::milliseconds delay, concbench::RequestLog& log) {
  for (int id; (id = crawl.next++) < log.requests();) {
    const auto due = log.due(id);
    if (log.open_loop() && due > std::chrono::steady_clock::now()) {
      timer.expires_at(due);
      co_await TimerWait{timer};
    }
    // A closed loop's request is due now: one clock read for both (clock_gettime was a ninth of the CPU).
    if (log.open_loop()) timer.expires_after(delay);
    else timer.expires_at(due + delay);
    co_await TimerWait{timer};
    log.done(id, due);
    ++crawl.result.completed;
    crawl.result.id_sum += static_cast<std::uint64_t>(id);
  }
}

struct Loop {
  // One thread runs this loop and no other touches it: Asio may drop its locks (a tenth of the
  // CPU of 10,000 timer waits was pthread_mutex_lock and unlock).
  asio::io_context context{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
  std::deque<Timer> timers;  // one per lane, kept between calls
};

}  // namespace

//! One thread, one io_context, `concurrency` coroutines each awaiting a steady_timer per request
//! (asyncio: workers that `await asyncio.sleep(L)`): every wait overlaps, no thread blocks. The
//! lanes' timers are made in set-up and reused by every call.
Runner make_async(int concurrency) {
  auto loop = std::make_shared<Loop>();
  for (int i = 0; i < concurrency; ++i) loop->timers.emplace_back(loop->context.get_executor());
  return [loop](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    Crawl crawl;
    const auto lanes = std::min<std::size_t>(loop->timers.size(), static_cast<std::size_t>(log.requests()));
    loop->context.restart();
    // The lanes start inside the loop, as co_spawn would start them: each runs to its first wait.
    asio::post(loop->context, [&] {
      for (std::size_t i = 0; i < lanes; ++i) lane(crawl, loop->timers[i], delay, log);
    });
    loop->context.run();
    if (crawl.error) std::rethrow_exception(crawl.error);
    return crawl.result;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "one thread, an Asio io_context, a C++20 coroutine and steady_timer per request in flight",
                                  .make = make_async,
                                  .max_concurrency = 100'000,
                                  .max_requests = 100'000,
                                  .quick_many_in_flight = 10'000,
                                  .open_loop = true,
                                  .quick_open_loop = true});

}  // namespace latency
