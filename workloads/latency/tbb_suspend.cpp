#include <tbb/task.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <atomic>
#include <memory>
#include <thread>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

struct ArenaAndTimers {
  tbb::task_arena arena;
  asio::io_context timers{1};
  asio::executor_work_guard<asio::io_context::executor_type> keep_running = asio::make_work_guard(timers);
  std::jthread timer_thread{[this] { timers.run(); }};
  ~ArenaAndTimers() {
    keep_running.reset();
    timers.stop();
  }
};

}  // namespace

//! oneTBB's resumable tasks: `concurrency` tasks, each taking request ids in turn; a request
//! suspends its task (tbb::task::suspend) until a timer on a helper thread resumes it, so the
//! TBB thread runs other tasks meanwhile and all `concurrency` requests wait at once.
Runner make_tbb_suspend(int concurrency) {
  auto state = std::make_shared<ArenaAndTimers>();
  state->arena.initialize();
  return [state, concurrency](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    std::atomic<int> next{0};
    std::atomic<std::uint64_t> completed{0}, id_sum{0};
    state->arena.execute([&] {
      tbb::task_group group;
      for (int lane = 0; lane < concurrency; ++lane)
        group.run([&] {
          for (int id; (id = next++) < log.requests();) {
            const auto due = log.due(id);
            tbb::task::suspend([&](tbb::task::suspend_point resume_point) {
              auto timer = std::make_shared<asio::steady_timer>(state->timers, delay);
              timer->async_wait([timer, resume_point](const boost::system::error_code&) { tbb::task::resume(resume_point); });
            });
            log.done(id, due);
            ++completed;
            id_sum += static_cast<std::uint64_t>(id);
          }
        });
      group.wait();
    });
    return Result{completed, id_sum};
  };
}

const bool added = models().add({.name = "tbb_suspend",
                                  .what = "oneTBB resumable tasks: tbb::task::suspend until a timer resumes them",
                                  .make = make_tbb_suspend,
                                  .max_concurrency = 1'000});

}  // namespace latency
