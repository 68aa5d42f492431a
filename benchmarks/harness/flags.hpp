#pragma once
// concbench's own flags and the checks it makes before Google Benchmark sees the rest, so that
// a bad value gets one line and exit status 2.
#include <cstddef>
#include <string>

namespace concbench {

//! --iterations=FILE: lines "<benchmark name> <iterations>", as scripts/bench writes them after
//! its calibration process. Returns an error message, empty when the file was good.
std::string read_fixed_iterations(const std::string& path);

//! Google Benchmark reports a bad flag value in two lines (the value, then "unrecognized flag");
//! concbench checks the values it knows first, so a user sees one line.
std::string bad_flag_value(const std::string& arg);

//! How many registered benchmarks --benchmark_filter selects, the way Google Benchmark matches.
//! Throws std::regex_error for a filter that is no regular expression.
std::size_t selected_count(std::string filter);

//! concbench's own options, before Google Benchmark's --help.
void print_usage(const char* program);

}  // namespace concbench
