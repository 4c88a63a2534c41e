import contextlib
import ctypes
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to stop the worker when the server process dies, however it dies."""
    # Not Linux/glibc: the finally block in handle() still stops the worker on a clean exit.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    sys.exit(0)


class Command(BaseCommand):
    help = "Serve the web app with a background task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args: object, **options: object) -> None:
        # A plain `kill` of the server also stops its worker instead of leaving it orphaned.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "forecourt.manage", "run_huey", "--quiet"],
                preexec_fn=_die_with_parent,
            )
            self.stdout.write(f"Task worker started (pid {worker.pid}).")
        self.stdout.write(
            self.style.SUCCESS(f"Forecourt is at http://{options['host']}:{options['port']}/")
        )
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
