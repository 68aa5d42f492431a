#pragma once
// The HTTP/1.1 client side of the http and mixed workloads, on Boost.Beast: a blocking GET for
// the thread and process models, a keep-alive connection for coroutines.
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "workloads/common/asio.hpp"

namespace concbench {

namespace beast = boost::beast;

//! A request that got no answer: cannot connect, timed out, connection broken, not HTTP.
class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Where a server listens, from "http://HOST:PORT" (a trailing "/" allowed).
struct HttpServer {
  std::string host;
  std::uint16_t port = 0;
  std::string url() const { return "http://" + host + ":" + std::to_string(port); }
};
HttpServer parse_http_url(const std::string& url);  // throws std::invalid_argument

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

//! Longest any one request may take (connect, send, answer) before it is an HttpError.
inline constexpr std::chrono::milliseconds http_timeout{10'000};

//! GET `target` on a new connection, waiting for the reply (urllib.request.urlopen). Asio's
//! synchronous calls cannot time out, so it uses a plain non-blocking socket and poll() with
//! what is left of `timeout`, as Python's sockets do: one descriptor per GET in flight.
HttpReply http_get(const HttpServer& server, const std::string& target, std::chrono::milliseconds timeout = http_timeout);

//! One keep-alive connection for coroutines (an aiohttp session of one connection): GETs run
//! one after another on it; it connects on first use and again when the server closes it.
class HttpConnection {
 public:
  HttpConnection(const asio::any_io_executor& executor, HttpServer server, std::chrono::milliseconds timeout = http_timeout);
  asio::awaitable<HttpReply> get(std::string target);

 private:
  asio::awaitable<HttpReply> try_get(const std::string& target);
  HttpServer server_;
  std::chrono::milliseconds timeout_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string request_;  // the GET being sent, reused
};

//! Throws std::runtime_error unless the delay server answered 200 with the body ".".
void check_delay_reply(const HttpReply& reply, const std::string& target);

//! "/add?name=<name>&delay=<ms>&<10 random letters>": the course's crawler URL; the random
//! suffix (from `random`, any 64-bit value) defeats caching.
std::string delay_target(const std::string& name, int delay_ms, std::uint64_t random);

}  // namespace concbench
