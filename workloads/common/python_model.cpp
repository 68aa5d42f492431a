#include "workloads/common/python_model.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "workloads/common/setup_counters.hpp"

#ifndef CONCBENCH_MODEL_PYTHON
#define CONCBENCH_MODEL_PYTHON "/usr/bin/python3"
#endif
#ifndef CONCBENCH_MODEL_PYTHON_PATH  // the interpreter's sys.path, ':'-separated, as CMake read it
#define CONCBENCH_MODEL_PYTHON_PATH "/usr/lib/python3/dist-packages"
#endif
#ifndef CONCBENCH_WORKLOADS_DIR
#define CONCBENCH_WORKLOADS_DIR "workloads"
#endif

namespace concbench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

//! -u: every line leaves at once; -E -s: no PYTHON* variables or user site-packages, so the
//! model runs the same for everyone.
std::vector<std::string> command(const std::string& path, const std::vector<std::string>& options) {
  std::vector<std::string> argv{python_interpreter(), "-u", "-E", "-s", path};
  argv.insert(argv.end(), options.begin(), options.end());
  return argv;
}

//! Whether `module` (its top-level package) is in a directory of the interpreter's search path.
bool installed(const std::string& module) {
  const std::string top = module.substr(0, module.find('.'));
  std::istringstream path(CONCBENCH_MODEL_PYTHON_PATH);
  for (std::string directory; std::getline(path, directory, ':');) {
    std::error_code error;
    const std::filesystem::path where(directory);
    if (std::filesystem::is_directory(where / top, error) || std::filesystem::exists(where / (top + ".py"), error)) return true;
  }
  return false;
}

}  // namespace

const char* python_interpreter() { return CONCBENCH_MODEL_PYTHON; }

std::string python_script(const std::string& workload, const std::string& script) {
  const auto path = std::filesystem::path(CONCBENCH_WORKLOADS_DIR) / workload / (script + ".py");
  if (!std::filesystem::exists(path)) throw std::runtime_error("Python model " + path.string() + " not found");
  return path.string();
}

PythonModel::PythonModel(const std::string& path, const std::vector<std::string>& options, std::chrono::milliseconds call_timeout,
                         const std::vector<std::string>& environment)
    : path_(path), call_timeout_(call_timeout), started_(Clock::now()), interpreter_(command(path_, options), environment) {
  const std::string ready = exchange("", python_ready_timeout);
  const double total = seconds_since(started_);
  double setup = 0;
  try {
    setup = std::stod(ready);
  } catch (const std::exception&) {
    broken_ = true;
    throw std::runtime_error(path_ + ": expected 'ready <seconds>', got 'ready " + ready + "'");
  }
  std::vector<double> round_trips;
  for (int i = 0; i < 21; ++i) {
    const auto sent = Clock::now();
    exchange("ping", std::chrono::seconds(10));
    round_trips.push_back(seconds_since(sent));
  }
  std::nth_element(round_trips.begin(), round_trips.begin() + 10, round_trips.end());
  report_setup("interpreter_start_s", std::max(total - setup, 0.0));
  report_setup("setup_s", setup);
  report_setup("ipc_s", round_trips[10]);
}

std::string PythonModel::run(const std::string& words) { return exchange("run " + words, call_timeout_); }

std::string PythonModel::exchange(const std::string& command, std::chrono::milliseconds timeout) {
  const std::string expected = command.empty() ? "ready" : command == "ping" ? "pong" : "done";
  const std::string doing = command.empty() ? std::string("setting up") : std::string("'").append(command, 0, 60).append("'");
  if (broken_) throw std::runtime_error(path_ + ": unusable after an earlier failure");
  std::string line;
  try {
    if (!command.empty()) interpreter_.write_line(command);
    line = interpreter_.read_line(timeout);
  } catch (const std::exception& error) {
    broken_ = true;
    throw std::runtime_error(path_ + ", " + doing + ": " + error.what() + " (its traceback, if any, is on standard error)");
  }
  const auto space = line.find(' ');
  const std::string word = line.substr(0, space), rest = space == std::string::npos ? "" : line.substr(space + 1);
  if (word == expected) return rest;
  if (word == "error") throw std::runtime_error(path_ + ", " + doing + ": " + rest);
  broken_ = true;
  throw std::runtime_error(path_ + ", " + doing + ": expected '" + expected + " ...', got '" + line.substr(0, 200) + "'");
}

bool python_has_modules(const std::string& workload, const std::string& model, std::initializer_list<const char*> modules) {
  std::string missing;
  if (!std::filesystem::exists(python_interpreter())) {
    missing = std::string("no ") + python_interpreter() + " (scripts/setup installs python3)";
  } else {
    for (const char* module : modules)
      if (!installed(module))
        missing += std::string(missing.empty() ? "" : "; ") + python_interpreter() + " has no module " + module +
                   " (scripts/setup installs python3-" + module + ")";
  }
  if (missing.empty()) return true;
  skipped_models().push_back({workload, model, missing});
  return false;
}

}  // namespace concbench
