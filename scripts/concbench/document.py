"""A small document model rendered twice, as report.md and as a self-contained index.html, with
every table also written as a CSV file beside them.

Markdown and HTML are built from the same blocks so the two never disagree; images are PNG
files beside report.md and base64 data URIs inside index.html, which therefore opens offline. The
HTML page has a table of contents, tables that sort when a header is clicked (a few lines of
inline script, no external URL) and wide tables that scroll instead of overflowing the page.
"""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .runs import ResultsError

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 1em auto;
       padding: 0 1em; color: #222; line-height: 1.4; }
h1 { border-bottom: 2px solid #ddd; padding-bottom: .1em; font-size: 1.6em; margin: .3em 0; }
h2 { border-bottom: 1px solid #eee; padding-bottom: .1em; margin: 1.3em 0 .4em; font-size: 1.3em; }
p, ul { margin: .4em 0; }
table { border-collapse: collapse; margin: .5em 0; font-size: .88em; }
th, td { border: 1px solid #ccc; padding: .2em .5em; vertical-align: top; }
th { background: #f3f3f3; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.sortable { cursor: pointer; } th.sortable:after { content: " ⇅"; color: #aaa; font-size: .8em; }
.wide { overflow-x: auto; max-width: 100%; }
nav.toc { font-size: .9em; margin: .3em 0 .8em; } nav.toc a { margin-right: .9em; white-space: nowrap; }
.csv { font-size: .8em; }
tr:nth-child(even) td { background: #fafafa; }
img { max-width: 100%; height: auto; border: 1px solid #eee; margin: .5em 0; }
code { background: #f3f3f3; padding: 0 .25em; border-radius: 3px; }
.warning { background: #fff4e5; border-left: 4px solid #e69500; padding: .4em .8em; margin: .5em 0; }
.note { background: #eef5fb; border-left: 4px solid #4a90c8; padding: .4em .8em; margin: .5em 0; }
"""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Callout:
    level: str      # "warning" or "note"
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple


@dataclass(frozen=True)
class Table:
    headers: tuple
    rows: tuple
    numeric: tuple      # per column: right-align as a number
    csv: str            # the file the table is also written to


@dataclass(frozen=True)
class Image:
    filename: str
    alt: str


class Document:
    """Blocks of text, tables and images; inline `code` and **bold** are the only markup."""

    def __init__(self, title: str):
        self.title = title
        self.blocks: list = []

    def heading(self, text: str, level: int = 2):
        self.blocks.append(Heading(text, level))

    def paragraph(self, text: str):
        self.blocks.append(Paragraph(text))

    def callout(self, level: str, text: str):
        self.blocks.append(Callout(level, text))

    def bullets(self, items):
        self.blocks.append(Bullets(tuple(items)))

    def table(self, headers, rows, numeric=None, name: str | None = None):
        """A table; `name` (else the heading above it) names its CSV file, table-NN-<name>.csv."""
        rows = tuple(tuple(str(cell) for cell in row) for row in rows)
        numeric = tuple(numeric) if numeric else tuple(False for _ in headers)
        heading = next((b.text for b in reversed(self.blocks) if isinstance(b, Heading)), "table")
        slug = re.sub(r"[^a-z0-9]+", "-", (name or heading).lower()).strip("-") or "table"
        count = sum(1 for b in self.blocks if isinstance(b, Table)) + 1
        self.blocks.append(Table(tuple(headers), rows, numeric, f"table-{count:02d}-{slug}.csv"))

    def image(self, filename: str | None, alt: str):
        if filename:
            self.blocks.append(Image(filename, alt))

    def to_markdown(self) -> str:
        lines = [f"# {self.title}", ""]
        for block in self.blocks:
            if isinstance(block, Heading):
                lines += [f"{'#' * block.level} {block.text}", ""]
            elif isinstance(block, Paragraph):
                lines += [block.text, ""]
            elif isinstance(block, Callout):
                lines += [f"> **{block.level.capitalize()}:** {block.text}", ""]
            elif isinstance(block, Bullets):
                lines += [f"- {item}" for item in block.items] + [""]
            elif isinstance(block, Table):
                cells = lambda row: "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
                lines.append(cells(block.headers))
                lines.append("|" + "|".join(" ---: " if n else " --- " for n in block.numeric) + "|")
                lines += [cells(row) for row in block.rows] + ["", f"[CSV]({block.csv})", ""]
            elif isinstance(block, Image):
                lines += [f"![{block.alt}]({block.filename})", ""]
        return "\n".join(lines)

    def to_html(self, image_dir: Path, embed_images: bool = True) -> str:
        body = [f"<h1>{inline_html(self.title)}</h1>"]
        sections = [b.text for b in self.blocks if isinstance(b, Heading) and b.level == 2]
        if len(sections) > 2:
            body.append('<nav class="toc">' + "".join(f'<a href="#{anchor_of(t)}">{inline_html(t)}</a>' for t in sections)
                        + "</nav>")
        for block in self.blocks:
            if isinstance(block, Heading):
                body.append(f'<h{block.level} id="{anchor_of(block.text)}">{inline_html(block.text)}</h{block.level}>')
            elif isinstance(block, Paragraph):
                body.append(f"<p>{inline_html(block.text)}</p>")
            elif isinstance(block, Callout):
                body.append(f'<div class="{block.level}"><strong>{block.level.capitalize()}:</strong> '
                            f"{inline_html(block.text)}</div>")
            elif isinstance(block, Bullets):
                body.append("<ul>" + "".join(f"<li>{inline_html(i)}</li>" for i in block.items) + "</ul>")
            elif isinstance(block, Table):
                sortable = len(block.rows) > 1
                head = "".join(f'<th{" class=sortable" if sortable else ""}>{inline_html(h)}</th>' for h in block.headers)
                rows = "".join(
                    "<tr>" + "".join(f'<td{" class=num" if n else ""}>{inline_html(c)}</td>'
                                     for c, n in zip(row, block.numeric)) + "</tr>"
                    for row in block.rows)
                body.append(f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
                            f'<div class="csv"><a href="{html.escape(block.csv)}">CSV</a></div>')
            elif isinstance(block, Image):
                source = html.escape(block.filename)
                if embed_images:
                    source = "data:image/png;base64," + base64.b64encode((image_dir / block.filename).read_bytes()).decode("ascii")
                body.append(f'<figure><img src="{source}" alt="{html.escape(block.alt)}"></figure>')
        return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<title>{html.escape(self.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
                + "\n".join(body) + f"\n<script>{SORT_SCRIPT}</script>\n</body>\n</html>\n")

    def write(self, directory: Path, embed_images: bool = True):
        """report.md, index.html and the tables' CSV files; index.html embeds the charts (it opens
        offline, on its own) unless `embed_images` is false (a report kept in git: the PNG files
        beside it, not a second copy of each inside it)."""
        from .export import write_table
        for block in self.blocks:
            if isinstance(block, Table):
                write_table(directory / block.csv, block.headers, block.rows)
        (directory / "report.md").write_text(self.to_markdown(), encoding="utf-8")
        (directory / "index.html").write_text(self.to_html(directory, embed_images), encoding="utf-8")


# Click a header to sort its table, again to reverse it. Numbers are read with their unit (1.2 ms
# sorts below 3 s, 64 B below 1.1 KiB); cells without a number sort as text, after the numbers.
SORT_SCRIPT = r"""
const UNITS = {ns: 1e-9, "µs": 1e-6, ms: 1e-3, s: 1, B: 1, KiB: 1024, MiB: 1048576, GiB: 1073741824, "%": 0.01};
function value(text) {
  const m = text.replace(/,/g, "").match(/^[^0-9-]*(-?[0-9.]+(?:e[-+]?[0-9]+)?)\s*(ns|µs|ms|s|B|KiB|MiB|GiB|%)?/);
  return m ? parseFloat(m[1]) * (UNITS[m[2]] || 1) : null;
}
document.querySelectorAll("th.sortable").forEach((th, _) => th.addEventListener("click", () => {
  const table = th.closest("table"), column = [...th.parentNode.children].indexOf(th);
  const body = table.tBodies[0], rows = [...body.rows], down = th.dataset.down !== "1";
  rows.sort((a, b) => {
    const x = a.cells[column].textContent, y = b.cells[column].textContent, u = value(x), v = value(y);
    const order = u !== null && v !== null ? u - v : u !== null ? -1 : v !== null ? 1 : x.localeCompare(y);
    return down ? order : -order;
  });
  th.dataset.down = down ? "1" : "0";
  rows.forEach(row => body.appendChild(row));
}));
"""


def anchor_of(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def inline_html(text: str) -> str:
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', text)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)


def charts_referenced(report_md: Path) -> set[str]:
    """PNG and CSV files an earlier report.md in the directory linked (results.csv is always written)."""
    try:
        return set(re.findall(r"\]\(([^)/\\]+\.(?:png|csv))\)", report_md.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return set()


def write_output_dir(output: Path, build: Callable[[Path], None]) -> Path:
    """Runs `build` in a temporary directory beside `output`, then moves the result into place.

    A failure leaves nothing half-written. A new `output` appears in one rename; an existing one
    may hold other files (scripts/bench keeps results.json there), so the report's files are moved
    in one by one, index.html last, and only the previous report's own files are replaced.
    """
    output = Path(output).absolute()
    if output.exists() and not output.is_dir():
        raise ResultsError(f"{output}: exists and is not a directory")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    except OSError as error:
        raise ResultsError(f"{output}: cannot create ({error.strerror})") from None
    try:
        build(staging)
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        if not output.exists():
            staging.rename(output)
            return output
        stale = charts_referenced(output / "report.md") - {f.name for f in staging.iterdir()}
        for written in sorted(staging.iterdir(), key=lambda f: f.name == "index.html"):
            os.replace(written, output / written.name)
        for name in stale:
            (output / name).unlink(missing_ok=True)
        staging.rmdir()
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ResultsError(f"{output}: cannot write ({error.strerror or error})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return output
