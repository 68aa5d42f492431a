#include <algorithm>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "workloads/common/fiber_asio.hpp"
#include "workloads/http/http.hpp"

namespace crawl {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using concbench::use_fiber;

//! One keep-alive connection for one fiber, written as blocking calls: each call suspends only
//! its fiber. The same rules as the coroutines' HttpConnection: every step has the timeout, and
//! a kept-alive connection the server has just closed is retried once, fresh.
class FiberConnection {
 public:
  FiberConnection(asio::io_context& io, concbench::HttpServer server) : server_(std::move(server)), stream_(io) {}

  concbench::HttpReply get(const std::string& target) {
    const bool reused = stream_.socket().is_open();
    try {
      return try_get(target);
    } catch (const boost::system::system_error& error) {
      if (!reused || error.code() == beast::error::timeout) throw failed(target, error);
    }
    stream_.close();
    try {
      return try_get(target);
    } catch (const boost::system::system_error& error) {
      throw failed(target, error);
    }
  }

 private:
  concbench::HttpReply try_get(const std::string& target) {
    if (!stream_.socket().is_open()) {
      buffer_.clear();
      stream_.expires_after(concbench::http_timeout);
      stream_.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address(server_.host), server_.port), use_fiber);
    }
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, server_.host);
    request.keep_alive(true);
    stream_.expires_after(concbench::http_timeout);
    http::async_write(stream_, request, use_fiber);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 16);
    http::async_read(stream_, buffer_, parser, use_fiber);
    auto response = parser.release();
    if (!response.keep_alive()) stream_.close();
    return {response.result_int(), std::move(response.body())};
  }

  concbench::HttpError failed(const std::string& target, const boost::system::system_error& error) const {
    return concbench::HttpError("GET " + server_.url() + target + ": " + error.code().message());
  }

  concbench::HttpServer server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

struct Crawl {
  int delay_ms = 0;
  concbench::RequestLog* log = nullptr;
  std::uint64_t salt = 0;
  boost::fibers::promise<std::uint64_t> good;
};

//! The crawler's own thread: an io_context, the fiber scheduler that runs it, one connection
//! per lane. Its main fiber takes crawls off a channel and runs each in `concurrency` fibers.
class FiberClient {
 public:
  FiberClient(const concbench::HttpServer& server, int concurrency) : thread_([this, server, concurrency] { serve(server, concurrency); }) {}
  ~FiberClient() {
    crawls_.close();
    thread_.join();
  }

  std::uint64_t crawl(int delay_ms, concbench::RequestLog& log) {
    Crawl crawl{delay_ms, &log, fresh_salt(), {}};
    auto good = crawl.good.get_future();
    crawls_.push(std::move(crawl));
    return good.get();  // every step of every GET has a timeout, so this returns or throws
  }

 private:
  void serve(const concbench::HttpServer& server, int concurrency) {
    boost::fibers::use_scheduling_algorithm<concbench::AsioScheduler>(io_);
    std::deque<FiberConnection> connections;
    for (int lane = 0; lane < concurrency; ++lane) connections.emplace_back(io_, server);
    for (Crawl crawl; crawls_.pop(crawl) == boost::fibers::channel_op_status::success;) {
      try {
        crawl.good.set_value(run(connections, crawl));
      } catch (...) {
        crawl.good.set_exception(std::current_exception());
      }
    }
  }

  //! `lanes` fibers, each GETting the next request on its connection until none is left (and
  //! sleeping until a request is due in an open loop); the first failure stops the others and
  //! is rethrown.
  static std::uint64_t run(std::deque<FiberConnection>& connections, const Crawl& crawl) {
    auto& log = *crawl.log;
    int next = 0;
    std::uint64_t good = 0;
    std::exception_ptr failure;
    std::vector<boost::fibers::fiber> lanes;
    for (std::size_t lane = 0; lane < std::min<std::size_t>(connections.size(), static_cast<std::size_t>(log.requests())); ++lane)
      lanes.emplace_back([&, &connection = connections[lane]] {
        try {
          for (int id; (id = next++) < log.requests();) {
            const auto due = log.due(id);
            if (due > concbench::RequestClock::now()) boost::this_fiber::sleep_until(due);  // else it would still switch
            const auto target = concbench::delay_target("fiber", crawl.delay_ms, crawl.salt + static_cast<std::uint64_t>(id));
            concbench::check_delay_reply(connection.get(target), target);
            log.done(id, due);
            ++good;
          }
        } catch (...) {
          if (!failure) failure = std::current_exception();
          next = log.requests();
        }
      });
    for (auto& lane : lanes) lane.join();
    if (failure) std::rethrow_exception(failure);
    return good;
  }

  asio::io_context io_{1};
  boost::fibers::buffered_channel<Crawl> crawls_{2};
  std::thread thread_;
};

}  // namespace

//! gevent with monkey-patched sockets: `concurrency` fibers on one thread, each doing Beast GETs
//! that read as blocking calls on its own keep-alive connection, while a fiber scheduler runs
//! the Asio io_context beneath (workloads/common/fiber_asio.hpp). The thread and its connections
//! are set up once, as the async model's are.
Runner make_fiber(const concbench::HttpServer& server, int concurrency) {
  auto client = std::make_shared<FiberClient>(server, concurrency);
  Runner crawl_all = [client](int delay_ms, concbench::RequestLog& log) { return client->crawl(delay_ms, log); };
  concbench::RequestLog opening(concurrency);
  crawl_all(0, opening);
  return crawl_all;
}

const bool added = models().add({.name = "fiber",
                                  .what = "Boost.Fiber on one thread over an Asio io_context, blocking-style Beast GETs, a keep-alive connection each (gevent)",
                                  .make = make_fiber,
                                  .open_loop = true,
                                  .big_concurrency = 10'000});

}  // namespace crawl
