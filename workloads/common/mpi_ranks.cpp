#include "workloads/common/mpi_ranks.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace concbench {
namespace {

std::string errno_text() { return std::strerror(errno); }

std::string environment_or(const char* name, const std::string& otherwise) {
  const char* value = std::getenv(name);
  return value && *value ? value : otherwise;
}

//! A private directory for the socket and the log: only this user may connect to rank 0's socket.
std::string make_private_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "concbench-mpi-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw MpiError("mkdtemp: " + errno_text());
  return pattern;
}

int listen_on(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) throw MpiError("socket path too long: " + path + " (set TMPDIR to a shorter one)");
  std::strcpy(address.sun_path, path.c_str());
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw MpiError("socket: " + errno_text());
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 1) != 0) {
    const std::string why = errno_text();
    close(fd);
    throw MpiError("cannot listen on " + path + ": " + why);
  }
  return fd;
}

int milliseconds_until(MpiRanks::Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - MpiRanks::Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
}

}  // namespace

std::vector<std::string> mpirun_command(int ranks, MpiHosts hosts, const std::string& socket) {
  std::string rank_program;
  try {
    rank_program = tool_executable("concbench_mpi_ranks", "CONCBENCH_MPI_RANKS");
  } catch (const std::runtime_error& error) {
    throw MpiError(error.what());
  }
  // --oversubscribe: `workers` may exceed the slots (cores) Open MPI counts, as it may exceed
  // the cores for every other model; Open MPI then has idle ranks yield the CPU as they poll.
  // --bind-to none: no other model pins its workers, and on a shared machine a rank bound to a
  // core that another program is using cannot move to an idle one (cpu_sum/mpi at 1 worker ran
  // at 41-98% of serial speed bound, as the other program came and went). A later --bind-to in
  // $CONCBENCH_MPI_ARGS overrides it.
  std::vector<std::string> command{environment_or("CONCBENCH_MPIRUN", "mpirun"), "-np", std::to_string(ranks), "--oversubscribe", "--bind-to", "none"};
  if (const auto hostfile = environment_or("CONCBENCH_MPI_HOSTFILE", ""); hosts == MpiHosts::hostfile && !hostfile.empty())
    command.insert(command.end(), {"--hostfile", hostfile});
  std::istringstream extra(environment_or("CONCBENCH_MPI_ARGS", ""));
  for (std::string word; extra >> word;) command.push_back(word);
  command.insert(command.end(), {rank_program, "--connect", socket});
  return command;
}

std::vector<std::string> mpirun_environment() {
  if (geteuid() != 0) return {};
  return {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"};
}

MpiRanks::MpiRanks(int ranks, MpiHosts hosts, std::chrono::milliseconds job_timeout, std::chrono::milliseconds start_timeout)
    : ranks_(std::max(1, ranks)), timeout_(job_timeout), directory_(make_private_directory()) {
  const std::string socket_path = directory_ + "/rank0.sock";
  int listener = -1;
  try {
    listener = listen_on(socket_path);
    try {
      mpirun_ = Child(mpirun_command(ranks_, hosts, socket_path),
                      {.in = Stdio::null(), .out = Stdio::append_to(directory_ + "/mpirun.log"), .err = Stdio::like_stdout(),
                       .die_with_parent = true, .environment = mpirun_environment()});
    } catch (const SpawnError& error) {
      throw MpiError(error.what());
    }
    // Rank 0 connects once MPI_Init is done everywhere; mpirun exiting first (no such program,
    // too few slots, a host it cannot reach) ends the wait at once.
    const auto deadline = Clock::now() + start_timeout;
    while (socket_ < 0) {
      pollfd ready{listener, POLLIN, 0};
      const int polled = poll(&ready, 1, std::min(100, milliseconds_until(deadline)));
      if (polled < 0 && errno != EINTR) throw MpiError("poll: " + errno_text());
      if (polled > 0) socket_ = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
      else if (auto status = mpirun_.wait_for(std::chrono::milliseconds(0)))
        throw MpiError("mpirun " + *status + " before rank 0 connected" + mpirun_said());
      else if (Clock::now() >= deadline)
        throw MpiError("rank 0 did not connect within " + std::to_string(start_timeout.count()) + " ms" + mpirun_said());
    }
    close(listener), listener = -1;
    std::filesystem::remove(socket_path);
    if (const auto answer = ask("ranks"); answer != std::to_string(ranks_))
      throw MpiError("mpirun started " + answer + " ranks, not " + std::to_string(ranks_));
  } catch (...) {
    if (listener >= 0) close(listener);
    stop();  // no destructor runs for a constructor that throws
    throw;
  }
}

MpiRanks::~MpiRanks() { stop(); }

void MpiRanks::stop() noexcept {
  if (socket_ >= 0) close(socket_), socket_ = -1;  // rank 0 reads the end of its input
  // Ranks that failed already had their chance in fail(); others finalize and exit within ms.
  if (!mpirun_.wait_for(broken_ ? std::chrono::seconds(0) : std::chrono::seconds(10))) mpirun_.terminate();
  std::error_code ignored;
  if (!directory_.empty()) std::filesystem::remove_all(directory_, ignored);
  directory_.clear();
}

std::string MpiRanks::mpirun_said() const {
  std::ifstream log(directory_ + "/mpirun.log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  // Open MPI frames its messages with lines of dashes; keep the words.
  std::string words;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.find_first_not_of("- \t") != std::string::npos) words += (words.empty() ? "" : " ") + line.substr(line.find_first_not_of(" \t"));
  if (words.empty()) return "";
  if (words.size() > 1500) words = "..." + words.substr(words.size() - 1500);
  return "; mpirun said: " + words;
}

void MpiRanks::fail(const std::string& what, const std::string& job) {
  broken_ = true;
  if (socket_ >= 0) close(socket_), socket_ = -1;
  const auto status = mpirun_.wait_for(std::chrono::seconds(2));  // it kills the other ranks, then exits
  throw MpiError("MPI ranks (mpirun pid " + std::to_string(mpirun_.pid()) + ", " + std::to_string(ranks_) + " ranks) " + what +
                 " during job '" + job.substr(0, 80) + "'" + (status ? " (mpirun " + *status + ")" : "") + mpirun_said());
}

std::string MpiRanks::ask(const std::string& job) {
  if (broken_) throw MpiError("MPI ranks are unusable after an earlier failure");
  const std::string message = job + '\n';
  for (std::size_t sent = 0; sent < message.size();) {
    const ssize_t n = send(socket_, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot be sent a job: " + errno_text(), job);
    sent += static_cast<std::size_t>(n);
  }
  const auto deadline = Clock::now() + timeout_;
  for (;;) {
    if (const auto newline = received_.find('\n'); newline != std::string::npos) {
      std::string reply = received_.substr(0, newline);
      received_.erase(0, newline + 1);
      if (reply.rfind("ok", 0) != 0) fail("answered '" + reply.substr(0, 200) + "'", job);
      return reply.size() > 3 ? reply.substr(3) : std::string{};
    }
    pollfd ready{socket_, POLLIN, 0};
    const int polled = poll(&ready, 1, milliseconds_until(deadline));
    if (polled < 0 && errno == EINTR) continue;
    if (polled < 0) fail("poll: " + errno_text(), job);
    if (polled == 0) fail("gave no answer within " + std::to_string(timeout_.count()) + " ms", job);
    char buffer[65536];
    const ssize_t n = recv(socket_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("ended", job);
    received_.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace concbench
