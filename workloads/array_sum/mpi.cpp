#include <memory>
#include <string>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/chunks.hpp"
#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"

namespace array_sum {
namespace {

//! array_sum NAME COUNT, on every rank: each rank maps the shared array (once; its first job
//! does it, untimed), sums its contiguous block, and MPI_Reduce adds the blocks at rank 0.
std::string sum_on_ranks(std::istringstream& args) {
  std::string name;
  std::uint64_t count = 0;
  if (!(args >> name >> count)) throw std::invalid_argument("array_sum needs NAME COUNT");
  const std::uint64_t* data = attach(name, count);
  const auto block = concbench::split(0, count, concbench::mpi::ranks())[concbench::mpi::rank()];
  const std::uint64_t partial = sum_range(data, block.first, block.last);
  std::uint64_t total = 0;
  MPI_Reduce(&partial, &total, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  return std::to_string(total);
}

const bool job_added = concbench::mpi::add_rank_job("array_sum", sum_on_ranks);

}  // namespace

//! `workers` MPI ranks on this host (started once) that map the array's shared-memory object —
//! the same pages every model reads — each summing its block, MPI_Reduce at rank 0.
Runner make_mpi(const SharedArray& array, int workers) {
  auto ranks = std::make_shared<concbench::MpiRanks>(workers, concbench::MpiHosts::this_host);
  const std::string job = "array_sum " + array.name() + " " + std::to_string(array.count());
  ranks->ask(job);  // every rank maps the array now, untimed
  return [ranks, job] { return std::stoull(ranks->ask(job)); };
}

const bool added = models().add({.name = "mpi", .what = "`workers` MPI ranks on this host, each mapping the shared array and summing its block, MPI_Reduce", .make = make_mpi, .slow_to_start = true, .in_processes = true});

}  // namespace array_sum
