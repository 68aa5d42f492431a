// cpu_sum's Python models: workloads/cpu_sum/py_<name>.py, the course's way to write each one, a
// row each. They sum the same f(i) in plain Python (py_model.sum_range), so the serial answer
// checks them; their ideal and speedup rest on py_serial, Python's own loop, measured beside
// each repetition. Adding one is its script plus a row here.
#include <memory>
#include <string>
#include <vector>

#include "workloads/common/python_model.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {
namespace {

//! Starts workloads/cpu_sum/<script>.py --workers W once; each call sends "run n", reads the sum.
template <concbench::PythonScript script>
Runner make_python(int workers) {
  auto python = std::make_shared<concbench::PythonModel>(concbench::python_script("cpu_sum", script.name),
                                                         std::vector<std::string>{"--workers", std::to_string(workers)});
  return [python](std::uint64_t n) { return std::stoull(python->run(std::to_string(n))); };
}

}  // namespace

const bool added_serial = concbench::add_python_row(models(), {.name = "py_serial",
                                                               .what = "plain Python, one loop: the Python models' baseline",
                                                               .make = make_python<"py_serial">,
                                                               .uses_cores = false, .takes_workers = false,
                                                               .serial_model = "py_serial", .interpreted = true, .counterpart = "serial"});
const bool added_threads = concbench::add_python_row(models(), {.name = "py_threads",
                                                                .what = "Python threads: ThreadPoolExecutor.map over chunks (the GIL runs one at a time)",
                                                                .make = make_python<"py_threads">,
                                                                .serial_model = "py_serial", .interpreted = true, .counterpart = "pool"});
const bool added_process = concbench::add_python_row(models(), {.name = "py_process",
                                                                .what = "Python processes: multiprocessing.Pool.starmap over chunks",
                                                                .make = make_python<"py_process">,
                                                                .serial_model = "py_serial", .interpreted = true, .in_processes = true, .counterpart = "process"});
const bool added_asyncio = concbench::add_python_row(models(), {.name = "py_asyncio",
                                                                .what = "asyncio: loop.run_in_executor with a ProcessPoolExecutor, gathered",
                                                                .make = make_python<"py_asyncio">,
                                                                .serial_model = "py_serial", .interpreted = true, .in_processes = true, .counterpart = "async_pool"});

}  // namespace cpu_sum
