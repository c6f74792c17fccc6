"""Benchmark 4 (start-up): `python -m bench.startup [--quick]`.

Seconds from spawning `reconcile serve` to the first 200 from `GET /health`:

- cold: a new RECONCILE_DATA_DIR, so the embedded PostgreSQL is created (initdb), started and
  migrated before the model loads;
- warm: the same data directory again (PostgreSQL started, nothing to migrate);
- external: DATABASE_URL pointing at a PostgreSQL already running (the model and the pool).

Also the server's resident memory once healthy. (Peak memory under load is in bench.ingest.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time

from bench.common import (
    OUT,
    embedded_server,
    fresh_database,
    machine,
    now,
    serve,
    server_rss,
    wait_quiet,
    write_json,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    print(f"# Start-up — {now()} — {machine()}")
    data_dir = OUT / "startup-data"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["RECONCILE_DATA_DIR"] = str(data_dir)
    results: dict[str, list[float]] = {"cold": [], "warm": [], "external": []}
    rss: list[float] = []
    external = fresh_database(embedded_server(OUT / "pg"), "bench_startup")
    for _ in range(runs):
        shutil.rmtree(data_dir, ignore_errors=True)
        for kind in ("cold", "warm", "external"):
            wait_quiet(30)
            os.environ.pop("DATABASE_URL", None)
            url = external if kind == "external" else None
            with serve(url, OUT / f"startup-{kind}.log", env=env) as server:
                results[kind].append(server.started_s)
                rss.append(server_rss(server.process.pid) / 2**20)
            time.sleep(1)  # the embedded server stops with the process that started it
    shutil.rmtree(data_dir, ignore_errors=True)
    print("| start | seconds to the first 200 from /health (median; each run) |")
    print("|---|---|")
    for kind, times in results.items():
        each = ", ".join(f"{t:.1f}" for t in times)
        print(f"| {kind} | {statistics.median(times):.1f} s ({each}) |")
    print(f"target <= 10 s; resident memory once healthy: {max(rss):.0f} MiB at most")
    write_json("startup.json", {"date": now(), "machine": machine(), "seconds": results,
                                "rss_mib": rss})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
