// concbench_mpi_ranks: the ranks behind the mpi models, started by concbench as
// `mpirun -np W concbench_mpi_ranks --connect SOCKET` (workloads/common/mpi_ranks.hpp). Rank 0
// connects to concbench's Unix socket and reads one job per line; the line is broadcast to every
// rank, every rank runs the job (workloads/common/mpi_jobs.hpp: plain MPI from there), and rank 0
// answers one line, "ok <value>". At the end of its input rank 0 tells the others to stop and
// all call MPI_Finalize. A job that throws ends every rank with MPI_Abort and its message on
// standard error, which mpirun passes on.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "workloads/common/mpi_jobs.hpp"

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void abort_ranks(const std::string& why) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::cerr << "concbench_mpi_ranks: rank " << concbench::mpi::rank() << " on " << host << ": " << why << std::endl;
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::_Exit(1);
}

int connect_to(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) abort_ranks("socket path too long: " + path);
  std::strcpy(address.sun_path, path.c_str());
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    abort_ranks("cannot reach concbench at " + path + " (" + std::strerror(errno) +
                "): rank 0 must run on concbench's host, the first host of the hostfile");
  return fd;
}

//! Rank 0's next job line from concbench; false at the end of its input.
bool read_line(int fd, std::string& buffered, std::string& line) {
  for (;;) {
    if (const auto newline = buffered.find('\n'); newline != std::string::npos) {
      line = buffered.substr(0, newline);
      buffered.erase(0, newline + 1);
      return true;
    }
    char chunk[4096];
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffered.append(chunk, static_cast<std::size_t>(n));
  }
}

void write_line(int fd, const std::string& line) {
  const std::string message = line + '\n';
  for (std::size_t sent = 0; sent < message.size();) {
    const ssize_t n = send(fd, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abort_ranks(std::string("cannot answer concbench: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
}

//! The broadcast of the next job's length, waited for the way OpenMP's idle threads wait: MPI's
//! blocking calls poll without sleeping, so ranks idle between two jobs (while concbench times a
//! baseline, or runs another benchmark) would each burn a core. They poll for 1 ms — back-to-back
//! jobs of a timed loop find them polling — then sleep 100 µs between polls. An idle rank whose
//! parent (mpirun or its daemon) is gone exits.
long next_length(long length) {
  MPI_Request request;
  MPI_Ibcast(&length, 1, MPI_LONG, 0, MPI_COMM_WORLD, &request);
  const pid_t parent = getppid();
  const auto polling_until = Clock::now() + std::chrono::milliseconds(1);
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return length;
    if (Clock::now() < polling_until) continue;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    if (getppid() != parent) std::_Exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "--connect") {
    std::cerr << "concbench_mpi_ranks: usage: mpirun -np W concbench_mpi_ranks --connect SOCKET (started by concbench)\n";
    return 2;
  }
  MPI_Init(&argc, &argv);
  const bool root = concbench::mpi::rank() == 0;
  const int fd = root ? connect_to(argv[2]) : -1;
  std::string buffered, line;
  for (;;) {
    const long length = next_length(root && read_line(fd, buffered, line) ? static_cast<long>(line.size()) : -1);
    if (length < 0) break;
    line.resize(static_cast<std::size_t>(length));
    MPI_Bcast(line.data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
    std::istringstream args(line);
    std::string name;
    args >> name;
    std::string value;
    try {
      const auto job = concbench::mpi::find_rank_job(name);
      if (!job) throw std::invalid_argument("unknown job '" + name + "'");
      value = job(args);
    } catch (const std::exception& error) {
      abort_ranks("job '" + line.substr(0, 80) + "': " + error.what());
    }
    if (root) write_line(fd, "ok " + value);
  }
  if (root) close(fd);
  MPI_Finalize();
  return 0;
}
