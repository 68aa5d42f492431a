// pipeline's py_redis row, apart from py_models.cpp because it uses concbench's Redis server
// (CMake leaves files named for redis out when hiredis is missing).
#include <unistd.h>

#include <atomic>
#include <string>
#include <vector>

#include "workloads/common/python_model.hpp"
#include "workloads/common/redis/embedded_server.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {

namespace {

//! py_redis.py on the redis-server the redis model uses, under keys of its own.
Runner make_py_redis(const Spec& spec) {
  static std::atomic<int> runners{0};
  const std::string keys = "concbench:py_pipeline:" + std::to_string(getpid()) + ":" + std::to_string(++runners);
  return make_python_pipeline("py_redis", spec, {"--redis", concbench::redis::server_url(), "--queue", keys});
}

}  // namespace

const bool added = concbench::add_python_row(models(), {.name = "py_redis",
                                                        .what = "washer and dryer processes on a Redis list (RPUSH/BLPOP, \"quit\" to stop)",
                                                        .make = make_py_redis,
                                                        .kernel_model = "py_serial", .interpreted = true, .in_processes = true, .counterpart = "redis"},
                                             {"redis"});

}  // namespace pipeline
