#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

struct Crawl {
  int next = 0;
  int requests;
  std::chrono::milliseconds delay;
  Result result;
};

//! Starts the next request on `timer`; its completion callback records it and starts the one
//! after — the event loop as a queue of callables, each re-queuing the next step.
void start_next(Crawl& crawl, asio::steady_timer& timer) {
  const int id = crawl.next++;
  if (id >= crawl.requests) return;
  timer.expires_after(crawl.delay);
  timer.async_wait([&crawl, &timer, id](const boost::system::error_code& error) {
    if (error) throw std::runtime_error("timer failed: " + error.message());
    ++crawl.result.completed;
    crawl.result.id_sum += static_cast<std::uint64_t>(id);
    start_next(crawl, timer);
  });
}

}  // namespace

//! The async model without coroutines: one io_context thread, `concurrency` timers, each driven
//! by completion callbacks (the reactor style of twisted).
Runner make_callback(int concurrency) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop, concurrency](int requests, std::chrono::milliseconds delay) {
    Crawl crawl{0, requests, delay, {}};
    std::vector<asio::steady_timer> timers;
    timers.reserve(static_cast<std::size_t>(std::min(concurrency, requests)));
    for (int lane = 0; lane < std::min(concurrency, requests); ++lane) start_next(crawl, timers.emplace_back(*loop));
    loop->restart();
    loop->run();
    return crawl.result;
  };
}

const bool added = models().add({.name = "callback",
                                  .what = "one thread, an Asio io_context, timers whose completion callbacks start the next request",
                                  .make = make_callback,
                                  .max_concurrency = 100'000,
                                  .max_requests = 100'000,
                                  .quick_many_in_flight = 10'000});

}  // namespace latency
