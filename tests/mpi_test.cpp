#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

using concbench::MpiError;
using concbench::MpiHosts;
using concbench::MpiRanks;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

//! Sets an environment variable for one test's lifetime.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

//! Makes this test process the reaper of its orphans: a rank or an Open MPI daemon that outlives
//! its parent becomes our child, so that child_processes() sees whatever a model left running.
void reap_orphans() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

//! Our children that still run, once those that end within 3 s have (an orphan that exited is
//! reaped here: init would have reaped it without us).
std::size_t child_processes(std::size_t expected = 0) {
  std::size_t children = 0;
  for (const auto deadline = Clock::now() + 3s; Clock::now() < deadline; std::this_thread::sleep_for(50ms)) {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {}
    children = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
      std::ifstream list(task.path() / "children");
      for (pid_t pid; list >> pid;) ++children;
    }
    if (children <= expected) break;
  }
  return children;
}

std::size_t open_descriptors() {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator("/proc/self/fd"), std::filesystem::directory_iterator{}));
}

std::vector<pid_t> rank_pids(MpiRanks& ranks) {
  std::istringstream words(ranks.ask("pids"));
  std::vector<pid_t> pids;
  for (pid_t pid; words >> pid;) pids.push_back(pid);
  return pids;
}

bool alive(pid_t pid) { return kill(pid, 0) == 0; }

template <class Call>
void expect_mpi_error(Call call, const std::string& expected, std::chrono::seconds limit = 20s) {
  const auto start = Clock::now();
  try {
    call();
    ADD_FAILURE() << "no MpiError";
  } catch (const MpiError& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
  EXPECT_LT(Clock::now() - start, limit) << "took too long: a hang, not a clear error";
}

TEST(MpiRanks, RanksAnswerAndLeaveNothingRunning) {
  reap_orphans();
  const auto descriptors = open_descriptors(), children = child_processes();
  std::vector<pid_t> pids;
  {
    MpiRanks ranks(3);
    EXPECT_EQ(ranks.ask("ranks"), "3");
    pids = rank_pids(ranks);
    EXPECT_EQ(std::set<pid_t>(pids.begin(), pids.end()).size(), 3u);
    EXPECT_EQ(ranks.ask("node_sizes"), "3 3 3");
  }
  for (const pid_t pid : pids) EXPECT_FALSE(alive(pid)) << "rank " << pid << " still runs";
  EXPECT_EQ(child_processes(children), children);
  EXPECT_EQ(open_descriptors(), descriptors);
}

TEST(MpiRanks, AKilledRankIsAClearErrorNotAHang) {
  reap_orphans();
  const auto children = child_processes();
  {
    MpiRanks ranks(2);
    const pid_t victim = rank_pids(ranks).at(1);
    std::jthread killer([victim] {
      std::this_thread::sleep_for(300ms);
      kill(victim, SIGKILL);
    });
    expect_mpi_error([&] { ranks.ask("sleep_ms 20000"); }, "signal 9");
    expect_mpi_error([&] { ranks.ask("ranks"); }, "unusable");
  }
  EXPECT_EQ(child_processes(children), children);
}

TEST(MpiRanks, SilentRanksTimeOut) {
  reap_orphans();
  const auto children = child_processes();
  const auto start = Clock::now();
  {
    MpiRanks ranks(2, MpiHosts::this_host, 300ms);
    expect_mpi_error([&] { ranks.ask("sleep_ms 30000"); }, "gave no answer within 300 ms", 5s);
  }
  EXPECT_LT(Clock::now() - start, 15s) << "stopping silent ranks took too long";
  EXPECT_EQ(child_processes(children), children);
}

TEST(MpiRanks, AFailingJobIsAClearError) {
  MpiRanks ranks(2);
  expect_mpi_error([&] { ranks.ask("no_such_job 1"); }, "unknown job 'no_such_job'");
}

TEST(MpiRanks, MissingRankProgramIsAClearError) {
  const ScopedEnv missing("CONCBENCH_MPI_RANKS", "/nonexistent/concbench_mpi_ranks");
  expect_mpi_error([] { MpiRanks ranks(2); }, "/nonexistent/concbench_mpi_ranks");
}

TEST(MpiRanks, MissingMpirunIsAClearError) {
  const ScopedEnv missing("CONCBENCH_MPIRUN", "/nonexistent/mpirun");
  expect_mpi_error([] { MpiRanks ranks(2); }, "cannot start /nonexistent/mpirun", 5s);
}

TEST(MpiRanks, AsRootMpirunIsAllowedToRun) {
  const auto environment = concbench::mpirun_environment();
  if (geteuid() == 0) EXPECT_EQ(environment, (std::vector<std::string>{"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"}));
  else EXPECT_TRUE(environment.empty());
}

TEST(MpiRanks, TheCommandNamesTheHostfileOnlyWhereRanksMayLeave) {
  const ScopedEnv hostfile("CONCBENCH_MPI_HOSTFILE", "/etc/concbench-hosts");
  const ScopedEnv args("CONCBENCH_MPI_ARGS", "--mca btl tcp,self");
  const auto command = concbench::mpirun_command(4, MpiHosts::hostfile, "/tmp/x.sock");
  const auto words = [](const std::vector<std::string>& list) {
    std::string joined;
    for (const auto& word : list) joined += word + " ";
    return joined;
  };
  EXPECT_NE(words(command).find(" -np 4 --oversubscribe --hostfile /etc/concbench-hosts --mca btl tcp,self "), std::string::npos) << words(command);
  EXPECT_EQ(words(concbench::mpirun_command(4, MpiHosts::this_host, "/tmp/x.sock")).find("--hostfile"), std::string::npos);
  EXPECT_EQ(command.back(), "/tmp/x.sock");
}

// The multi-host launch path end to end: a hostfile of two named hosts, reached through Open
// MPI's launch agent (tests/mpi_fake_ssh.sh in place of ssh, which runs the command here), the
// ranks talking TCP over the loopback. The names do not resolve to this machine, so Open MPI
// treats them as two nodes: each gets a daemon of its own and one rank.
TEST(MpiRanks, RunsAcrossTwoHostsThroughTheLaunchAgent) {
  reap_orphans();
  const auto children = child_processes();
  const auto directory = std::filesystem::temp_directory_path() / ("concbench-mpi-hosts-" + std::to_string(getpid()));
  std::filesystem::create_directories(directory);
  std::ofstream(directory / "hostfile") << "concbench-node-a slots=1\nconcbench-node-b slots=1\n";
  const ScopedEnv hostfile("CONCBENCH_MPI_HOSTFILE", (directory / "hostfile").string());
  const ScopedEnv log("CONCBENCH_FAKE_SSH_LOG", (directory / "agent.log").string());
  const ScopedEnv args("CONCBENCH_MPI_ARGS", std::string("--mca plm_rsh_agent ") + CONCBENCH_TESTS_DIR +
                                                 "/mpi_fake_ssh.sh --mca plm_rsh_no_tree_spawn 1 --mca btl tcp,self"
                                                 " --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo");
  {
    MpiRanks ranks(2);
    EXPECT_EQ(ranks.ask("node_sizes"), "1 1") << "the two ranks share a node";
    const auto sum = cpu_sum::models().find("mpi")->make(2);  // a model's own ranks, on the same two hosts
    EXPECT_EQ(sum(1'000'003), cpu_sum::answer(1'000'003));
  }
  std::ifstream agent_log(directory / "agent.log");
  std::multiset<std::string> hosts;
  for (std::string host; agent_log >> host;) hosts.insert(host);
  EXPECT_EQ(hosts, (std::multiset<std::string>{"concbench-node-a", "concbench-node-a", "concbench-node-b", "concbench-node-b"}))
      << "each set of ranks starts one daemon on each host";
  std::filesystem::remove_all(directory);
  EXPECT_EQ(child_processes(children), children);
}

// Ranks that share this host's memory or clock (array_sum, pipeline) ignore the hostfile.
TEST(MpiRanks, PlacesAPipelineOnThisHostWhateverTheHostfile) {
  const ScopedEnv hostfile("CONCBENCH_MPI_HOSTFILE", "/nonexistent/hostfile");
  MpiRanks ranks(2, MpiHosts::this_host);
  EXPECT_EQ(ranks.ask("node_sizes"), "2 2");
}

}  // namespace
