"""Indexes that serve the customer list's keyset pages whatever the planner statistics say.

The list orders by (field, id). The model's (dealer, field) indexes lack the id: once
SQLite has statistics (ANALYZE) it then scans and sorts a million rows per page instead of
walking the index. With the id in the index the ORDER BY is the index order on both
databases. The names and columns live in forecourt.search.services.CUSTOMER_LIST_INDEXES;
this migration keeps its own copy, as migrations must.
"""

from django.db import migrations

INDEXES = {
    "customer_list_created": "created_at",
    "customer_list_name": "last_name",
    "customer_list_email": "email",
    "customer_list_mobile": "phone_mobile",
    "customer_list_account": "account_number",
}


def create(apps, schema_editor):
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON customers_customer (dealer_id, {column}, id)"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_indexes"), ("customers", "0002_initial")]

    operations = [migrations.RunPython(create, drop)]
