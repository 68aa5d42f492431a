// latency's Python models: workloads/latency/py_<name>.py, the course's way to wait on many
// things at once in Python, a row each. Their waits happen in the interpreter's process, so
// concbench's memory counter would not see them (reports_memory = false). Adding one is its
// script plus a row here.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "workloads/common/python_model.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

//! Starts workloads/latency/<script>.py --concurrency C once; each call sends "run N L" and
//! reads how many requests completed, the sum of their ids and each request's latency (the
//! script's own time.perf_counter, from when the request got its slot to its end).
template <concbench::PythonScript script>
Runner make_python(int concurrency) {
  auto python = std::make_shared<concbench::PythonModel>(concbench::python_script("latency", script.name),
                                                         std::vector<std::string>{"--concurrency", std::to_string(concurrency)});
  return [python](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    std::istringstream reply(python->run(std::to_string(log.requests()) + " " + std::to_string(delay.count())));
    Result result;
    reply >> result.completed >> result.id_sum;
    log.read(reply);
    return result;
  };
}

}  // namespace

const bool added_asyncio = concbench::add_python_row(models(), {.name = "py_asyncio",
                                                                .what = "asyncio: a task per request awaiting asyncio.sleep, a Semaphore for the limit",
                                                                .make = make_python<"py_asyncio">,
                                                                .reports_memory = false, .counterpart = "async"});
const bool added_threads = concbench::add_python_row(models(), {.name = "py_threads",
                                                                .what = "a ThreadPoolExecutor of C threads, each request a time.sleep",
                                                                .make = make_python<"py_threads">,
                                                                .max_concurrency = 1'000,
                                                                .reports_memory = false, .counterpart = "pool"});
const bool added_gevent = concbench::add_python_row(models(), {.name = "py_gevent",
                                                               .what = "gevent: a greenlet per request awaiting gevent.sleep, a Pool of C",
                                                               .make = make_python<"py_gevent">,
                                                               .reports_memory = false, .counterpart = "fiber"},
                                                    {"gevent"});

}  // namespace latency
