#include <boost/fiber/all.hpp>

#include <algorithm>
#include <bit>
#include <chrono>
#include <deque>
#include <exception>
#include <stdexcept>
#include <vector>

#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

using boost::fibers::channel_op_status;

struct Item {
  std::uint64_t id = 0;
  int producer = 0;
  concbench::RequestClock::time_point due;  // when its washer started it
};

//! A stage that waits this long for an item, a free slot or an acknowledgement is stuck: an
//! error, not a hang (each wait here is far below a millisecond).
constexpr std::chrono::seconds stuck_after{10};

//! A buffered_channel holding at least `items` values: its capacity must be a power of 2, and
//! it holds one value less than that.
std::size_t channel_capacity(std::uint64_t items) { return std::bit_ceil(std::max<std::uint64_t>(items + 1, 2)); }

//! The queue between washers and dryers, of capacity Q (0: unbounded). Boost.Fiber's
//! buffered_channel holds a power of 2 less one, so by itself it can bound a queue to 1 or 3
//! but not to 4: the items travel on a channel with room for Q (for every item when unbounded),
//! and the bound is a second channel holding Q free-slot tokens — a washer takes one before it
//! puts an item, a dryer gives one back when it takes one (a counting semaphore built of a
//! channel, as in Go). Closing the item channel is the "quit" message: a dryer's pop drains
//! what is left, then reports closed.
class FiberQueue {
 public:
  FiberQueue(const Spec& spec)
      : items_(channel_capacity(spec.capacity > 0 ? static_cast<std::uint64_t>(spec.capacity) : spec.items)),
        free_slots_(channel_capacity(static_cast<std::uint64_t>(spec.capacity))),
        bounded_(spec.capacity > 0) {
    for (int slot = 0; slot < spec.capacity; ++slot) free_slots_.push(true);
  }

  //! False once the queue is closed (the run is ending on an error).
  bool put(const Item& item) {
    bool slot = false;
    if (bounded_ && !wait(free_slots_.pop_wait_for(slot, stuck_after), "a free slot")) return false;
    if (items_.push(item) != channel_op_status::success) return false;
    deepest_ = std::max(deepest_, ++length_);
    return true;
  }

  //! False when the queue is closed and empty.
  bool get(Item& item) {
    if (!wait(items_.pop_wait_for(item, stuck_after), "an item")) return false;
    --length_;
    if (bounded_) free_slots_.push(true);
    return true;
  }

  void close() {
    items_.close();
    free_slots_.close();
  }
  std::int64_t deepest() const { return deepest_; }

 private:
  static bool wait(channel_op_status status, const char* what) {
    if (status == channel_op_status::timeout)
      throw std::runtime_error(std::string("pipeline/fiber: no ") + what + " for " + std::to_string(stuck_after.count()) + " s");
    return status == channel_op_status::success;
  }

  boost::fibers::buffered_channel<Item> items_;
  boost::fibers::buffered_channel<bool> free_slots_;
  const bool bounded_;
  std::int64_t length_ = 0, deepest_ = 0;  // one thread: plain counters
};

//! A sleep suspends only the fiber; CPU work runs on the only thread and holds up every stage.
void serve_fiber(std::uint64_t amount, const Spec& spec) {
  if (spec.cpu)
    serve(amount, spec);
  else if (amount > 0)
    boost::this_fiber::sleep_for(std::chrono::microseconds(amount));
}

struct Run {
  Run(const Spec& spec, concbench::RequestLog& log) : spec(spec), log(log), queue(spec), washers_left(spec.producers) {
    for (int p = 0; p < spec.producers; ++p) dried.emplace_back(2);
  }

  //! Runs `stage`; the first error closes every channel, so that every other stage ends too.
  template <class Stage>
  void guarded(Stage stage) {
    try {
      stage();
    } catch (...) {
      if (!failure) failure = std::current_exception();
      queue.close();
      for (auto& channel : dried) channel.close();
    }
  }

  const Spec& spec;
  concbench::RequestLog& log;
  FiberQueue queue;
  std::deque<boost::fibers::buffered_channel<std::uint64_t>> dried;  // per washer: ids dried, with ack
  int washers_left;
  Tally tally;
  std::exception_ptr failure;
};

void washer(Run& run, int p) {
  const auto items = items_of(run.spec, p);
  for (std::uint64_t id = items.first; id < items.last; ++id) {
    const auto due = run.log.due(static_cast<int>(id));
    serve_fiber(run.spec.wash, run.spec);
    if (!run.queue.put({id, p, due})) return;
    if (!run.spec.acknowledge) continue;
    std::uint64_t acknowledged = 0;
    const auto status = run.dried[p].pop_wait_for(acknowledged, stuck_after);
    if (status == channel_op_status::closed) return;
    if (status == channel_op_status::timeout) throw std::runtime_error("pipeline/fiber: item " + std::to_string(id) + " was never acknowledged");
    if (acknowledged != id) throw std::runtime_error("pipeline/fiber: washer " + std::to_string(p) + " got the acknowledgement of item " + std::to_string(acknowledged));
  }
  if (--run.washers_left == 0) run.queue.close();
}

void dryer(Run& run) {
  for (Item item; run.queue.get(item);) {
    serve_fiber(run.spec.dry, run.spec);
    run.tally.add(item.id);
    run.log.done(static_cast<int>(item.id), item.due);
    if (run.spec.acknowledge) run.dried[item.producer].push(item.id);
  }
}

}  // namespace

//! gevent with gevent.queue.Queue(maxsize): washer and dryer fibers on the calling thread around
//! Boost.Fiber channels (see FiberQueue for how the bound is kept); sleeping stages suspend
//! only their fiber, so one thread overlaps every stage's waiting, as the async model does.
//! With request-response each washer waits on a channel of its own for its item's id.
Runner make_fiber(const Spec& spec) {
  return [spec](concbench::RequestLog& log) {
    Run run(spec, log);
    std::vector<boost::fibers::fiber> stages;
    for (int c = 0; c < spec.consumers; ++c) stages.emplace_back([&run] { run.guarded([&run] { dryer(run); }); });
    for (int p = 0; p < spec.producers; ++p) stages.emplace_back([&run, p] { run.guarded([&run, p] { washer(run, p); }); });
    for (auto& stage : stages) stage.join();
    if (run.failure) std::rethrow_exception(run.failure);
    return Result{run.tally, run.queue.deepest()};
  };
}

const bool added = models().add({.name = "fiber",
                                  .what = "washer and dryer fibers on one thread around Boost.Fiber channels (gevent.queue.Queue)",
                                  .make = make_fiber});

}  // namespace pipeline
