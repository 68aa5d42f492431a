#include <memory>
#include <string>

#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {
namespace {

//! ping_pong ROUNDS, on two ranks: rank 0 sends the counter plus one, rank 1 receives it, adds
//! one and sends it back — the OSU latency test's loop (osu_latency), with an 8-byte message.
std::string ping_pong_on_ranks(std::istringstream& args) {
  std::uint64_t rounds = 0;
  if (!(args >> rounds)) throw std::invalid_argument("ping_pong needs ROUNDS");
  if (concbench::mpi::ranks() != 2) throw std::invalid_argument("ping_pong needs exactly two ranks");
  const int rank = concbench::mpi::rank(), partner = 1 - rank;
  std::uint64_t counter = 0;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    if (rank == 0) {
      const std::uint64_t sent = ++counter;
      MPI_Send(&counter, 1, MPI_UINT64_T, partner, 0, MPI_COMM_WORLD);
      MPI_Recv(&counter, 1, MPI_UINT64_T, partner, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (counter != sent + 1) throw std::runtime_error("ping-pong partner miscounted");
    } else {
      MPI_Recv(&counter, 1, MPI_UINT64_T, partner, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      ++counter;
      MPI_Send(&counter, 1, MPI_UINT64_T, partner, 0, MPI_COMM_WORLD);
    }
  }
  return std::to_string(counter);
}

const bool job_added = concbench::mpi::add_rank_job("ping_pong", ping_pong_on_ranks);

}  // namespace

//! Two MPI ranks passing the counter with MPI_Send/MPI_Recv, as osu_latency does: each rank
//! polls for the message (no sleep, no switch), so the two run on two cores, through shared
//! memory on one host (or the network, with a hostfile of two hosts).
Runner make_mpi() {
  auto ranks = std::make_shared<concbench::MpiRanks>(2);
  return [ranks](std::uint64_t rounds) { return std::stoull(ranks->ask("ping_pong " + std::to_string(rounds))); };
}

const bool added = models().add({.name = "mpi",
                                  .what = "two MPI ranks, MPI_Send/MPI_Recv of the counter (osu_latency), each polling on its own core",
                                  .make = make_mpi,
                                  .rounds = 20'000, .in_processes = true});

}  // namespace context_switch
