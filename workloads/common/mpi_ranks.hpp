#pragma once
// concbench's side of the mpi models: MPI ranks started under mpirun, never MPI_Init in
// concbench itself (docs/mpi.md says why). Nothing here includes <mpi.h>.
#include <sys/types.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/child_process.hpp"

namespace concbench {

//! mpirun could not start the ranks, a rank died, or the ranks gave no answer in time; the
//! message carries the end of what mpirun said.
class MpiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Where the ranks may run.
enum class MpiHosts {
  hostfile,   //!< the hosts of $CONCBENCH_MPI_HOSTFILE if it is set, else this host
  this_host,  //!< always this host: the job shares its memory (a mapping) or its clock with concbench
};

//! The mpirun command that starts `ranks` ranks of concbench_mpi_ranks, rank 0 connecting to
//! `socket`: `mpirun -np RANKS --oversubscribe --bind-to none [--hostfile $CONCBENCH_MPI_HOSTFILE]
//! [$CONCBENCH_MPI_ARGS...] concbench_mpi_ranks --connect SOCKET`. $CONCBENCH_MPIRUN names
//! another mpirun, $CONCBENCH_MPI_RANKS another rank program.
std::vector<std::string> mpirun_command(int ranks, MpiHosts hosts, const std::string& socket);

//! The environment mpirun needs besides ours: as root, Open MPI refuses to start unless
//! OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1.
std::vector<std::string> mpirun_environment();

//! `ranks` MPI ranks (tools/concbench_mpi_ranks under mpirun), started by the constructor and
//! kept until the destructor: the mpi models' analogue of ProcessPool. Rank 0 connects back
//! over a Unix socket in a private temporary directory; a job is one line to rank 0, which
//! broadcasts it to every rank, and its answer one line back. Every wait is bounded.
class MpiRanks {
 public:
  using Clock = std::chrono::steady_clock;

  //! Starts the ranks and waits (up to `start_timeout`) for rank 0 to connect and every rank to
  //! answer; throws MpiError.
  explicit MpiRanks(int ranks, MpiHosts hosts = MpiHosts::hostfile,
                    std::chrono::milliseconds job_timeout = std::chrono::minutes(5),
                    std::chrono::milliseconds start_timeout = std::chrono::minutes(1));
  //! Ends the ranks' input, so that they finalize and mpirun exits (up to 10 s), else stops
  //! mpirun (SIGTERM, which it passes on to the ranks, then SIGKILL).
  ~MpiRanks();
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  //! Runs `job` ("<name> <args>...") on every rank and returns rank 0's value. Throws MpiError
  //! if the ranks end or do not answer within the job timeout; they are unusable after that.
  std::string ask(const std::string& job);

  int size() const { return ranks_; }
  pid_t mpirun_pid() const { return mpirun_.pid(); }

 private:
  void stop() noexcept;
  [[noreturn]] void fail(const std::string& what, const std::string& job);
  std::string mpirun_said() const;  // the end of mpirun's log

  int ranks_;
  std::chrono::milliseconds timeout_;
  std::string directory_;  // private: the socket rank 0 connects to and mpirun's log
  Child mpirun_;
  int socket_ = -1;
  std::string received_;
  bool broken_ = false;
};

}  // namespace concbench
