#include "workloads/common/http_client.hpp"

#include <boost/asio/redirect_error.hpp>

#include <charconv>
#include <exception>

namespace concbench {
namespace http = beast::http;

HttpServer parse_http_url(const std::string& url) {
  const std::string scheme = "http://";
  std::string rest = url.rfind(scheme, 0) == 0 ? url.substr(scheme.size()) : "";
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  const auto colon = rest.rfind(':');
  unsigned port = 0;
  const char* digits = colon == std::string::npos ? nullptr : rest.data() + colon + 1;
  if (colon == std::string::npos || colon == 0 || rest.find('/') != std::string::npos ||
      std::from_chars(digits, rest.data() + rest.size(), port).ptr != rest.data() + rest.size() || port == 0 || port > 65535)
    throw std::invalid_argument("'" + url + "' is not an http://HOST:PORT address");
  return {rest.substr(0, colon), static_cast<std::uint16_t>(port)};
}

HttpReply http_get(const HttpServer& server, const std::string& target, std::chrono::milliseconds timeout) {
  asio::io_context io(1);
  HttpConnection connection(io.get_executor(), server, timeout);
  HttpReply reply;
  std::exception_ptr failure;
  asio::co_spawn(io, connection.get(target), [&](std::exception_ptr error, HttpReply answer) {
    failure = error;
    reply = std::move(answer);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return reply;
}

HttpConnection::HttpConnection(const asio::any_io_executor& executor, HttpServer server, std::chrono::milliseconds timeout)
    : server_(std::move(server)), timeout_(timeout), stream_(executor) {}

asio::awaitable<HttpReply> HttpConnection::get(std::string target) {
  const bool reused = stream_.socket().is_open();
  try {
    co_return co_await try_get(target);
  } catch (const boost::system::system_error& error) {
    // A kept-alive connection the server has just closed fails on first use: retry once, fresh.
    if (!reused || error.code() == beast::error::timeout)
      throw HttpError("GET " + server_.url() + target + ": " + error.code().message());
  }
  stream_.close();
  try {
    co_return co_await try_get(target);
  } catch (const boost::system::system_error& error) {
    throw HttpError("GET " + server_.url() + target + ": " + error.code().message());
  }
}

asio::awaitable<HttpReply> HttpConnection::try_get(const std::string& target) {
  if (!stream_.socket().is_open()) {
    buffer_.clear();
    stream_.expires_after(timeout_);
    co_await stream_.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address(server_.host), server_.port),
                                   asio::use_awaitable);
  }
  // The request written by hand into a buffer the connection keeps: Beast's request message
  // and serializer cost a field allocation and a few microseconds per GET (perf, C10k).
  request_.assign("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(server_.host).append("\r\n\r\n");
  stream_.expires_after(timeout_);
  co_await asio::async_write(stream_, asio::buffer(request_), asio::use_awaitable);
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 16);
  co_await http::async_read(stream_, buffer_, parser, asio::use_awaitable);
  auto response = parser.release();
  if (!response.keep_alive()) stream_.close();
  co_return HttpReply{response.result_int(), std::move(response.body())};
}

void check_delay_reply(const HttpReply& reply, const std::string& target) {
  if (reply.status != 200 || reply.body != ".")
    throw std::runtime_error("GET " + target + " answered " + std::to_string(reply.status) + " '" +
                             reply.body.substr(0, 80) + "', expected 200 '.'");
}

std::string delay_target(const std::string& name, int delay_ms, std::uint64_t random) {
  std::string suffix(10, 'a');
  for (auto& letter : suffix) {
    random = random * 6364136223846793005ull + 1442695040888963407ull;  // Knuth's MMIX LCG
    letter = static_cast<char>('a' + (random >> 33) % 26);
  }
  return "/add?name=" + name + "&delay=" + std::to_string(delay_ms) + "&" + suffix;
}

}  // namespace concbench
