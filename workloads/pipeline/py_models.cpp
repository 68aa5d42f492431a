// pipeline's Python models: workloads/pipeline/py_<name>.py, the course's washer and dryers with
// each queue it uses, a row each (py_redis's is in py_redis.cpp: it needs concbench's Redis
// support). A run returns its tally and deepest queue, checked like every model's; CPU stages
// run a hundredth of the terms (their names say so) and their ideal rests on Python's own loop.
// Each script measures every dish's latency itself (pipeline.py's `now`) and sends them after
// its results, in id order. Adding one is its script plus a row here.
#include <exception>
#include <memory>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include "workloads/common/python_model.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {

//! Starts workloads/pipeline/<script>.py --spec "<to_words>" <options> once; each call sends
//! "run" and reads the dishes dried, their checksum, the deepest queue seen and every dish's
//! latency (a dish the script lost has none: -1, which the log refuses).
Runner make_python_pipeline(const std::string& script, const Spec& spec, std::vector<std::string> options,
                            const std::vector<std::string>& environment) {
  options.insert(options.begin(), {"--spec", to_words(spec)});
  auto python = std::make_shared<concbench::PythonModel>(concbench::python_script("pipeline", script), options,
                                                         concbench::python_call_timeout, environment);
  return [python](concbench::RequestLog& log) {
    std::istringstream reply(python->run(""));
    Result result;
    reply >> result.delivered.count >> result.delivered.checksum >> result.deepest;
    try {
      log.read(reply);
    } catch (const std::exception& error) {
      throw std::runtime_error(python->script() + ": " + error.what() + " (a dish it lost has none)");
    }
    return result;
  };
}

namespace {

template <concbench::PythonScript script>
Runner make_python(const Spec& spec) {
  return make_python_pipeline(script.name, spec, {});
}

}  // namespace

const bool added_threads = concbench::add_python_row(models(), {.name = "py_threads",
                                                                .what = "washer and dryer threads on a queue.Queue(maxsize=Q)",
                                                                .make = make_python<"py_threads">,
                                                                .kernel_model = "py_serial", .interpreted = true, .counterpart = "threads"});
const bool added_process = concbench::add_python_row(models(), {.name = "py_process",
                                                                .what = "washer and daemon dryer processes on a multiprocessing.JoinableQueue",
                                                                .make = make_python<"py_process">,
                                                                .kernel_model = "py_serial", .interpreted = true, .in_processes = true, .counterpart = "process"});
const bool added_asyncio = concbench::add_python_row(models(), {.name = "py_asyncio",
                                                                .what = "washer and dryer tasks on an asyncio.Queue(maxsize=Q), one loop",
                                                                .make = make_python<"py_asyncio">,
                                                                .kernel_model = "py_serial", .interpreted = true, .counterpart = "async"});

}  // namespace pipeline
