"""Collect benchmark measurements per database and print them side by side as one table."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def time_calls(fn: Callable[[], object], repeat: int) -> list[float]:
    """Return the wall time in milliseconds of `repeat` calls of `fn`."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_each(fn: Callable[[Any], object], items: list[Any]) -> list[float]:
    """Return the wall time in milliseconds of `fn(item)` for each item."""
    samples = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples: list[float], pct: float) -> float:
    """Return the pct-th percentile (0–100) of `samples`, nearest rank."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Target:
    """A goal a measurement must meet: `value <= limit` (at_most) or `value >= limit`."""

    limit: float
    at_most: bool = True
    vendors: tuple[str, ...] = ("sqlite",)

    def label(self, unit: str) -> str:
        sign = "≤" if self.at_most else "≥"
        return f"{sign} {_fmt(self.limit, unit)}{_suffix(unit)}"

    def met(self, value: float) -> bool:
        return value <= self.limit if self.at_most else value >= self.limit


@dataclass
class Row:
    bench: str
    measure: str
    value: float | None
    unit: str
    note: str = ""
    target: dict[str, Any] | None = None


@dataclass
class Report:
    """The measurements of one database run."""

    vendor: str
    scale: int
    rows: list[Row] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def add(
        self,
        bench: str,
        measure: str,
        value: float | None,
        unit: str,
        note: str = "",
        target: Target | None = None,
    ) -> None:
        """Add a measurement; a re-run (`--only … --reuse`) replaces the earlier one in place."""
        row = Row(bench, measure, value, unit, note, asdict(target) if target else None)
        for i, earlier in enumerate(self.rows):
            if (earlier.bench, earlier.measure) == (bench, measure):
                self.rows[i] = row
                return
        self.rows.append(row)

    def add_latency(
        self,
        bench: str,
        samples: list[float],
        note: str = "",
        p50: Target | None = None,
        p95: Target | None = None,
    ) -> tuple[float, float]:
        """Add the p50 and p95 of `samples` (ms) and return them."""
        median, high = statistics.median(samples), percentile(samples, 95)
        self.add(bench, "p50", median, "ms", note, p50)
        self.add(bench, "p95", high, "ms", note, p95)
        return median, high

    def save(self, path: Path) -> None:
        body = {"vendor": self.vendor, "scale": self.scale, "info": self.info}
        body["rows"] = [asdict(r) for r in self.rows]
        path.write_text(json.dumps(body, indent=1))

    @classmethod
    def load(cls, path: Path) -> Report:
        body = json.loads(path.read_text())
        report = cls(vendor=body["vendor"], scale=body["scale"], info=body.get("info", {}))
        report.rows = [Row(**row) for row in body["rows"]]
        return report


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("ms",):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if unit == "s":
        return f"{value:,.1f}"
    if unit == "×":
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def _suffix(unit: str) -> str:
    return {"×": "×", "ms": " ms", "s": " s", "MB": " MB", "rows/s": " rows/s"}.get(unit, "")


def _target(row: Row) -> Target | None:
    if not row.target:
        return None
    spec = row.target
    return Target(spec["limit"], spec["at_most"], tuple(spec["vendors"]))


def _cell(row: Row | None, vendor: str, judge: bool) -> str:
    if row is None or row.value is None:
        return "—"
    text = _fmt(row.value, row.unit) + _suffix(row.unit)
    target = _target(row)
    if judge and target and vendor in target.vendors:
        text += " ✓" if target.met(row.value) else " ✗"
    return text


TARGET_SCALE = 1_000_000


def combined_table(reports: list[Report], title: str) -> Table:
    """Return one table: a row per measurement, a column per database, targets beside.

    Targets are set for a million customers: smaller runs show them without ✓/✗.
    """
    judge = min(r.scale for r in reports) >= TARGET_SCALE
    table = Table(title=title, title_justify="left")
    table.add_column("benchmark")
    table.add_column("measure")
    for report in reports:
        table.add_column(VENDORS.get(report.vendor, report.vendor), justify="right")
    table.add_column("target")
    table.add_column("note")
    keys: list[tuple[str, str]] = []
    cells: dict[tuple[str, str], dict[str, Row]] = {}
    for report in reports:
        for row in report.rows:
            key = (row.bench, row.measure)
            if key not in cells:
                keys.append(key)
                cells[key] = {}
            cells[key][report.vendor] = row
    for key in keys:
        by_vendor = cells[key]
        any_row = next(iter(by_vendor.values()))
        target = ""
        if spec := _target(any_row):
            where = "/".join(VENDORS[v] for v in spec.vendors)
            target = f"{spec.label(any_row.unit)} ({where})"
        notes = dict.fromkeys(r.note for r in by_vendor.values() if r.note)
        table.add_row(
            key[0],
            key[1],
            *(_cell(by_vendor.get(report.vendor), report.vendor, judge) for report in reports),
            target,
            "; ".join(notes),
        )
    return table


def print_reports(reports: list[Report], *, markdown_path: Path | None = None) -> None:
    """Print the combined table (and write it as Markdown when asked)."""
    scale = max(r.scale for r in reports)
    title = f"Forecourt benchmarks · {scale:,} customers + {scale:,} vehicles"
    if scale < TARGET_SCALE:
        title += f" (targets are for {TARGET_SCALE:,}: not judged)"
    console = Console(width=200)
    console.print(combined_table(reports, title))
    for report in reports:
        info = ", ".join(f"{k}: {v}" for k, v in report.info.items())
        console.print(f"[dim]{VENDORS.get(report.vendor, report.vendor)}: {info}[/dim]")
    if markdown_path is not None:
        markdown_path.write_text(markdown_table(reports, title))
        console.print(f"[dim]Markdown table written to {markdown_path}[/dim]")


def markdown_table(reports: list[Report], title: str) -> str:
    """Return the combined table as GitHub Markdown (for the README)."""
    table = combined_table(reports, title)
    headers = [c.header for c in table.columns]
    columns = [list(c.cells) for c in table.columns]
    lines = [f"**{title}**", "", "| " + " | ".join(headers) + " |"]
    lines.append("| " + " | ".join("---" for _ in headers) + " |")
    for i in range(len(columns[0]) if columns else 0):
        lines.append("| " + " | ".join(str(col[i]) for col in columns) + " |")
    lines.append("")
    for report in reports:
        info = ", ".join(f"{k}: {v}" for k, v in report.info.items())
        lines.append(f"- {VENDORS.get(report.vendor, report.vendor)}: {info}")
    return "\n".join(lines) + "\n"
