"""Collect benchmark measurements and print them as one table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table


def time_calls(fn: Callable[[], object], repeat: int) -> list[float]:
    """Return the wall time in milliseconds of `repeat` calls of `fn`."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples: list[float], pct: float) -> float:
    """Return the pct-th percentile (0–100) of `samples`."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Report:
    """Rows of (benchmark, measurement, value, unit, note)."""

    database: str
    scale: int
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def add(self, bench: str, measure: str, value: float, unit: str, note: str = "") -> None:
        self.rows.append((bench, measure, f"{value:,.3f}", unit, note))

    def add_latency(self, bench: str, samples: list[float], note: str = "") -> None:
        self.add(bench, "p50", statistics.median(samples), "ms", note)
        self.add(bench, "p95", percentile(samples, 95), "ms", note)

    def print(self) -> None:
        table = Table(title=f"Forecourt benchmarks · {self.database} · scale {self.scale:,}")
        for column in ("benchmark", "measure", "value", "unit", "note"):
            table.add_column(column, justify="right" if column == "value" else "left")
        for row in self.rows:
            table.add_row(*row)
        Console(width=140).print(table)
