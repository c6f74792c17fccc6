"""What the benchmarks share: the machine, a quiet start, an embedded PostgreSQL, a server.

The benchmark machine may be shared, so every script waits (a while) for the CPUs to go quiet
before it measures, and reports how busy the rest of the machine was while it measured
(`Load`): figures taken beside someone else's test run are slower, not wrong.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import psycopg
from psycopg.conninfo import make_conninfo

from reconcile.embedding.embed import Encoder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    except OSError:
        mem = 0.0
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.release()}"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies over all CPUs."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def busy_fraction(seconds: float = 1.0) -> float:
    b0, t0 = _cpu_times()
    time.sleep(seconds)
    b1, t1 = _cpu_times()
    return (b1 - b0) / max(t1 - t0, 1)


def wait_quiet(limit_s: float = 120.0, threshold: float = 0.15) -> float:
    """Wait until the CPUs are mostly idle (or limit_s passes); return the last busy fraction."""
    if not Path("/proc/stat").exists():
        return 0.0
    deadline = time.monotonic() + limit_s
    busy = busy_fraction()
    while busy > threshold and time.monotonic() < deadline:
        busy = busy_fraction(2.0)
    if busy > threshold:
        print(f"note: the machine stayed {busy:.0%} busy; measuring anyway", file=sys.stderr)
    return busy


def process_cpu_s(pid: int, children: bool = True) -> float:
    """CPU seconds of a process and (unless told not to) of all its children, live or reaped."""
    import psutil

    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)] if children else [root]
    except psutil.Error:
        return 0.0
    total = 0.0
    for p in family:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
        if children:
            total += t.children_user + t.children_system
    return total


def server_rss(pid: int) -> int:
    """Resident bytes of a server and the processes it started (the model's), PostgreSQL's left
    out (an embedded server is a child too, but its memory is the database's, not ours)."""
    import psutil

    root = psutil.Process(pid)
    family = [root, *(p for p in root.children(recursive=True)
                      if not p.name().startswith(("postgres", "pg_")))]
    return sum(p.memory_info().rss for p in family)


class Load:
    """CPU used during a block: by each named group of our processes (a pid and its children;
    this process is "bench"), and by everything else on the machine."""

    def __init__(self, groups: dict[str, int | None] | None = None) -> None:
        self.groups = {"bench": os.getpid(),
                       **{k: v for k, v in (groups or {}).items() if v is not None}}
        self.cpu_s: dict[str, float] = {}

    def __enter__(self) -> Load:
        self._machine = _cpu_times()[0]
        self._start = {k: process_cpu_s(pid, k != "bench") for k, pid in self.groups.items()}
        self._t = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.monotonic() - self._t
        self.cpu_s = {k: process_cpu_s(pid, k != "bench") - self._start[k]
                      for k, pid in self.groups.items()}
        machine_s = (_cpu_times()[0] - self._machine) / os.sysconf("SC_CLK_TCK")
        self.others_cpu_s = max(0.0, machine_s - sum(self.cpu_s.values()))

    def describe(self) -> str:
        cores = os.cpu_count() or 1
        return (f"other processes used {self.others_cpu_s / max(self.wall, 1e-9) / cores:.0%} "
                f"of the machine's CPU meanwhile")


# --- PostgreSQL --------------------------------------------------------------------------------


def postmaster_pid(data_dir: Path) -> int | None:
    """The embedded PostgreSQL's main process (its backends are its children)."""
    try:
        return int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def embedded_server(data_dir: Path) -> str:
    """The maintenance URL of an embedded PostgreSQL under data_dir (started if needed)."""
    from reconcile.store.db import start_embedded

    return start_embedded(data_dir)


def set_shared_buffers(server_url: str, data_dir: Path, size: str) -> str:
    """Restart the embedded PostgreSQL under data_dir with shared_buffers = size; its URL."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        row = conn.execute("SHOW shared_buffers").fetchone()
        if row and row[0].lower() == size.lower():
            return server_url
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{size}'")  # size is ours, not input
    import pwd

    from pgserver._commands import pg_ctl  # the embedded server's own pg_ctl

    # pg_ctl restart re-uses the options pgserver started it with (postmaster.opts).
    owner = data_dir.resolve().stat().st_uid
    pg_ctl(["-w", "restart"], pgdata=data_dir.resolve(), user=pwd.getpwuid(owner).pw_name)
    return server_url


def fresh_database(server_url: str, name: str) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_conninfo(server_url, dbname=name)


def database_size(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0


# --- a server process --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    started_s: float  # from spawn to the first 200 from /health


def wait_healthy(base: str, process: subprocess.Popen[bytes], limit_s: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise RuntimeError("server did not become healthy")


@contextmanager
def serve(database_url: str | None, log_path: Path, env: dict[str, str] | None = None,
          port: int | None = None, precision: str = "auto", threads: int | None = None,
          extra: Sequence[str] = ()) -> Iterator[Server]:
    """`reconcile serve` in its own process (bench.server when a precision or torch's thread
    count is forced)."""
    port = port or free_port()
    environment = {**os.environ, **(env or {})}
    if database_url:
        environment["DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "reconcile.cli", "serve", "--port", str(port)]
    if precision != "auto" or threads or extra:
        command = [sys.executable, "-m", "bench.server", "--port", str(port),
                   "--precision", precision, *(["--threads", str(threads)] if threads else []),
                   *extra]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        t0 = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base, process)
            yield Server(process, base, time.monotonic() - t0)
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def write_json(name: str, data: object) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


class TimedEncoder:
    """A model (the `reconcile.embedding.embed.Encoder` interface) with the time of its last
    `encode` kept in `last`: what benchmarks subtract to get the rest of an ingest's time."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.last = 0.0

    @property
    def model_name(self) -> str:
        return self.inner.model_name

    @property
    def precision(self) -> str:
        return self.inner.precision

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        t = time.perf_counter()
        try:
            return self.inner.encode(sentences)
        finally:
            self.last = time.perf_counter() - t

    def encode_direct(self, sentences: Sequence[str]) -> np.ndarray:
        return self.inner.encode_direct(sentences)

    def forget(self) -> None:
        """Empty the model's cache of recent sentences, so that the next articles are embedded
        as a server that had not seen them would embed them."""
        cache = getattr(self.inner, "cache", None)
        if cache is not None:
            cache.clear()

    def check(self) -> None:
        self.inner.check()

    def close(self) -> None:
        self.inner.close()
