#include "workloads/common/redis/connection.hpp"

#include <hiredis/hiredis.h>

#include <cctype>
#include <memory>

namespace concbench::redis {
namespace {

using std::chrono::milliseconds;
using Reply = std::unique_ptr<redisReply, void (*)(void*)>;

timeval to_timeval(milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

//! The URL as messages may show it: its user and password replaced by ***.
std::string redacted(const std::string& url) {
  const auto at = url.rfind('@');
  if (at == std::string::npos) return url;
  const auto scheme = url.find("://");
  const auto start = scheme == std::string::npos || scheme > at ? 0 : scheme + 3;
  return url.substr(0, start) + "***" + url.substr(at);
}

//! `text` with its %XX escapes decoded.
std::string decoded(const std::string& text, const std::string& shown_url, const char* what) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      plain += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
      throw RedisError("redis URL '" + shown_url + "': bad %-escape in the " + what);
    plain += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return plain;
}

std::optional<std::string> text(const redisReply* reply) {
  switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      return std::string(reply->str, reply->len);
    case REDIS_REPLY_INTEGER:
      return std::to_string(reply->integer);
    case REDIS_REPLY_ARRAY:
      if (reply->elements > 0) return text(reply->element[reply->elements - 1]);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

//! Why a command got no reply at all.
std::string io_failure(const redisContext* context) {
  const std::string why = context->errstr;
  return why.find("temporarily unavailable") != std::string::npos ? "no answer within the timeout" : why;
}

}  // namespace

Address parse_url(const std::string& url) {
  const std::string shown = redacted(url);
  std::string rest = url.rfind("redis://", 0) == 0 ? url.substr(8) : url;
  if (rest.find("://") != std::string::npos) throw RedisError("redis URL '" + shown + "': expected redis://HOST:PORT");
  Address address;
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    const std::string credentials = rest.substr(0, at);
    rest.erase(0, at + 1);
    const auto colon = credentials.find(':');
    if (colon == std::string::npos)
      throw RedisError("redis URL '" + shown + "': no password before '@' (expected redis://:PASSWORD@HOST:PORT or redis://USER:PASSWORD@HOST:PORT)");
    address.user = decoded(credentials.substr(0, colon), shown, "user name");
    address.password = decoded(credentials.substr(colon + 1), shown, "password");
    if (address.password.empty()) throw RedisError("redis URL '" + shown + "': empty password");
  }
  rest = rest.substr(0, rest.find('/'));
  const auto colon = rest.rfind(':');
  address.host = rest.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
        (address.port = std::stoi(port)) == 0 || address.port > 65535)
      throw RedisError("redis URL '" + shown + "': bad port '" + port + "'");
  }
  if (address.host.empty()) throw RedisError("redis URL '" + shown + "': no host (expected redis://HOST:PORT)");
  return address;
}

Connection::Connection(const std::string& url, milliseconds timeout) : timeout_(timeout) {
  const Address address = parse_url(url);
  where_ = address.where();
  context_ = redisConnectWithTimeout(address.host.c_str(), address.port, to_timeval(timeout));
  if (context_ == nullptr) throw RedisError("cannot connect to redis at " + where_ + ": out of memory");
  if (context_->err) {
    const std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    throw RedisError("cannot connect to redis at " + where_ + " within " + std::to_string(timeout.count()) + " ms: " + why);
  }
  redisSetTimeout(context_, to_timeval(timeout));
  try {
    if (!address.password.empty()) authenticate(address);
    command({"PING"});  // a listener that is not an answering Redis fails here, not later
  } catch (...) {
    redisFree(context_);  // no destructor runs for a constructor that throws
    throw;
  }
}

Connection::~Connection() {
  if (context_) redisFree(context_);
}

void Connection::authenticate(const Address& address) {
  // %b, not %s: the password goes as the bytes it is, whatever they are.
  auto* reply = static_cast<redisReply*>(
      address.user.empty()
          ? redisCommand(context_, "AUTH %b", address.password.data(), address.password.size())
          : redisCommand(context_, "AUTH %b %b", address.user.data(), address.user.size(), address.password.data(),
                         address.password.size()));
  if (reply == nullptr) throw RedisError("redis at " + where_ + ": AUTH failed: " + io_failure(context_));
  const Reply owned(reply, freeReplyObject);
  if (reply->type == REDIS_REPLY_ERROR)
    throw RedisError("redis at " + where_ + " refused the password" + (address.user.empty() ? "" : " of user '" + address.user + "'") +
                     ": " + std::string(reply->str, reply->len));
}

void* Connection::run(const std::vector<std::string>& args) {
  if (context_ == nullptr || context_->err)
    throw RedisError("redis connection to " + where_ + " is unusable after an earlier error");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& arg : args) argv.push_back(arg.data()), lengths.push_back(arg.size());
  auto* reply = static_cast<redisReply*>(redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (reply == nullptr) throw RedisError("redis at " + where_ + ": " + args.front() + " failed: " + io_failure(context_));
  if (reply->type == REDIS_REPLY_ERROR) {
    const std::string why(reply->str, reply->len);
    freeReplyObject(reply);
    if (why.rfind("NOAUTH", 0) == 0)
      throw RedisError("redis at " + where_ + " wants a password: give it in the URL, redis://:PASSWORD@" + where_);
    throw RedisError("redis at " + where_ + ": " + args.front() + ": " + why);
  }
  return reply;
}

std::optional<std::string> Connection::command(const std::vector<std::string>& args) {
  const Reply reply(static_cast<redisReply*>(run(args)), freeReplyObject);
  return text(reply.get());
}

std::optional<std::string> Connection::blocking(const std::vector<std::string>& args, milliseconds block) {
  redisSetTimeout(context_, to_timeval(timeout_ + block));
  auto value = command(args);
  redisSetTimeout(context_, to_timeval(timeout_));
  return value;
}

std::vector<std::string> Connection::strings(const std::vector<std::string>& args) {
  const Reply reply(static_cast<redisReply*>(run(args)), freeReplyObject);
  std::vector<std::string> values;
  if (reply->type == REDIS_REPLY_ARRAY)
    for (std::size_t i = 0; i < reply->elements; ++i)
      if (auto value = text(reply->element[i])) values.push_back(std::move(*value));
  return values;
}

}  // namespace concbench::redis
