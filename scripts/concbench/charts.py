"""Charts for report.py and compare.py, written as PNG files with matplotlib's Agg backend.

Each function takes already-analysed data, draws one figure and returns the file name it wrote
(None when there is nothing to draw). A model keeps its colour and marker in every chart.
"""

from __future__ import annotations

import math
import zlib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullLocator  # noqa: E402

from . import overheads  # noqa: E402
from . import request_latency  # noqa: E402
from .peers import is_python  # noqa: E402
from . import results  # noqa: E402

MODEL_COLORS = {
    "serial": "#4d4d4d",
    "threads": "#1f77b4",
    "threads_socket": "#6baed6",
    "pool": "#ff7f0e",
    "pool_map": "#b35806",
    "pool_as_completed": "#e8a33d",
    "process": "#2ca02c",
    "process_fork": "#74c476",
    "process_fork_exec": "#00441b",
    "tbb": "#d62728",
    "tbb_suspend": "#f08080",
    "openmp": "#9467bd",
    "openmp_task": "#c5b0d5",
    "async": "#17becf",
    "async_pool": "#0e6e78",
    "coroutine": "#7f7f7f",
    "callback": "#e377c2",
    "future": "#8c564b",
    "redis": "#bcbd22",
    "fiber": "#393b79",
    "fiber_pool": "#6b6ecf",
    "wrk": "#000080",
}
# The course's Python programs (models named py_<name>) are drawn in the colour and marker of the
# C++ model they mirror, but hollow, dashed and hatched, so that a reader tells the two apart at
# a glance and still sees which C++ model each one is the peer of.
PYTHON_COUNTERPARTS = {"py_serial": "serial", "py_builtin_sum": "serial", "py_threads": "threads",
                       "py_process": "process", "py_asyncio": "async", "py_uvloop": "async_pool",
                       "py_aiohttp": "async", "py_gevent": "fiber", "py_tornado": "callback",
                       "py_twisted": "future", "py_redis": "redis"}
SPARE_COLORS = ["#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p"]
IDEAL_STYLE = dict(color="black", linestyle="--", linewidth=1.3)
DPI = 110


def counterpart(model: str) -> str:
    """The C++ model a Python model mirrors (itself for C++ models and unknown Python ones)."""
    return PYTHON_COUNTERPARTS.get(model, model)


def model_color(model: str) -> str:
    model = counterpart(model)
    return MODEL_COLORS.get(model) or SPARE_COLORS[zlib.crc32(model.encode()) % len(SPARE_COLORS)]


def model_marker(model: str) -> str:
    model = counterpart(model)
    known = list(MODEL_COLORS)
    index = known.index(model) if model in known else zlib.crc32(model.encode())
    return MARKERS[index % len(MARKERS)]


def line_style(model: str) -> dict:
    """A model's line: solid with filled markers, or for a Python model dashed with hollow ones."""
    style = dict(color=model_color(model), marker=model_marker(model), linewidth=1.6, markersize=6)
    if is_python(model):
        style.update(linestyle=(0, (4, 2)), markerfacecolor="white", markeredgewidth=1.4)
    return style


def bar_style(model: str) -> dict:
    """A model's bar: filled, or for a Python model white with a hatched outline in its colour."""
    if is_python(model):
        return dict(facecolor="white", edgecolor=model_color(model), hatch="///", linewidth=1.0)
    return dict(color=model_color(model))


def model_order(models) -> list[str]:
    """Known models in vocabulary order (serial first), then others alphabetically; Python models
    after all C++ ones, in the order of their counterparts."""
    known = list(MODEL_COLORS)

    def rank(m):
        base = counterpart(m)
        return is_python(m), known.index(base) if base in known else len(known), m
    return sorted(set(models), key=rank)


def time_unit(values) -> tuple[str, float]:
    """The unit that puts the median of `values` (seconds) between 1 and 1000."""
    values = sorted(v for v in values if v and v > 0)
    if not values:
        return "s", 1.0
    middle = values[len(values) // 2]
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if middle >= scale:
            return unit, scale
    return "ns", 1e-9


def spans_decades(values, decades: float = 1.0) -> bool:
    values = [v for v in values if v and v > 0]
    return bool(values) and max(values) / min(values) >= 10 ** decades


def plain_number(value, _position=None) -> str:
    if value >= 1e9:
        return f"{value / 1e9:.3g}G"
    if value >= 1e6:
        return f"{value / 1e6:.3g}M"
    if value >= 1e4:
        return f"{value / 1e3:.3g}k"
    return f"{value:.4g}"


def use_log_axis(axes, which: str, values=None, integer_ticks: bool = False, base: int = 10):
    """Log scale with plain tick labels (20, 50, 100 rather than 10^2), at the data values when integer_ticks."""
    (axes.set_xscale if which == "x" else axes.set_yscale)("log", base=base)
    axis = axes.xaxis if which == "x" else axes.yaxis
    if integer_ticks:
        axis.set_major_locator(FixedLocator(sorted(set(values))))
    elif base == 10:
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(plain_number))


def save(fig, directory: Path, filename: str) -> str:
    fig.savefig(directory / filename, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return filename


def legend_outside(axes_list):
    """One legend for the figure, right of the last plot, each label once."""
    handles = {}
    for axes in axes_list:
        for handle, label in zip(*axes.get_legend_handles_labels()):
            handles.setdefault(label, handle)
    # models in vocabulary order whatever the drawing order; references such as the ideal last
    known = list(MODEL_COLORS)

    def rank(label):
        model = label.split(" ")[0]
        if counterpart(model) in known:
            return (1 if is_python(model) else 0), known.index(counterpart(model)), label
        return (3 if label.startswith("ideal") else 2), 0, label
    order = sorted(handles, key=rank)
    handles = {label: handles[label] for label in order}
    axes_list[-1].legend(handles.values(), handles.keys(), loc="upper left", bbox_to_anchor=(1.02, 1.0),
                         frameon=False, borderaxespad=0)


def plot_line(axes, model: str, points, **kwargs):
    xs, ys = zip(*points)
    axes.plot(xs, ys, label=model, **{**line_style(model), **kwargs})


# ----------------------------------------------------------------------------- report charts

def cpu_sum_speedup_chart(run: results.Run, directory: Path) -> str | None:
    """Speedup over serial vs workers, one panel per n, with the ideal min(workers, cores)."""
    by_n = {n: series for n, series in results.cpu_sum_speedups(run).items() if series}
    if not by_n:
        return None
    sizes = list(by_n)[-3:]  # the largest problems; small ones are dominated by start-up costs
    core_count = results.cores(run.context)
    fig, axes_list = plt.subplots(1, len(sizes), figsize=(5.2 * len(sizes), 4.2), sharey=True, squeeze=False)
    axes_list = axes_list[0]
    linear_y = False
    for axes, n in zip(axes_list, sizes):
        series = by_n[n]
        workers = sorted({w for points in series.values() for w, _ in points} | {1})
        for model in model_order(series):
            plot_line(axes, model, series[model])
        ideal_x = list(range(1, int(max(workers)) + 1))
        axes.plot(ideal_x, [min(w, core_count) for w in ideal_x], label=f"ideal min(workers, {core_count} cores)",
                  **IDEAL_STYLE)
        axes.axhline(1.0, color="#999999", linewidth=0.8)
        if max(workers) / min(workers) >= 8:
            # log2 on both axes keeps the ideal a straight diagonal up to the core count
            use_log_axis(axes, "x", workers, integer_ticks=True, base=2)
            ticks = [2 ** k for k in range(0, int(max(workers)).bit_length())]
            use_log_axis(axes, "y", ticks, integer_ticks=True, base=2)
        else:
            axes.set_xticks(workers)
            linear_y = True
        axes.set_title(f"n = {n:,.0f}")
        axes.set_xlabel("workers")
        axes.grid(True, alpha=0.3)
    axes_list[0].set_ylabel("speedup over serial (×)")
    if linear_y:
        axes_list[0].set_ylim(bottom=0)  # only now: set_ylim stops the shared axis from autoscaling
    fig.suptitle("cpu_sum: speedup vs workers (higher is better)")
    legend_outside(axes_list)
    return save(fig, directory, "cpu_sum_speedup.png")


def cpu_sum_time_chart(run: results.Run, directory: Path) -> str | None:
    """Time vs n per model, each at the most workers it ran with."""
    series = results.cpu_sum_times_by_n(run)
    if not series or max(len(points) for points in series.values()) < 2:
        return None
    unit, scale = time_unit([t for points in series.values() for _, t in points])
    fig, axes = plt.subplots(figsize=(7.5, 4.5))
    most = {}
    for bench in run.ok("cpu_sum"):
        most[bench.model] = max(most.get(bench.model, 0), bench.workers or 1)
    for model in model_order(series):
        points = [(n, t / scale) for n, t in series[model]]
        plot_line(axes, model, points)
        axes.lines[-1].set_label(f"{model} ({most[model]:.0f} worker{'s' if most[model] != 1 else ''})")
    sizes = sorted({n for points in series.values() for n, _ in points})
    use_log_axis(axes, "x", sizes, integer_ticks=True)
    use_log_axis(axes, "y")
    axes.set_xlabel("n (terms summed)")
    axes.set_ylabel(f"time per run ({unit}, log scale)")
    axes.set_title("cpu_sum: time vs problem size (lower is better)")
    axes.grid(True, which="both", alpha=0.3)
    legend_outside([axes])
    return save(fig, directory, "cpu_sum_time.png")


def interval_s(bench: results.Benchmark) -> tuple[float, float]:
    """The 95% interval of the benchmark's median time over its processes (the median itself where
    too few processes give none): what a whisker shows."""
    estimate = bench.time_estimate
    return (estimate.low, estimate.high) if estimate.has_interval else (estimate.value, estimate.value)


def interval_errors(bench: results.Benchmark, scale: float) -> list | None:
    """Matplotlib yerr for a bar at the median time: the 95% interval over processes, or None."""
    estimate = bench.time_estimate
    if not estimate.has_interval:
        return None
    return [[(estimate.value - estimate.low) / scale], [(estimate.high - estimate.value) / scale]]


def bars_against_ideal_chart(run: results.Run, workload: str, directory: Path, title: str,
                             ideal_label: str) -> str | None:
    """Bars of time per model against each configuration's ideal (a dashed line): one panel per
    problem size, stacked, each with its own linear axis from zero; bars grouped by workers."""
    benchmarks = run.ok(workload)
    if not benchmarks:
        return None

    def problem(config):
        return tuple((k, v) for k, v in config if k != "workers")

    def order(config):
        return [(k, float(v) if results._is_number(v) else 0) for k, v in config]
    groups: dict[tuple, list] = {}
    for bench in benchmarks:
        groups.setdefault(results.config_key(bench), []).append(bench)
    # serial is its own configuration (workers:1); it is drawn, at its problem size, in every group instead.
    serial = {problem(results.config_key(b)): b for b in benchmarks if b.model == "serial"}
    configs = sorted((c for c, group in groups.items() if any(b.model != "serial" for b in group)) or groups,
                     key=order)
    problems = sorted({problem(c) for c in configs}, key=order)
    panel_configs = {p: [c for c in configs if problem(c) == p] for p in problems}
    panel_members = {p: [b for c in panel_configs[p] for b in groups[c]] + ([serial[p]] if p in serial else [])
                     for p in problems}
    widest = max(len(c) * len({b.model for b in panel_members[p]}) for p, c in panel_configs.items())
    fig, axes_list = plt.subplots(len(problems), 1, figsize=(max(6.5, 1.2 + 0.3 * widest), 0.6 + 3.0 * len(problems)),
                                  squeeze=False)
    for axes, prob in zip(axes_list[:, 0], problems):
        members = panel_members[prob]
        models = model_order({b.model for b in members})      # each panel only has the slots it fills
        width = 0.8 / len(models)
        unit, scale = time_unit([b.time_s for b in members])
        # a panel whose bars span more than a decade (C++ beside Python) gets a log axis
        logarithmic = spans_decades([b.time_s for b in members])
        for g, config in enumerate(panel_configs[prob]):
            group = {b.model: b for b in groups[config]}
            if prob in serial:
                group.setdefault("serial", serial[prob])
            parallel_x = []
            for m, model in enumerate(models):
                bench = group.get(model)
                if bench is None:
                    continue
                x = g + (m - (len(models) - 1) / 2) * width
                if model != "serial":
                    parallel_x.append(x)
                axes.bar(x, bench.time_s / scale, width * 0.92, label=model, **bar_style(model),
                         yerr=interval_errors(bench, scale), capsize=2, error_kw=dict(elinewidth=0.8, ecolor="#333333"))
            ideals = [i for i in (results.ideal_s(run, b) for b in groups[config] if b.model != "serial") if i]
            if ideals and parallel_x:
                axes.hlines(results.statistics.median(ideals) / scale, min(parallel_x) - width / 2,
                            max(parallel_x) + width / 2, label=ideal_label, **IDEAL_STYLE)
        axes.set_xticks(range(len(panel_configs[prob])))
        axes.set_xticklabels([" ".join(f"{k}={results.format_arg(v)}" for k, v in c if k == "workers")
                              for c in panel_configs[prob]])
        if logarithmic:
            use_log_axis(axes, "y")
        else:
            axes.set_ylim(bottom=0)
        axes.set_ylabel(f"time per run ({unit}{', log scale' if logarithmic else ''})")
        axes.set_title(" ".join(f"{k}={results.format_arg(v)}" for k, v in prob) or workload, fontsize=10)
        axes.grid(True, axis="y", alpha=0.3)
    fig.suptitle(title + "; bars: median, whiskers: 95% interval")
    legend_outside(list(axes_list[1:, 0]) + [axes_list[0, 0]])   # legend beside the top panel
    fig.tight_layout()
    return save(fig, directory, f"{workload}_time.png")


def latency_points(run: results.Run, workload: str) -> list:
    """Closed-loop benchmarks with a concurrency, one per model and concurrency (a model's best worker
    count); open-loop entries, whose time is their schedule's, have charts of their own."""
    with_concurrency = [b for b in results.closed_loop(run.ok(workload)) if "concurrency" in b.args]
    problem = lambda b: tuple((k, v) for k, v in b.args.items() if k != "workers")
    return results.fastest_per(with_concurrency, problem)


def latency_charts(run: results.Run, workload: str, directory: Path) -> list[str]:
    """Per (requests, delay) group: time vs concurrency with the ideal ceil(N/C)×L, and efficiency."""
    benchmarks = latency_points(run, workload)
    files = []
    problem_keys = [k for k in (benchmarks[0].args if benchmarks else {}) if k not in results.PARALLELISM_ARGS]
    for values, group in results.group_by_args(benchmarks, problem_keys).items():
        suffix = "_".join(f"{k}{results.format_arg(v)}" for k, v in zip(problem_keys, values))
        label = ", ".join(f"{k}={results.format_arg(v)}" for k, v in zip(problem_keys, values))
        times = results.series_by_model(group, lambda b: b.arg("concurrency"), lambda b: b.time_s)
        efficiencies = results.series_by_model(group, lambda b: b.arg("concurrency"),
                                               lambda b: results.efficiency(run, b))
        concurrency = sorted({c for points in times.values() for c, _ in points})
        if len(concurrency) == 1:
            files.append(single_concurrency_chart(run, workload, group, f"{label}, concurrency="
                                                  f"{results.format_arg(concurrency[0])}", suffix, directory))
            continue
        # The line is what no model can beat, ⌈N/C⌉ × L: the lowest ideal at each C. A model that
        # cannot give C in flight (tbb) states a larger ideal of its own, used for its efficiency.
        lowest = {}
        for b in group:
            if results.ideal_s(run, b):
                c = b.arg("concurrency")
                lowest[c] = min(lowest.get(c, float("inf")), results.ideal_s(run, b))
        ideal = sorted(lowest.items())
        unit, scale = time_unit([t for points in times.values() for _, t in points])
        panels = 2 if efficiencies else 1
        fig, axes_list = plt.subplots(1, panels, figsize=(6.0 * panels, 4.4), squeeze=False)
        axes_list = axes_list[0]
        time_axes = axes_list[0]
        for model in model_order(times):
            plot_line(time_axes, model, [(c, t / scale) for c, t in times[model]])
        if ideal:
            xs, ys = zip(*ideal)
            time_axes.plot(xs, [y / scale for y in ys], label="ideal ⌈N/C⌉ × L", **IDEAL_STYLE)
        log_x = spans_decades(concurrency, 0.9)
        if log_x:
            use_log_axis(time_axes, "x", concurrency, integer_ticks=True)
        all_times = [t for points in times.values() for _, t in points] + [y for _, y in ideal]
        if spans_decades(all_times):
            use_log_axis(time_axes, "y")
            time_axes.set_ylabel(f"time for all requests ({unit}, log scale)")
        else:
            time_axes.set_ylim(bottom=0)      # a linear axis starts at 0, or small gaps look steep
            time_axes.set_ylabel(f"time for all requests ({unit})")
        time_axes.set_xlabel("concurrency C (requests in flight)")
        time_axes.set_title("time (lower is better)")
        time_axes.grid(True, which="both", alpha=0.3)
        if efficiencies:
            eff_axes = axes_list[1]
            for model in model_order(efficiencies):
                plot_line(eff_axes, model, efficiencies[model])
            eff_axes.axhline(1.0, label="ideal ⌈N/C⌉ × L", **IDEAL_STYLE)
            if log_x:
                use_log_axis(eff_axes, "x", concurrency, integer_ticks=True)
            top = max(1.05, max(e for points in efficiencies.values() for _, e in points) * 1.05)
            eff_axes.set_ylim(0, top)
            eff_axes.set_xlabel("concurrency C (requests in flight)")
            eff_axes.set_ylabel("efficiency (ideal / measured)")
            eff_axes.set_title("efficiency (1.0 is the limit)")
            eff_axes.grid(True, which="both", alpha=0.3)
        fig.suptitle(f"{workload}: {label}")
        legend_outside(axes_list)
        files.append(save(fig, directory, f"{workload}_{suffix}.png"))
    return files


def single_concurrency_chart(run: results.Run, workload: str, group, label: str, suffix: str,
                             directory: Path) -> str | None:
    """Time per model at the one concurrency measured, each bar against its own ideal (lines need two points)."""
    unit, scale = time_unit([b.time_s for b in group])
    bars = []
    for bench in group:
        low, high = interval_s(bench)
        ideal = results.ideal_s(run, bench)
        bars.append((bench.model, bench.time_s / scale, low / scale, high / scale, ideal / scale if ideal else None))
    return grouped_bars_with_ideal([("", bars)], f"time for all requests ({unit}, lower is better)",
                                   f"{workload}: {label}", directory, f"{workload}_{suffix}.png",
                                   value_format=lambda v: f"{v:.3g}")


def counter_vs_concurrency_chart(run: results.Run, workload: str, directory: Path, counter: str | None,
                                 ylabel: str, title: str, filename: str, transform=lambda v: v,
                                 extra=None, value_format=None) -> str | None:
    """A counter (or derived value) vs concurrency per model; `extra` adds named series such as wrk."""
    benchmarks = latency_points(run, workload)
    series = results.series_by_model(
        benchmarks, lambda b: b.arg("concurrency"),
        lambda b: transform(b.counter(counter)) if counter and b.counter(counter) is not None else None)
    if counter is None:
        series = {}
    if extra:
        series.update({k: v for k, v in extra(benchmarks).items() if v})
    if not series:
        return None
    fig, axes = plt.subplots(figsize=(7.5, 4.4))
    for model in model_order(series):
        plot_line(axes, model, series[model])
        if value_format:
            x, y = series[model][-1]
            axes.annotate(value_format(y), (x, y), xytext=(6, 0), textcoords="offset points", va="center",
                          fontsize=9, color=model_color(model))
    concurrency = sorted({c for points in series.values() for c, _ in points})
    if value_format:
        axes.margins(x=0.12)
    if spans_decades(concurrency, 0.9):
        use_log_axis(axes, "x", concurrency, integer_ticks=True)
    values = [v for points in series.values() for _, v in points]
    if spans_decades(values):
        use_log_axis(axes, "y")
        ylabel += ", log scale"
    else:
        axes.set_ylim(bottom=0)
    axes.set_xlabel("concurrency C (requests in flight)")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(True, which="both", alpha=0.3)
    legend_outside([axes])
    return save(fig, directory, filename)


def memory_chart(run: results.Run, workload: str, directory: Path) -> str | None:
    if not any("bytes_per_inflight" in b.counters for b in run.ok(workload)):
        return None
    return counter_vs_concurrency_chart(
        run, workload, directory, "bytes_per_inflight", "memory per in-flight request (KiB)",
        f"{workload}: memory per request in flight (lower is better)", f"{workload}_memory.png",
        transform=lambda v: v / 1024, value_format=lambda kib: results.format_bytes(kib * 1024))


def wrk_throughput(benchmarks) -> dict[str, list[tuple[float, float]]]:
    """wrk's requests/s at each concurrency, from whichever entries carry the counter."""
    by_concurrency = {}
    for bench in benchmarks:
        value = bench.counter("wrk_requests_per_s")
        if value is not None:
            by_concurrency.setdefault(bench.arg("concurrency"), []).append(value)
    return {"wrk": sorted((c, results.statistics.median(v)) for c, v in by_concurrency.items())}


def throughput_chart(run: results.Run, workload: str, directory: Path) -> str | None:
    """Requests/s of every client model beside wrk's measurement of the same server, at the problems
    (requests, delay) wrk measured: other problems have other limits and would only zig-zag the lines."""
    benchmarks = latency_points(run, workload)
    problem = lambda b: tuple((k, v) for k, v in b.args.items() if k not in results.PARALLELISM_ARGS)
    measured = sorted({problem(b) for b in benchmarks if b.counter("wrk_requests_per_s") is not None})
    if not measured:
        return None
    where = "; ".join(", ".join(f"{k}={results.format_arg(v)}" for k, v in p) for p in measured)

    def clients_and_wrk(points):
        same = [b for b in points if problem(b) in measured]
        series = results.series_by_model(same, lambda b: b.arg("concurrency"), results.throughput_per_s)
        series.update(wrk_throughput(same))
        return series
    return counter_vs_concurrency_chart(
        run, workload, directory, None, "throughput (requests/s)",
        f"{workload}: client throughput vs wrk (higher is better)\n{where}", f"{workload}_throughput.png",
        extra=clients_and_wrk)


def generic_time_chart(run: results.Run, workload: str, directory: Path) -> str | None:
    """Horizontal bars of time per benchmark, coloured by model, for workloads without a special chart."""
    benchmarks = run.ok(workload)
    if not benchmarks:
        return None
    order = model_order({b.model for b in benchmarks})
    benchmarks = sorted(benchmarks, key=lambda b: (order.index(b.model), tuple(map(str, b.args.values()))))
    unit, scale = time_unit([b.time_s for b in benchmarks])
    fig, axes = plt.subplots(figsize=(8, 0.9 + 0.38 * len(benchmarks)))
    positions = range(len(benchmarks))
    seen = set()
    for y, bench in zip(positions, benchmarks):
        low, high = interval_s(bench)
        axes.barh(y, bench.time_s / scale, 0.7, **bar_style(bench.model),
                  label=bench.model if bench.model not in seen else None,
                  xerr=[[(bench.time_s - low) / scale], [(high - bench.time_s) / scale]], capsize=2,
                  error_kw=dict(elinewidth=0.8, ecolor="#333333"))
        seen.add(bench.model)
    axes.set_yticks(list(positions))
    axes.set_yticklabels([f"{b.model}  {b.args_label}" for b in benchmarks])
    axes.invert_yaxis()
    if spans_decades([b.time_s for b in benchmarks]):
        use_log_axis(axes, "x")
        axes.set_xlabel(f"time per run ({unit}, log scale)")
    else:
        axes.set_xlabel(f"time per run ({unit})")
    axes.set_title(f"{workload}: time per model (lower is better)")
    axes.grid(True, axis="x", which="both", alpha=0.3)
    legend_outside([axes])
    return save(fig, directory, f"{workload}_time.png")


def grouped_bars_with_ideal(groups, ylabel: str, title: str, directory: Path, filename: str,
                            value_format=None) -> str | None:
    """Bars per model in groups, each bar with its own ideal as a black tick across it.

    groups: [(group label, [(model, value, low, high, ideal or None), ...]), ...]; low/high: the 95% interval,
    drawn as a whisker with the value's label above it.
    """
    groups = [(label, bars) for label, bars in groups if bars]
    if not groups:
        return None
    models = model_order({bar[0] for _, bars in groups for bar in bars})
    width = 0.8 / len(models)
    fig, axes = plt.subplots(figsize=(max(6.5, 1.5 + 0.42 * len(models) * len(groups)), 4.6))
    ideal_label = "ideal"
    for g, (_, bars) in enumerate(groups):
        for model, value, low, high, ideal in sorted(bars, key=lambda bar: models.index(bar[0])):
            x = g + (models.index(model) - (len(models) - 1) / 2) * width
            axes.bar(x, value, width * 0.92, label=model, **bar_style(model),
                     yerr=[[value - low], [high - value]], capsize=2, error_kw=dict(elinewidth=0.8, ecolor="#333333"))
            if ideal:
                axes.hlines(ideal, x - width / 2, x + width / 2, label=ideal_label, **IDEAL_STYLE)
                ideal_label = None
            if value_format:
                axes.annotate(value_format(value), (x, max(value, high)), xytext=(0, 2), textcoords="offset points",
                              ha="center", va="bottom", fontsize=7)
    axes.set_xticks(range(len(groups)))
    axes.set_xticklabels([label for label, _ in groups], fontsize=8.5)
    axes.set_ylim(bottom=0)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(True, axis="y", alpha=0.3)
    legend_outside([axes])
    return save(fig, directory, filename)


def varying_args(benchmarks) -> tuple[list[str], dict]:
    """Argument names whose value differs between the benchmarks, and the ones that are the same for all."""
    names = list(dict.fromkeys(k for b in benchmarks for k in b.args))
    varying = [k for k in names if len({b.args.get(k) for b in benchmarks}) > 1]
    return varying, {k: benchmarks[0].args.get(k) for k in names if k not in varying}


def pipeline_throughput_chart(run: results.Run, directory: Path) -> str | None:
    """Items per second of each model in each pipeline mode, against the mode's ideal rate."""
    benchmarks = [b for b in run.ok("pipeline") if b.counter("items_per_s") is not None]
    if not benchmarks:
        return None
    varying, fixed = varying_args(benchmarks)
    groups: dict[tuple, list] = {}
    for bench in benchmarks:
        spread = overheads.counter_spread(bench, "items_per_s")
        groups.setdefault(tuple(bench.args.get(k) for k in varying), []).append(
            (bench.model, spread.median, spread.low, spread.high, bench.counter("ideal_items_per_s")))
    # sleep stages are wash_us/dry_us, CPU stages wash_terms/dry_terms: name only what a group has
    labelled = [("\n".join(f"{k}={results.format_arg(v)}" for k, v in zip(varying, key) if v is not None) or "all",
                 bars)
                for key, bars in sorted(groups.items(), key=lambda item: tuple(map(str, item[0])))]
    fixed_text = ", ".join(f"{k}={results.format_arg(v)}" for k, v in fixed.items())
    return grouped_bars_with_ideal(labelled, "items per second (higher is better)",
                                   f"pipeline: throughput per model and mode vs ideal\n{fixed_text}",
                                   directory, "pipeline_throughput.png")


# ----------------------------------------------------------------------------- per-request latency

DELAY_STYLE = dict(color="#888888", linestyle=":", linewidth=1.2)


def log_ticks(low: float, high: float) -> list[float]:
    """Plain ticks for a log axis from low to high: the coarsest 1-2-5 style set that puts four or
    more inside, or evenly spaced ones where the range is too narrow for any (10.1 to 10.9 ms)."""
    for mantissas in ((1.0,), (1.0, 2.0, 5.0), (1.0, 2.0, 3.0, 5.0, 7.0), (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0),
                      (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)):
        ticks = [m * 10.0 ** e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
                 for m in mantissas if low <= m * 10.0 ** e <= high]
        if len(ticks) >= 4:
            return ticks
    return [t for t in MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high) if low <= t <= high]


def log_ms_axis(axes, which: str, values_ms):
    """A log axis in milliseconds with plain tick labels (20, 50, 100), a little room beyond the data."""
    low, high = min(values_ms) / 1.1, max(values_ms) * 1.1
    (axes.set_xscale if which == "x" else axes.set_yscale)("log")
    (axes.set_xlim if which == "x" else axes.set_ylim)(low, high)
    axis = axes.xaxis if which == "x" else axes.yaxis
    axis.set_major_locator(FixedLocator(log_ticks(low, high)))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(plain_number))


def draw_percentile_chart(cases: list, workload: str):
    """The figure of percentile_chart: one panel per case, one line per model over the nines axis."""
    fig, axes_list = plt.subplots(1, len(cases), figsize=(5.6 * len(cases), 4.4), squeeze=False)
    axes_list = list(axes_list[0])
    positions = [request_latency.nines(p) for _, p, _ in request_latency.PERCENTILES]
    for axes, case in zip(axes_list, cases):
        values = []
        for model in model_order(case.curves):
            points = [(x, s * 1e3) for _, x, s in case.curves[model]]
            plot_line(axes, model, points)
            values += [ms for _, ms in points]
        if case.delay_s:
            axes.axhline(case.delay_s * 1e3, label=f"delay L = {results.format_seconds(case.delay_s)} "
                         f"(no {request_latency.unit_of_work(workload)} is faster)", **DELAY_STYLE)
            values.append(case.delay_s * 1e3)
        log_ms_axis(axes, "y", values)
        axes.set_xticks(positions)
        axes.set_xticklabels([label for label, _, _ in request_latency.PERCENTILES])
        axes.set_xlim(positions[0] - 0.2, positions[-1] + 0.2)
        axes.set_xlabel(f"percentile of {request_latency.unit_of_work(workload)}s (each step right: 10× rarer)")
        axes.set_title(f"{case.label}\n({case.why})", fontsize=9.5)
        axes.grid(True, which="both", alpha=0.3)
    axes_list[0].set_ylabel(f"latency per {request_latency.unit_of_work(workload)} (ms, log scale)")
    fig.suptitle(f"{workload}: latency by percentile (lower and flatter is better)")
    fig.subplots_adjust(top=0.80, wspace=0.22)      # room for the two-line panel titles under it
    legend_outside(axes_list)
    return fig


def percentile_chart(run: results.Run, workload: str, directory: Path) -> str | None:
    """HdrHistogram-style percentiles per model at the workload's representative cases."""
    cases = request_latency.percentile_cases(run, workload)
    if not cases:
        return None
    return save(draw_percentile_chart(cases, workload), directory, f"{workload}_latency_percentiles.png")


def draw_offered_load_chart(sweeps: list, workload: str):
    """The figure of offered_load_chart: one panel per sweep case, one line per model."""
    cases = list(dict.fromkeys(s.config for s in sweeps))
    fig, axes_list = plt.subplots(1, len(cases), figsize=(6.2 * len(cases), 4.6), squeeze=False)
    axes_list = list(axes_list[0])
    for axes, config in zip(axes_list, cases):
        members = {s.model: s for s in sweeps if s.config == config}
        values, rates = [], []
        for model in model_order(members):
            points = [(p.rate, p.p99_s * 1e3) for p in members[model].points]
            plot_line(axes, model, points)
            values += [ms for _, ms in points]
            rates += [rate for rate, _ in points]
        threshold = next(iter(members.values())).threshold_s * 1e3
        if threshold > 0:
            axes.axhline(threshold, label="saturation threshold (2 × delay)", **IDEAL_STYLE)
            values.append(threshold)
        log_ms_axis(axes, "y", values)
        if spans_decades(rates, 0.3):
            use_log_axis(axes, "x", rates, integer_ticks=True)
            axes.set_xlim(min(rates) / 1.15, max(rates) * 1.15)
        axes.set_xlabel("offered rate (requests/s, log scale)")
        axes.set_title(request_latency.describe_args(config), fontsize=9.5)
        axes.grid(True, which="both", alpha=0.3)
    axes_list[0].set_ylabel("p99 latency (ms, log scale)")
    fig.suptitle(f"{workload}: p99 latency vs offered load, open loop (lower is better)")
    fig.subplots_adjust(top=0.85, wspace=0.22)
    legend_outside(axes_list)
    return fig


def offered_load_chart(run: results.Run, workload: str, directory: Path) -> str | None:
    """p99 against the offered rate of every open-loop sweep (the hockey stick), with 2 × delay."""
    sweeps = request_latency.sweeps(run, workload)
    if not sweeps:
        return None
    return save(draw_offered_load_chart(sweeps, workload), directory, f"{workload}_p99_vs_offered_load.png")


# ----------------------------------------------------------------------------- overheads charts

def short_seconds(value, _position=None) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if value >= scale * 0.9995 or unit == "ns":
            return f"{value / scale:.3g} {unit}"
    return ""


def short_bytes(value, _position=None) -> str:
    return results.format_bytes(value)


def log_bars_chart(bars, xlabel: str, title: str, directory: Path, filename: str, value_format,
                   ticks: str = "seconds") -> str | None:
    """Horizontal bars on a log axis, first bar on top, each labelled with its value.

    bars: [(label, model, value, low, high, hatched)]; values <= 0 are drawn at the axis' left edge.
    """
    if not bars:
        return None
    positive = [v for bar in bars for v in bar[2:5] if v > 0]
    left = min(positive) / 3 if positive else 1e-9
    right = max(positive) * 6 if positive else 1.0
    fig, axes = plt.subplots(figsize=(8.5, 1.0 + 0.4 * len(bars)))
    seen = set()
    for y, (label, model, value, low, high, hatched) in enumerate(bars):
        drawn, low, high = max(value, left), max(low, left), max(high, left)
        axes.barh(y, drawn, 0.7, color=model_color(model), hatch="//" if hatched else None,
                  edgecolor="white" if hatched else None, label=model if model not in seen else None,
                  xerr=[[drawn - low], [high - drawn]] if high > low else None, capsize=2,
                  error_kw=dict(elinewidth=0.8, ecolor="#333333"))
        seen.add(model)
        axes.annotate(value_format(value), (max(high, drawn), y), xytext=(5, 0), textcoords="offset points",
                      va="center", fontsize=8.5)
    axes.set_xscale("log")
    axes.set_xlim(left, right)
    if ticks == "bytes":
        axes.xaxis.set_major_locator(FixedLocator([4.0 ** k for k in range(0, 16)]))
        axes.xaxis.set_major_formatter(FuncFormatter(short_bytes))
    else:
        axes.xaxis.set_major_locator(LogLocator(base=10, numticks=20))
        axes.xaxis.set_major_formatter(FuncFormatter(short_seconds))
    axes.xaxis.set_minor_locator(NullLocator())
    axes.set_yticks(range(len(bars)))
    axes.set_yticklabels([bar[0] for bar in bars])
    axes.set_ylim(len(bars) - 0.5, -0.5)
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    axes.grid(True, axis="x", alpha=0.3)
    return save(fig, directory, filename)


def startup_overhead_chart(run: results.Run, directory: Path) -> str | None:
    entries = overheads.startup_overheads(run)
    bars = [(e.label, e.model, e.overhead_s.median, e.overhead_s.low, e.overhead_s.high, bool(e.heap_mib))
            for e in entries]
    return log_bars_chart(bars, "overhead per unit started (log scale; bar = median, whisker = 95% interval)",
                          "spawn: start-up overhead per unit (lower is better)", directory, "spawn_overhead.png",
                          results.format_seconds)


def grain_efficiency_chart(run: results.Run, directory: Path) -> str | None:
    """Efficiency against task grain per model, with the 90% line and each model's break-even marked."""
    curves = overheads.grain_curves(run)
    if not curves:
        return None
    threshold = overheads.BREAK_EVEN_EFFICIENCY
    fig, axes = plt.subplots(figsize=(8.5, 4.8))
    marked = False
    for model in model_order(curves):
        curve = curves[model]
        plot_line(axes, model, curve.points)
        even = curve.break_even
        if even.kind != "not_reached":
            at = (even.grain_s, threshold) if even.kind == "interpolated" else curve.points[0]
            axes.plot(*at, marker="*", markersize=16, color=model_color(model), markeredgecolor="black",
                      linestyle="none", zorder=5)
            marked = True
    axes.axhline(threshold, color="black", linestyle="--", linewidth=1.1, label=f"{threshold:.0%} efficiency")
    axes.axhline(1.0, color="#999999", linewidth=0.8)
    axes.set_xscale("log")
    axes.xaxis.set_major_locator(LogLocator(base=10, numticks=20))
    axes.xaxis.set_major_formatter(FuncFormatter(short_seconds))
    axes.xaxis.set_minor_locator(NullLocator())
    top = max(e for curve in curves.values() for _, e in curve.points)
    axes.set_ylim(0, max(1.05, top * 1.05))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    axes.set_xlabel("grain: serial time of one task (log scale)")
    axes.set_ylabel("efficiency (ideal / measured)")
    config = next(iter(curves.values())).config
    axes.set_title("grain: efficiency vs task size (higher is better)\n"
                   + ", ".join(f"{k}={results.format_arg(v)}" for k, v in config.items()))
    axes.grid(True, which="both", alpha=0.3)
    if marked:   # one grey star in the legend stands for every model's star
        axes.plot([], [], marker="*", markersize=13, color="#bbbbbb", markeredgecolor="black", linestyle="none",
                  label=f"break-even (≥ {threshold:.0%} from there on)")
    legend_outside([axes])
    return save(fig, directory, "grain_efficiency.png")


def memory_per_unit_chart(run: results.Run, directory: Path) -> str | None:
    entries = sorted(overheads.memory_per_unit(run).values(), key=lambda e: e.bytes_per_unit.median)
    bars = [(e.model + (" (children's PSS)" if e.model == "process" else ""), e.model, e.bytes_per_unit.median,
             e.bytes_per_unit.low, e.bytes_per_unit.high, False) for e in entries]
    return log_bars_chart(bars, "memory per unit alive (log scale)", "memory: bytes per unit (lower is better)",
                          directory, "memory_per_unit.png", overheads.format_memory, ticks="bytes")


def context_switch_chart(run: results.Run, directory: Path) -> str | None:
    entries = sorted(overheads.switch_costs(run).values(), key=lambda e: e.switch_s.median)
    bars = [(e.model, e.model, e.switch_s.median, e.switch_s.low, e.switch_s.high, False) for e in entries]
    return log_bars_chart(bars, "time of one hand-over (log scale; bar = median, whisker = 95% interval)",
                          "context_switch: cost of one hand-over (lower is better)", directory,
                          "context_switch.png", results.format_seconds)


# ----------------------------------------------------------------------------- comparison chart

def ratio_ticks(low: float, high: float) -> list[float]:
    """Readable ratio ticks (…, 0.5, 0.8, 1, 1.25, 2, …) inside [low, high], at most about ten."""
    candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.33, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25,
                  1.5, 2.0, 3.0, 4.0, 5.0, 10.0, 20.0, 50.0, 100.0]
    inside = [t for t in candidates if low <= t <= high]
    coarse = [t for t in inside if t in (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0, 0.05, 0.2, 5.0, 20.0, 50.0)]
    return inside if len(inside) <= 10 else coarse


def ratio_chart(ratios: dict[tuple[str, str], float], baseline: str, contender: str, directory: Path,
                filename: str) -> str | None:
    """Geometric-mean time ratio contender/baseline per workload (groups) and model (colours).

    Bars grow from 1 (no change): down means the contender is faster, up that it is slower.
    """
    if not ratios:
        return None
    workloads = list(dict.fromkeys(w for w, _ in ratios))
    models = model_order({m for _, m in ratios})
    fig, axes = plt.subplots(figsize=(max(7.0, 1.4 + 0.32 * len(ratios) + 0.4 * len(workloads)), 4.8))
    x = 0.0
    centres, bar_values = [], []
    for workload in workloads:
        present = [m for m in models if (workload, m) in ratios]
        start = x
        for model in present:
            ratio = ratios[(workload, model)]
            axes.bar(x, ratio - 1.0, 0.8, bottom=1.0, label=model, **bar_style(model))
            bar_values.append(ratio)
            x += 1
        centres.append((start + x - 1) / 2)
        x += 0.8
    axes.set_yscale("log")
    values = list(ratios.values())
    low, high = min(values + [1.0]), max(values + [1.0])
    margin = max(1.08, (high / low) ** 0.08)
    axes.set_ylim(low / margin, high * margin)
    axes.yaxis.set_major_locator(FixedLocator(ratio_ticks(low / margin, high * margin)))
    axes.yaxis.set_minor_locator(NullLocator())
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    for bar, ratio in zip(axes.patches, bar_values):
        axes.annotate(f"{ratio:.2f}", (bar.get_x() + bar.get_width() / 2, ratio),
                      xytext=(0, -3 if ratio < 1 else 3), textcoords="offset points", ha="center",
                      va="top" if ratio < 1 else "bottom", fontsize=7.5)
    axes.axhline(1.0, color="black", linewidth=1.0)
    axes.set_xticks(centres)
    axes.set_xticklabels(workloads)
    axes.set_ylabel(f"time ratio {contender} / {baseline} (log scale)")
    axes.set_title(f"{contender} vs {baseline}: geometric mean per workload and model\n"
                   f"below 1 = {contender} faster, above 1 = {contender} slower")
    axes.grid(True, axis="y", which="both", alpha=0.3)
    legend_outside([axes])
    return save(fig, directory, filename)
