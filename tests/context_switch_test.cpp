#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "workloads/context_switch/context_switch.hpp"

namespace {

using Maker = context_switch::Runner (*)();

class ContextSwitchModel : public testing::TestWithParam<std::tuple<const char*, Maker>> {};

// The same partner plays several games in a row, as in the benchmark's timed loop.
TEST_P(ContextSwitchModel, CountsTwoHandOversPerRound) {
  const auto ping_pong = std::get<1>(GetParam())();
  for (const std::uint64_t rounds : {0ull, 1ull, 2ull, 500ull}) EXPECT_EQ(ping_pong(rounds), 2 * rounds) << "rounds=" << rounds;
}

INSTANTIATE_TEST_SUITE_P(EveryModel, ContextSwitchModel,
                         testing::Values(std::make_tuple("threads", context_switch::make_threads),
                                         std::make_tuple("threads_socket", context_switch::make_threads_socket),
                                         std::make_tuple("process", context_switch::make_process),
                                         std::make_tuple("coroutine", context_switch::make_coroutine),
                                         std::make_tuple("async", context_switch::make_async)),
                         [](const auto& info) { return std::string(std::get<0>(info.param)); });

TEST(ContextSwitch, PinningIsUndoneAfterwards) {
  cpu_set_t before, after;
  sched_getaffinity(0, sizeof before, &before);
  { const context_switch::PinnedToOneCpu pinned; }
  sched_getaffinity(0, sizeof after, &after);
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

}  // namespace
