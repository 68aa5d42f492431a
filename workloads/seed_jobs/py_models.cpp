// seed_jobs' Python models: workloads/seed_jobs/py_<name>.py, the course's own example and its
// variants, a row each. Their jobs sum the same f(i) in plain Python (py_model.sum_range), so
// serial's answers check them; their ideal and speedup rest on py_serial, measured beside each
// repetition. Adding one is its script plus a row here.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "workloads/common/python_model.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {
namespace {

//! Starts workloads/seed_jobs/<script>.py --workers W once; each call sends "run <jobs>" and reads
//! the sums in job order, then (as_completed) the jobs in the order they finished.
template <concbench::PythonScript script>
Runner make_python(int workers) {
  auto python = std::make_shared<concbench::PythonModel>(concbench::python_script("seed_jobs", script.name),
                                                         std::vector<std::string>{"--workers", std::to_string(workers)});
  return [python](const std::vector<std::uint64_t>& jobs) {
    std::string words;
    for (const auto n : jobs) words.append(words.empty() ? "" : " ").append(std::to_string(n));
    std::istringstream reply(python->run(words));
    Result result;
    for (std::uint64_t value; reply >> value;)
      if (result.sums.size() < jobs.size()) result.sums.push_back(value);
      else result.completion_order.push_back(value);
    return result;
  };
}

}  // namespace

const bool added_serial = concbench::add_python_row(models(), {.name = "py_serial",
                                                               .what = "plain Python, the jobs one after another: the Python models' baseline",
                                                               .make = make_python<"py_serial">, .uses_cores = false, .takes_workers = false,
                                                               .serial_model = "py_serial", .interpreted = true, .counterpart = "serial"});
const bool added_threads = concbench::add_python_row(models(), {.name = "py_threads",
                                                                .what = "the course's ThreadPoolExecutor.map(sum_generator, WORK_LIST) (the GIL runs one at a time)",
                                                                .make = make_python<"py_threads">,
                                                                .serial_model = "py_serial", .interpreted = true, .counterpart = "pool_map"});
const bool added_as_completed = concbench::add_python_row(models(), {.name = "py_threads_as_completed",
                                                                     .what = "ThreadPoolExecutor.submit and as_completed: results as jobs finish",
                                                                     .make = make_python<"py_threads_as_completed">, .records_order = true,
                                                                     .serial_model = "py_serial", .interpreted = true, .counterpart = "pool_as_completed"});
const bool added_process = concbench::add_python_row(models(), {.name = "py_process",
                                                                .what = "ProcessPoolExecutor.map(sum_generator, WORK_LIST): a process, and a GIL, per worker",
                                                                .make = make_python<"py_process">,
                                                                .serial_model = "py_serial", .interpreted = true, .in_processes = true, .counterpart = "process"});
const bool added_asyncio = concbench::add_python_row(models(), {.name = "py_asyncio",
                                                                .what = "asyncio: loop.run_in_executor with a ProcessPoolExecutor, gathered",
                                                                .make = make_python<"py_asyncio">,
                                                                .serial_model = "py_serial", .interpreted = true, .in_processes = true, .counterpart = "async_pool"});

}  // namespace seed_jobs
