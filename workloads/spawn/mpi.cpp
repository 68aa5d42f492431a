#include <string>

#include "workloads/common/hardware.hpp"
#include "workloads/common/mpi_jobs.hpp"
#include "workloads/common/mpi_ranks.hpp"
#include "workloads/spawn/spawn.hpp"

namespace spawn {
namespace {

//! spawn_unit I: rank 0 computes unit I once every rank has started (MPI_Init returned everywhere).
std::string unit_on_ranks(std::istringstream& args) {
  std::uint64_t i = 0;
  if (!(args >> i)) throw std::invalid_argument("spawn_unit needs I");
  return concbench::mpi::rank() == 0 ? std::to_string(unit(i)) : std::string{};
}

const bool job_added = concbench::mpi::add_rank_job("spawn_unit", unit_on_ranks);

}  // namespace

//! mpirun -np W for every unit, W = the usable cores: start the ranks (MPI_Init everywhere), one
//! unit at rank 0, then MPI_Finalize and mpirun's exit — what starting an MPI job costs.
Runner make_mpi(int workers) {
  return [workers](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      concbench::MpiRanks ranks(workers);
      sum += std::stoull(ranks.ask("spawn_unit " + std::to_string(i)));
    }
    return sum;
  };
}

const bool added = models().add({.name = "mpi",
                                  .what = "mpirun -np W (W = usable cores) per unit: MPI_Init on every rank, one unit, MPI_Finalize",
                                  .make = make_mpi,
                                  .units = 1, .in_processes = true});

}  // namespace spawn
