"""Benchmark 1 (ingest overhead) and 4 (memory): `python -m bench.ingest [--quick]`.

Posts generated articles (bench/corpus.py) through the HTTP API of a `reconcile serve` process
with a few concurrent clients, sampling the server's resident memory, then embeds exactly the
claim sentences the service extracted with the same model and precision in this plain process.
Prints articles/s, claims/s, and `ingest time / embedding-only time`, where embedding-only is
the model's best case: every sentence, in batches of 64, one call after another, best of two
runs (the same sentences one article per call are printed beside it). `--realnews JSONL` posts
real articles instead (the conflict rules parse sentences with figures: issue 14's 2x budget).
Then the same sentences through sentence-transformers' own `encode` at its defaults (float32),
the plain process a user would write, and `ingest time / plain time` beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil

from bench.common import (
    OUT,
    Load,
    database_size,
    embedded_server,
    fresh_database,
    machine,
    now,
    postmaster_pid,
    serve,
    server_rss,
    wait_quiet,
    write_json,
)
from bench.corpus import articles
from reconcile.embedding.embed import Embedder


class PeakRss:
    """The largest resident set of a process and its children (the model's process) together,
    while running."""

    def __init__(self, pid: int, every_s: float = 0.05) -> None:
        self.process = psutil.Process(pid)
        self.every_s = every_s
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, server_rss(self.process.pid))
            except psutil.Error:
                return
            self._stop.wait(self.every_s)


@contextlib.contextmanager
def py_spy(enabled: bool, pid: int, path: Path) -> Iterator[None]:
    """Sample the stacks of the server's thread holding the GIL (py-spy, `pip install py-spy`):
    where its Python time goes (the model's forward passes mostly run without the GIL)."""
    if not enabled:
        yield
        return
    raw = path.with_suffix(".raw")
    spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid",
                            str(pid), "--format", "raw", "--rate", "200", "--gil",
                            "--output", str(raw)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)
    path.write_text(summarise_stacks(raw.read_text()))


def summarise_stacks(collapsed: str, top: int = 40) -> str:
    """Inclusive samples per function (each counted once a stack), busiest first."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        if any(idle in frames[-1] for idle in IDLE):
            continue
        total += n
        for frame in set(frames):
            inclusive[frame] += n
    lines = [f"{total} busy samples (idle waits left out)"]
    for frame, n in inclusive.most_common(top):
        lines.append(f"{n / max(total, 1):6.1%}  {frame}")
    return "\n".join(lines) + "\n"


IDLE = ("wait (threading.py", "select (selectors.py", "_worker (concurrent/futures",
        "run_forever", "_run_once", "acquire", "worker_thread", "epoll")


def thread_cpu(pid: int) -> dict[int, float]:
    return {t.id: t.user_time + t.system_time for t in psutil.Process(pid).threads()}


def model_pid(server_pid: int) -> int | None:
    """The server's model process (multiprocessing's spawned child), if it has one."""
    for child in psutil.Process(server_pid).children():
        with contextlib.suppress(psutil.Error):
            if "spawn_main" in " ".join(child.cmdline()):
                return int(child.pid)
    return None


def post_all(base: str, corpus: list[dict[str, Any]], clients: int) -> list[dict[str, Any]]:
    """Post every article, `clients` at a time (each client its own keep-alive connection).

    The standard library's HTTP client, not httpx: the load generator shares the cores with
    the server, and httpx spends twice the CPU on a post (1.2 against 0.6 ms, measured)."""
    local = threading.local()
    url = urlsplit(base)

    def post(article: dict[str, Any]) -> dict[str, Any]:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        local.conn.request("POST", "/api/articles", body=json.dumps(article).encode(),
                           headers={"Content-Type": "application/json"})
        r = local.conn.getresponse()
        data = r.read()
        if r.status != 201:
            raise RuntimeError(f"POST /api/articles: {r.status} {data[:300]!r}")
        body: dict[str, Any] = json.loads(data)
        return body

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(post, corpus))


def realnews_articles(path: Path) -> list[dict[str, Any]]:
    """The articles of a real-news set (reconcile.evaluation.realnews), as POST /api/articles takes
    them: real coverage, long and full of figures, where the generated corpus is short and
    regular."""
    from reconcile.evaluation.realnews import load_realnews

    return [{"outlet": outlet, "text": article.text, "story": f"bench-{story.cluster}"}
            for story in load_realnews(path)
            for outlet, article in zip(story.outlets(), story.articles, strict=True)]


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of `runs` runs of work()."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        work()
        best = min(best, (time.perf_counter() - t, time.process_time() - c))
    return best


def plain_encode_s(sentences: list[str]) -> float:
    """Seconds for the model as a plain process would run it: sentence-transformers' `encode`
    with its defaults (float32 weights, batches of 32, torch's thread count), once warm."""
    from sentence_transformers import SentenceTransformer

    from reconcile.embedding.embed import default_model_path

    model = SentenceTransformer(default_model_path(), device="cpu")
    model.encode(sentences[:64])
    wait_quiet()
    t = time.perf_counter()
    model.encode(sentences)
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--articles", type=int, default=800)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto",
                        help="auto runs `reconcile serve` itself; the others bench.server")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads in the server (bench.server), default torch's")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="passed on to bench.server (e.g. --server-arg=--switch-ms=1)")
    parser.add_argument("--profile", action="store_true",
                        help="py-spy the server while it ingests: bench/out/profile-ingest.txt")
    parser.add_argument("--realnews", type=Path, default=None, metavar="JSONL",
                        help="post these real articles (../shared/eval/realnews_dev.jsonl, "
                             "each story as one story) instead of generated ones")
    args = parser.parse_args()
    if args.realnews is not None:
        corpus = realnews_articles(args.realnews)[: 20 if args.quick else None]
        n = len(corpus)
    else:
        n = 40 if args.quick else args.articles
        corpus = articles(n, seed=args.seed)
    warm = articles(8, seed=args.seed + 1000)  # other stories: first-request set-up, not timed

    server_url = embedded_server(OUT / "pg")
    url = fresh_database(server_url, "bench_ingest")
    print(f"# Ingest overhead — {now()} — {machine()}")
    with serve(url, OUT / "ingest-server.log", precision=args.precision,
               threads=args.threads, extra=args.server_arg) as server:
        print(f"server healthy {server.started_s:.1f} s after spawn (database already running)")
        post_all(server.base, warm, 1)
        wait_quiet()
        groups = {"server": server.process.pid, "postgres": postmaster_pid(OUT / "pg"),
                  "model": model_pid(server.process.pid)}
        with PeakRss(server.process.pid) as rss, Load(groups) as load, \
                py_spy(args.profile, server.process.pid, OUT / "profile-ingest.txt"):
            t = time.perf_counter()
            threads0 = thread_cpu(server.process.pid)
            client0 = time.process_time()
            stored = post_all(server.base, corpus, args.clients)
            ingest_s = time.perf_counter() - t
            client_cpu_s = time.process_time() - client0
            threads1 = thread_cpu(server.process.pid)
        load_ingest = load.describe()
        cpu = dict(load.cpu_s)
    per_article = [[c["text"] for c in a["claims"]] for a in stored]
    sentences = [s for sents in per_article for s in sents]

    embedder = Embedder(precision=args.precision)
    embedder.encode_direct(sentences)  # the same warm kernels the server had
    wait_quiet()
    # The server embeds a sentence it embedded lately only once (RECONCILE_EMBED_CACHE_SIZE):
    # the model's best case over the distinct sentences says what that is worth.
    distinct = list(dict.fromkeys(sentences))
    with Load() as load:
        # Each baseline is the best of two runs: the model's best case, on a host whose speed
        # drifts by 10-20% from one run to the next (measured).
        (embed_s, embed_cpu_s), (embed_per_article_s, _), (embed_distinct_s, _) = (
            best_of(2, lambda: [embedder.encode_direct(sentences[i:i + 64])
                                for i in range(0, len(sentences), 64)]),
            best_of(2, lambda: [embedder.encode_direct(sents) for sents in per_article]),
            best_of(2, lambda: [embedder.encode_direct(distinct[i:i + 64])
                                for i in range(0, len(distinct), 64)]),
        )
    embedder.close()
    plain_s = min(plain_encode_s(sentences) for _ in range(2))
    size = database_size(url)

    ratio = ingest_s / embed_s
    result = {
        "date": now(), "machine": machine(), "articles": n, "clients": args.clients,
        "claims": len(sentences), "precision": embedder.precision, "ingest_s": ingest_s,
        "articles_per_s": n / ingest_s, "claims_per_s": len(sentences) / ingest_s,
        "embed_only_s": embed_s, "embed_per_article_s": embed_per_article_s, "ratio": ratio,
        "ratio_per_article": ingest_s / embed_per_article_s,
        "distinct_claims": len(distinct), "embed_distinct_s": embed_distinct_s,
        "ratio_distinct": ingest_s / embed_distinct_s,
        "plain_encode_s": plain_s, "ratio_plain": ingest_s / plain_s,
        "server_peak_rss_mib": rss.peak / 2**20, "database_bytes": size,
        "cpu_ms_per_article": {"server": cpu["server"] / n * 1000,
                               "model_process": cpu.get("model", 0.0) / n * 1000,
                               "postgres": cpu.get("postgres", 0.0) / n * 1000,
                               "embedding_only": embed_cpu_s / n * 1000,
                               "benchmark_client": client_cpu_s / n * 1000},
    }
    print(f"{n} articles, {len(sentences)} claims ({len(sentences) / n:.1f} an article), "
          f"{args.clients} clients, model precision {embedder.precision}")
    print(f"ingest over HTTP: {ingest_s:.1f} s — {n / ingest_s:.1f} articles/s, "
          f"{len(sentences) / ingest_s:.0f} claims/s ({load_ingest})")
    print(f"embedding only, batches of 64: {embed_s:.1f} s "
          f"({len(sentences) / embed_s:.0f} sentences/s); one article per call: "
          f"{embed_per_article_s:.1f} s ({load.describe()})")
    print(f"ratio ingest / embedding-only: {ratio:.2f} (target <= 1.25); "
          f"against one article per call: {result['ratio_per_article']:.2f}")
    print(f"distinct sentences: {len(distinct)} ({1 - len(distinct) / len(sentences):.0%} of the "
          f"claims repeat one seen before); embedding only those: {embed_distinct_s:.1f} s; "
          f"ratio ingest / that: {result['ratio_distinct']:.2f}")
    print(f"plain sentence-transformers (SentenceTransformer(path).encode(sentences), its "
          f"defaults: float32, batches of 32): {plain_s:.1f} s "
          f"({len(sentences) / plain_s:.0f} sentences/s); ratio ingest / plain: "
          f"{result['ratio_plain']:.2f}")
    busiest = sorted(((threads1[k] - threads0.get(k, 0.0)) / n * 1000 for k in threads1),
                     reverse=True)
    print("server threads, CPU ms per article: " + ", ".join(f"{x:.1f}" for x in busiest[:8]))
    per = result["cpu_ms_per_article"]
    print(f"CPU per article: server {per['server']:.1f} ms (its model process "
          f"{per['model_process']:.1f} ms of it) + PostgreSQL {per['postgres']:.1f} ms"
          f" against {per['embedding_only']:.1f} ms for the embedding alone "
          f"(CPU ratio {(per['server'] + per['postgres']) / per['embedding_only']:.2f}); "
          f"this benchmark's own clients (and samplers) {per['benchmark_client']:.1f} ms")
    print(f"server peak RSS: {rss.peak / 2**20:.0f} MiB (target <= 1229 MiB); "
          f"database {size / 2**20:.0f} MiB")
    write_json(f"ingest-{embedder.precision}.json", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
