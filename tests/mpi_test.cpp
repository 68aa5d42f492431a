#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/context_switch/context_switch.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/pipeline/pipeline.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"
#include "workloads/spawn/spawn.hpp"

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
  EXPECT_NE(words(command).find(" -np 4 --oversubscribe --bind-to none --hostfile /etc/concbench-hosts --mca btl tcp,self "), std::string::npos) << words(command);
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

//! One mpi row of a workload, made, used once and dropped.
struct MpiRow {
  const char* name;
  std::function<void()> use;
  friend void PrintTo(const MpiRow& row, std::ostream* out) { *out << row.name; }
};

const MpiRow mpi_rows[] = {
    {"cpu_sum", [] { EXPECT_EQ(cpu_sum::models().find("mpi")->make(3)(100'003), cpu_sum::answer(100'003)); }},
    {"seed_jobs", [] { EXPECT_EQ(seed_jobs::models().find("mpi")->make(3)({7, 1000}).sums, (std::vector<std::uint64_t>{cpu_sum::answer(7), cpu_sum::answer(1000)})); }},
    {"seed_jobs_as_completed", [] { EXPECT_EQ(seed_jobs::models().find("mpi_as_completed")->make(2)({7, 1000}).completion_order.size(), 2u); }},
    {"context_switch", [] { EXPECT_EQ(context_switch::models().find("mpi")->make()(10), 20u); }},
    {"spawn", [] { EXPECT_EQ(spawn::models().find("mpi")->make(2)(1), spawn::expected(1)); }},
    {"pipeline",
     [] {
       const pipeline::Spec spec{1, 6, 10, 2, 2, 10, false, true};
       concbench::RequestLog log(6);
       EXPECT_EQ(pipeline::models().find("mpi")->make(spec)(log).delivered, pipeline::expected(spec));
     }},
    {"array_sum",
     [] {
       const array_sum::SharedArray array(1 << 20);
       EXPECT_EQ(array_sum::models().find("mpi")->make(array, 3)(), array_sum::expected(array.count()));
     }},
};

class MpiRowCase : public testing::TestWithParam<MpiRow> {};

// Every mpi row's set-up, call and end leave no process, socket or pipe behind.
TEST_P(MpiRowCase, LeavesNothingRunning) {
  reap_orphans();
  const auto descriptors = open_descriptors(), children = child_processes();
  GetParam().use();
  EXPECT_EQ(child_processes(children), children);
  EXPECT_EQ(open_descriptors(), descriptors);
}

INSTANTIATE_TEST_SUITE_P(EveryMpiRow, MpiRowCase, testing::ValuesIn(mpi_rows),
                         [](const testing::TestParamInfo<MpiRow>& info) { return std::string(info.param.name); });

}  // namespace
