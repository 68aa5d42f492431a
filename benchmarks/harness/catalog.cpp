#include "benchmarks/harness/catalog.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <tuple>
#include <vector>

#include "benchmarks/registry.hpp"
#include "workloads/common/model_table.hpp"

namespace concbench {
namespace {

//! The models of DESIGN.md's vocabulary, in its order: every listing and chart shows models so.
//! A model that is not here (a new one) follows them, by name; a variant (pool_map,
//! process_fork) follows the model its name starts with; Python models (rows marked interpreted) come after every C++
//! model, each in the place of its C++ counterpart.
constexpr std::string_view vocabulary[] = {"serial", "threads", "pool",   "process",   "tbb",   "openmp", "async",
                                           "async_pool", "callback", "future", "coroutine", "redis", "fiber", "mpi"};

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::compute: return "compute";
    case Kind::memory: return "memory_bound";
    case Kind::request: return "request";
    case Kind::queue: return "queue";
    case Kind::overhead: return "overhead";
  }
  return "unknown";
}

//! The vocabulary model a model belongs to: itself, or the longest vocabulary name it starts
//! with followed by '_' (process_fork: process); a model outside the vocabulary is its own.
std::string family_of(const std::string& model) {
  std::string_view best;
  for (const auto name : vocabulary) {
    if (model == name) return model;
    if (model.size() > name.size() && model.starts_with(name) && model[name.size()] == '_' && name.size() > best.size())
      best = name;
  }
  return best.empty() ? model : std::string(best);
}

//! Where a model sorts: C++ before Python, then by its family's place in the vocabulary (new
//! families after, by name), a family's own model before its variants, then by name.
using Rank = std::tuple<bool, std::size_t, std::string, bool, std::string>;

Rank rank_of(const ModelListing& row) {
  const bool python = row.python;
  const auto family = family_of(python && !row.counterpart.empty() ? row.counterpart : row.model);
  const auto place = static_cast<std::size_t>(std::find(std::begin(vocabulary), std::end(vocabulary), family) - std::begin(vocabulary));
  return {python, place, place == std::size(vocabulary) ? family : "", row.model != family, row.model};
}

nlohmann::json text_or_null(const char* text) { return text ? nlohmann::json(text) : nlohmann::json(nullptr); }

}  // namespace

std::string catalog_json() {
  nlohmann::json catalog{{"version", 1}};
  auto& workloads = catalog["workloads"] = nlohmann::json::array();
  for (const auto& facts : all_workloads())
    workloads.push_back({{"name", facts.name},
                         {"what", facts.what},
                         {"kind", kind_name(facts.kind)},
                         {"unit", facts.unit},
                         {"ideal", text_or_null(facts.ideal)},
                         {"speedup", text_or_null(facts.speedup)},
                         {"measure", text_or_null(facts.measure)},
                         {"lower_is_better", facts.lower_is_better},
                         {"against", text_or_null(facts.against)},
                         {"order", facts.order}});

  const auto rows = all_models();
  std::map<std::string, Rank> ranks;  // a model's place is the same in every workload: its best rank
  for (const auto& row : rows)
    if (const auto rank = rank_of(row); !ranks.contains(row.model) || rank < ranks[row.model]) ranks[row.model] = rank;
  std::vector<std::pair<Rank, std::string>> ordered;
  for (const auto& [model, rank] : ranks) ordered.emplace_back(rank, model);
  std::sort(ordered.begin(), ordered.end());
  std::map<std::string, int> order;
  for (const auto& [rank, model] : ordered) order[model] = static_cast<int>(order.size());

  auto& models = catalog["models"] = nlohmann::json::array();
  for (const auto& row : rows)
    models.push_back({{"workload", row.workload},
                      {"name", row.model},
                      {"what", row.what},
                      {"baseline", row.baseline},
                      {"uses_cores", row.uses_cores},
                      {"takes_workers", row.takes_workers},
                      {"in_processes", row.in_processes},
                      {"python", row.python},
                      {"reference", row.reference.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.reference)},
                      {"counterpart", row.counterpart.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.counterpart)},
                      {"family", family_of(row.python && !row.counterpart.empty() ? row.counterpart : row.model)},
                      {"order", order[row.model]}});
  auto& skipped = catalog["skipped"] = nlohmann::json::array();
  for (const auto& row : skipped_models()) skipped.push_back({{"workload", row.workload}, {"model", row.model}, {"why", row.why}});
  return catalog.dump();
}

}  // namespace concbench
