"""The Overheads section: what a model costs to start, how small a task may be, what a waiting
unit holds in memory and one hand-over, each from the overhead workload whose catalog `measure`
is that counter, and the table that sums them up per model."""

from __future__ import annotations

from pathlib import Path

from .. import overheads as oh
from ..analysis import Analysis
from ..charts.bars import Bar, log_bars_chart
from ..charts.lines import Axes, Panel, Point, Reference, lines_chart
from ..charts.style import Styles, short_seconds
from ..document import Document
from ..formatting import format_percent, format_seconds, int_text
from .generic import generic_section
from .tables import results_table


def overheads_section(doc: Document, analysis: Analysis, directory: Path):
    run = analysis.run
    measured = oh.overhead_workloads(run)
    if not measured:
        return
    doc.heading("Overheads")
    rows = oh.summary_rows(run, lambda models: run.order(None, models))
    if rows:
        doc.heading("Choosing a model", 3)
        doc.table(oh.SUMMARY_HEADERS, rows, numeric=(False, True, True, True, True, True, False))
        doc.paragraph("Per model, from this run: the time to start one unit of work and wait for it; the "
                      f"smallest task from which it keeps {oh.BREAK_EVEN_EFFICIENCY:.0%} efficiency, and the "
                      "task size at which its per-task cost alone takes 10%; the memory one live unit "
                      "holds; the time to hand control from one unit to another. "
                      "“–”: the model was not measured there.")
    sections = {oh.STARTUP: startup_subsection, oh.GRAIN: grain_subsection, oh.MEMORY: memory_subsection,
                oh.SWITCH: switch_subsection}
    for workload in measured:
        section = sections.get(run.catalog.workload(workload).measure)
        styles = Styles(run.catalog, workload, {b.model for b in run.all(workload)})
        if section:
            section(doc, analysis, workload, styles, directory)
        else:
            doc.heading(f"`{workload}`", 3)
            generic_section(doc, analysis, workload, styles, directory)
            results_table(doc, analysis, workload)


def fallback_subsection(doc: Document, analysis: Analysis, workload: str, styles, directory: Path, counters: str):
    doc.callout("note", f"The `{workload}` entries carry no {counters} counters (written by an older concbench?), "
                        "so only their times are shown.")
    generic_section(doc, analysis, workload, styles, directory)
    results_table(doc, analysis, workload)


def startup_subsection(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    doc.heading(f"Start-up overhead (`{workload}`)", 3)
    entries = oh.startup_overheads(analysis.run)
    if not entries:
        return fallback_subsection(doc, analysis, workload, styles, directory, "`overhead_s`")
    doc.paragraph("Extra time per unit of work for starting it as a thread, task, process or coroutine and waiting "
                  "for it, over doing the same work inline: median over the repetitions, whiskers its 95% interval "
                  "over the processes. The baseline is left out (its overhead is about 0). Hatched bars are processes "
                  "forked from a parent holding a large heap, which the kernel must map for the child.")
    clamped = [e.label for e in entries if e.overhead_s.low <= 0]
    if clamped:
        doc.callout("note", "Overhead interval reaching 0 or below (within noise of inline work), drawn at "
                            "the left edge of the log axis: " + ", ".join(clamped) + ".")
    bars = [Bar(e.model, e.overhead_s.median, e.overhead_s.low, e.overhead_s.high, label=e.label,
                hatched=bool(e.heap_mib)) for e in entries]
    doc.image(log_bars_chart(bars, styles, f"{workload}: what does starting one unit cost? (lower is better)",
                             "overhead per unit started (log scale; bar = median, whisker = 95% interval)",
                             directory, f"{workload}_overhead.png", format_seconds), f"{workload} overhead per unit")
    doc.table(("Model", "Overhead per unit", "95% interval", "Time per unit", "Inline work per unit", "Units"),
              [(e.label, format_seconds(e.overhead_s.median),
                f"{format_seconds(e.overhead_s.low)} – {format_seconds(e.overhead_s.high)}",
                format_seconds(e.unit_s), format_seconds(e.serial_unit_s), int_text(e.units)) for e in entries],
              numeric=(False, True, True, True, True, True))


def grain_chart(analysis: Analysis, curves: dict, styles: Styles, workload: str, directory: Path) -> str | None:
    threshold = oh.BREAK_EVEN_EFFICIENCY
    series = {m: [Point(g, e, beyond=analysis.result(b).beyond_limit) for (g, e), b in zip(c.points, c.benchmarks)]
              for m, c in curves.items()}
    marks = []
    for model, curve in curves.items():
        even = curve.break_even
        if even.kind != "not_reached":
            x, y = (even.grain_s, threshold) if even.kind == "interpolated" else curve.points[0]
            marks.append((model, x, y, f"break-even (≥ {threshold:.0%} from there on)"))
    config = next(iter(curves.values())).config
    panel = Panel(", ".join(f"{k}={v}" for k, v in config.items()), series,
                  (Reference(f"{threshold:.0%} efficiency", y=threshold), Reference("_limit", y=1.0,
                                                                                    style=dict(color="#999999", linewidth=0.8))),
                  tuple(marks))
    spec = Axes("grain: serial time of one task (log scale)", "efficiency (ideal / measured)", xlog=True,
                x_format=short_seconds, y_format=lambda v, _: f"{v:.0%}", y_from_zero=True, y_top_at_least=1.05)
    return lines_chart([panel], styles, f"{workload}: how small may a task be before its overhead shows?\n"
                       "(efficiency vs task size; higher is better)", spec, directory, f"{workload}_efficiency.png",
                       panel_width=7.0, height=4.6)


def grain_subsection(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    run = analysis.run
    doc.heading(f"Break-even grain (`{workload}`)", 3)
    curves = oh.grain_curves(run)
    if not curves:
        return fallback_subsection(doc, analysis, workload, styles, directory, "`efficiency` and `grain_s`")
    threshold = oh.BREAK_EVEN_EFFICIENCY
    doc.paragraph(f"The same total work cut into tasks of different size (grain = serial time of one task). "
                  f"Efficiency = ideal / measured time. A model's **break-even grain** is where its efficiency "
                  f"reaches {threshold:.0%} and stays there at every larger grain (interpolated in log-grain; ★ "
                  f"on the chart). **Per-task overhead** = grain × (1/efficiency − 1) at the finest grain; "
                  f"9 × that is the grain where the overhead alone costs 10%.")
    doc.image(grain_chart(analysis, curves, styles, workload, directory), f"{workload} efficiency vs task size")
    one_thread = [m for m in curves if not run.catalog.model(workload, m).uses_cores]
    if one_thread:
        doc.paragraph(", ".join(f"`{m}`" for m in one_thread) + " run on one thread, so the ideal is the serial "
                      "time and efficiency shows only the per-task cost, not parallel speed.")
    if all(c.break_even.kind == "not_reached" for c in curves.values()):
        doc.callout("note", f"No model reaches {threshold:.0%} efficiency on this machine; the per-task overhead "
                            "and the 10%-overhead grain still rank the models.")
    order = run.order(workload, curves)
    doc.table(("Model", f"Break-even grain ({threshold:.0%})", "Per-task overhead", "Grain for 10% overhead",
               "Best efficiency"),
              [(model, curves[model].break_even.text(),
                oh.format_task_overhead(curves[model].task_overhead_s),
                oh.format_task_overhead(curves[model].ten_percent_grain_s),
                f"{format_percent(curves[model].break_even.best_efficiency)} at "
                f"{format_seconds(curves[model].break_even.best_grain_s)}") for model in order],
              numeric=(False, True, True, True, True))
    grains = sorted({g for c in curves.values() for g, _ in c.points})
    columns = grain_columns(grains)
    rows = []
    for model in order:
        cells = {column: e for g, e in curves[model].points for column in [nearest(columns, g)]}
        rows.append([model] + [format_percent(cells.get(column)) for column in columns])
    doc.paragraph("Efficiency at each grain (median over the repetitions):")
    doc.table(["Model"] + [format_seconds(g) for g in columns], rows, numeric=[False] + [True] * len(columns))


def grain_columns(grains: list[float]) -> list[float]:
    """Grains of different models within 5% of each other (same task, timed apart) share one column."""
    columns: list[float] = []
    for grain in grains:
        if not columns or grain > columns[-1] * 1.05:
            columns.append(grain)
    return columns


def nearest(columns: list[float], grain: float) -> float:
    return min(columns, key=lambda column: abs(column - grain) / column)


def memory_subsection(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    run = analysis.run
    doc.heading(f"Memory per unit (`{workload}`)", 3)
    entries = sorted(oh.memory_per_unit(run).values(), key=lambda e: e.bytes_per_unit.median)
    if not entries:
        return fallback_subsection(doc, analysis, workload, styles, directory, "`bytes_per_unit`")
    doc.paragraph("Memory each live unit holds, measured with many alive at once: resident memory (for models "
                  "whose units are processes, the children's proportional set size) or heap in use, whichever grew "
                  "more. Kernel memory (page tables, task structures) is approximate; virtual is address space "
                  "reserved, mostly untouched stack."
                  + (" The request workloads' memory per in-flight request is the same measure under load."
                     if any(b.counter("bytes_per_inflight") is not None for b in run.ok()) else ""))
    bars = [Bar(e.model, e.bytes_per_unit.median, e.bytes_per_unit.low, e.bytes_per_unit.high,
                label=e.model + (" (children's PSS)" if run.catalog.model(workload, e.model).in_processes else ""))
            for e in entries]
    doc.image(log_bars_chart(bars, styles, f"{workload}: what does one waiting unit hold in memory? (lower is better)",
                             "memory per unit alive (log scale)", directory, f"{workload}_per_unit.png",
                             oh.format_memory, ticks="bytes"), f"{workload} per unit")
    doc.table(("Model", "Per unit", "Kernel (approx.)", "Virtual", "Heap", "Stack size", "Units"),
              [(e.model, oh.format_memory(e.bytes_per_unit.median),
                oh.format_memory(e.kernel_bytes, approximate=True), oh.format_memory(e.virtual_bytes),
                oh.format_memory(e.heap_bytes), oh.format_memory(e.stack_bytes), int_text(e.units)) for e in entries],
              numeric=(False, True, True, True, True, True, True))


def switch_subsection(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    run = analysis.run
    doc.heading(f"Context switch (`{workload}`)", 3)
    entries = sorted(oh.switch_costs(run).values(), key=lambda e: e.switch_s.median)
    if not entries:
        return fallback_subsection(doc, analysis, workload, styles, directory, "`switch_s`")
    doc.paragraph("Time for one hand-over between two units that take turns (ping-pong): the kernel's switch "
                  "for threads and processes, a resume for a coroutine, a posted handler for an event loop.")
    bars = [Bar(e.model, e.switch_s.median, e.switch_s.low, e.switch_s.high) for e in entries]
    doc.image(log_bars_chart(bars, styles, f"{workload}: what does one hand-over cost? (lower is better)",
                             "time of one hand-over (log scale; bar = median, whisker = 95% interval)", directory,
                             f"{workload}.png", format_seconds), f"{workload} cost")
    doc.table(("Model", "One hand-over", "95% interval", "Rounds"),
              [(e.model, format_seconds(e.switch_s.median),
                f"{format_seconds(e.switch_s.low)} – {format_seconds(e.switch_s.high)}", int_text(e.rounds))
               for e in entries], numeric=(False, True, True, True))
