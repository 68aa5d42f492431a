#include <memory>
#include <string>
#include <vector>

#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {
namespace {

enum Tag { job_tag = 1, result_tag = 2, stop_tag = 3 };

//! seed_jobs_farm N0 N1 ..., on every rank: the master-worker task farm. Rank 0 sends each worker
//! rank one job, then waits for any worker's result (MPI_ANY_SOURCE) and sends that worker the
//! next job, or a stop once none is left; it records the order in which results came.
std::string farm_on_ranks(std::istringstream& args) {
  std::vector<std::uint64_t> jobs;
  for (std::uint64_t n; args >> n;) jobs.push_back(n);
  if (concbench::mpi::ranks() < 2) throw std::invalid_argument("a task farm needs a master and at least one worker rank");
  if (concbench::mpi::rank() != 0) {
    for (;;) {
      std::uint64_t job[2];  // index, n
      MPI_Status status;
      MPI_Recv(job, 2, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
      if (status.MPI_TAG == stop_tag) return "";
      const std::uint64_t result[2] = {job[0], run_job(job[1])};
      MPI_Send(result, 2, MPI_UINT64_T, 0, result_tag, MPI_COMM_WORLD);
    }
  }
  std::vector<std::uint64_t> sums(jobs.size());
  std::string order;
  std::uint64_t next = 0;
  const auto send_next = [&](int worker) {
    const std::uint64_t job[2] = {next, next < jobs.size() ? jobs[next] : 0};
    MPI_Send(job, 2, MPI_UINT64_T, worker, next < jobs.size() ? job_tag : stop_tag, MPI_COMM_WORLD);
    if (next < jobs.size()) ++next;
  };
  for (int worker = 1; worker < concbench::mpi::ranks(); ++worker) send_next(worker);
  for (std::size_t done = 0; done < jobs.size(); ++done) {
    std::uint64_t result[2];
    MPI_Status status;
    MPI_Recv(result, 2, MPI_UINT64_T, MPI_ANY_SOURCE, result_tag, MPI_COMM_WORLD, &status);
    sums.at(result[0]) = result[1];
    order += std::to_string(result[0]) + " ";
    send_next(status.MPI_SOURCE);
  }
  std::string words;
  for (const auto sum : sums) words += std::to_string(sum) + " ";
  return words + "| " + order;
}

const bool job_added = concbench::mpi::add_rank_job("seed_jobs_farm", farm_on_ranks);

}  // namespace

//! A master rank and `workers` worker ranks (started once): the master hands each worker a job
//! as it frees up and collects results in completion order (the MPI task farm, as_completed).
Runner make_mpi_as_completed(int workers) {
  auto ranks = std::make_shared<concbench::MpiRanks>(workers + 1);
  return [ranks](const std::vector<std::uint64_t>& jobs) {
    std::string line = "seed_jobs_farm";
    for (const auto n : jobs) line += " " + std::to_string(n);
    const std::string reply = ranks->ask(line);
    const auto bar = reply.find('|');
    std::istringstream sums(reply.substr(0, bar)), order(bar == std::string::npos ? "" : reply.substr(bar + 1));
    Result result;
    for (std::uint64_t sum; sums >> sum;) result.sums.push_back(sum);
    for (std::size_t job; order >> job;) result.completion_order.push_back(job);
    return result;
  };
}

const bool added = models().add({.name = "mpi_as_completed",
                                  .what = "a master rank farming jobs to `workers` worker ranks as they free up (MPI_ANY_SOURCE), completion order",
                                  .make = make_mpi_as_completed,
                                  .records_order = true, .slow_to_start = true, .in_processes = true});

}  // namespace seed_jobs
