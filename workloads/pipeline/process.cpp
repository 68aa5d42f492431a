#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

constexpr std::uint64_t stop = std::numeric_limits<std::uint64_t>::max();
constexpr int max_producers = 64;
constexpr int timeout_seconds = 60;  // no wait on another process is unbounded

//! An item carries its due time (clock_ns: CLOCK_MONOTONIC, the same clock in every process of
//! this host, as a ring in shared memory always is) to the consumer, which measures its latency.
struct Item {
  std::uint64_t id;
  int producer;
  std::int64_t due_ns;  // when its washer started it
};

//! The bounded buffer of the textbook, in shared memory: counting semaphores for free and
//! filled slots, a binary one as the lock, and one per producer for acknowledgements.
struct Ring {
  sem_t free_slots, filled_slots, lock;
  sem_t dried[max_producers];
  std::uint64_t head, tail, capacity;
  std::int64_t deepest;
  int producers_left;
  Item slots[1];  // really `capacity` of them

  static std::size_t bytes(std::uint64_t capacity) { return sizeof(Ring) + capacity * sizeof(Item); }
};

void wait(sem_t& semaphore, const char* what) {
  timespec deadline{};
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_seconds;
  while (sem_timedwait(&semaphore, &deadline) != 0)
    if (errno != EINTR)
      throw std::runtime_error(std::string("pipeline ring: ") + (errno == ETIMEDOUT ? "no " + std::string(what) + " within 60 s" : std::strerror(errno)));
}

//! The ring's capacity: Q, or room for every item and every stop message when unbounded.
std::uint64_t ring_capacity(const Spec& spec) {
  return spec.capacity > 0 ? static_cast<std::uint64_t>(spec.capacity) : spec.items + static_cast<std::uint64_t>(spec.consumers);
}

//! A mapping of the shared-memory ring `name`, unmapped when it goes.
class Mapping {
 public:
  Mapping(const std::string& name, std::size_t bytes, bool create) : name_(create ? name : ""), bytes_(bytes) {
    const int fd = shm_open(name.c_str(), O_RDWR | (create ? O_CREAT | O_EXCL : 0), 0600);
    if (fd < 0) throw std::runtime_error("shm_open " + name + ": " + std::strerror(errno));
    if (create && ftruncate(fd, static_cast<off_t>(bytes)) != 0) {
      close(fd);
      throw std::runtime_error("ftruncate " + name + ": " + std::strerror(errno));
    }
    void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (memory == MAP_FAILED) throw std::runtime_error("mmap " + name + ": " + std::strerror(errno));
    ring_ = static_cast<Ring*>(memory);
  }
  ~Mapping() {
    munmap(ring_, bytes_);
    if (!name_.empty()) shm_unlink(name_.c_str());  // the creator removes the name
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  Ring& ring() { return *ring_; }

 private:
  std::string name_;
  std::size_t bytes_;
  Ring* ring_;
};

void push(Ring& ring, Item item) {
  wait(ring.free_slots, "free slot");
  wait(ring.lock, "lock");
  ring.slots[ring.tail++ % ring.capacity] = item;
  if (item.id != stop) ring.deepest = std::max<std::int64_t>(ring.deepest, static_cast<std::int64_t>(ring.tail - ring.head));
  sem_post(&ring.lock);
  sem_post(&ring.filled_slots);
}

Item pop(Ring& ring) {
  wait(ring.filled_slots, "item");
  wait(ring.lock, "lock");
  const Item item = ring.slots[ring.head++ % ring.capacity];
  sem_post(&ring.lock);
  sem_post(&ring.free_slots);
  return item;
}

}  // namespace

std::string produce_on_ring(const std::string& name, int producer, const Spec& spec) {
  Mapping mapping(name, Ring::bytes(ring_capacity(spec)), false);
  Ring& ring = mapping.ring();
  const auto items = items_of(spec, producer);
  for (std::uint64_t id = items.first; id < items.last; ++id) {
    const auto due_ns = clock_ns(concbench::RequestClock::now());  // the closed loop's due time: now
    serve(spec.wash, spec);
    push(ring, {id, producer, due_ns});
    if (spec.acknowledge) wait(ring.dried[producer], "acknowledgement");
  }
  if (std::atomic_ref<int>(ring.producers_left).fetch_sub(1) == 1)
    for (int c = 0; c < spec.consumers; ++c) push(ring, {stop, -1, 0});
  return "";
}

std::string consume_from_ring(const std::string& name, const Spec& spec) {
  Mapping mapping(name, Ring::bytes(ring_capacity(spec)), false);
  Ring& ring = mapping.ring();
  DriedItems dried;
  for (Item item = pop(ring); item.id != stop; item = pop(ring)) {
    serve(spec.dry, spec);
    dried.add(item.id, item.due_ns);
    if (spec.acknowledge) sem_post(&ring.dried[item.producer]);
  }
  return dried.to_words();
}

//! multiprocessing with a JoinableQueue: P washer and C dryer processes (concbench_worker,
//! started once) around a bounded ring in POSIX shared memory guarded by process-shared
//! semaphores. Each run re-initialises the ring and hands every process its stage as a job.
Runner make_process(const Spec& spec) {
  if (spec.producers > max_producers) throw std::invalid_argument("pipeline process model: at most 64 producers");
  static std::atomic<int> rings{0};
  const std::string name = "/concbench-pipeline-" + std::to_string(getpid()) + "-" + std::to_string(++rings);
  auto mapping = std::make_shared<Mapping>(name, Ring::bytes(ring_capacity(spec)), true);
  auto pool = std::make_shared<concbench::ProcessPool>(spec.producers + spec.consumers);
  return [spec, name, mapping, pool](concbench::RequestLog& log) {
    Ring& ring = mapping->ring();
    sem_init(&ring.free_slots, 1, static_cast<unsigned>(ring_capacity(spec)));
    sem_init(&ring.filled_slots, 1, 0);
    sem_init(&ring.lock, 1, 1);
    for (int p = 0; p < spec.producers; ++p) sem_init(&ring.dried[p], 1, 0);
    ring.head = ring.tail = 0;
    ring.capacity = ring_capacity(spec);
    ring.deepest = 0;
    ring.producers_left = spec.producers;
    std::vector<std::string> jobs;
    for (int p = 0; p < spec.producers; ++p) jobs.push_back("pipeline_produce " + name + " " + std::to_string(p) + " " + to_words(spec));
    for (int c = 0; c < spec.consumers; ++c) jobs.push_back("pipeline_consume " + name + " " + to_words(spec));
    const auto replies = pool->map(jobs);
    Result result{{}, ring.deepest};
    for (int c = 0; c < spec.consumers; ++c) DriedItems::read(replies[spec.producers + c], result.delivered, log);
    return result;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "producer and consumer processes on a ring in POSIX shared memory (JoinableQueue)",
                                  .make = make_process, .in_processes = true});

}  // namespace pipeline
