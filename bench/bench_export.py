"""Export of every customer (SPEC E3) through the service vs a raw csv.writer loop.

Both run in a fresh child process (`bench.export_child`) that reports its own peak RSS
(VmHWM: Django, the driver and the export, not the benchmark runner's memory). The service is the
whole job: count for progress, server-side cursor in batches, formula escaping, progress
updates on the job row, audit. The raw loop is the floor: the same SQL through the driver's
cursor (server-side on PostgreSQL), rows written as they come, nothing escaped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.context import BenchContext
from bench.report import Target

MAX_RATIO = 2.0
MAX_RSS_MB = 300.0


def _child(mode: str, dealer: str, out: Path) -> tuple[dict, float]:
    """Run one export in a child; return its JSON report and its peak RSS in MB."""
    command = [sys.executable, "-m", "bench.export_child", mode, dealer, str(out)]
    done = subprocess.run(command, stdout=subprocess.PIPE, env=os.environ.copy(), check=True)  # noqa: S603
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result, result["peak_rss_mb"]


def _data_rows(path: Path) -> int:
    """Count the data rows of a CSV without quoted newlines (none in generated data)."""
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines - 1


def run(context: BenchContext) -> None:
    from django.conf import settings

    out_dir = Path(settings.FORECOURT_EXPORT_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    raw_path = out_dir / "bench-raw.csv"
    service, service_rss = _child("service", context.dealer.slug, out_dir / "bench-service.csv")
    raw, raw_rss = _child("raw", context.dealer.slug, raw_path)
    service_path = Path(service["path"])
    rows = _data_rows(service_path)
    raw_rows = _data_rows(raw_path)
    ok = rows == raw_rows == context.scale
    service_path.unlink(missing_ok=True)
    raw_path.unlink(missing_ok=True)

    report = context.report
    bench = f"export CSV · {context.scale:,} rows"
    check = f"{rows:,} rows written" + ("" if ok else f" ≠ raw {raw_rows:,}")
    report.add(f"{bench} · service (job)", "seconds", service["seconds"], "s", check)
    report.add(f"{bench} · raw csv.writer loop", "seconds", raw["seconds"], "s", "same SQL")
    report.add(
        f"{bench} · service ÷ raw",
        "time ratio",
        service["seconds"] / raw["seconds"],
        "×",
        target=Target(MAX_RATIO),
    )
    report.add(
        f"{bench} · service (job)",
        "peak RSS",
        service_rss,
        "MB",
        "whole child process, Django included",
        Target(MAX_RSS_MB),
    )
    report.add(f"{bench} · raw csv.writer loop", "peak RSS", raw_rss, "MB")
