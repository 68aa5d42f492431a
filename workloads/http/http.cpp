// http's shared code: wrk as the peer of the async crawler, and the model table.
#include <filesystem>
#include <iostream>
#include <iterator>
#include <sstream>

#include "workloads/common/child_process.hpp"
#include "workloads/http/http.hpp"

namespace crawl {

std::optional<double> wrk_requests_per_s(const std::string& url, int concurrency, std::chrono::seconds duration) {
  try {
    concbench::ChildProcess wrk({"wrk", "-t1", "-c" + std::to_string(concurrency), "-d" + std::to_string(duration.count()) + "s",
                                 "--timeout", "10s", url});
    const std::string report = wrk.read_all(duration + std::chrono::seconds(15));
    if (report.find("Non-2xx") != std::string::npos) throw std::runtime_error("the server refused some of wrk's requests");
    const auto at = report.find("Requests/sec:");
    if (at == std::string::npos) throw std::runtime_error("no Requests/sec line in its report: " + report.substr(0, 200));
    return std::stod(report.substr(at + 13));
  } catch (const std::exception& error) {
    std::cerr << "concbench: warning: no wrk_requests_per_s counter, wrk failed: " << error.what() << "\n";
    return std::nullopt;
  }
}

void require_closed_loop(const concbench::RequestLog& log, const char* model) {
  if (log.open_loop()) throw std::invalid_argument(std::string("http/") + model + " has no open loop (it cannot wait for a schedule)");
}

std::size_t open_descriptors() {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator("/proc/self/fd"), {}));
}

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("http");
  return table;
}

}  // namespace crawl
