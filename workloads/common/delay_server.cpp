#include "workloads/common/delay_server.hpp"

#include <sys/resource.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "workloads/common/http_client.hpp"

namespace concbench {
namespace {

namespace http = beast::http;
using Response = http::response<http::string_body>;

//! What /add was asked for: a delay, or why the request is refused.
struct Verdict {
  http::status status = http::status::ok;
  std::chrono::milliseconds delay{0};
  std::string body = ".";
};

//! A delay is 1-9 decimal digits, nothing else (no sign, no spaces), and at most the cap.
std::optional<std::chrono::milliseconds> parse_delay(std::string_view text, std::chrono::milliseconds cap) {
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const std::chrono::milliseconds delay{std::stol(std::string(text))};
  if (delay > cap) return std::nullopt;
  return delay;
}

Verdict route(const http::request<http::string_body>& request, const DelayServerOptions& options) {
  if (request.method() != http::verb::get) return {http::status::method_not_allowed, {}, "only GET\n"};
  const std::string_view target(request.target().data(), request.target().size());
  const auto question = target.find('?');
  if (target.substr(0, question) != "/add") return {http::status::not_found, {}, "no such path; try /add?delay=MS\n"};
  Verdict verdict{http::status::ok, options.default_delay, "."};
  std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.substr(0, pair.find('=')) != "delay") continue;  // name=..., the random suffix
    const auto value = pair.find('=') == std::string_view::npos ? std::string_view{} : pair.substr(pair.find('=') + 1);
    const auto delay = parse_delay(value, options.max_delay);
    if (!delay)
      return {http::status::bad_request, {},
              "delay must be a whole number of milliseconds from 0 to " + std::to_string(options.max_delay.count()) + "\n"};
    verdict.delay = *delay;
  }
  return verdict;
}

//! The parser refused the request (as opposed to the client leaving or going quiet).
bool malformed(const beast::error_code& error) {
  return error.category() == beast::error_code(http::error::bad_target).category() && error != http::error::end_of_stream &&
         error != http::error::partial_message;
}

//! The answer to a request the parser refused: the connection closes after it.
http::status refusal(const beast::error_code& error) {
  if (error == http::error::header_limit) return http::status::request_header_fields_too_large;
  if (error == http::error::body_limit) return http::status::payload_too_large;
  return http::status::bad_request;
}

asio::awaitable<void> serve(beast::tcp_stream stream, const DelayServerOptions& options) {
  beast::flat_buffer buffer(delay_server_header_limit + delay_server_body_limit);
  beast::error_code error;
  bool refused = false;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(delay_server_header_limit);
    parser.body_limit(delay_server_body_limit);
    stream.expires_after(options.idle_timeout);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, error));
    Response response;
    if (!error) {
      const auto& request = parser.get();
      auto verdict = route(request, options);
      if (verdict.delay.count() > 0) {
        asio::steady_timer timer(co_await asio::this_coro::executor, verdict.delay);
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, error));
      }
      response = Response(verdict.status, request.version());
      response.body() = std::move(verdict.body);
      response.keep_alive(request.keep_alive());
    } else if (malformed(error)) {
      response = Response(refusal(error), 11);  // malformed or oversized: say why, then close
      response.body() = error.message() + "\n";
      response.keep_alive(false);
      refused = true;
    } else {
      break;  // the client left, went idle too long, or the socket failed
    }
    response.set(http::field::server, "concbench-delay-server");
    response.set(http::field::content_type, "text/plain");
    response.prepare_payload();
    stream.expires_after(options.idle_timeout);
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
    if (error || !response.keep_alive()) break;
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, error);
  if (!refused) co_return;
  // Closing with unread bytes would reset the connection and could destroy the refusal before
  // the client reads it: read and drop what the client is still sending, for a bounded time.
  std::array<char, 4096> discard;
  stream.expires_after(std::chrono::seconds(1));
  for (std::size_t drained = 0; drained < (1 << 20);) {
    drained += co_await stream.async_read_some(asio::buffer(discard), asio::redirect_error(asio::use_awaitable, error));
    if (error) break;  // the client closed its end, or the second is up
  }
}

asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor& acceptor, const DelayServerOptions& options) {
  auto& io = static_cast<asio::io_context&>(acceptor.get_executor().context());
  for (;;) {
    beast::error_code error;
    // A connection's timer and socket may complete on two threads at once: a strand each, unless
    // one thread runs everything (the default), where a strand only costs (perf: ~5% of a GET).
    const asio::any_io_executor on = options.threads > 1 ? asio::any_io_executor(asio::make_strand(io)) : io.get_executor();
    auto socket = co_await acceptor.async_accept(on, asio::redirect_error(asio::use_awaitable, error));
    if (error == asio::error::operation_aborted) co_return;
    if (error) {  // out of descriptors, say: keep serving the connections we have, retry soon
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(20));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
      continue;
    }
    const auto executor = socket.get_executor();
    asio::co_spawn(executor, serve(beast::tcp_stream(std::move(socket)), options), asio::detached);
  }
}

}  // namespace

DelayServer::DelayServer(DelayServerOptions options)
    : options_(std::move(options)), io_(std::max(1, options_.threads)), acceptor_(io_) {
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(options_.bind), options_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(io_, accept_loop(acceptor_, options_), asio::detached);
  for (int i = 0; i < std::max(1, options_.threads); ++i) threads_.emplace_back([this] { io_.run(); });
}

DelayServer::~DelayServer() {
  io_.stop();
  threads_.clear();  // joins
}

std::string DelayServer::url() const { return "http://" + options_.bind + ":" + std::to_string(port_); }

DelayServerProcess::DelayServerProcess(const std::vector<std::string>& args)
    : child_([&] {
        std::vector<std::string> argv{tool_executable("delay_server", "CONCBENCH_DELAY_SERVER_EXE"), "--exit-with-stdin"};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
      }()) {
  const std::string line = child_.read_line(std::chrono::seconds(10));
  const auto start = line.find("http://");
  if (start == std::string::npos) throw std::runtime_error("delay_server printed '" + line + "', not its URL");
  url_ = line.substr(start, line.find(' ', start) - start);
}

const std::string& delay_server_url() {
  static std::unique_ptr<DelayServerProcess> child;
  static const std::string url = [] {
    std::string chosen;
    if (const char* given = std::getenv("CONCBENCH_DELAY_SERVER"); given && *given) {
      chosen = given;
    } else {
      child = std::make_unique<DelayServerProcess>();
      chosen = child->url();
    }
    const auto server = parse_http_url(chosen);
    try {
      check_delay_reply(http_get(server, delay_target("probe", 0, 1), std::chrono::seconds(3)), "probe");
    } catch (const std::exception& error) {
      throw std::runtime_error("no delay server answers at " + chosen + ": " + error.what());
    }
    return server.url();
  }();
  return url;
}

long raise_open_files_limit(long wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur != RLIM_INFINITY && static_cast<long>(limit.rlim_cur) < wanted) {
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? static_cast<rlim_t>(wanted)
                                                     : std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(wanted));
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur == RLIM_INFINITY ? wanted : static_cast<long>(limit.rlim_cur);
}

}  // namespace concbench
