#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include "workloads/context_switch/context_switch.hpp"

namespace {

class ContextSwitchModel : public testing::TestWithParam<context_switch::Model> {};

// The same partner plays several games in a row, as in the benchmark's timed loop.
TEST_P(ContextSwitchModel, CountsTwoHandOversPerRound) {
  const auto ping_pong = GetParam().make();
  for (const std::uint64_t rounds : {0ull, 1ull, 2ull, 500ull}) EXPECT_EQ(ping_pong(rounds), 2 * rounds) << "rounds=" << rounds;
}

INSTANTIATE_TEST_SUITE_P(EveryModel, ContextSwitchModel, testing::ValuesIn(context_switch::models().all()), ModelName{});

TEST(ContextSwitch, PinningIsUndoneAfterwards) {
  cpu_set_t before, after;
  sched_getaffinity(0, sizeof before, &before);
  { const context_switch::PinnedToOneCpu pinned; }
  sched_getaffinity(0, sizeof after, &after);
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

}  // namespace
