"""`forecourt serve` (the last step of `make run`): answers on HOST:PORT with a task worker
beside it, and stopping the server stops the worker."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads process state from /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_serve_answers_and_takes_its_worker_down_with_it(tmp_path, stop):
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "FORECOURT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "forecourt.manage", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first_line = server.stdout.readline()
        worker_pid = int(re.search(r"pid (\d+)", first_line).group(1))
        assert f"http://127.0.0.1:{port}/" in server.stdout.readline()
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:  # noqa: S310
                    body = json.load(r)
                break
            except OSError:
                time.sleep(0.1)
        assert body == {"status": "ok", "database": "ok"}
        assert _alive(worker_pid)
    finally:
        server.send_signal(stop)
        server.wait(timeout=15)
    for _ in range(100):
        if not _alive(worker_pid):
            break
        time.sleep(0.1)
    assert not _alive(worker_pid), "the task worker outlived the server"
