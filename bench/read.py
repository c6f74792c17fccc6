"""Benchmark 3 (read API under load): `python -m bench.read [--quick] [--database URL]`.

32 concurrent keep-alive clients for 30 s each on `GET /health` (the yardstick: the framework
and one `SELECT 1`), `GET /api/conflicts` (the first page: 50 conflicts with their claims; and
a page of 10) and `GET /api/clusters/{id}` (random clusters, with consensus and updates),
against a `reconcile serve` process. Prints p50/p99 latency and requests/s for each, twice:
as served (the read cache on) and with RECONCILE_READ_CACHE_MB=0, where every request is built
from the database again (what a read right after each write costs). Before the timed run every
cluster is read once, so the cache-on figures are the steady state between writes. The load
comes from `wrk` (Debian's package) when installed, else from a small asyncio client in this
process.

The database is filled first by ingesting generated articles, unless --database names one
(for example a kept bench.scale database).

`--writes-per-s R` measures reads while the data keeps changing: one more client posts new
articles at R a second during every timed run. Each write makes the lists across stories
stale, and the readers arriving after it miss together (they share one build:
reconcile/api/flights.py); a page read from one story (a cluster) goes stale only when its story is
written to. The writes start new stories, or with `--write-into read` go into the stories
whose clusters are read.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

from bench.common import (
    OUT,
    Load,
    embedded_server,
    fresh_database,
    machine,
    now,
    percentile,
    postmaster_pid,
    serve,
    wait_quiet,
    write_json,
)
from bench.corpus import articles

CONNECTIONS = 32
WRITERS = 4  # posting threads of --writes-per-s

WRK_SCRIPT = """
ids = {%(ids)s}
math.randomseed(7)
request = function()
  if #ids > 0 then
    return wrk.format("GET", "/api/clusters/" .. ids[math.random(#ids)])
  end
  return wrk.format("GET", wrk.path)
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
              + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", latency:percentile(50),
           latency:percentile(99), summary.requests, summary.duration, bad))
end
"""


def fill(url: str, n: int) -> None:
    """Ingest n generated articles in this process (no HTTP: it is the reads we measure)."""
    from reconcile.models import ArticleIn
    from reconcile.settings import Settings
    from reconcile.startup import open_service

    service = open_service(Settings(DATABASE_URL=url), url=url)
    try:
        for a in articles(n, seed=21):
            service.ingestor.ingest(ArticleIn(**a))
    finally:
        service.close()
        service.embedder.close()


def wrk(base: str, path: str, seconds: int, ids: list[int]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % {"ids": ",".join(map(str, ids))})
        script = f.name
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s",
             script, base + path], capture_output=True, text=True, check=True).stdout
    finally:
        Path(script).unlink()
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not m:
        raise RuntimeError(f"wrk said: {out}")
    p50, p99, requests, duration_us, bad = map(int, m.groups())
    return {"p50_ms": p50 / 1000, "p99_ms": p99 / 1000,
            "rps": requests / (duration_us / 1e6), "errors": bad}


async def _client(host: str, port: int, paths: list[str], deadline: float,
                  latencies: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    rng = random.Random(len(latencies))
    try:
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            t = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t)
            if not head.startswith(b"HTTP/1.1 2"):
                errors.append(1)
    finally:
        writer.close()


def python_load(base: str, path: str, seconds: int, ids: list[int]) -> dict[str, float]:
    parts = urlsplit(base)
    paths = [f"/api/clusters/{i}" for i in ids] if ids else [path]
    latencies: list[float] = []
    errors: list[int] = []

    async def run() -> None:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_client(parts.hostname or "127.0.0.1", parts.port or 80, paths,
                                       deadline, latencies, errors)
                               for _ in range(CONNECTIONS)))

    t = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - t
    ms = [x * 1000 for x in latencies]
    return {"p50_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99),
            "rps": len(ms) / elapsed, "errors": len(errors)}


class Writer:
    """Posts new articles at a steady rate while a block runs (none when the rate is 0)."""

    def __init__(self, per_s: float, seed: int = 77, into: list[str] | None = None) -> None:
        self.per_s = per_s
        self.seed = seed
        self.into = into  # post into these stories, in turn (None: the corpus's own, new ones)
        self.stored = 0
        self.rate = 0.0
        self.batch = 0

    @contextlib.contextmanager
    def writing(self, base: str) -> Iterator[None]:
        if self.per_s <= 0:
            yield
            return
        import httpx

        stop = threading.Event()
        self.batch += 1
        # New stories' articles each time, so that nothing posted is a duplicate (a duplicate
        # writes nothing).
        todo = articles(int(self.per_s * 120) + 10, seed=self.seed * 1000 + self.batch)
        if self.into:
            todo = [{**a, "story": self.into[i % len(self.into)]} for i, a in enumerate(todo)]
        counts = {"stored": 0}
        lock = threading.Lock()
        start = time.monotonic()

        def run(first: int) -> None:
            # Several posting threads, so that the rate holds while each post waits its turn
            # for the CPUs; article i is due at start + i / rate.
            with httpx.Client(base_url=base, timeout=60) as client:
                for i in range(first, len(todo), WRITERS):
                    if stop.wait(max(0.0, start + i / self.per_s - time.monotonic())):
                        return
                    if client.post("/api/articles", json=todo[i]).status_code == 201:
                        with lock:
                            counts["stored"] += 1

        threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(WRITERS)]
        for thread in threads:
            thread.start()
        t = time.monotonic()
        try:
            yield
        finally:
            stop.set()
            for thread in threads:
                thread.join()
            self.stored = counts["stored"]
            self.rate = self.stored / (time.monotonic() - t)


def measure(url: str, env: dict[str, str], seconds: int, ids: list[int],
            load: Callable[[str, str, int, list[int]], dict[str, float]], pg: int | None,
            writer: Writer) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """Each endpoint under load against one `reconcile serve` process started with env."""
    import httpx

    results: dict[str, dict[str, Any]] = {}
    sizes = {}
    with serve(url, OUT / "read-server.log", env=env) as server:
        for path in ("/api/conflicts", "/api/conflicts?limit=10"):
            sizes[path] = len(httpx.get(server.base + path, timeout=30).content)
        for name, path, pick in (("GET /health", "/health", []),
                                 ("GET /api/conflicts", "/api/conflicts", []),
                                 ("GET /api/conflicts?limit=10", "/api/conflicts?limit=10", []),
                                 ("GET /api/clusters/{id}", "/api/clusters/", ids)):
            load(server.base, path, 1, pick)  # warm: connections, prepared statements
            for cluster_id in pick:  # steady state: each cluster read once (filled in the cache)
                httpx.get(f"{server.base}{path}{cluster_id}", timeout=30)
            wait_quiet()
            with Load({"server": server.process.pid, "postgres": pg}) as cpu, \
                    writer.writing(server.base):
                results[name] = load(server.base, path, seconds, pick)
            results[name]["cpu_server_s"] = cpu.cpu_s.get("server", 0.0)
            if writer.per_s > 0:
                results[name]["writes_per_s"] = writer.rate
            results[name]["others"] = cpu.describe()
    return results, sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per endpoint, small database")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--articles", type=int, default=600, help="to ingest first")
    parser.add_argument("--database", default=None, help="use this database as it is")
    parser.add_argument("--python", action="store_true", help="the asyncio client, not wrk")
    parser.add_argument("--cache-only", action="store_true",
                        help="skip the second run with the read cache off")
    parser.add_argument("--writes-per-s", type=float, default=0.0,
                        help="post new articles at this rate during every timed run")
    parser.add_argument("--write-into", choices=["new", "read"], default="new",
                        help="the writes start new stories, or go into the stories read")
    args = parser.parse_args()
    seconds = 3 if args.quick else args.seconds
    load = python_load if args.python or not shutil.which("wrk") else wrk
    tool = "asyncio client" if load is python_load else "wrk -t1"

    print(f"# Read API under load — {now()} — {machine()}")
    url = args.database
    if url is None:
        url = fresh_database(embedded_server(OUT / "pg"), "bench_read")
        fill(url, 60 if args.quick else args.articles)
    with psycopg.connect(url) as conn:
        counts = conn.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM "
                              "clusters), (SELECT count(*) FROM conflicts WHERE active)"
                              ).fetchone()
        assert counts is not None
        ids = [r[0] for r in conn.execute("SELECT id FROM clusters ORDER BY random() LIMIT 2000")]
    print(f"database: {counts[0]:,} claims, {counts[1]:,} clusters, {counts[2]:,} active "
          f"conflicts; {CONNECTIONS} connections, {seconds} s each, load from {tool}")
    into = None
    if args.write_into == "read":
        with psycopg.connect(url) as conn:
            into = [r[0] for r in conn.execute(
                "SELECT DISTINCT story FROM clusters WHERE id = ANY(%s) ORDER BY 1", (ids,))]
    writer = Writer(args.writes_per_s, into=into)
    if writer.per_s > 0:
        where = f"into the {len(into)} stories read" if into else "starting new stories"
        print(f"while one more client posts new articles at {writer.per_s:g} a second, {where}")
    pg = postmaster_pid(OUT / "pg") if args.database is None else None
    runs = {"read cache on (as served)": {}, "read cache off": {"RECONCILE_READ_CACHE_MB": "0"}}
    if args.cache_only:
        runs.pop("read cache off")
    report: dict[str, Any] = {}
    for label, env in runs.items():
        results, sizes = measure(url, env, seconds, ids, load, pg, writer)
        report[label] = results
        yard = results["GET /health"]["rps"]
        print(f"\n{label}:")
        print("| endpoint | p50 | p99 | requests/s | of /health's | errors | writes/s |")
        print("|---|---|---|---|---|---|---|")
        for name, r in results.items():
            print(f"| {name} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms | {r['rps']:.0f} | "
                  f"{r['rps'] / yard:.0%} | {r['errors']} | {r.get('writes_per_s', 0):.1f} |")
        print("response sizes: " + ", ".join(f"{p} {n / 1024:.0f} KiB" for p, n in sizes.items()))
        print("targets: p99 <= 25 ms, >= 50% of /health's requests/s; "
              + "; ".join(f"{k}: {v['others']}" for k, v in results.items()))
    name = "read.json" if writer.per_s <= 0 else f"read-writing-{args.write_into}.json"
    write_json(name, {"date": now(), "machine": machine(), "tool": tool, "seconds": seconds,
                      "database": counts, "writes_per_s": writer.per_s, "runs": report})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
