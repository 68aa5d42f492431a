#include "workloads/latency/latency.hpp"

namespace latency {

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("latency");
  return table;
}

}  // namespace latency
