from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from forecourt.core.cli import command_error, dealer_by_slug
from forecourt.staff.permissions import Role
from forecourt.staff.services import staff_create


class Command(BaseCommand):
    help = "Create a staff user of a dealer with one role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dealer", required=True, help="dealer slug")
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, type=str.lower, choices=Role.values)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: object, **options: str) -> None:
        dealer = dealer_by_slug(options["dealer"])
        try:
            user = staff_create(
                dealer=dealer,
                username=options["username"],
                password=options["password"],
                role=options["role"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as exc:
            raise command_error(exc) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Created {user.role} {user.username} for {dealer.slug}")
        )
