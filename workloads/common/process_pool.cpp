#include "workloads/common/process_pool.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace concbench {
namespace {

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string worker_executable() {
  try {
    return tool_executable("concbench_worker", "CONCBENCH_WORKER");
  } catch (const std::runtime_error& error) {
    throw WorkerError(error.what());
  }
}

ProcessPool::ProcessPool(int workers, std::chrono::milliseconds job_timeout, const std::vector<std::string>& environment)
    : timeout_(job_timeout) {
  const std::string path = worker_executable();
  for (int i = 0; i < std::max(1, workers); ++i) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
      stop_all();
      throw WorkerError("socketpair: " + errno_text());
    }
    try {
      // The worker reads jobs from, and answers on, its end of the socket.
      Child process({path}, {.in = Stdio::fd(ends[1]), .out = Stdio::fd(ends[1]), .environment = environment});
      close(ends[1]);
      workers_.push_back({std::move(process), ends[0], {}, -1, {}});
    } catch (const SpawnError& error) {
      close(ends[0]), close(ends[1]);
      stop_all();
      throw WorkerError(error.what());
    }
  }
  try {
    timeout_ = std::max<std::chrono::milliseconds>(job_timeout, worker_start_timeout);
    map(std::vector<std::string>(workers_.size(), "ping"));  // every worker is up and answering
    timeout_ = job_timeout;
  } catch (...) {
    stop_all();  // no destructor runs for a constructor that throws
    throw;
  }
}

ProcessPool::~ProcessPool() { stop_all(); }

std::vector<pid_t> ProcessPool::pids() const {
  std::vector<pid_t> pids;
  for (const auto& worker : workers_) pids.push_back(worker.process.pid());
  return pids;
}

void ProcessPool::stop_all() noexcept {
  for (auto& worker : workers_) close(worker.socket);  // a worker exits at end of input
  const auto until = Clock::now() + std::chrono::seconds(2);  // one grace period for all, not one each
  for (auto& worker : workers_)
    if (!worker.process.wait_until(until)) worker.process.terminate();
  workers_.clear();
}

void ProcessPool::fail(Worker& worker, const std::string& what, const std::string& job) {
  broken_ = true;
  const auto status = worker.process.wait_for(std::chrono::milliseconds(200));
  throw WorkerError("worker process " + std::to_string(worker.process.pid()) + " " + what +
                    (status ? " (" + *status + ")" : "") + " during job '" + job + "'");
}

void ProcessPool::send(Worker& worker, const std::string& line, std::ptrdiff_t job) {
  const std::string message = line + '\n';
  std::size_t sent = 0;
  while (sent < message.size()) {
    const ssize_t n = ::send(worker.socket, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(worker, "cannot be sent a job: " + errno_text(), line);
    sent += static_cast<std::size_t>(n);
  }
  worker.job = job;
  worker.deadline = Clock::now() + timeout_;
}

std::vector<std::string> ProcessPool::map(const std::vector<std::string>& jobs) {
  return map(jobs, [](std::size_t, const std::string&) {});
}

std::vector<std::string> ProcessPool::map(const std::vector<std::string>& jobs,
                                          const std::function<void(std::size_t, const std::string&)>& on_done,
                                          const std::function<void(std::size_t)>& on_sent) {
  if (broken_) throw WorkerError("process pool is unusable after an earlier worker failure");
  std::vector<std::string> values(jobs.size());
  std::size_t next = 0, done = 0;
  const auto send_next = [&](Worker& worker) {
    if (next >= jobs.size()) return;
    if (on_sent) on_sent(next);
    send(worker, jobs[next], static_cast<std::ptrdiff_t>(next));
    ++next;
  };
  for (auto& worker : workers_) send_next(worker);

  std::vector<pollfd> fds;
  std::vector<Worker*> polled;
  while (done < jobs.size()) {
    fds.clear();
    polled.clear();
    auto deadline = Clock::time_point::max();
    for (auto& worker : workers_) {
      if (worker.job < 0) continue;
      fds.push_back({worker.socket, POLLIN, 0});
      polled.push_back(&worker);
      deadline = std::min(deadline, worker.deadline);
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    const int ready = poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long long>(wait, 0, INT_MAX)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw WorkerError("poll: " + errno_text());
    if (ready == 0) {
      for (auto* worker : polled)
        if (Clock::now() >= worker->deadline)
          fail(*worker, "gave no answer within " + std::to_string(timeout_.count()) + " ms", jobs[worker->job]);
      continue;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Worker& worker = *polled[i];
      const std::string& job = jobs[worker.job];
      char buffer[4096];
      const ssize_t n = recv(worker.socket, buffer, sizeof buffer, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(worker, "died", job);
      worker.received.append(buffer, static_cast<std::size_t>(n));
      const auto newline = worker.received.find('\n');
      if (newline == std::string::npos) continue;
      const std::string reply = worker.received.substr(0, newline);
      worker.received.erase(0, newline + 1);
      if (reply.rfind("ok", 0) != 0) fail(worker, "reported: " + reply, job);
      const auto index = static_cast<std::size_t>(worker.job);
      values[index] = reply.size() > 3 ? reply.substr(3) : std::string{};
      worker.job = -1;
      ++done;
      on_done(index, values[index]);
      send_next(worker);
    }
  }
  return values;
}

}  // namespace concbench
