"""The `forecourt` console script: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    """Run a Django management command with Forecourt's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forecourt.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
