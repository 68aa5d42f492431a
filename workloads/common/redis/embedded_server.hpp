#pragma once
// A redis-server of our own, for when the user names none.
#include <sys/types.h>

#include <string>

#include "workloads/common/child_process.hpp"

namespace concbench::redis {

//! A redis-server of our own: 127.0.0.1, a free ephemeral port (redis-server has no --port 0),
//! no persistence, a temporary directory; started and answering PING (or a RedisError) when
//! the constructor returns, stopped and its directory removed by the destructor. With a
//! `password` it requires AUTH (requirepass, given in a config file, not on its command line,
//! which any local user can read) and url() carries it: redis://:PASSWORD@127.0.0.1:PORT.
class EmbeddedServer {
 public:
  explicit EmbeddedServer(const std::string& password = {});
  ~EmbeddedServer();
  EmbeddedServer(const EmbeddedServer&) = delete;
  EmbeddedServer& operator=(const EmbeddedServer&) = delete;
  const std::string& url() const { return url_; }
  pid_t pid() const { return server_.pid(); }

 private:
  std::string directory_;
  std::string url_;
  Child server_;
};

//! $CONCBENCH_REDIS_URL if set, else the URL of one EmbeddedServer per process, started on
//! first use and stopped at exit.
std::string server_url();

}  // namespace concbench::redis
