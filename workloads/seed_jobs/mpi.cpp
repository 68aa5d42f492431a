#include <memory>
#include <string>
#include <vector>

#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {
namespace {

//! seed_jobs N0 N1 ..., on every rank: job i belongs to rank i mod size (a static round-robin
//! deal); each rank sums its own jobs into its slots of a vector of all the jobs, and one
//! MPI_Reduce adds the vectors at rank 0, which holds every job's sum in job order.
std::string run_on_ranks(std::istringstream& args) {
  std::vector<std::uint64_t> jobs;
  for (std::uint64_t n; args >> n;) jobs.push_back(n);
  std::vector<std::uint64_t> mine(jobs.size(), 0), sums(jobs.size(), 0);
  for (std::size_t i = static_cast<std::size_t>(concbench::mpi::rank()); i < jobs.size(); i += static_cast<std::size_t>(concbench::mpi::ranks()))
    mine[i] = run_job(jobs[i]);
  MPI_Reduce(mine.data(), sums.data(), static_cast<int>(jobs.size()), MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  std::string words;
  for (const auto sum : sums) words += std::to_string(sum) + " ";
  return words;
}

const bool job_added = concbench::mpi::add_rank_job("seed_jobs", run_on_ranks);

}  // namespace

//! `workers` MPI ranks (started once) deal the job list round-robin, each rank running its
//! share; MPI_Reduce brings the sums to rank 0 in job order (Executor.map's order).
Runner make_mpi(int workers) {
  auto ranks = std::make_shared<concbench::MpiRanks>(workers);
  return [ranks](const std::vector<std::uint64_t>& jobs) {
    std::string line = "seed_jobs";
    for (const auto n : jobs) line += " " + std::to_string(n);
    std::istringstream words(ranks->ask(line));
    Result result;
    for (std::uint64_t sum; words >> sum;) result.sums.push_back(sum);
    return result;
  };
}

const bool added = models().add({.name = "mpi",
                                  .what = "`workers` MPI ranks, jobs dealt round-robin, sums brought to rank 0 by MPI_Reduce in job order",
                                  .make = make_mpi,
                                  .slow_to_start = true, .in_processes = true});

}  // namespace seed_jobs
