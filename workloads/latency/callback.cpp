#include <algorithm>
#include <deque>
#include <memory>
#include <stdexcept>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

using Timer = concbench::LoopTimer;

struct Crawl {
  int next = 0;
  std::chrono::milliseconds delay;
  concbench::RequestLog& log;
  Result result;
};

void start_next(Crawl& crawl, Timer& timer);

//! Request `id`'s wait, from now; its completion records it and starts the request after.
void wait_for(Crawl& crawl, Timer& timer, int id, concbench::RequestClock::time_point due) {
  if (crawl.log.open_loop()) timer.expires_after(crawl.delay);
  else timer.expires_at(due + crawl.delay);  // a closed loop's request is due now: one clock read
  timer.async_wait([&crawl, &timer, id, due](const boost::system::error_code& error) {
    if (error) throw std::runtime_error("timer failed: " + error.message());
    crawl.log.done(id, due);
    ++crawl.result.completed;
    crawl.result.id_sum += static_cast<std::uint64_t>(id);
    start_next(crawl, timer);
  });
}

//! Starts the next request on `timer` (in the open loop, once it is due) — the event loop as a
//! queue of callables, each re-queuing the next step.
void start_next(Crawl& crawl, Timer& timer) {
  const int id = crawl.next++;
  if (id >= crawl.log.requests()) return;
  const auto due = crawl.log.due(id);
  if (!crawl.log.open_loop() || due <= std::chrono::steady_clock::now()) return wait_for(crawl, timer, id, due);
  timer.expires_at(due);
  timer.async_wait([&crawl, &timer, id, due](const boost::system::error_code& error) {
    if (error) throw std::runtime_error("timer failed: " + error.message());
    wait_for(crawl, timer, id, due);
  });
}

struct Loop {
  // One thread runs this loop and no other touches it: Asio may drop its locks (a tenth of the
  // CPU of 10,000 timer waits was pthread_mutex_lock and unlock).
  asio::io_context context{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
  std::deque<Timer> timers;  // one per lane, kept between calls
};

}  // namespace

//! The async model without coroutines: one io_context thread, `concurrency` timers, each driven
//! by completion callbacks (the reactor style of twisted).
Runner make_callback(int concurrency) {
  auto loop = std::make_shared<Loop>();
  for (int i = 0; i < concurrency; ++i) loop->timers.emplace_back(loop->context.get_executor());
  return [loop](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    Crawl crawl{0, delay, log, {}};
    const auto lanes = std::min<std::size_t>(loop->timers.size(), static_cast<std::size_t>(log.requests()));
    loop->context.restart();
    asio::post(loop->context, [&] {
      for (std::size_t i = 0; i < lanes; ++i) start_next(crawl, loop->timers[i]);
    });
    loop->context.run();
    return crawl.result;
  };
}

const bool added = models().add({.name = "callback",
                                  .what = "one thread, an Asio io_context, timers whose completion callbacks start the next request",
                                  .make = make_callback,
                                  .max_concurrency = 100'000,
                                  .max_requests = 100'000,
                                  .quick_many_in_flight = 10'000,
                                  .open_loop = true});

}  // namespace latency
