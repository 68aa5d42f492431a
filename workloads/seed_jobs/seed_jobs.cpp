// seed_jobs' shared code: the course's job list, the serial baseline, the ideal and the model table.
#include "workloads/seed_jobs/seed_jobs.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "workloads/common/batch_timer.hpp"
#include "workloads/common/hardware.hpp"

namespace seed_jobs {

std::vector<std::uint64_t> jobs(std::uint64_t scale, std::uint64_t divisor) {
  std::vector<std::uint64_t> list;
  for (const std::uint64_t n : {100'000, 1'000'000, 10'000'000, 10'000'000}) list.push_back(n * scale / divisor);
  return list;
}

double serial_seconds(const std::vector<std::uint64_t>& jobs) { return seconds_per_run(models().baseline()->make(1), jobs); }

double seconds_per_run(const Runner& run_jobs, const std::vector<std::uint64_t>& jobs, std::uint64_t at_most) {
  std::uint64_t terms = 0;
  for (const auto n : jobs) terms += n;
  const std::uint64_t shrink = terms > at_most ? (terms + at_most - 1) / at_most : 1;
  std::vector<std::uint64_t> measured;
  std::uint64_t measured_terms = 0;
  for (const auto n : jobs) {
    measured.push_back(std::max<std::uint64_t>(1, n / shrink));
    measured_terms += measured.back();
  }
  const double seconds = concbench::seconds_per_call([&] {
    volatile std::uint64_t first = run_jobs(measured).sums.front();  // volatile: every call must run
    (void)first;
  });
  return seconds * static_cast<double>(terms) / static_cast<double>(measured_terms);
}

const Model& serial_model_of(const Model& model) {
  const Model* found = model.serial_model ? models().find(model.serial_model) : models().baseline();
  if (!found)
    throw std::logic_error(std::string("seed_jobs/") + model.name + " rests on " + (model.serial_model ? model.serial_model : "a baseline") +
                           ", which has no row");
  return *found;
}

std::vector<double> job_seconds(const std::vector<std::uint64_t>& jobs, double serial_seconds) {
  double terms = 0;
  for (const auto n : jobs) terms += static_cast<double>(n);
  std::vector<double> seconds;
  for (const auto n : jobs) seconds.push_back(terms > 0 ? serial_seconds * static_cast<double>(n) / terms : 0);
  return seconds;
}

double ideal_seconds(const std::vector<double>& job_seconds, double capacity) {
  double largest = 0, total = 0;
  for (const double seconds : job_seconds) {
    largest = std::max(largest, seconds);
    total += seconds;
  }
  return std::max(largest, total / capacity);
}

double ideal_seconds(const std::vector<double>& job_seconds, int workers) {
  return ideal_seconds(job_seconds, static_cast<double>(std::min(workers, concbench::usable_cores())));
}

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("seed_jobs");
  return table;
}

}  // namespace seed_jobs
