#include <thread>

#include "workloads/http/http.hpp"

namespace crawl {

//! The course's serial crawler (52.9 s for 500 x 100 ms): one blocking GET after another,
//! each on a new connection; in an open loop it sleeps until a request is due.
Runner make_serial(const concbench::HttpServer& server, int /*concurrency*/) {
  return [server](int delay_ms, concbench::RequestLog& log) {
    const auto salt = fresh_salt();
    std::uint64_t good = 0;
    for (int id = 0; id < log.requests(); ++id) {
      const auto due = log.due(id);
      std::this_thread::sleep_until(due);
      const auto target = concbench::delay_target("serial", delay_ms, salt + static_cast<std::uint64_t>(id));
      concbench::check_delay_reply(concbench::http_get(server, target), target);
      log.done(id, due);
      ++good;
    }
    return good;
  };
}

const bool added = models().add({.name = "serial",
                                  .what = "one blocking GET after another, each on a new connection (the course's crawler)",
                                  .make = make_serial,
                                  .one_at_a_time = true,
                                  .baseline = true,
                                  .open_loop = true});

}  // namespace crawl
