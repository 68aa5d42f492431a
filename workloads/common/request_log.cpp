#include "workloads/common/request_log.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace concbench {

void RequestLog::restart(int requests, double rate) {
  if (requests < 0) throw std::invalid_argument("a request log of " + std::to_string(requests) + " requests");
  if (!(rate >= 0) || std::isinf(rate)) throw std::invalid_argument("an arrival rate of " + std::to_string(rate) + " per second");
  seconds_.assign(static_cast<std::size_t>(requests), std::numeric_limits<double>::quiet_NaN());
  rate_ = rate;
  origin_ = RequestClock::now();
}

std::span<const double> RequestLog::seconds() const {
  const auto missing = std::find_if(seconds_.begin(), seconds_.end(), [](double s) { return std::isnan(s); });
  if (missing != seconds_.end())
    throw std::runtime_error("request " + std::to_string(missing - seconds_.begin()) + " of " + std::to_string(seconds_.size()) +
                             " has no latency: the model lost it or did not record it");
  return seconds_;
}

void RequestLog::read(std::istream& words) {
  for (std::size_t id = 0; id < seconds_.size(); ++id) {
    double seconds = 0;
    if (!(words >> seconds) || !(seconds >= 0))
      throw std::runtime_error("the reply carried " + std::to_string(id) + " valid latencies of " + std::to_string(seconds_.size()));
    seconds_[id] = seconds;
  }
}

double nearest_rank(std::span<const double> sorted, std::size_t numerator, std::size_t denominator) {
  const std::size_t n = sorted.size();
  const std::size_t rank = std::max<std::size_t>(1, (n * numerator + denominator - 1) / denominator);
  return sorted[std::min(rank, n) - 1];
}

LatencyPercentiles latency_percentiles(std::vector<double> seconds) {
  if (seconds.empty()) return {};
  std::sort(seconds.begin(), seconds.end());
  return {.p50 = nearest_rank(seconds, 1, 2),
          .p90 = nearest_rank(seconds, 9, 10),
          .p99 = nearest_rank(seconds, 99, 100),
          .p999 = nearest_rank(seconds, 999, 1000),
          .max = seconds.back(),
          .count = seconds.size()};
}

void LatencyCounters::add(const RequestLog& log) {
  const auto seconds = log.seconds();
  all_.insert(all_.end(), seconds.begin(), seconds.end());
  rate_ = log.rate();
  if (!log.open_loop() || seconds.size() < 2) return;
  // Request i completed at i / rate + its latency after the origin; the rate it achieved is the
  // spacing of the completions, not the call's length, which adds the last request's wait.
  double first = seconds[0], last = seconds[0];
  for (std::size_t id = 0; id < seconds.size(); ++id) {
    const double completed_at = static_cast<double>(id) / rate_ + seconds[id];
    first = std::min(first, completed_at);
    last = std::max(last, completed_at);
  }
  completions_ += static_cast<double>(seconds.size() - 1);
  completion_span_ += last - first;
  const auto quarter = static_cast<std::ptrdiff_t>(seconds.size() / 4);  // ids are in schedule order
  first_.insert(first_.end(), seconds.begin(), seconds.begin() + quarter);
  last_.insert(last_.end(), seconds.end() - quarter, seconds.end());
}

std::map<std::string, double> LatencyCounters::counters() const {
  if (all_.empty()) return {};
  const auto all = latency_percentiles(all_);
  std::map<std::string, double> counters{{"latency_p50_s", all.p50},
                                         {"latency_p90_s", all.p90},
                                         {"latency_p99_s", all.p99},
                                         {"latency_p999_s", all.p999},
                                         {"latency_max_s", all.max}};
  if (rate_ <= 0) return counters;
  counters["offered_rate"] = rate_;
  if (completion_span_ > 0) counters["achieved_rate"] = completions_ / completion_span_;
  if (!first_.empty()) {
    counters["latency_p99_first_s"] = latency_percentiles(first_).p99;
    counters["latency_p99_last_s"] = latency_percentiles(last_).p99;
  }
  return counters;
}

}  // namespace concbench
