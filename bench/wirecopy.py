"""One story of wire copy: `python -m bench.wirecopy [--quick] [--articles 500]`.

Posts near-copies of one agency article (outlets reprint it with a figure or two changed, a
sentence dropped, a line of their own added) into a single story, one after another, through
the HTTP API of a `reconcile serve` process, and prints the latency of the first and the last
50 posts and their ratio. The conflict work of a post must stay incremental as the story grows:
its new figures against the story's figures under the same frame keys (the figure index,
schemas/007), not every pair of every cluster it touches again (issue 14: last 50 within 2x of
the first 50).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import time
from typing import Any
from urllib.parse import urlsplit

from bench.common import OUT, embedded_server, fresh_database, machine, now, serve, write_json

SENTENCES = [
    "Flooding in the river valley has forced {evacuated:,} people from their homes, "
    "regional officials said on Tuesday.",
    "At least {dead} people have died and {injured} were injured since the rains began "
    "last week.",
    "The water level at the main gauge reached {level} metres, the highest since 1998.",
    "Emergency crews have set up {shelters} shelters in schools and sports halls.",
    "The regional governor, Marta Kowalczyk, said damage could exceed {damage} million euros.",
    '"We have never seen the river rise this fast," Kowalczyk told reporters.',
    "About {soldiers:,} soldiers were sent to reinforce the levees overnight.",
    "Rail services between the two largest towns were suspended for {days} days.",
]
OWN_LINES = [
    "Residents described streets turned into rivers within an hour.",
    "Forecasters expect more rain over the weekend.",
    "The last comparable flood struck the region more than two decades ago.",
]
BASE = {"evacuated": 12000, "dead": 14, "injured": 40, "level": 7, "shelters": 35,
        "damage": 300, "soldiers": 2500, "days": 3}


def copies(n: int, seed: int) -> list[dict[str, Any]]:
    """n near-copies of the agency article, each from one of 40 outlets."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        values = dict(BASE)
        for key in rng.sample(sorted(values), 2):  # two figures as this outlet has them
            values[key] = max(1, round(values[key] * rng.choice([0.8, 0.9, 1.1, 1.25])))
        lines = [s.format(**values) for s in SENTENCES]
        del lines[rng.randrange(1, len(lines))]
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(OWN_LINES))
        out.append({"outlet": f"Outlet {i % 40:02d}", "story": "wire-floods",
                    "text": " ".join(lines)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 posts")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n = 100 if args.quick else args.articles
    window = max(10, n // 10)
    corpus = copies(n, args.seed)
    url = fresh_database(embedded_server(OUT / "pg"), "bench_wirecopy")
    print(f"# One story of wire copy — {now()} — {machine()}")
    latencies: list[float] = []
    conflicts = duplicates = 0
    with serve(url, OUT / "wirecopy-server.log") as server:
        target = urlsplit(server.base)
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
        for article in corpus:
            t = time.perf_counter()
            conn.request("POST", "/api/articles", body=json.dumps(article).encode(),
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            body = r.read()
            latencies.append(time.perf_counter() - t)
            if r.status not in (200, 201):
                raise RuntimeError(f"POST /api/articles: {r.status} {body[:300]!r}")
            duplicates += r.status == 200  # an outlet printing the very same copy twice
        conn.request("GET", "/api/conflicts?story=wire-floods&limit=1000")
        conflicts = len(json.loads(conn.getresponse().read())["items"])
    first = statistics.median(latencies[:window])
    last = statistics.median(latencies[-window:])
    result = {"date": now(), "machine": machine(), "articles": n, "window": window,
              "first_median_s": first, "last_median_s": last, "ratio": last / first,
              "conflicts": conflicts, "duplicates": duplicates}
    print(f"{n} near-copies posted into one story ({duplicates} of them an outlet's own copy "
          f"again); {conflicts} active conflicts at the end")
    print(f"median latency, first {window}: {first * 1000:.0f} ms; last {window}: "
          f"{last * 1000:.0f} ms; ratio {last / first:.2f} (target <= 2)")
    write_json("wirecopy.json", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
