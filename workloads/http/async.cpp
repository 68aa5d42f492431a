#include <algorithm>
#include <deque>
#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/http/http.hpp"

namespace crawl {
namespace {

struct Client {
  asio::io_context loop{1};
  std::deque<concbench::HttpConnection> connections;  // one keep-alive connection per lane
};

//! One of `concurrency` coroutines: GETs the next request on its connection until none is left,
//! first waiting on a timer for a request the open loop's schedule has not reached yet.
asio::awaitable<void> crawl_lane(concbench::HttpConnection& connection, int& next, int delay_ms, std::uint64_t salt,
                                 concbench::RequestLog& log, std::uint64_t& good) {
  asio::steady_timer early(co_await asio::this_coro::executor);
  for (int id; (id = next++) < log.requests();) {
    const auto due = log.due(id);
    if (due > concbench::RequestClock::now()) {
      early.expires_at(due);
      co_await early.async_wait(asio::use_awaitable);
    }
    const auto target = concbench::delay_target("async", delay_ms, salt + static_cast<std::uint64_t>(id));
    concbench::check_delay_reply(co_await connection.get(target), target);
    log.done(id, due);
    ++good;
  }
}

}  // namespace

//! Beast client coroutines on one io_context thread, `concurrency` of them, each with a
//! keep-alive connection kept between calls (aiohttp: a ClientSession and a semaphore). The
//! connections are opened during set-up, as a pool's threads are started then.
Runner make_async(const concbench::HttpServer& server, int concurrency) {
  auto client = std::make_shared<Client>();
  for (int lane = 0; lane < concurrency; ++lane) client->connections.emplace_back(client->loop.get_executor(), server);
  Runner crawl_all = [client](int delay_ms, concbench::RequestLog& log) {
    const auto salt = fresh_salt();
    int next = 0;
    std::uint64_t good = 0;
    const auto lanes = std::min<std::size_t>(client->connections.size(), static_cast<std::size_t>(log.requests()));
    for (std::size_t lane = 0; lane < lanes; ++lane)
      asio::co_spawn(client->loop, crawl_lane(client->connections[lane], next, delay_ms, salt, log, good),
                     [](std::exception_ptr error) {
                       if (error) std::rethrow_exception(error);
                     });
    client->loop.restart();
    client->loop.run();
    return good;
  };
  concbench::RequestLog opening(concurrency);
  crawl_all(0, opening);
  return crawl_all;
}

const bool added = models().add({.name = "async",
                                  .what = "coroutines on one Asio io_context, one keep-alive connection each (aiohttp)",
                                  .make = make_async,
                                  .throughput_sweep = true,
                                  .open_loop = true,
                                  .quick_rates = {10'000, 40'000, 60'000},
                                  .big_concurrency = 10'000});

}  // namespace crawl
