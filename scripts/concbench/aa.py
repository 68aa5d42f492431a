"""The A/A check: two runs of the same build on the same machine must tell the same story.

Pure functions of two loaded runs, so the figures aa_check.py prints are tested on fixtures.
The targets are the ones concbench holds itself to on its 2-core development VM.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from .analysis import BASELINE_ACCURACY, Analysis
from .comparison import RunComparison, compare_runs
from .runs import Run

TIME_AGREEMENT = 0.10        # at least TIME_SHARE of benchmarks within 10% of each other
TIME_SHARE = 0.95
TIME_WORST = 0.25            # and none further apart than 25%
RATIO_AGREEMENT = 0.05       # speedups and efficiencies within 5% ...
RATIO_SHARE = 0.90           # ... for at least 90% of the benchmarks that have them
VERDICT_SHARE = 0.05         # compare.py calls at most 5% of benchmarks faster/slower
SUITE_SECONDS = 240          # the quick suite finishes in under 4 minutes


@dataclass(frozen=True)
class Check:
    what: str
    measured: str
    passed: bool


@dataclass(frozen=True)
class Agreement:
    compared: int
    time_differences: dict          # label -> |B/A - 1| of the median times
    ratio_differences: dict         # label -> largest |B/A - 1| of speedup and efficiency
    comparison: RunComparison
    anomalies: tuple                # (run label, Anomaly)
    seconds: tuple                  # each run's duration in seconds, None where not recorded

    def share_within(self, differences: dict, limit: float) -> float:
        return sum(1 for d in differences.values() if d <= limit) / len(differences) if differences else 1.0

    def worst(self, differences: dict, count: int = 5) -> list[tuple[str, float]]:
        return sorted(differences.items(), key=lambda item: -item[1])[:count]

    def checks(self) -> list[Check]:
        times = self.time_differences
        within = self.share_within(times, TIME_AGREEMENT)
        beyond = [label for label, d in times.items() if d > TIME_WORST]
        ratios = self.share_within(self.ratio_differences, RATIO_AGREEMENT)
        counts = self.comparison.verdict_counts()
        called = counts["faster"] + counts["slower"]
        share_called = called / len(self.comparison.comparisons) if self.comparison.comparisons else 0.0
        checks = [
            Check(f"times within {TIME_AGREEMENT:.0%} for at least {TIME_SHARE:.0%} of benchmarks",
                  f"{within:.1%} of {len(times)} (median difference {statistics.median(times.values()):.1%})"
                  if times else "nothing compared", within >= TIME_SHARE and bool(times)),
            Check(f"no time differs by more than {TIME_WORST:.0%}",
                  f"{len(beyond)} beyond" + (f": {', '.join(beyond[:3])}" if beyond else "")
                  + (f"; largest {max(times.values()):.1%}" if times else ""), not beyond),
            Check(f"speedups and efficiencies within {RATIO_AGREEMENT:.0%} for at least {RATIO_SHARE:.0%} of "
                  "benchmarks", f"{ratios:.1%} of {len(self.ratio_differences)}", ratios >= RATIO_SHARE),
            Check(f"compare.py calls at most {VERDICT_SHARE:.0%} of benchmarks faster or slower",
                  f"{called} of {len(self.comparison.comparisons)} ({share_called:.1%}; faster {counts['faster']}, "
                  f"slower {counts['slower']}, same {counts['same']}, within {counts['within']}, "
                  f"n/a {counts['n/a']}; threshold ±{self.comparison.threshold:.0%})", share_called <= VERDICT_SHARE),
            Check(f"no efficiency above 100% and no speedup above its limit beyond its interval "
                  f"(and the baseline accuracy, {BASELINE_ACCURACY:.0%})",
                  f"{len(self.anomalies)} anomalies" + (": " + ", ".join(f"{label} {a.bench.label} {a.what} "
                                                                          f"{a.estimate.value:.3g}"
                                                                          for label, a in self.anomalies[:3])
                                                        if self.anomalies else ""), not self.anomalies),
        ]
        if any(s is not None for s in self.seconds):
            longest = max(s for s in self.seconds if s is not None)
            checks.append(Check(f"each run finishes in under {SUITE_SECONDS // 60} minutes",
                                " and ".join(f"{s:.0f} s" for s in self.seconds if s is not None),
                                longest < SUITE_SECONDS))
        return checks


def run_seconds(run: Run) -> float | None:
    method = run.context.get("concbench_method")
    seconds = method.get("seconds") if isinstance(method, dict) else None
    return float(seconds) if isinstance(seconds, (int, float)) else None


def agreement(a: Run, b: Run, labels=("A", "B"), seconds=(None, None)) -> Agreement:
    """Every figure of the A/A check for runs `a` and `b` of the same build; `seconds`: how long
    each whole run took, where known (else the measuring time its results record)."""
    times, ratios = {}, {}
    analyses = Analysis(a), Analysis(b)
    for name, first in a.benchmarks.items():
        second = b.benchmarks.get(name)
        if second is None or not (first.ok and second.ok):
            continue
        times[first.label] = abs(second.time_s / first.time_s - 1)
        differences = []
        for measure in ("speedup", "efficiency"):
            x, y = getattr(analyses[0], measure)(first), getattr(analyses[1], measure)(second)
            if x and y:
                differences.append(abs(y / x - 1))
        if differences:
            ratios[first.label] = max(differences)
    found = tuple((label, anomaly) for label, analysis in zip(labels, analyses) for anomaly in analysis.anomalies)
    return Agreement(compared=len(times), time_differences=times, ratio_differences=ratios,
                     comparison=compare_runs(a, b), anomalies=found, seconds=tuple(s if s is not None else run_seconds(r)
                                                   for s, r in zip(seconds, (a, b))))
