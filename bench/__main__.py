"""`make bench`: run every benchmark in bench/ and print a table of numbers.

Each benchmark module exposes `run(report)`; they run against the database named by
DATABASE_URL (default: a throwaway SQLite file under var/bench/).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description="Forecourt benchmarks")
    parser.add_argument("--only", help="run only the benchmark module with this name")
    parser.add_argument("--scale", type=int, default=int(os.environ.get("BENCH_SCALE", "10000")))
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        workdir = Path(tempfile.mkdtemp(prefix="forecourt-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forecourt.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.report import Report

    report = Report(database=os.environ["DATABASE_URL"].split(":", 1)[0], scale=args.scale)
    package_dir = Path(__file__).parent
    for module_info in sorted(pkgutil.iter_modules([str(package_dir)]), key=lambda m: m.name):
        if not module_info.name.startswith("bench_"):
            continue
        if args.only and module_info.name != args.only:
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        module.run(report)
    report.print()
    sys.exit(0)


if __name__ == "__main__":
    main()
