#pragma once
// The models of one workload, as one table that the benchmarks, the tests and the docs read.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace concbench {

//! Every model of one workload. Each model file, workloads/<workload>/<model>.cpp, adds its own
//! row at static initialisation (`const bool added = cpu_sum::models.add({...});`), so a model
//! is declared once, beside its code, and every trait the harness needs is a field of that row.
//! A model whose library is missing is not compiled at all (CMake leaves its file out), or — a
//! Python model whose module is missing — adds no row (add_python_row), so it has no row and
//! nothing else mentions it. The workload library is an object library so that
//! the linker keeps these files although nothing calls them by name.
//!
//! Row is a workload's own struct; it needs `const char* name`, `const char* what` (one line for
//! the docs) and `bool baseline` (true for the model the others are checked against).
template <class Row>
class ModelTable {
 public:
  explicit ModelTable(const char* workload) : workload_(workload) {}

  //! Adds a model; returns true so that the call can initialise a constant at namespace scope.
  bool add(Row row) {
    rows_.push_back(row);
    std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
      if (a.baseline != b.baseline) return a.baseline;
      return std::string_view(a.name) < std::string_view(b.name);
    });
    return true;
  }

  //! The baseline first, then by name: the same order in every listing.
  const std::vector<Row>& all() const { return rows_; }

  const Row* find(std::string_view name) const {
    const auto found = std::find_if(rows_.begin(), rows_.end(), [name](const Row& row) { return row.name == name; });
    return found == rows_.end() ? nullptr : &*found;
  }

  //! The model the others are checked against, if the workload has one.
  const Row* baseline() const {
    const auto found = std::find_if(rows_.begin(), rows_.end(), [](const Row& row) { return row.baseline; });
    return found == rows_.end() ? nullptr : &*found;
  }

  const char* workload() const { return workload_; }

 private:
  const char* workload_;
  std::vector<Row> rows_;
};

//! A model left out at run time because something it needs is missing (a Python model's module).
struct SkippedModel {
  std::string workload, model, why;
};

//! Every model left out so; concbench says each once when it starts, and --list-models lists
//! them too (as skipped), so the docs' check does not fail for a library this machine lacks.
inline std::vector<SkippedModel>& skipped_models() {
  static std::vector<SkippedModel> skipped;
  return skipped;
}

}  // namespace concbench
