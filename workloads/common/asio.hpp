#pragma once
// Boost 1.74's Asio uses std::exchange without including <utility>; g++ 12 no longer pulls it in.
#include <utility>

#include <chrono>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

namespace asio = boost::asio;

namespace concbench {

//! A steady timer bound to the io_context's own executor type rather than any_io_executor: Asio
//! then completes each wait without going through the type-erased executor (the event-loop
//! models of latency).
using LoopTimer = asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>,
                                             asio::io_context::executor_type>;

}  // namespace concbench
