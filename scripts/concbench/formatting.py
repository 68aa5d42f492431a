"""Numbers as a reader sees them: three significant digits, units that fit, intervals that drop a
repeated unit. One place, so the report, compare and the console print a number the same way."""

from __future__ import annotations

import math
import re
from typing import Callable

from . import stats


def three_digits(value: float) -> str:
    """Three significant digits, keeping trailing zeros: 1.00, 50.0, 505, 1234."""
    rounded = float(f"{value:.3g}")
    if rounded == 0:
        return "0"
    decimals = max(0, 2 - math.floor(math.log10(abs(rounded))))
    return f"{value:.{decimals}f}"


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if abs(seconds) >= scale * 0.9995 or unit == "ns":
            return f"{three_digits(seconds / scale)} {unit}"
    return ""


def format_factor(value: float | None) -> str:
    return "–" if value is None else f"{three_digits(value)}×"


def format_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def format_bytes(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(count) < 1024 or unit == "TiB":
            return f"{count:.0f} {unit}" if unit == "B" or float(count).is_integer() else f"{count:.1f} {unit}"
        count /= 1024
    return ""


def format_rate(rate: float | None) -> str:
    if rate is None:
        return "–"
    return f"{rate:,.0f}" if rate >= 10 else f"{rate:.3g}"


def format_interval(estimate: stats.Estimate | None, single: Callable[[float], str]) -> str:
    """'1.96× (1.90–2.01)', '10.1 ms (9.98–10.2)': the value and its 95% interval, each formatted
    by `single`; the interval drops a unit it shares with the value, and keeps one that differs."""
    if estimate is None:
        return "–"
    value, low, high = single(estimate.value), single(estimate.low) if estimate.has_interval else None, \
        single(estimate.high) if estimate.has_interval else None
    if low is None or low == high:
        return value

    def split(text):
        number = re.match(r"^[-+0-9.,]+", text)
        return (number.group(0), text[number.end():]) if number else (text, "")
    suffix = split(value)[1]
    if suffix and split(low)[1] == suffix and split(high)[1] == suffix:
        low, high = split(low)[0], split(high)[0]
    return f"{value} ({low}–{high})"


def factor_text(estimate) -> str:
    return format_interval(estimate, format_factor)


def percent_text(estimate) -> str:
    return format_interval(estimate, format_percent)


def seconds_text(estimate) -> str:
    return format_interval(estimate, format_seconds)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def int_text(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def format_counter(name: str, value: float | None) -> str:
    """A counter by what its name says it is: bytes, a rate, seconds, or a count."""
    if value is None:
        return "–"
    if name.startswith("bytes"):
        return format_bytes(value)
    if name.endswith("per_s") or name.endswith("per_second"):
        return f"{value:,.0f}"
    if name.endswith("_s"):
        return format_seconds(value)
    if float(value).is_integer():
        return f"{value:,.0f}"          # a count, in_flight 10,000 rather than 1e+04
    return f"{value:,.4g}"


def describe_args(config) -> str:
    """'n=1000000, workers=2' from a benchmark's (name, value) arguments."""
    from .runs import format_arg
    return ", ".join(f"{k}={format_arg(v)}" for k, v in (config.items() if isinstance(config, dict) else config))
