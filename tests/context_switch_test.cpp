#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include "workloads/context_switch/context_switch.hpp"

namespace {

using Maker = context_switch::Runner (*)();

class ContextSwitchModel : public testing::TestWithParam<ModelCase<Maker>> {};

// The same partner plays several games in a row, as in the benchmark's timed loop.
TEST_P(ContextSwitchModel, CountsTwoHandOversPerRound) {
  const auto ping_pong = GetParam().make();
  for (const std::uint64_t rounds : {0ull, 1ull, 2ull, 500ull}) EXPECT_EQ(ping_pong(rounds), 2 * rounds) << "rounds=" << rounds;
}

INSTANTIATE_TEST_SUITE_P(EveryModel, ContextSwitchModel,
                         testing::Values(ModelCase<Maker>{"threads", context_switch::make_threads},
                                         ModelCase<Maker>{"threads_socket", context_switch::make_threads_socket},
                                         ModelCase<Maker>{"process", context_switch::make_process},
                                         ModelCase<Maker>{"coroutine", context_switch::make_coroutine},
                                         ModelCase<Maker>{"async", context_switch::make_async}),
                         ModelName{});

TEST(ContextSwitch, PinningIsUndoneAfterwards) {
  cpu_set_t before, after;
  sched_getaffinity(0, sizeof before, &before);
  { const context_switch::PinnedToOneCpu pinned; }
  sched_getaffinity(0, sizeof after, &after);
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

}  // namespace
