import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the web app with a background task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args: object, **options: object) -> None:
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "forecourt.manage", "run_huey", "--quiet"]
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
