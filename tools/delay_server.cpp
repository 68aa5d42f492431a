// delay_server: the course's test server. GET /add?name=<label>&delay=<ms> answers "." after
// <ms> milliseconds; see workloads/common/delay_server.hpp. Prints its URL, serves until
// SIGINT/SIGTERM (or, with --exit-with-stdin, until its standard input closes).
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include "workloads/common/delay_server.hpp"

namespace {

void usage(std::ostream& out) {
  out << "usage: delay_server [--bind ADDRESS] [--port PORT] [--threads N] [--default-delay MS]\n"
         "                    [--max-delay MS] [--idle-timeout MS] [--exit-with-stdin]\n"
         "  --bind ADDRESS      address to listen on (default 127.0.0.1)\n"
         "  --port PORT         port (default 0: an ephemeral port; the URL is printed)\n"
         "  --threads N         event-loop threads (default 1)\n"
         "  --default-delay MS  delay when a request names none (default 0)\n"
         "  --max-delay MS      longest delay accepted; longer is a 400 (default 60000)\n"
         "  --idle-timeout MS   close connections silent this long (default 30000)\n"
         "  --exit-with-stdin   exit when standard input closes (for a parent that may die)\n";
}

[[noreturn]] void die(const std::string& message) {
  std::cerr << "delay_server: " << message << "\n";
  std::exit(2);
}

long number(const std::string& flag, const char* text, long low, long high) {
  long value = 0;
  const char* end = text + std::strlen(text);
  if (std::from_chars(text, end, value).ptr != end || *text == '\0' || value < low || value > high)
    die(flag + " needs an integer from " + std::to_string(low) + " to " + std::to_string(high) + ", not '" + text + "'");
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  concbench::DelayServerOptions options;
  bool exit_with_stdin = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      usage(std::cout);
      return 0;
    }
    if (flag == "--exit-with-stdin") {
      exit_with_stdin = true;
      continue;
    }
    if (i + 1 >= argc) die("unknown flag or missing value: '" + flag + "' (see --help)");
    const char* value = argv[++i];
    if (flag == "--bind") options.bind = value;
    else if (flag == "--port") options.port = static_cast<std::uint16_t>(number(flag, value, 0, 65535));
    else if (flag == "--threads") options.threads = static_cast<int>(number(flag, value, 1, 256));
    else if (flag == "--default-delay") options.default_delay = std::chrono::milliseconds(number(flag, value, 0, 600'000));
    else if (flag == "--max-delay") options.max_delay = std::chrono::milliseconds(number(flag, value, 0, 600'000));
    else if (flag == "--idle-timeout") options.idle_timeout = std::chrono::milliseconds(number(flag, value, 1, 3'600'000));
    else die("unknown flag '" + flag + "' (see --help)");
  }

  // Every thread inherits this mask, so only sigwait below sees the stop signals.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  // Each connection is a descriptor: allow as many as the hard limit does (20,000 here).
  const long open_files = concbench::raise_open_files_limit(1'000'000);
  try {
    concbench::DelayServer server(options);
    std::cerr << "delay_server: listening (up to " << open_files << " open files)\n";
    std::cout << server.url() << std::endl;  // the one line a parent process reads
    if (exit_with_stdin)
      std::thread([] {
        char byte;
        while (read(STDIN_FILENO, &byte, 1) > 0) {
        }
        kill(getpid(), SIGTERM);
      }).detach();
    int signal = 0;
    sigwait(&stop, &signal);
  } catch (const std::exception& error) {
    die(std::string("cannot serve on ") + options.bind + ":" + std::to_string(options.port) + ": " + error.what());
  }
  return 0;
}
