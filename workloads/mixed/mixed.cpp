#include "workloads/mixed/mixed.hpp"

namespace mixed {

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("mixed");
  return table;
}

}  // namespace mixed
