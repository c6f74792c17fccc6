"""Benchmark 5 (peer side by side): `python -m bench.peer [--quick]`.

The same generated corpus, clustered two ways as its articles arrive one by one:

- naive: sentence-transformers' `util.community_detection` over every claim vector so far, re-run
  for each new article (what a peer does when it has no incremental clustering);
- ours: the Ingestor (extract, embed, compare with the nearest claims of the story, store).

Both see the same vectors (the ones the service stored). Prints the time per article as the
corpus grows (for the naive approach, one re-clustering at that size, timed every few
articles; for ours, ingest minus the model: extraction, clustering, storing, conflict checks),
and on the final
corpus the adjusted Rand index of each against the other and against the truth the generator
knows (which fact or quote of its story each claim sentence states).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from sentence_transformers import util
from sklearn.metrics import adjusted_rand_score

from bench.common import (
    OUT,
    TimedEncoder,
    embedded_server,
    fresh_database,
    machine,
    now,
    wait_quiet,
    write_json,
)
from bench.corpus import label_of, labelled_articles
from reconcile.models import ArticleIn
from reconcile.settings import Settings
from reconcile.startup import open_service


def naive_labels(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """community_detection over all vectors; claims in no community of 2+ are singletons."""
    communities = util.community_detection(torch.from_numpy(vectors), threshold=threshold,
                                           min_community_size=1, batch_size=1024)
    labels = np.full(len(vectors), -1)
    for k, members in enumerate(communities):
        labels[members] = k
    missing = labels < 0
    labels[missing] = np.arange(missing.sum()) + len(communities)
    return labels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--every", type=int, default=50, help="time the naive run every N")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    n = 80 if args.quick else args.articles
    every = 20 if args.quick else args.every
    corpus = labelled_articles(n, seed=args.seed)

    url = fresh_database(embedded_server(OUT / "pg"), "bench_peer")
    settings = Settings(DATABASE_URL=url)
    from reconcile.embedding.embed import Embedder

    embedder = TimedEncoder(Embedder())
    service = open_service(settings, embedder=embedder, url=url)  # type: ignore[arg-type]
    threshold = settings.cluster_threshold
    print(f"# Peer side by side — {now()} — {machine()}")
    wait_quiet()
    ours: list[tuple[int, float]] = []  # (claims so far, ms clustering and storing)
    naive: list[tuple[int, int, float]] = []  # (article, claims so far, ms one re-clustering)
    vectors: list[np.ndarray] = []
    truth: list[str] = []
    claim_ids: list[int] = []
    for i, (article, labels) in enumerate(corpus):
        t = time.perf_counter()
        out = service.ingestor.ingest(ArticleIn(**article))
        ours.append((len(claim_ids) + len(out.claims),
                     (time.perf_counter() - t - embedder.last) * 1000))
        claim_ids += [c.id for c in out.claims]
        truth += [label_of(c.text, labels) or f"none-{c.id}" for c in out.claims]
        with service.db.transaction() as conn:
            rows = conn.execute("SELECT embedding FROM claims WHERE article_id = %s ORDER BY "
                                "position, id", (out.id,)).fetchall()
        vectors += [np.asarray(r["embedding"].to_numpy(), dtype=np.float32) for r in rows]
        if (i + 1) % every == 0 or i + 1 == n:
            t = time.perf_counter()
            naive_labels(np.stack(vectors), threshold)
            naive.append((i, len(vectors), (time.perf_counter() - t) * 1000))
    with service.db.transaction() as conn:
        cluster_of = {r["id"]: r["cluster_id"] for r in
                      conn.execute("SELECT id, cluster_id FROM claims").fetchall()}
    ours_labels = [cluster_of[c] for c in claim_ids]
    naive_final = naive_labels(np.stack(vectors), threshold)
    ari = {
        "ours_vs_naive": adjusted_rand_score(naive_final, ours_labels),
        "ours_vs_truth": adjusted_rand_score(truth, ours_labels),
        "naive_vs_truth": adjusted_rand_score(truth, naive_final),
    }
    print(f"{n} articles, {len(vectors)} claims; threshold {threshold} "
          "(ours: same-claim score within a story; naive: cosine over all claims)")
    print("| claims so far | naive: one re-clustering | ours: ingest minus the model (extract, "
          f"cluster, store, conflicts; mean of the last {every} articles) |")
    print("|---|---|---|")
    for i, size, naive_ms in naive:
        window = [ms for _, ms in ours[max(0, i + 1 - every):i + 1]]
        print(f"| {size:,} | {naive_ms:.1f} ms | {np.mean(window):.1f} ms |")
    print(f"adjusted Rand index: ours vs naive {ari['ours_vs_naive']:.3f}; against the "
          f"generator's truth: ours {ari['ours_vs_truth']:.3f}, naive {ari['naive_vs_truth']:.3f}")
    write_json("peer.json", {"date": now(), "machine": machine(), "articles": n,
                             "claims": len(vectors), "naive_ms": naive, "ours_ms": ours,
                             "ari": ari})
    service.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
