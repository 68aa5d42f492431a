#pragma once
// One blocking hiredis connection with timeouts, to a server named by redis://HOST:PORT.
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct redisContext;

namespace concbench::redis {

//! The server cannot be reached, did not answer within the timeout, or answered with an error.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! One blocking hiredis connection to redis://HOST:PORT (or HOST:PORT). Connecting and every
//! command are bounded by `timeout` (redisConnectWithTimeout, redisSetTimeout), so a dead or
//! silent server is a RedisError, never a hang; the connection is unusable after one.
class Connection {
 public:
  explicit Connection(const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  //! Runs one command. Nil is nullopt; an integer comes back as its decimal text, a string or
  //! status as itself, an array as its last element (BLPOP's value).
  std::optional<std::string> command(const std::vector<std::string>& args);
  //! A command the server may hold for up to `block` (BLMOVE, BLPOP): the I/O timeout grows
  //! by that much for this one call.
  std::optional<std::string> blocking(const std::vector<std::string>& args, std::chrono::milliseconds block);
  //! A command whose reply is an array of strings (SMEMBERS, LRANGE).
  std::vector<std::string> strings(const std::vector<std::string>& args);

  const std::string& url() const { return url_; }

 private:
  void* run(const std::vector<std::string>& args);  // a redisReply*, errors thrown

  redisContext* context_ = nullptr;
  std::string url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace concbench::redis
