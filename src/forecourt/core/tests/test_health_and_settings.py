import subprocess
import sys

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


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
