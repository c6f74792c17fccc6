"""Where an article's ingest time goes: `python -m bench.phases [--quick] [--index ...]`.

The Ingestor in this process (no HTTP), a few threads posting generated articles as the HTTP
clients of bench.ingest do, each phase of `Ingestor.ingest` timed (wall time, so waiting on
the model's thread or on PostgreSQL counts where it happens), and PostgreSQL's CPU per article.
`--index` runs it again with the global HNSW index dropped (`none`) or rebuilt with other
parameters (`m=8,ef_construction=32`), to price the index's upkeep on the ingest path.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import psycopg

from bench.common import (
    OUT,
    Load,
    embedded_server,
    fresh_database,
    machine,
    now,
    postmaster_pid,
    wait_quiet,
    write_json,
)
from bench.corpus import articles
from reconcile import ingest
from reconcile.embedding.embed import Embedder
from reconcile.embedding.vectorcache import VectorCache
from reconcile.models import ArticleIn
from reconcile.settings import Settings
from reconcile.store import db as store

F = TypeVar("F", bound=Callable[..., Any])
INDEX = "claims_seed_hnsw"


class Phases:
    """Wall time of each wrapped call, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)

    def timed(self, name: str, fn: F) -> F:
        def call(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name].append(time.perf_counter() - t)

        return call  # type: ignore[return-value]


def set_index(url: str, variant: str) -> None:
    """The global HNSW index as served (`default`), dropped (`none`), or built WITH (variant)."""
    with psycopg.connect(url, autocommit=True) as conn:
        if variant == "default":
            return
        conn.execute(f"DROP INDEX {INDEX}")
        if variant != "none":  # e.g. "m=8,ef_construction=32": our own flag, not user input
            conn.execute(f"CREATE INDEX {INDEX} ON claims USING hnsw "
                         f"(embedding vector_cosine_ops) WITH ({variant}) WHERE seed")


def run(embedder: Embedder, corpus: list[ArticleIn], warm: list[ArticleIn], clients: int,
        variant: str) -> dict[str, Any]:
    url = fresh_database(embedded_server(OUT / "pg"), "bench_phases")
    store.migrate(url)
    set_index(url, variant)
    db = store.Database(url, max_size=clients + 2)
    db.open()
    phases = Phases()
    ingestor = ingest.Ingestor(db, embedder, Settings().cluster_threshold)
    saved = (ingest.extract_claims, ingest.batch.insert_claims, ingest.repo.insert_article,
             ingest.repo.lock_story)
    # Each variant embeds the corpus afresh, as a server that had not seen it would.
    embedder.cache = VectorCache(embedder.cache.size)
    try:
        # The module's names are what Ingestor.ingest calls: wrap them there, for this run.
        ingest.extract_claims = phases.timed("extract claims", ingest.extract_claims)
        ingest.batch.insert_claims = phases.timed("insert claims (HNSW upkeep)",
                                                  ingest.batch.insert_claims)
        ingest.repo.insert_article = phases.timed("insert article", ingest.repo.insert_article)
        ingest.repo.lock_story = phases.timed("per-story lock", ingest.repo.lock_story)
        ingestor.embedder = _Embed(phases, embedder)  # type: ignore[assignment]
        ingestor._place = phases.timed("nearest claims + same-claim decisions",  # type: ignore[method-assign]
                                       ingestor._place)
        ingestor._refresh = phases.timed("conflicts of changed clusters",  # type: ignore[method-assign]
                                         ingestor._refresh)
        post = phases.timed("whole article", ingestor.ingest)
        for article in warm:
            post(article)
        phases.seconds.clear()
        wait_quiet()
        with Load({"postgres": postmaster_pid(OUT / "pg")}) as load:
            t = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(post, corpus))
            wall = time.perf_counter() - t
    finally:
        (ingest.extract_claims, ingest.batch.insert_claims, ingest.repo.insert_article,
         ingest.repo.lock_story) = saved
        db.close()
    n = len(corpus)
    return {
        "index": variant, "articles_per_s": n / wall,
        "postgres_cpu_ms_per_article": load.cpu_s.get("postgres", 0.0) / n * 1000,
        "this_process_cpu_ms_per_article": load.cpu_s["bench"] / n * 1000,
        "others": load.describe(),
        "phases_ms": {name: {"mean": statistics.mean(v) * 1000,
                             "p50": statistics.median(v) * 1000}
                      for name, v in phases.seconds.items()},
    }


class _Embed:
    """The embedder as the Ingestor sees it, its encode() timed."""

    def __init__(self, phases: Phases, embedder: Embedder) -> None:
        self.encode = phases.timed("embed (queue + forward pass)", embedder.encode)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--articles", type=int, default=800)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--index", action="append", default=None,
                        help="default, none, or HNSW parameters such as "
                             "m=8,ef_construction=32 (repeatable; default: default and none)")
    args = parser.parse_args()
    n = 40 if args.quick else args.articles
    corpus = [ArticleIn.model_validate(a) for a in articles(n, seed=1)]
    warm = [ArticleIn.model_validate(a) for a in articles(8, seed=1001)]
    variants = args.index or ["default", "none"]
    embedder = Embedder()
    print(f"# Where ingest time goes — {now()} — {machine()}")
    print(f"{n} articles, {args.clients} threads, model precision {embedder.precision}, "
          "no HTTP")
    results = []
    for variant in variants:
        r = run(embedder, corpus, warm, args.clients, variant)
        results.append(r)
        print(f"\nHNSW index {variant}: {r['articles_per_s']:.1f} articles/s; CPU per article: "
              f"PostgreSQL {r['postgres_cpu_ms_per_article']:.1f} ms, this process "
              f"{r['this_process_cpu_ms_per_article']:.1f} ms ({r['others']})")
        print("| phase (wall, per article) | mean | p50 |\n|---|---|---|")
        for name, t in r["phases_ms"].items():
            print(f"| {name} | {t['mean']:.1f} ms | {t['p50']:.1f} ms |")
    embedder.close()
    write_json("phases.json", {"date": now(), "machine": machine(), "articles": n,
                               "clients": args.clients, "runs": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
