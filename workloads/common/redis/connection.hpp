#pragma once
// One blocking hiredis connection with timeouts, and the redis:// URLs that name a server.
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

//! A server as a URL names it: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], or HOST:PORT
//! (the database number is ignored; user and password may be %-encoded).
struct Address {
  std::string host;
  int port = 6379;
  std::string user;      // empty: AUTH PASSWORD alone (the default user)
  std::string password;  // empty: no AUTH
  //! HOST:PORT, what error messages name: never the password.
  std::string where() const { return host + ":" + std::to_string(port); }
};

//! Throws RedisError with one line saying what is wrong; the line shows the URL with its
//! password replaced by ***.
Address parse_url(const std::string& url);

//! One blocking hiredis connection. Connecting, AUTH (when the URL has a password) and every
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

  //! HOST:PORT of the server.
  const std::string& where() const { return where_; }

 private:
  void* run(const std::vector<std::string>& args);  // a redisReply*, errors thrown
  void authenticate(const Address& address);

  redisContext* context_ = nullptr;
  std::string where_;
  std::chrono::milliseconds timeout_;
};

}  // namespace concbench::redis
