#pragma once
// The catalog: every workload's facts and every model table's rows, as JSON, so that the scripts
// read kinds, baselines, traits and order from the results instead of knowing names.
#include <string>

namespace concbench {

//! The catalog as one JSON document: {"version", "workloads": [...], "models": [...], "skipped": [...]}.
//! Written into every run's context (key concbench_catalog) and by `concbench --list-models --json`.
std::string catalog_json();

}  // namespace concbench
