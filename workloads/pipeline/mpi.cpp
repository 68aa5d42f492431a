#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

enum Tag { item_tag = 1, ready_tag, hand_tag, stop_tag, ack_tag };

//! An item as it travels between ranks, with its washer's steady_clock time (ranks of one host).
struct Item {
  std::uint64_t id;
  std::int64_t producer_rank;
  std::int64_t due_ns;
};

//! Rank 0: the queue. It takes items from washers while it has room (a washer's MPI_Ssend
//! waits until it does: backpressure) and "ready" requests from dryers, hands the oldest item
//! to the longest-waiting dryer, and a stop to each once every item has gone out.
std::int64_t run_queue(const Spec& spec) {
  std::deque<Item> queue;
  std::deque<int> idle_dryers;
  std::uint64_t received = 0;
  std::int64_t deepest = 0;
  for (int stopped = 0; stopped < spec.consumers;) {
    const bool room = received < spec.items && (spec.capacity == 0 || queue.size() < static_cast<std::size_t>(spec.capacity));
    Item item{};
    MPI_Status status;
    MPI_Recv(&item, sizeof item, MPI_BYTE, MPI_ANY_SOURCE, room ? MPI_ANY_TAG : ready_tag, MPI_COMM_WORLD, &status);
    if (status.MPI_TAG == item_tag) {
      queue.push_back(item);
      ++received;
      deepest = std::max(deepest, static_cast<std::int64_t>(queue.size()));
    } else {
      idle_dryers.push_back(status.MPI_SOURCE);
    }
    for (; !idle_dryers.empty() && !queue.empty(); idle_dryers.pop_front(), queue.pop_front())
      MPI_Send(&queue.front(), sizeof(Item), MPI_BYTE, idle_dryers.front(), hand_tag, MPI_COMM_WORLD);
    for (; !idle_dryers.empty() && queue.empty() && received == spec.items; idle_dryers.pop_front(), ++stopped)
      MPI_Send(nullptr, 0, MPI_BYTE, idle_dryers.front(), stop_tag, MPI_COMM_WORLD);
  }
  return deepest;
}

//! Ranks 1..P: washers. Fire-and-forget is MPI_Send (a small message goes out eagerly, whatever
//! the queue does); with a capacity MPI_Ssend, which returns only once the queue has taken the
//! item; with acknowledgements the washer then waits for its dryer's word.
void wash(const Spec& spec, int producer) {
  const auto items = items_of(spec, producer);
  for (std::uint64_t id = items.first; id < items.last; ++id) {
    const Item item{id, concbench::mpi::rank(), clock_ns(concbench::RequestClock::now())};
    serve(spec.wash, spec);
    if (spec.capacity > 0) MPI_Ssend(&item, sizeof item, MPI_BYTE, 0, item_tag, MPI_COMM_WORLD);
    else MPI_Send(&item, sizeof item, MPI_BYTE, 0, item_tag, MPI_COMM_WORLD);
    if (spec.acknowledge) MPI_Recv(nullptr, 0, MPI_BYTE, MPI_ANY_SOURCE, ack_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
}

//! Ranks P+1..P+C: dryers. Each asks the queue for an item, dries it, acknowledges it if asked,
//! and asks again until the queue says stop.
std::string dry(const Spec& spec) {
  DriedItems dried;
  for (;;) {
    MPI_Send(nullptr, 0, MPI_BYTE, 0, ready_tag, MPI_COMM_WORLD);
    Item item{};
    MPI_Status status;
    MPI_Recv(&item, sizeof item, MPI_BYTE, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    if (status.MPI_TAG == stop_tag) return dried.to_words();
    serve(spec.dry, spec);
    dried.add(item.id, item.due_ns);
    if (spec.acknowledge) MPI_Send(nullptr, 0, MPI_BYTE, static_cast<int>(item.producer_rank), ack_tag, MPI_COMM_WORLD);
  }
}

//! pipeline SPEC..., on P + C + 1 ranks; then MPI_Gatherv brings each dryer's tally and latencies
//! to rank 0, which answers "deepest;dryer words;dryer words...".
std::string pipeline_on_ranks(std::istringstream& args) {
  const Spec spec = from_words(args);
  const int rank = concbench::mpi::rank();
  if (concbench::mpi::ranks() != spec.producers + spec.consumers + 1) throw std::invalid_argument("pipeline needs P + C + 1 ranks");
  std::string mine;
  if (rank == 0) mine = std::to_string(run_queue(spec));
  else if (rank <= spec.producers) wash(spec, rank - 1);
  else mine = dry(spec);
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(concbench::mpi::ranks()), offsets(concbench::mpi::ranks());
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  for (std::size_t r = 1; r < lengths.size(); ++r) offsets[r] = offsets[r - 1] + lengths[r - 1];
  std::string all(rank == 0 ? static_cast<std::size_t>(offsets.back() + lengths.back()) : 0, '\0');
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (rank != 0) return "";
  std::string reply = all.substr(0, static_cast<std::size_t>(lengths[0]));
  for (int dryer = spec.producers + 1; dryer < concbench::mpi::ranks(); ++dryer)
    reply += ";" + all.substr(static_cast<std::size_t>(offsets[dryer]), static_cast<std::size_t>(lengths[dryer]));
  return reply;
}

const bool job_added = concbench::mpi::add_rank_job("pipeline", pipeline_on_ranks);

}  // namespace

//! P washer ranks, C dryer ranks and a queue rank (rank 0), started once on this host (an item's
//! latency subtracts two ranks' clocks); washers send items to the queue, dryers ask it for them.
Runner make_mpi(const Spec& spec) {
  auto ranks = std::make_shared<concbench::MpiRanks>(spec.producers + spec.consumers + 1, concbench::MpiHosts::this_host);
  return [spec, ranks](concbench::RequestLog& log) {
    std::istringstream parts(ranks->ask("pipeline " + to_words(spec)));
    std::string part;
    std::getline(parts, part, ';');
    Result result{{}, std::stoll(part)};
    while (std::getline(parts, part, ';')) DriedItems::read(part, result.delivered, log);
    return result;
  };
}

const bool added = models().add({.name = "mpi",
                                  .what = "washer and dryer ranks around a queue rank: MPI_Send (fire-and-forget), MPI_Ssend (bounded), acknowledgements",
                                  .make = make_mpi,
                                  .slow_to_start = true, .in_processes = true});

}  // namespace pipeline
