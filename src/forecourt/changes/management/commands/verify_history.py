from django.core.management.base import BaseCommand, CommandError, CommandParser

from forecourt.changes.history import history_verify
from forecourt.core.cli import dealer_by_slug


class Command(BaseCommand):
    help = "Verify the hash chain of the edit history; exits non-zero if anything was altered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dealer", help="only this dealer's chain (slug)")

    def handle(self, *args: object, **options: str) -> None:
        dealer_ids = [dealer_by_slug(options["dealer"]).pk] if options.get("dealer") else None
        problems = history_verify(dealer_ids=dealer_ids)
        if problems:
            for problem in problems:
                self.stderr.write(
                    f"dealer {problem.dealer_id} row #{problem.sequence}: {problem.problem}"
                )
            raise CommandError(f"History chain broken in {len(problems)} place(s).")
        self.stdout.write(self.style.SUCCESS("History chain intact."))
