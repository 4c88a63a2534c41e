"""Guard: code outside tests reads tenant-owned models only through `for_dealer`.

A line that must read across dealers (a background task given a job id, a system command)
says why with a trailing `# tenant-ok: <reason>` comment.
"""

import re
from pathlib import Path

from django.apps import apps

from forecourt.core.models import TenantModel

SRC = Path(__file__).resolve().parents[2]


def test_tenant_models_are_read_through_for_dealer():
    names = [m.__name__ for m in apps.get_models() if issubclass(m, TenantModel)]
    # Creates name their dealer explicitly; the guard is about reads and bulk updates.
    pattern = re.compile(
        r"\b(" + "|".join(names) + r")\.objects\.(?!none\(\)|create\(|bulk_create\()"
    )
    offenders = []
    for path in SRC.rglob("*.py"):
        parts = set(path.relative_to(SRC).parts)
        if parts & {"tests", "migrations"} or path.name == "conftest.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line) and "tenant-ok:" not in line:
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "Read tenant rows via Model.for_dealer(dealer):\n" + "\n".join(offenders)
