// http's Python crawlers: workloads/http/py_<name>.py, the course's crawler with each library it
// uses, a row each, against the same delay server. A crawl returns each distinct reply with how
// often it came, and concbench checks every one as it checks its own models' replies (200, "."),
// then every request's latency in id order, which the script timed (crawl.py's report). Adding
// one is its script plus a row here.
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/python_model.hpp"
#include "workloads/http/http.hpp"

namespace crawl {
namespace {

std::string percent_decoded(const std::string& text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

//! Starts workloads/http/<script>.py --url U --concurrency C once; each call sends "run N D",
//! checks the replies it reports and takes its latencies (a closed loop only).
template <concbench::PythonScript script>
Runner make_python(const concbench::HttpServer& server, int concurrency) {
  auto python = std::make_shared<concbench::PythonModel>(
      concbench::python_script("http", script.name),
      std::vector<std::string>{"--url", server.url(), "--concurrency", std::to_string(concurrency), "--name", script.name});
  return [python](int delay_ms, concbench::RequestLog& log) {
    require_closed_loop(log, script.name);
    const int requests = log.requests();
    const auto target = std::string("/add?name=").append(script.name).append("&delay=").append(std::to_string(delay_ms)).append(" (").append(python->script()).append(")");
    return checked_python_replies(python->run(std::to_string(requests) + " " + std::to_string(delay_ms)), target, log);
  };
}

}  // namespace

std::uint64_t checked_python_replies(const std::string& words, const std::string& target, concbench::RequestLog& log) {
  std::istringstream replies(words);
  std::uint64_t good = 0;
  std::string latencies;  // from the first word that is no tally on
  for (std::string reply; replies >> reply;) {
    if (reply.find(':') == std::string::npos) {
      latencies = reply + std::string(std::istreambuf_iterator<char>(replies), {});
      break;
    }
    const auto first = reply.find(':'), second = reply.find(':', first + 1);
    if (second == std::string::npos) throw std::runtime_error("a Python crawler's reply tally is malformed: " + reply);
    concbench::check_delay_reply({static_cast<unsigned>(std::stoul(reply.substr(first + 1, second - first - 1))), percent_decoded(reply.substr(second + 1))},
                                 target);
    good += std::stoull(reply.substr(0, first));
  }
  std::istringstream seconds(latencies);
  log.read(seconds);
  return good;
}

const bool added_serial = concbench::add_python_row(models(), {.name = "py_serial",
                                                               .what = "the course's serial crawler: requests.get, one after another",
                                                               .make = make_python<"py_serial">,
                                                               .one_at_a_time = true, .counterpart = "serial"},
                                                    {"requests"});
const bool added_threads = concbench::add_python_row(models(), {.name = "py_threads",
                                                                .what = "requests.get in a ThreadPoolExecutor of C threads",
                                                                .make = make_python<"py_threads">,
                                                                .counterpart = "pool"},
                                                     {"requests"});
const bool added_aiohttp = concbench::add_python_row(models(), {.name = "py_aiohttp",
                                                                .what = "asyncio and aiohttp: one ClientSession, a Semaphore of C (the course's)",
                                                                .make = make_python<"py_aiohttp">,
                                                                .big_concurrency = 1'000, .counterpart = "async"},
                                                     {"aiohttp"});
const bool added_uvloop = concbench::add_python_row(models(), {.name = "py_uvloop",
                                                               .what = "the aiohttp crawler on uvloop's event loop",
                                                               .make = make_python<"py_uvloop">,
                                                               .counterpart = "async"},
                                                    {"aiohttp", "uvloop"});
const bool added_gevent = concbench::add_python_row(models(), {.name = "py_gevent",
                                                               .what = "gevent: monkey-patched requests in a Pool of C greenlets",
                                                               .make = make_python<"py_gevent">,
                                                               .counterpart = "fiber"},
                                                    {"gevent", "requests"});
const bool added_tornado = concbench::add_python_row(models(), {.name = "py_tornado",
                                                                .what = "tornado: AsyncHTTPClient with max_clients C",
                                                                .make = make_python<"py_tornado">,
                                                                .counterpart = "async"},
                                                     {"tornado"});
const bool added_twisted = concbench::add_python_row(models(), {.name = "py_twisted",
                                                                .what = "twisted: web.client.Agent, a persistent pool, a DeferredSemaphore of C",
                                                                .make = make_python<"py_twisted">,
                                                                .counterpart = "async"},
                                                     {"twisted"});

}  // namespace crawl
