import json
import subprocess
import sys

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unavailable"}


def test_schema_builds_without_warnings(capsys):
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/customers/{id}/" in schema["paths"]
    assert not GENERATOR_STATS, f"schema warnings/errors: {capsys.readouterr().err}"


def test_deploy_check_is_clean_with_debug_off_and_a_real_secret(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "a-long-random-production-secret-value-123456",
        "FORECOURT_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "forecourt.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _settings_in_subprocess(tmp_path, probe: str, **env: str) -> str:
    base = {
        "DJANGO_SETTINGS_MODULE": "forecourt.config.settings",
        "FORECOURT_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_settings_come_from_the_environment(tmp_path):
    probe = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.SECRET_KEY, s.DEBUG,"
        " s.ALLOWED_HOSTS, s.FORECOURT_OUTBOX_DIR, s.FORECOURT_MESSAGE_BACKEND,"
        " s.CACHES['default']['BACKEND'], s.HUEY['huey_class']]))"
    )
    out = _settings_in_subprocess(
        tmp_path,
        probe,
        DATABASE_URL="postgres://postgres@db.internal:5432/forecourt",
        SECRET_KEY="s" * 60,
        DEBUG="1",
        ALLOWED_HOSTS="forecourt.example.com,.dealer.example",
        FORECOURT_OUTBOX_DIR=str(tmp_path / "outbox"),
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert json.loads(out) == [
        "django.db.backends.postgresql",
        "forecourt",
        "s" * 60,
        True,
        ["forecourt.example.com", ".dealer.example"],
        str(tmp_path / "outbox"),
        "file",
        "django.core.cache.backends.redis.RedisCache",
        "huey.RedisHuey",
    ]


def test_local_defaults_are_sqlite_in_wal_mode_with_a_busy_timeout(tmp_path):
    probe = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); mode = c.fetchone()[0]; "
        "c.execute('PRAGMA busy_timeout'); print(connection.vendor, mode, c.fetchone()[0])"
    )
    out = _settings_in_subprocess(tmp_path, probe)
    vendor, mode, timeout_ms = out.split()
    assert (vendor, mode) == ("sqlite", "wal")
    assert int(timeout_ms) >= 5000
    assert (tmp_path / "forecourt.sqlite3").exists()
