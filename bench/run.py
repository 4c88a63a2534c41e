"""Run the benchmarks against the one database DATABASE_URL names (started by `python -m bench`).

Order matters: data generation first (it is itself measured), then the read benchmarks,
then the ones that write (import, customer create).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import time
from pathlib import Path

BENCHMARKS = ["lookup", "search", "export", "import", "customers"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--only", action="append")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.context import BenchContext
    from bench.report import Report

    started = time.perf_counter()
    print("migrating…", flush=True)
    call_command("migrate", verbosity=0)
    if args.only and args.out.exists():  # re-running some benchmarks: keep the others' rows
        report = Report.load(args.out)
        report.info.update(_machine_info(connection))
    else:
        report = Report(vendor=connection.vendor, scale=args.scale)
        report.info = _machine_info(connection)
    context = BenchContext.prepare(report=report, scale=args.scale, reuse=args.reuse)
    for name in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        print(f"{name}…", flush=True)
        module = importlib.import_module(f"bench.bench_{name}")
        begun = time.perf_counter()
        module.run(context)
        print(f"{name} done in {time.perf_counter() - begun:,.0f} s", flush=True)
        report.save(args.out)
    report.info["load average (end)"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    report.info["run time"] = f"{time.perf_counter() - started:,.0f} s"
    report.save(args.out)


def _machine_info(connection) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "version": version,
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "load average (start)": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


if __name__ == "__main__":
    main()
