#pragma once
// http: the course's crawler. `requests` GETs of /add?name=<model>&delay=<ms>&<random letters>
// to the delay server, at most `concurrency` in flight; every reply must be 200 ".".
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "workloads/common/http_client.hpp"

namespace crawl {

//! A model's crawl: returns how many replies were good; a bad reply or a failed request
//! throws. The maker (given the server and the concurrency) does the set-up.
using Runner = std::function<std::uint64_t(int requests, int delay_ms)>;

Runner make_serial(const concbench::HttpServer& server, int concurrency);
Runner make_threads(const concbench::HttpServer& server, int concurrency);
Runner make_pool(const concbench::HttpServer& server, int concurrency);
Runner make_process(const concbench::HttpServer& server, int concurrency);
Runner make_async(const concbench::HttpServer& server, int concurrency);

//! A fresh value per call for the URLs' random suffixes.
inline std::uint64_t fresh_salt() {
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

//! Requests per second that wrk (one thread, `concurrency` keep-alive connections) gets from
//! `url` in `duration`: the peer the async client is compared with. nullopt, with a warning on
//! standard error, when wrk is not installed or fails.
std::optional<double> wrk_requests_per_s(const std::string& url, int concurrency, std::chrono::seconds duration);

}  // namespace crawl
