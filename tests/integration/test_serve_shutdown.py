"""`reconcile serve` as an operator runs it: a real process on a free port, with the embedded
PostgreSQL of its own data directory, stopped by a signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def postgres_of(data_dir: Path) -> list[psutil.Process]:
    """The PostgreSQL processes serving data_dir, found by their command lines."""
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and any(str(data_dir) in arg for arg in cmdline):
            found.append(proc)
    return found


def start_serve(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "RECONCILE_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "RECONCILE_MODEL_THREADS": "1",
           "RECONCILE_MODEL_LANES": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("RECONCILE_API_TOKEN", None)
    return subprocess.Popen([sys.executable, "-m", "reconcile.cli", "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def wait_healthy(proc: subprocess.Popen[str], port: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"serve exited with {proc.returncode} before it was healthy:\n{out}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    proc.kill()
    pytest.fail("serve did not become healthy in time")


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "data"
    for proc in postgres_of((tmp_path / "data" / "pg").resolve()):  # left by a failure
        proc.terminate()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_its_postgresql_on_a_stop_signal(data_dir: Path, stop: signal.Signals
                                                     ) -> None:
    pg_dir = (data_dir / "pg").resolve()
    port = free_port()
    proc = start_serve(data_dir, port)
    try:
        wait_healthy(proc, port)
        assert postgres_of(pg_dir), "the embedded PostgreSQL should be running while serving"
        proc.send_signal(stop)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, out
    deadline = time.monotonic() + 10  # pg_ctl -w stop has returned; let the children go too
    while postgres_of(pg_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert postgres_of(pg_dir) == []
    assert not (pg_dir / "postmaster.pid").exists()  # so a restart starts a fresh server


def test_a_killed_server_process_does_not_keep_postgresql_running_for_ever(
        tmp_path: Path) -> None:
    """A serve killed outright stays counted among the embedded server's users; the next one
    drops it, so that PostgreSQL stops when the last live process does."""
    from reconcile.store.db import forget_dead_users

    pg_dir = tmp_path / "pg"
    pg_dir.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (pg_dir / ".handle_pids.json").write_text(f"[{dead.pid}, {os.getpid()}]")
    forget_dead_users(pg_dir)
    assert (pg_dir / ".handle_pids.json").read_text() == f"[{os.getpid()}]"
