#include "workloads/common/redis/connection.hpp"

#include <hiredis/hiredis.h>

#include <memory>

namespace concbench::redis {
namespace {

using std::chrono::milliseconds;

timeval to_timeval(milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

struct Address {
  std::string host;
  int port = 6379;
};

//! redis://HOST:PORT[/DB] or HOST:PORT; no password or database selection.
Address parse_url(const std::string& url) {
  std::string rest = url.rfind("redis://", 0) == 0 ? url.substr(8) : url;
  rest = rest.substr(0, rest.find('/'));
  if (rest.find('@') != std::string::npos) throw RedisError("redis URL '" + url + "': passwords are not supported");
  Address address;
  const auto colon = rest.rfind(':');
  address.host = rest.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
        (address.port = std::stoi(port)) == 0 || address.port > 65535)
      throw RedisError("redis URL '" + url + "': bad port '" + port + "'");
  }
  if (address.host.empty()) throw RedisError("redis URL '" + url + "': no host (expected redis://HOST:PORT)");
  return address;
}

using Reply = std::unique_ptr<redisReply, void (*)(void*)>;

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

std::string milliseconds_text(milliseconds ms) { return std::to_string(ms.count()); }

}  // namespace

Connection::Connection(const std::string& url, milliseconds timeout) : url_(url), timeout_(timeout) {
  const Address address = parse_url(url);
  context_ = redisConnectWithTimeout(address.host.c_str(), address.port, to_timeval(timeout));
  if (context_ == nullptr) throw RedisError("cannot connect to redis at " + url + ": out of memory");
  if (context_->err) {
    const std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    throw RedisError("cannot connect to redis at " + url + " within " + milliseconds_text(timeout) + " ms: " + why);
  }
  redisSetTimeout(context_, to_timeval(timeout));
  try {
    command({"PING"});  // a listener that is not an answering Redis fails here, not later
  } catch (...) {
    redisFree(context_);  // no destructor runs for a constructor that throws
    throw;
  }
}

Connection::~Connection() {
  if (context_) redisFree(context_);
}

void* Connection::run(const std::vector<std::string>& args) {
  if (context_ == nullptr || context_->err)
    throw RedisError("redis connection to " + url_ + " is unusable after an earlier error");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& arg : args) argv.push_back(arg.data()), lengths.push_back(arg.size());
  auto* reply = static_cast<redisReply*>(redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (reply == nullptr) {
    std::string why = context_->errstr;
    if (why.find("temporarily unavailable") != std::string::npos) why = "no answer within the timeout";
    throw RedisError("redis at " + url_ + ": " + args.front() + " failed: " + why);
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    const std::string why(reply->str, reply->len);
    freeReplyObject(reply);
    throw RedisError("redis at " + url_ + ": " + args.front() + ": " + why);
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
