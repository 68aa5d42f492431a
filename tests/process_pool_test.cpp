#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "workloads/common/process_pool.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

using concbench::ProcessPool;
using concbench::WorkerError;
using namespace std::chrono_literals;

// Runs `call`, which must throw WorkerError mentioning `expected` well before `limit`.
template <class Call>
void expect_worker_error(Call call, const std::string& expected, std::chrono::seconds limit = 10s) {
  const auto start = std::chrono::steady_clock::now();
  try {
    call();
    ADD_FAILURE() << "no WorkerError";
  } catch (const WorkerError& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, limit) << "took too long: a hang, not a clear error";
}

TEST(ProcessPool, ValuesInJobOrderCallbacksInCompletionOrder) {
  ProcessPool pool(2);
  std::vector<std::size_t> finished;
  const auto values = pool.map({"sleep_ms 300", "cpu_sum 1 11", "ping"},
                               [&](std::size_t job, const std::string&) { finished.push_back(job); });
  EXPECT_EQ(values, (std::vector<std::string>{"", std::to_string(cpu_sum::sum_range(1, 11)), "pong"}));
  EXPECT_EQ(finished, (std::vector<std::size_t>{1, 2, 0}));
}

TEST(ProcessPool, WorkerKilledMidJobIsAClearErrorNotAHang) {
  ProcessPool pool(2);
  const pid_t victim = pool.pids().front();
  std::jthread killer([victim] {
    std::this_thread::sleep_for(200ms);
    kill(victim, SIGKILL);
  });
  expect_worker_error([&] { pool.map({"sleep_ms 20000", "ping"}); }, "died (killed by signal 9");
  expect_worker_error([&] { pool.map({"ping"}); }, "unusable");
}

TEST(ProcessPool, WorkerKilledWhileIdleIsAClearError) {
  ProcessPool pool(1);
  kill(pool.pids().front(), SIGKILL);
  std::this_thread::sleep_for(100ms);
  expect_worker_error([&] { pool.map({"ping"}); }, "worker process");
}

TEST(ProcessPool, SilentWorkerTimesOut) {
  ProcessPool pool(1, 300ms);
  expect_worker_error([&] { pool.map({"sleep_ms 30000"}); }, "gave no answer within 300 ms", 5s);
}

// A start is not a job: a worker slower to start than the job timeout (as an ASan build's is)
// still starts, and its jobs still get the job timeout.
TEST(ProcessPool, SlowStartIsNoJobTimeout) {
  std::string directory = (std::filesystem::temp_directory_path() / "concbench-slow-start-XXXXXX").string();
  ASSERT_NE(mkdtemp(directory.data()), nullptr);
  const std::string wrapper = directory + "/concbench_worker";
  std::ofstream(wrapper) << "#!/bin/sh\nsleep 0.6\nexec '" << concbench::worker_executable() << "'\n";
  std::filesystem::permissions(wrapper, std::filesystem::perms::owner_all);
  setenv("CONCBENCH_WORKER", wrapper.c_str(), 1);
  const auto start = std::chrono::steady_clock::now();
  std::optional<ProcessPool> pool;
  EXPECT_NO_THROW(pool.emplace(1, 300ms));
  unsetenv("CONCBENCH_WORKER");
  std::filesystem::remove_all(directory);
  ASSERT_TRUE(pool);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 600ms) << "the wrapper did not run";
  expect_worker_error([&] { pool->map({"sleep_ms 30000"}); }, "gave no answer within 300 ms", 5s);
}

TEST(ProcessPool, WorkerErrorsAreReported) {
  ProcessPool pool(1);
  expect_worker_error([&] { pool.map({"no_such_job 1"}); }, "unknown job 'no_such_job'");
}

TEST(ProcessPool, MissingWorkerExecutableIsAClearError) {
  setenv("CONCBENCH_WORKER", "/nonexistent/concbench_worker", 1);
  expect_worker_error([] { ProcessPool pool(1); }, "cannot start /nonexistent/concbench_worker");
  unsetenv("CONCBENCH_WORKER");
}

}  // namespace
