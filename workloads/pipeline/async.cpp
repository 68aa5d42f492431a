#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

using Timer = asio::steady_timer;
constexpr std::uint64_t stop = std::numeric_limits<std::uint64_t>::max();

struct Item {
  std::uint64_t id;
  int producer;
  concbench::RequestClock::time_point due;  // when its washer started it
};

//! Parks a coroutine on a timer that never expires until someone cancels it: Boost 1.74's
//! Asio has no channel, and this is its usual stand-in for a condition variable.
asio::awaitable<void> wait_for_signal(Timer& signal) {
  boost::system::error_code cancelled;
  co_await signal.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
}

//! asyncio.Queue(maxsize): put waits while full, get while empty; one thread, so no locks.
class AsyncQueue {
 public:
  AsyncQueue(asio::io_context& loop, std::size_t capacity)
      : capacity_(capacity), not_empty_(loop, Timer::time_point::max()), not_full_(loop, Timer::time_point::max()) {}

  asio::awaitable<void> put(Item item) {
    while (capacity_ > 0 && items_.size() >= capacity_) co_await wait_for_signal(not_full_);
    items_.push_back(item);
    not_empty_.cancel();
  }
  asio::awaitable<Item> get() {
    while (items_.empty()) co_await wait_for_signal(not_empty_);
    const Item item = items_.front();
    items_.pop_front();
    not_full_.cancel();
    co_return item;
  }
  std::size_t size() const { return items_.size(); }

 private:
  std::size_t capacity_;
  std::deque<Item> items_;
  Timer not_empty_, not_full_;
};

//! A sleep is a timer on the loop; CPU work runs on the loop's only thread and stalls it.
asio::awaitable<void> serve_async(std::uint64_t amount, const Spec& spec) {
  if (spec.cpu) {
    serve(amount, spec);
    co_return;
  }
  Timer timer(co_await asio::this_coro::executor, std::chrono::microseconds(amount));
  co_await timer.async_wait(asio::use_awaitable);
}

struct Run {
  const Spec& spec;
  concbench::RequestLog& log;
  AsyncQueue queue;
  std::deque<Timer> dried;     // one per washer: cancelled when its item is dried
  std::vector<bool> acknowledged;
  int washers_left;
  Result result;
};

asio::awaitable<void> washer(Run& run, int p) {
  const auto items = items_of(run.spec, p);
  for (std::uint64_t id = items.first; id < items.last; ++id) {
    const auto due = run.log.due(static_cast<int>(id));
    co_await serve_async(run.spec.wash, run.spec);
    co_await run.queue.put({id, p, due});
    run.result.deepest = std::max<std::int64_t>(run.result.deepest, run.queue.size());
    if (!run.spec.acknowledge) continue;
    while (!run.acknowledged[p]) co_await wait_for_signal(run.dried[p]);
    run.acknowledged[p] = false;
  }
  if (--run.washers_left == 0)
    for (int c = 0; c < run.spec.consumers; ++c) co_await run.queue.put({stop, -1, {}});
}

asio::awaitable<void> dryer(Run& run) {
  for (;;) {
    const Item item = co_await run.queue.get();
    if (item.id == stop) co_return;
    co_await serve_async(run.spec.dry, run.spec);
    run.result.delivered.add(item.id);
    run.log.done(static_cast<int>(item.id), item.due);
    if (run.spec.acknowledge) run.acknowledged[item.producer] = true, run.dried[item.producer].cancel();
  }
}

}  // namespace

//! asyncio: washer and dryer coroutines on one event loop around a bounded queue; sleeps are
//! timers, so the loop overlaps every stage's waiting on one thread.
Runner make_async(const Spec& spec) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [spec, loop](concbench::RequestLog& log) {
    Run run{spec, log, AsyncQueue(*loop, static_cast<std::size_t>(spec.capacity)), {}, std::vector<bool>(spec.producers), spec.producers, {}};
    for (int p = 0; p < spec.producers; ++p) run.dried.emplace_back(*loop, Timer::time_point::max());
    const auto rethrow = [](std::exception_ptr error) {
      if (error) std::rethrow_exception(error);
    };
    for (int c = 0; c < spec.consumers; ++c) asio::co_spawn(*loop, dryer(run), rethrow);
    for (int p = 0; p < spec.producers; ++p) asio::co_spawn(*loop, washer(run, p), rethrow);
    loop->restart();
    loop->run();
    return run.result;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "coroutines around a bounded queue on one event loop (asyncio.Queue)",
                                  .make = make_async});

}  // namespace pipeline
