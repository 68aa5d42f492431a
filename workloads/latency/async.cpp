#include <algorithm>
#include <coroutine>
#include <deque>
#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

using Timer = concbench::LoopTimer;

struct Crawl {
  int next = 0;
  Result result;
  std::exception_ptr error;  // the first lane that failed
};

//! One block of `Bytes`, reused: what a lane's coroutine frame or its pending wait needs, so
//! that a request allocates nothing. Bigger requests, or a second at once, go to operator new.
//! Sized to fit (g++ 12: a 184-byte frame, a 64-byte wait), as a lane's memory is touched once
//! per request and 10,000 lanes' worth is more than the caches hold.
template <std::size_t Bytes>
class Slab {
 public:
  void* allocate(std::size_t size) {
    if (size > sizeof storage_ || used_) return ::operator new(size);
    used_ = true;
    return storage_;
  }
  void deallocate(void* block) noexcept {
    if (block == storage_) used_ = false;
    else ::operator delete(block);
  }

 private:
  alignas(std::max_align_t) std::byte storage_[Bytes];
  bool used_ = false;
};

//! Asio's hook for a handler's memory (its associated allocator): the operation that holds a
//! pending wait is allocated from the lane's slab. Asio frees it before it calls the handler,
//! so the lane's next wait finds the slab free again.
using FrameSlab = Slab<192>;
using WaitSlab = Slab<64>;

template <class T>
struct SlabAllocator {
  using value_type = T;
  WaitSlab* slab;
  explicit SlabAllocator(WaitSlab& slab) noexcept : slab(&slab) {}
  template <class U>
  SlabAllocator(const SlabAllocator<U>& other) noexcept : slab(other.slab) {}  // NOLINT: rebinding is implicit
  T* allocate(std::size_t n) { return static_cast<T*>(slab->allocate(n * sizeof(T))); }
  void deallocate(T* block, std::size_t) noexcept { slab->deallocate(block); }
  bool operator==(const SlabAllocator& other) const noexcept { return slab == other.slab; }
};

//! What a lane keeps between calls: its timer, and the slabs for its frame and its wait.
struct LaneMemory {
  explicit LaneMemory(asio::io_context& context) : timer(context.get_executor()) {}
  Timer timer;
  FrameSlab frame;
  WaitSlab wait;
};

//! A lane of requests as a C++20 coroutine that starts at once and frees its frame when it
//! returns. Asio 1.74's own coroutine type, asio::awaitable, allocates a frame for every
//! co_await of an operation and resumes through its awaitable_thread: measured here, 670 ns of
//! CPU per timer wait against 280 ns for a completion callback on the same timer, which capped
//! 10,000 waits of 10 ms at an efficiency of 0.53. This coroutine awaits the timer directly
//! (TimerWait), and its frame, like its wait, lives in the lane's memory.
struct Lane {
  struct promise_type {
    Crawl& crawl;
    template <class... Rest>
    explicit promise_type(Crawl& crawl, Rest&&...) : crawl(crawl) {}
    Lane get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {
      if (!crawl.error) crawl.error = std::current_exception();
    }
    // The frame comes from its lane's slab, which it names just past its end for the delete.
    static std::size_t tag_offset(std::size_t size) { return (size + alignof(FrameSlab*) - 1) / alignof(FrameSlab*) * alignof(FrameSlab*); }
    template <class... Rest>
    static void* operator new(std::size_t size, Crawl&, LaneMemory& lane, Rest&...) {
      void* frame = lane.frame.allocate(tag_offset(size) + sizeof(FrameSlab*));
      *reinterpret_cast<FrameSlab**>(static_cast<std::byte*>(frame) + tag_offset(size)) = &lane.frame;
      return frame;
    }
    static void operator delete(void* frame, std::size_t size) noexcept {
      (*reinterpret_cast<FrameSlab**>(static_cast<std::byte*>(frame) + tag_offset(size)))->deallocate(frame);
    }
  };
};

//! co_await TimerWait{lane}: suspends the lane until its timer expires; a failed wait throws.
struct TimerWait {
  LaneMemory& lane;
  boost::system::error_code error{};

  struct Resume {  // the completion handler: resumes the lane, its memory from the lane's slab
    TimerWait* wait;
    std::coroutine_handle<> handle;
    using allocator_type = SlabAllocator<void>;
    allocator_type get_allocator() const noexcept { return allocator_type(wait->lane.wait); }
    void operator()(const boost::system::error_code& failed) const {
      wait->error = failed;
      handle.resume();
    }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) { lane.timer.async_wait(Resume{this, handle}); }
  void await_resume() const {
    if (error) throw boost::system::system_error(error, "timer wait");
  }
};

//! One of `concurrency` lanes: takes the next request id, waits until it is due (open loop),
//! awaits its delay on the lane's timer, records it, repeats.
Lane run_lane(Crawl& crawl, LaneMemory& lane, std::chrono::milliseconds delay, concbench::RequestLog& log) {
  for (int id; (id = crawl.next++) < log.requests();) {
    const auto due = log.due(id);
    if (log.open_loop() && due > std::chrono::steady_clock::now()) {
      lane.timer.expires_at(due);
      co_await TimerWait{lane};
    }
    // A closed loop's request is due now: one clock read for both (clock_gettime was a ninth of the CPU).
    if (log.open_loop()) lane.timer.expires_after(delay);
    else lane.timer.expires_at(due + delay);
    co_await TimerWait{lane};
    log.done(id, due);
    ++crawl.result.completed;
    crawl.result.id_sum += static_cast<std::uint64_t>(id);
  }
}

struct Loop {
  // One thread runs this loop and no other touches it: Asio may drop its locks (a tenth of the
  // CPU of 10,000 timer waits was pthread_mutex_lock and unlock).
  asio::io_context context{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
  std::deque<LaneMemory> lanes;  // kept between calls
};

}  // namespace

//! One thread, one io_context, `concurrency` coroutines each awaiting a steady_timer per request
//! (asyncio: workers that `await asyncio.sleep(L)`): every wait overlaps, no thread blocks. The
//! lanes' timers and memory are made in set-up and reused by every call.
Runner make_async(int concurrency) {
  auto loop = std::make_shared<Loop>();
  for (int i = 0; i < concurrency; ++i) loop->lanes.emplace_back(loop->context);
  return [loop](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    Crawl crawl;
    const auto lanes = std::min<std::size_t>(loop->lanes.size(), static_cast<std::size_t>(log.requests()));
    loop->context.restart();
    // The lanes start inside the loop, as co_spawn would start them: each runs to its first wait.
    asio::post(loop->context, [&] {
      for (std::size_t i = 0; i < lanes; ++i) run_lane(crawl, loop->lanes[i], delay, log);
    });
    loop->context.run();
    if (crawl.error) std::rethrow_exception(crawl.error);
    return crawl.result;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "one thread, an Asio io_context, a C++20 coroutine and steady_timer per request in flight",
                                  .make = make_async,
                                  .max_concurrency = 100'000,
                                  .max_requests = 100'000,
                                  .quick_many_in_flight = 10'000,
                                  .open_loop = true,
                                  .quick_open_loop = true});

}  // namespace latency
