"""The vendor-specific text indexes: FTS5 trigram + sync triggers on SQLite, pg_trgm GIN on PG."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "document, content='search_searchdocument', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, document) VALUES (new.id, new.document); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, document) VALUES ('delete', old.id, old.document); "
    "END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, document) VALUES ('delete', old.id, old.document); "
    "INSERT INTO search_fts(rowid, document) VALUES (new.id, new.document); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS searchdoc_document_trgm ON search_searchdocument "
    "USING gin (document gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS searchdoc_document_trgm"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
