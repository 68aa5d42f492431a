// concbench_worker: the worker process behind the `process` model. It reads one job per line
// on standard input and answers one line on standard output, "ok <value>" or "error <why>",
// until its input ends. ProcessPool (workloads/common/process_pool.hpp) starts and feeds it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "workloads/common/http_client.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

using Job = std::function<std::string(std::istringstream& args)>;

std::uint64_t read_number(std::istringstream& args, const char* name) {
  std::uint64_t value = 0;
  if (!(args >> value)) throw std::invalid_argument(std::string("expected a non-negative integer ") + name);
  return value;
}

//! Every job a worker can run: its first word, then its arguments.
const std::map<std::string, Job>& jobs() {
  static const std::map<std::string, Job> table{
      {"ping", [](std::istringstream&) { return std::string("pong"); }},
      // cpu_sum FIRST LAST: sum f(i) over [FIRST, LAST)
      {"cpu_sum",
       [](std::istringstream& args) {
         const auto first = read_number(args, "FIRST");
         const auto last = read_number(args, "LAST");
         return std::to_string(cpu_sum::sum_range(first, last));
       }},
      // sleep_ms MS: a simulated blocking I/O wait
      {"sleep_ms",
       [](std::istringstream& args) {
         std::this_thread::sleep_for(std::chrono::milliseconds(read_number(args, "MS")));
         return std::string{};
       }},
      // http_get http://HOST:PORT/TARGET: one blocking GET, answered "<status> <body>"
      {"http_get",
       [](std::istringstream& args) {
         std::string url;
         args >> url;
         const auto path = url.find('/', url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
         const auto reply = concbench::http_get(concbench::parse_http_url(url.substr(0, path)),
                                                path == std::string::npos ? "/" : url.substr(path));
         return std::to_string(reply.status) + " " + reply.body;
       }},
  };
  return table;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    std::cerr << "concbench_worker: takes no arguments; it reads jobs on standard input ("
              << argv[1] << " given)\n";
    return 2;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream args(line);
    std::string name;
    args >> name;
    std::string reply;
    try {
      const auto job = jobs().find(name);
      reply = job == jobs().end() ? "error unknown job '" + name + "'" : "ok " + job->second(args);
    } catch (const std::exception& error) {
      reply = std::string("error ") + error.what();
    }
    std::cout << reply << std::endl;  // flushed: the driver waits for this line
  }
  return 0;
}
