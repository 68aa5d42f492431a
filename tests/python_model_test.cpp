#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "workloads/common/python_model.hpp"
#include "workloads/common/setup_counters.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

const std::string script = CONCBENCH_TESTS_DIR "/python_models/py_protocol.py";

std::string error_of(concbench::PythonModel& model, const std::string& words) {
  try {
    model.run(words);
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no error";
}

TEST(PythonModel, AnswersCallsAndReportsItsSetUp) {
  concbench::SetupCollector set_up;
  concbench::PythonModel model(script, {});
  EXPECT_EQ(model.run("2 3"), "5 6");
  EXPECT_EQ(model.run("7 1"), "8 7");  // a stray print did not get in the way
  const auto& counters = set_up.counters();
  ASSERT_EQ(counters.count("interpreter_start_s"), 1u);
  EXPECT_GT(counters.at("interpreter_start_s"), 0.0);
  EXPECT_GE(counters.at("setup_s"), 0.0);
  EXPECT_GT(counters.at("ipc_s"), 0.0);
  EXPECT_LT(counters.at("ipc_s"), 0.01);  // a line each way: tens of microseconds
}

TEST(PythonModel, AnExceptionIsOneLineNamingTheScriptAndTheModelServesOn) {
  concbench::PythonModel model(script, {});
  const auto error = error_of(model, "1 0");
  EXPECT_NE(error.find("py_protocol.py"), std::string::npos) << error;
  EXPECT_NE(error.find("ZeroDivisionError"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  EXPECT_EQ(model.run("1 1"), "2 1");
}

TEST(PythonModel, AFailedSetUpIsOneLineNamingTheScript) {
  try {
    concbench::PythonModel model(script, {"fail-setup"});
    ADD_FAILURE() << "no error";
  } catch (const std::exception& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("py_protocol.py"), std::string::npos) << what;
    EXPECT_NE(what.find("ModuleNotFoundError"), std::string::npos) << what;
  }
}

TEST(PythonModel, ACrashIsAnErrorAndSoIsEveryLaterCall) {
  concbench::PythonModel model(script, {});
  const auto start = Clock::now();
  const auto error = error_of(model, "1 -1");
  EXPECT_NE(error.find("py_protocol.py"), std::string::npos) << error;
  EXPECT_NE(error.find("exited"), std::string::npos) << error;
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_NE(error_of(model, "1 1").find("unusable"), std::string::npos);
}

TEST(PythonModel, AHangIsATimeout) {
  concbench::PythonModel model(script, {}, 300ms);
  const auto start = Clock::now();
  const auto error = error_of(model, "1 -2");
  EXPECT_NE(error.find("py_protocol.py"), std::string::npos) << error;
  EXPECT_NE(error.find("in time"), std::string::npos) << error;
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(PythonModel, AMissingModuleLeavesTheModelOutWithOneLine) {
  const auto before = concbench::skipped_models().size();
  EXPECT_TRUE(concbench::python_has_modules("test", "py_stdlib", {"asyncio", "concurrent.futures"}));
  EXPECT_FALSE(concbench::python_has_modules("test", "py_nothing", {"asyncio", "no_such_module_anywhere"}));
  ASSERT_EQ(concbench::skipped_models().size(), before + 1);
  const auto& skipped = concbench::skipped_models().back();
  EXPECT_EQ(skipped.model, "py_nothing");
  EXPECT_NE(skipped.why.find("no module no_such_module_anywhere"), std::string::npos) << skipped.why;
  EXPECT_EQ(skipped.why.find("asyncio"), std::string::npos) << skipped.why;
  concbench::skipped_models().pop_back();
}

}  // namespace
