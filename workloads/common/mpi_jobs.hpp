#pragma once
// The ranks' side of the mpi models: what every rank of tools/concbench_mpi_ranks runs for one
// job. Include it only from mpi*.cpp files: CMake compiles those only where MPI is installed.
#include <mpi.h>

#include <sstream>
#include <string>
#include <string_view>

namespace concbench::mpi {

//! One job as every rank runs it: the rank program has broadcast the job's line to all ranks,
//! so each rank reads the same `args` (the words after the job's name); from there a job is
//! plain MPI on MPI_COMM_WORLD. Only rank 0's return value goes back to concbench; a job that
//! throws on any rank ends the ranks (MPI_Abort) with its message on standard error.
using RankJob = std::string (*)(std::istringstream& args);

//! Adds a job under its first word; returns true so that a model file can initialise a constant
//! at namespace scope with it, beside the model's row.
bool add_rank_job(const char* name, RankJob job);

//! The job named `name`, or null.
RankJob find_rank_job(std::string_view name);

//! This rank's number and the number of ranks in MPI_COMM_WORLD.
int rank();
int ranks();

}  // namespace concbench::mpi
