#include <memory>
#include <string>

#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {
namespace {

//! cpu_sum N, on every rank: each sums its own block of 1..N, and MPI_Reduce adds the blocks'
//! sums at rank 0 (mpi4py's comm.reduce(partial, op=MPI.SUM, root=0)).
std::string sum_on_ranks(std::istringstream& args) {
  std::uint64_t n = 0;
  if (!(args >> n)) throw std::invalid_argument("cpu_sum needs N");
  const auto block = concbench::split(1, n + 1, concbench::mpi::ranks())[concbench::mpi::rank()];
  const std::uint64_t partial = sum_range(block);
  std::uint64_t total = 0;
  MPI_Reduce(&partial, &total, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  return std::to_string(total);
}

const bool job_added = concbench::mpi::add_rank_job("cpu_sum", sum_on_ranks);

}  // namespace

//! `workers` MPI ranks under mpirun (on the hosts of $CONCBENCH_MPI_HOSTFILE, if set), started
//! once; each call has every rank sum its block of terms and MPI_Reduce add them at rank 0.
Runner make_mpi(int workers) {
  auto ranks = std::make_shared<concbench::MpiRanks>(workers);
  return [ranks](std::uint64_t n) { return std::stoull(ranks->ask("cpu_sum " + std::to_string(n))); };
}

const bool added = models().add({.name = "mpi", .what = "`workers` MPI ranks under mpirun, each summing its block, MPI_Reduce at rank 0", .make = make_mpi, .slow_to_start = true, .in_processes = true});

}  // namespace cpu_sum
