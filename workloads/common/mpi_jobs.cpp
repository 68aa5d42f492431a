#include "workloads/common/mpi_jobs.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace concbench::mpi {
namespace {

std::map<std::string, RankJob, std::less<>>& jobs() {
  static std::map<std::string, RankJob, std::less<>> table;
  return table;
}

std::uint64_t read_milliseconds(std::istringstream& args) {
  std::uint64_t ms = 0;
  if (!(args >> ms)) throw std::invalid_argument("expected milliseconds");
  return ms;
}

//! Every rank's `value`, gathered at rank 0 in rank order, as words.
std::string gathered(int value) {
  std::vector<int> values(ranks());
  MPI_Gather(&value, 1, MPI_INT, values.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string words;
  for (const int each : values) words += (words.empty() ? "" : " ") + std::to_string(each);
  return words;
}

// The jobs every set of ranks answers, for the launcher's start-up check and its tests: how many
// ranks; each rank's pid (one host only: two hosts' pids do not mix); how many ranks share each
// rank's node (MPI_COMM_TYPE_SHARED: "1 1" for two ranks on two hosts, "2 2" for two on one).
const bool added_ranks = add_rank_job("ranks", [](std::istringstream&) { return std::to_string(ranks()); });
const bool added_pids = add_rank_job("pids", [](std::istringstream&) { return gathered(getpid()); });
const bool added_node_sizes = add_rank_job("node_sizes", [](std::istringstream&) {
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int size = 0;
  MPI_Comm_size(node, &size);
  MPI_Comm_free(&node);
  return gathered(size);
});
// sleep_ms MS: rank 1 (rank 0 if alone) sleeps, the others wait for it in a barrier: a job that
// takes long, for the launcher's timeout and crash tests.
const bool added_sleep = add_rank_job("sleep_ms", [](std::istringstream& args) {
  const auto ms = read_milliseconds(args);
  if (rank() == (ranks() > 1 ? 1 : 0)) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  MPI_Barrier(MPI_COMM_WORLD);
  return std::string{};
});

}  // namespace

bool add_rank_job(const char* name, RankJob job) {
  jobs()[name] = job;
  return true;
}

RankJob find_rank_job(std::string_view name) {
  const auto found = jobs().find(name);
  return found == jobs().end() ? nullptr : found->second;
}

int rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int ranks() {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

}  // namespace concbench::mpi
