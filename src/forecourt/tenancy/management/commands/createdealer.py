from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from forecourt.core.cli import command_error
from forecourt.tenancy.models import Country
from forecourt.tenancy.services import dealer_create


class Command(BaseCommand):
    help = "Create a dealer (tenant) with its main site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True, type=str.upper, choices=Country.values)
        parser.add_argument("--currency", default="")
        parser.add_argument("--timezone", default="")

    def handle(self, *args: object, **options: str) -> None:
        try:
            dealer = dealer_create(
                slug=options["slug"],
                name=options["name"],
                country=options["country"],
                currency=options["currency"],
                timezone=options["timezone"],
            )
        except ValidationError as exc:
            raise command_error(exc) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created dealer {dealer.slug} ({dealer.country}, {dealer.currency})"
            )
        )
