#pragma once
// Models written in Python: workloads/<workload>/py_<name>.py, the course's own program with the
// library it uses, run by the Debian interpreter (whose packages scripts/setup installs) in a
// child process that lives as long as its runner. Starting the interpreter, its imports, pools
// and event loop are set-up; a timed call is the script's work plus one line each way on its
// pipes (workloads/common/py_model.py is the script's side):
//
//   concbench → script                  script → concbench
//   (argv, environment) <set-up>        ready <seconds its imports and set-up took>
//   run <integers>                      done <words>  |  error <the exception, one line>
//   ping                                pong
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "workloads/common/child_process.hpp"
#include "workloads/common/model_table.hpp"

namespace concbench {

//! A script's name as a template argument, so that a row's maker — a plain function — knows its
//! script: `.make = make_python<"py_threads">` runs workloads/<workload>/py_threads.py.
template <std::size_t N>
struct PythonScript {
  char name[N];
  constexpr PythonScript(const char (&text)[N]) { std::copy_n(text, N, name); }  // NOLINT: implicit on purpose
};

//! How long a script may take to import and set up, and to answer one call.
inline constexpr std::chrono::seconds python_ready_timeout{60};
inline constexpr std::chrono::minutes python_call_timeout{5};

//! One running Python model.
class PythonModel {
 public:
  //! Starts the script at `path` (python_script) with `options` and waits for its ready line,
  //! then times a few empty round trips. Reports (report_setup) `interpreter_start_s` (from
  //! starting the interpreter to the script's first line), `setup_s` (its imports and set-up)
  //! and `ipc_s` (the median round trip of an empty command). A script that fails, exits or is
  //! not ready within python_ready_timeout is a one-line error naming it. `environment`
  //! (NAME=VALUE entries) is for what must not be on its command line: a password, say.
  PythonModel(const std::string& path, const std::vector<std::string>& options,
              std::chrono::milliseconds call_timeout = python_call_timeout, const std::vector<std::string>& environment = {});

  //! Sends "run <words>" and returns the words of the "done" reply; an "error" reply, an exit or
  //! no reply within the call timeout is a one-line error naming the script.
  std::string run(const std::string& words);

  const std::string& script() const { return path_; }

 private:
  std::string exchange(const std::string& command, std::chrono::milliseconds timeout);
  std::string path_;
  std::chrono::milliseconds call_timeout_;
  std::chrono::steady_clock::time_point started_;  // just before the interpreter is started
  ChildProcess interpreter_;
  bool broken_ = false;  // after a timeout or an exit: the protocol is out of step
};

//! workloads/<workload>/<script>.py in the source tree this concbench was built from; throws if
//! it is not there.
std::string python_script(const std::string& workload, const std::string& script);

//! The interpreter every Python model runs under (/usr/bin/python3 unless CMake was told otherwise).
const char* python_interpreter();

//! True when the interpreter and each of `modules` are installed: a stat per module in the
//! interpreter's search path (read at configure time), never an interpreter start, since every
//! concbench process asks. Otherwise records the model as skipped (skipped_models), and why.
bool python_has_modules(const std::string& workload, const std::string& model, std::initializer_list<const char*> modules);

//! Adds a Python model's row to its workload's table when python_has_modules(its modules);
//! otherwise the model has no row — nothing registers or tests it — as for a C++ model whose
//! library CMake did not find, and concbench says once that it is skipped. The row is marked
//! `interpreted`, the trait the benchmarks and the catalog read.
template <class Row>
bool add_python_row(ModelTable<Row>& table, std::type_identity_t<Row> row, std::initializer_list<const char*> modules = {}) {
  static_assert(requires { row.interpreted; }, "a workload with Python models has an `interpreted` trait");
  row.interpreted = true;
  return python_has_modules(table.workload(), row.name, modules) && table.add(row);
}

}  // namespace concbench
