#include "workloads/common/http_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/redirect_error.hpp>

#include <algorithm>
#include <cerrno>
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

namespace {

using Clock = std::chrono::steady_clock;

//! "GET <target> HTTP/1.1" with its Host header, keep-alive (HTTP/1.1's default).
void write_get(std::string& request, const HttpServer& server, const std::string& target) {
  request.assign("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(server.host).append("\r\n\r\n");
}

//! A blocking socket whose every call gives up at one deadline, as Python's socket.settimeout
//! does it: the descriptor is non-blocking, and a call that would block waits in poll() for what
//! is left of the time. One descriptor per GET and no event loop (an io_context per GET was four:
//! epoll, eventfd, timerfd and the socket, so 10,000 threads in flight needed 40,000). A
//! SyncReadStream, for Beast's http::read.
class DeadlineSocket {
 public:
  explicit DeadlineSocket(Clock::time_point deadline) : deadline_(deadline) {}
  ~DeadlineSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  DeadlineSocket(const DeadlineSocket&) = delete;
  DeadlineSocket& operator=(const DeadlineSocket&) = delete;

  void connect(const HttpServer& server, beast::error_code& error) {
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(server.host), server.port);
    fd_ = ::socket(endpoint.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return failed(error);
    if (::connect(fd_, endpoint.data(), static_cast<socklen_t>(endpoint.size())) == 0) return;
    if (errno != EINPROGRESS) return failed(error);
    if (!wait(POLLOUT, error)) return;
    int status = 0;
    socklen_t length = sizeof status;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &status, &length);
    if (status != 0) error.assign(status, boost::system::system_category());
  }

  void write_all(const std::string& bytes, beast::error_code& error) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n >= 0) sent += static_cast<std::size_t>(n);
      else if (errno == EAGAIN || errno == EINTR) {
        if (!wait(POLLOUT, error)) return;
      } else return failed(error);
    }
  }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, beast::error_code& error) {
    const asio::mutable_buffer first = beast::buffers_front(buffers);
    for (;;) {
      const ssize_t n = ::recv(fd_, first.data(), first.size(), 0);
      if (n > 0) return static_cast<std::size_t>(n);
      if (n == 0) return error = asio::error::eof, 0;
      if (errno != EAGAIN && errno != EINTR) return failed(error), 0;
      if (!wait(POLLIN, error)) return 0;
    }
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    beast::error_code error;
    const auto n = read_some(buffers, error);
    if (error) throw boost::system::system_error(error);
    return n;
  }

 private:
  void failed(beast::error_code& error) const { error.assign(errno, boost::system::system_category()); }

  //! Waits until the socket is ready for `events` or the deadline passes (beast::error::timeout).
  bool wait(short events, beast::error_code& error) {
    for (;;) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
      if (left <= 0) return error = beast::error::timeout, false;
      pollfd ready{fd_, events, 0};
      const int n = ::poll(&ready, 1, static_cast<int>(std::min<long long>(left, 60'000)));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return failed(error), false;
    }
  }

  int fd_ = -1;
  Clock::time_point deadline_;
};

}  // namespace

HttpReply http_get(const HttpServer& server, const std::string& target, std::chrono::milliseconds timeout) {
  DeadlineSocket socket(Clock::now() + timeout);
  beast::error_code error;
  socket.connect(server, error);
  std::string request;
  if (!error) write_get(request, server, target), socket.write_all(request, error);
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 16);
  beast::flat_buffer buffer;
  if (!error) http::read(socket, buffer, parser, error);
  if (error) throw HttpError("GET " + server.url() + target + ": " + error.message());
  auto response = parser.release();
  return {response.result_int(), std::move(response.body())};
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
  write_get(request_, server_, target);
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
