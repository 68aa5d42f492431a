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

//! One of `concurrency` coroutines: GETs the next request on its connection until none is left.
asio::awaitable<void> crawl_lane(concbench::HttpConnection& connection, int& next, int requests, int delay_ms,
                                 std::uint64_t salt, std::uint64_t& good) {
  for (int id; (id = next++) < requests;) {
    const auto target = concbench::delay_target("async", delay_ms, salt + static_cast<std::uint64_t>(id));
    concbench::check_delay_reply(co_await connection.get(target), target);
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
  Runner crawl_all = [client](int requests, int delay_ms) {
    const auto salt = fresh_salt();
    int next = 0;
    std::uint64_t good = 0;
    const auto lanes = std::min<std::size_t>(client->connections.size(), static_cast<std::size_t>(requests));
    for (std::size_t lane = 0; lane < lanes; ++lane)
      asio::co_spawn(client->loop, crawl_lane(client->connections[lane], next, requests, delay_ms, salt, good),
                     [](std::exception_ptr error) {
                       if (error) std::rethrow_exception(error);
                     });
    client->loop.restart();
    client->loop.run();
    return good;
  };
  crawl_all(concurrency, 0);
  return crawl_all;
}

const bool added = models().add({.name = "async",
                                  .what = "coroutines on one Asio io_context, one keep-alive connection each (aiohttp)",
                                  .make = make_async,
                                  .throughput_sweep = true});

}  // namespace crawl
