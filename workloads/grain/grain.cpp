#include "workloads/grain/grain.hpp"

namespace grain {

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("grain");
  return table;
}

}  // namespace grain
