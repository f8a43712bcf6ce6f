"""Stopping `mlcurate dashboard` by its PID (SIGTERM, or SIGKILL as an OOM kill does) stops its
Streamlit server too: the port closes and no process of it is left."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest

from tests.faults.conftest import tagged_processes as _tagged

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait(cond, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_dashboard_stops_streamlit(small_ws, sig):
    port, tag = _free_port(), uuid.uuid4().hex
    env = {**os.environ, "MLCURATE_TEST_TAG": tag}
    proc = subprocess.Popen([sys.executable, "-m", "curation.cli", "dashboard", "-w", str(small_ws.root), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait(lambda: _listening(port), 90), "the dashboard did not start"
        os.kill(proc.pid, sig)  # the command's own PID only, not a process group
        proc.wait(timeout=30)
        assert _wait(lambda: not _listening(port), 20), "Streamlit still serves the port"
        assert _wait(lambda: not _tagged(tag), 20), f"left running: {_tagged(tag)}"
    finally:
        for pid in _tagged(tag):
            os.kill(pid, signal.SIGKILL)
