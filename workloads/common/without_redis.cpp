// What a build without hiredis links in place of the redis model's entry points that
// concbench_worker calls (CMake compiles this file only then): each is one clear error, so
// the worker needs no #ifdef.
#include <stdexcept>

#include "workloads/common/redis/queue.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace {

[[noreturn]] void no_hiredis() {
  throw std::runtime_error("the redis model needs a build with hiredis (run scripts/setup, then scripts/build)");
}

}  // namespace

namespace concbench::redis {

void serve(const std::string&, const Queue&, const std::string&, const std::function<std::string(const std::string&)>&) {
  no_hiredis();
}

}  // namespace concbench::redis

namespace pipeline {

std::string produce_on_redis(const std::string&, const std::string&, int, const Spec&) { no_hiredis(); }
std::string consume_from_redis(const std::string&, const std::string&, const Spec&) { no_hiredis(); }

}  // namespace pipeline
