from django.core.management.base import BaseCommand

from forecourt.demo.data import DEALERS, DEMO_PASSWORD, ROLES
from forecourt.demo.services import demo_seed


class Command(BaseCommand):
    help = "Load demo dealers (GB and IN) with staff of every role and customers; safe to rerun."

    def handle(self, *args: object, **options: object) -> None:
        created = demo_seed()
        if created:
            for line in created:
                self.stdout.write(self.style.SUCCESS(f"Loaded {line}"))
        else:
            self.stdout.write("Demo data already loaded.")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for dealer in DEALERS:
            users = ", ".join(f"{dealer['slug']}-{role}" for role in ROLES)
            self.stdout.write(f"  {dealer['name']}: {users}")
