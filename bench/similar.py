"""Similar-claims search: recall against an exact scan: `python -m bench.similar [--quick]`.

Ingests generated articles (bench/corpus.py) in this process, then asks for the 10 claims
nearest to each of 200 claim sentences of articles it has not seen (other stories, the same
kinds of fact), three ways:

- as served (schemas/006): the HNSW index over each cluster's seed finds the clusters to look
  in, and their claims are ranked exactly (`repo.similar_claims`);
- as served before 006: the same kind of HNSW index over every claim (built here for the
  comparison, then dropped);
- exact: every claim scanned (the truth recall is measured against).

Prints recall@10 and the median and p99 latency of each, and how many vectors each index holds:
what ingest pays to keep the index current is per vector indexed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import psycopg

from bench.common import (
    OUT,
    embedded_server,
    fresh_database,
    machine,
    now,
    percentile,
    wait_quiet,
    write_json,
)
from bench.corpus import articles
from bench.phases import set_index
from reconcile import ingest
from reconcile.embedding.embed import Embedder
from reconcile.extract.claims import extract_claims
from reconcile.models import ArticleIn
from reconcile.settings import Settings
from reconcile.store import db as store
from reconcile.store import repo

K = 10
EVERY_CLAIM = "bench_every_claim_hnsw"
# The query served before migration 006: the k nearest claims straight from an index over all.
EVERY_CLAIM_QUERY = """
SELECT id FROM claims ORDER BY embedding <=> %(embedding)s LIMIT %(k)s
"""
EXACT_QUERY = "SELECT id FROM claims ORDER BY embedding <=> %(embedding)s, id LIMIT %(k)s"

Search = Callable[[Any, np.ndarray], list[int]]


def served(conn: Any, vector: np.ndarray) -> list[int]:
    return [c.id for c in repo.similar_claims(conn, vector, K)]


def every_claim(conn: Any, vector: np.ndarray) -> list[int]:
    conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(max(100, 2 * K)),))
    return [r["id"] for r in conn.execute(EVERY_CLAIM_QUERY, {"embedding": vector, "k": K})]


def exact(conn: Any, vector: np.ndarray) -> list[int]:
    conn.execute("SET LOCAL enable_indexscan = off")
    conn.execute("SET LOCAL enable_bitmapscan = off")
    return [r["id"] for r in conn.execute(EXACT_QUERY, {"embedding": vector, "k": K})]


def measure(db: store.Database, search: Search, vectors: np.ndarray,
            truth: list[list[int]] | None) -> dict[str, float]:
    took: list[float] = []
    found = answers(db, search, vectors, took)
    out = {"p50_ms": percentile(took, 50) * 1000, "p99_ms": percentile(took, 99) * 1000}
    if truth is not None:
        out["recall"] = float(np.mean([len(set(f) & set(t)) / max(len(t), 1)
                                       for f, t in zip(found, truth, strict=True)]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="150 articles, 50 queries")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--index", default="default",
                        help="build the seed index WITH these parameters before ingesting, "
                             "e.g. m=8,ef_construction=32 (as bench.phases --index)")
    args = parser.parse_args()
    n = 150 if args.quick else args.articles
    n_queries = 50 if args.quick else args.queries

    url = fresh_database(embedded_server(OUT / "pg"), "bench_similar")
    store.migrate(url)
    set_index(url, args.index)
    embedder = Embedder()
    db = store.Database(url, max_size=4)
    db.open()
    print(f"# Similar-claims search — {now()} — {machine()}")
    try:
        ingestor = ingest.Ingestor(db, embedder, Settings().cluster_threshold)
        t = time.perf_counter()
        for article in articles(n, seed=args.seed):
            ingestor.ingest(ArticleIn.model_validate(article))
        load_s = time.perf_counter() - t
        queries: list[str] = []
        for article in articles(max(60, n_queries // 2), seed=args.seed + 500):
            queries += [c.text for c in extract_claims(article["text"])]
        vectors = embedder.encode_direct(queries[:n_queries])
        with psycopg.connect(url, autocommit=True) as conn:
            claims, seeds, clusters = conn.execute(
                "SELECT count(*), count(*) FILTER (WHERE seed), count(DISTINCT cluster_id) "
                "FROM claims").fetchone() or (0, 0, 0)
            conn.execute("SET maintenance_work_mem = '1GB'")
            conn.execute(f"CREATE INDEX {EVERY_CLAIM} ON claims "
                         "USING hnsw (embedding vector_cosine_ops)")
        wait_quiet()
        truth_stats = measure(db, exact, vectors, None)
        truth = answers(db, exact, vectors)
        results = {
            "served (seeds, 006)": measure(db, served, vectors, truth),
            "every claim indexed (before 006)": measure(db, every_claim, vectors, truth),
            "exact scan": {**truth_stats, "recall": 1.0},
        }
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP INDEX {EVERY_CLAIM}")
    finally:
        db.close()
        embedder.close()

    print(f"{n} articles ingested in {load_s:.0f} s: {claims} claims in {clusters} clusters; "
          f"the seed index holds {seeds} vectors ({seeds / max(claims, 1):.0%} of the claims)")
    print(f"{len(vectors)} queries from unseen articles, k = {K}, "
          f"clusters looked in: {repo.seeds_for(K)}, seed index: {args.index}")
    print(f"{'search':<36}{'recall@10':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for name, r in results.items():
        print(f"{name:<36}{r['recall']:>10.3f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}")
    write_json("similar.json", {"date": now(), "machine": machine(), "articles": n,
                                "index": args.index,
                                "claims": claims, "clusters": clusters, "seeds": seeds,
                                "k": K, "queries": len(vectors), "results": results})
    return 0


def answers(db: store.Database, search: Search, vectors: np.ndarray,
            took: list[float] | None = None) -> list[list[int]]:
    """What the search answers for each vector; the seconds each took go into `took`."""
    out = []
    for vector in vectors:
        with db.transaction() as conn:
            t = time.perf_counter()
            out.append(search(conn, vector))
            if took is not None:
                took.append(time.perf_counter() - t)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
