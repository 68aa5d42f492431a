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

//! py_redis.py on the redis-server the redis model uses, under keys of its own. The server's URL
//! goes in the script's environment: it may carry a password, and `ps` shows command lines to all.
Runner make_py_redis(const Spec& spec) {
  static std::atomic<int> runners{0};
  const std::string keys = "concbench:py_pipeline:" + std::to_string(getpid()) + ":" + std::to_string(++runners);
  return make_python_pipeline("py_redis", spec, {"--queue", keys}, {"CONCBENCH_REDIS_URL=" + concbench::redis::server_url()});
}

}  // namespace

const bool added = concbench::add_python_row(models(), {.name = "py_redis",
                                                        .what = "washer and dryer processes on a Redis list (RPUSH/BLPOP, \"quit\" to stop)",
                                                        .make = make_py_redis,
                                                        .kernel_model = "py_serial", .interpreted = true, .in_processes = true, .counterpart = "redis"},
                                             {"redis"});

}  // namespace pipeline
