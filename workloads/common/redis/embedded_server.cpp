#include "workloads/common/redis/embedded_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "workloads/common/redis/connection.hpp"

namespace concbench::redis {
namespace {

using namespace std::chrono_literals;

//! A free TCP port on 127.0.0.1: bind port 0, read what the kernel chose, close. Another
//! process may take it before redis-server does; the launcher then tries again.
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  const bool ok = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  if (fd >= 0) close(fd);
  if (!ok) throw RedisError(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(errno));
  return ntohs(address.sin_port);
}

std::string last_line(const std::string& path) {
  std::ifstream file(path);
  std::string line, last;
  while (std::getline(file, line))
    if (!line.empty()) last = line;
  return last;
}

//! A redis.conf that sets requirepass, in the server's private directory (mkdtemp: mode 0700).
std::string password_config(const std::string& directory, const std::string& password) {
  std::string quoted;  // a double-quoted string as redis.conf reads it
  for (const char c : password) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  const std::string path = directory + "/redis.conf";
  std::ofstream(path) << "requirepass \"" << quoted << "\"\n";
  return path;
}

//! redis://[:PASSWORD@]127.0.0.1:PORT, the password %-encoded where the URL syntax needs it.
std::string local_url(const std::string& password, const std::string& port) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const unsigned char c : password) {
    if (std::isalnum(c) || std::strchr("-._~", c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  return "redis://" + (password.empty() ? "" : ":" + encoded + "@") + "127.0.0.1:" + port;
}

}  // namespace

EmbeddedServer::EmbeddedServer(const std::string& password) {
  for (const unsigned char c : password)
    if (std::iscntrl(c)) throw RedisError("a redis-server password cannot hold control characters");
  std::string pattern = (std::filesystem::temp_directory_path() / "concbench-redis-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw RedisError(std::string("cannot make a directory for redis-server: ") + std::strerror(errno));
  directory_ = pattern;
  const char* configured = std::getenv("CONCBENCH_REDIS_SERVER");
  const std::string program = configured && *configured ? configured : "redis-server";
  const std::string log = directory_ + "/redis.log";
  const std::string config = password.empty() ? "" : password_config(directory_, password);
  std::string why;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::string port = std::to_string(free_port());
    std::vector<std::string> args{program};
    if (!config.empty()) args.push_back(config);  // redis-server reads a config file only as its first argument
    args.insert(args.end(), {"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory_,
                             "--daemonize", "no", "--logfile", ""});
    try {
      server_ = Child(args, {.in = Stdio::null(), .out = Stdio::append_to(log), .err = Stdio::like_stdout(), .die_with_parent = true});
    } catch (const SpawnError& error) {
      std::filesystem::remove_all(directory_);
      throw RedisError(std::string(error.what()) + " (install redis-server with scripts/setup, or set CONCBENCH_REDIS_URL)");
    }
    url_ = local_url(password, port);
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < until) {
      if (const auto status = server_.wait_for(0ms)) {
        why = program + " " + *status + ": " + last_line(log);
        break;
      }
      try {
        Connection probe(url_, 200ms);
        return;
      } catch (const RedisError& error) {
        why = error.what();
      }
      std::this_thread::sleep_for(20ms);
    }
    server_.terminate();
  }
  std::filesystem::remove_all(directory_);
  throw RedisError("cannot start a redis-server of our own: " + why);
}

EmbeddedServer::~EmbeddedServer() {
  server_.terminate();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string server_url() {
  if (const char* url = std::getenv("CONCBENCH_REDIS_URL"); url && *url) return url;
  static const EmbeddedServer server;
  return server.url();
}

}  // namespace concbench::redis
