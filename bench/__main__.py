"""`make bench`: run every benchmark on SQLite and (when it answers) PostgreSQL, print one table.

    python -m bench                 # 1,000,000 customers + 1,000,000 vehicles (the real numbers)
    python -m bench --quick         # 20,000 of each: a check that everything runs, in minutes
    python -m bench --scale 200000  # any size (or BENCH_SCALE=200000)
    python -m bench --reuse         # keep the generated data of an earlier run of this scale
    python -m bench --reuse --only import   # re-run one benchmark; the others' rows are kept

Each database runs in its own process (`bench.run`), on its own database: a file under
var/bench/ for SQLite, and for PostgreSQL the database in BENCH_POSTGRES_URL (default
`forecourt_bench` on 127.0.0.1), dropped and created afresh unless --reuse. Never the `test`
database CI uses.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SCALE = 1_000_000
QUICK_SCALE = 20_000
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/forecourt_bench"
PROTECTED_DATABASES = {"test", "postgres", "template0", "template1"}


def _postgres_admin(url: str) -> tuple[str, str]:
    """Return (database name, URL of the maintenance database on the same server)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return name, admin


def postgres_prepare(url: str, *, reuse: bool) -> str | None:
    """Create (or re-create) the bench database; return why not when PostgreSQL is absent."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    name, admin = _postgres_admin(url)
    if not name or name in PROTECTED_DATABASES:
        raise SystemExit(f"Refusing to benchmark in the PostgreSQL database “{name}”.")
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and not reuse:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        return f"PostgreSQL not reachable ({exc.__class__.__name__})"
    return None


def sqlite_prepare(path: Path, *, reuse: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def run_database(vendor: str, url: str, args: argparse.Namespace, out: Path) -> bool:
    """Run bench.run for one database in a child process; return whether it succeeded."""
    data_dir = REPO / "var" / "bench" / vendor
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FORECOURT_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "forecourt.config.settings",
    }
    command = [sys.executable, "-m", "bench.run", "--scale", str(args.scale), "--out", str(out)]
    if args.reuse:
        command.append("--reuse")
    for name in args.only or []:
        command += ["--only", name]
    print(f"\n=== {vendor}: {args.scale:,} customers + {args.scale:,} vehicles ===", flush=True)
    return subprocess.run(command, env=env, cwd=REPO, check=False).returncode == 0  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description="Forecourt benchmarks")
    parser.add_argument("--scale", type=int, default=None, help="customers (and vehicles)")
    parser.add_argument("--quick", action="store_true", help=f"scale {QUICK_SCALE:,}")
    parser.add_argument("--reuse", action="store_true", help="keep data generated earlier")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args()
    if args.scale is None:
        env_scale = os.environ.get("BENCH_SCALE")
        args.scale = QUICK_SCALE if args.quick else int(env_scale or DEFAULT_SCALE)

    sys.path.insert(0, str(REPO))
    from bench.report import Report, print_reports

    results = REPO / "var" / "bench"
    results.mkdir(parents=True, exist_ok=True)
    reports = []
    skipped = []
    for vendor in [v.strip() for v in args.databases.split(",") if v.strip()]:
        out = results / f"results-{vendor}-{args.scale}.json"
        if not (args.only and args.reuse):  # `--reuse --only X` updates X's rows in place
            out.unlink(missing_ok=True)
        if vendor == "sqlite":
            path = results / f"bench-{args.scale}.sqlite3"
            sqlite_prepare(path, reuse=args.reuse)
            url = f"sqlite:///{path}"
        elif vendor == "postgresql":
            url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
            why = postgres_prepare(url, reuse=args.reuse)
            if why:
                skipped.append(f"PostgreSQL skipped: {why}")
                continue
        else:
            raise SystemExit(f"Unknown database “{vendor}” (sqlite or postgresql).")
        if run_database(vendor, url, args, out) and out.exists():
            reports.append(Report.load(out))
        else:
            skipped.append(f"{vendor} run failed (see its output above)")
    if reports:
        print()
        print_reports(reports, markdown_path=args.markdown)
    for line in skipped:
        print(line)
    sys.exit(1 if not reports else 0)


if __name__ == "__main__":
    main()
