"""Stories the service finds (issue 16): articles posted without a story, shuffled into one stream.

    python -m bench.stories [--equate N] [--seeds S] [--scale 1000,20000]

Real news: the articles of ../shared/eval/realnews_dev.jsonl (44 stories), each under an outlet
name of its own (an outlet shared by two stories would make their figures one outlet's
updates, hiding conflicts between them), posted through the real pipeline without `story` in
a shuffled order; the adjusted Rand index of the stories found against the labelled grouping,
and the reported conflicts whose claims come from two labelled stories (should be 0).
EQUATE: premise and hypothesis of each pair as two articles, every pair its own event, in one
shuffled stream; the same two figures. Only pairs whose premise and hypothesis are both written
by no other pair are used (StressTest repeats a premise under up to 10 pairs: word-for-word
the same text can only be one event), the first N of them in file order.
Scale: the placing query (nearest leads through HNSW, then the decision) timed over synthetic
leads, N articles in N/5 stories, at each size given; growth from the smallest.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from math import comb
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import OUT, embedded_server, fresh_database, now, percentile, write_json
from reconcile.embed import Embedder
from reconcile.ingest import Ingestor
from reconcile.models import ArticleIn
from reconcile.settings import Settings
from reconcile.store import stories as story_store
from reconcile.store.db import Database, migrate
from reconcile.stories import NEIGHBOURS, Lead, Rule, choose

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval"


def adjusted_rand(truth: Sequence[str], found: Sequence[str]) -> float:
    """Adjusted Rand index of two groupings of the same items (Hubert and Arabie, 1985)."""
    n = len(truth)
    pairs = comb(n, 2)
    same_both = sum(comb(c, 2) for c in Counter(zip(truth, found, strict=True)).values())
    same_truth = sum(comb(c, 2) for c in Counter(truth).values())
    same_found = sum(comb(c, 2) for c in Counter(found).values())
    expected = same_truth * same_found / pairs if pairs else 0.0
    top = (same_truth + same_found) / 2
    return 1.0 if top == expected else (same_both - expected) / (top - expected)


def realnews(path: Path) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for line in path.read_text().splitlines():
        story = json.loads(line)
        for article in story["articles"]:
            out.append((story["cluster"], {"text": article["text"],
                                           "title": article.get("title")}))
    return out


def equate(path: Path, limit: int) -> list[tuple[str, dict[str, Any]]]:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    seen = Counter(t for r in rows for t in (r["premise"], r["hypothesis"]))
    out: list[tuple[str, dict[str, Any]]] = []
    for r in rows:
        if seen[r["premise"]] == 1 and seen[r["hypothesis"]] == 1 and len(out) < 2 * limit:
            pair = f"{r['source']}-{r['idx']}"
            out += [(pair, {"text": r["premise"]}), (pair, {"text": r["hypothesis"]})]
    return out


def stream(url: str, embedder: Embedder, articles: list[tuple[str, dict[str, Any]]], seed: int
           ) -> dict[str, Any]:
    """Post the articles in a shuffled order without a story; the grouping and conflicts."""
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    settings = Settings()
    db = Database(url)
    db.open()
    try:
        ingestor = Ingestor(db, embedder, settings.cluster_threshold)
        truth_of_article: dict[int, str] = {}
        found: dict[int, str] = {}
        started = time.perf_counter()
        for n, i in enumerate(order):
            label, fields = articles[i]
            out = ingestor.ingest(ArticleIn(outlet=f"outlet-{n}", **fields))
            truth_of_article[out.id] = label
            found[i] = out.story
        elapsed = time.perf_counter() - started
        with db.transaction() as conn:
            rows = conn.execute(
                "SELECT f.id, array_agg(DISTINCT c.article_id) AS articles FROM conflicts f "
                "JOIN claims c ON c.id = ANY(f.claim_ids) WHERE f.active GROUP BY f.id"
            ).fetchall()
    finally:
        db.close()
    across = [r["id"] for r in rows
              if len({truth_of_article[a] for a in r["articles"]}) > 1]
    truth = [articles[i][0] for i in range(len(articles))]
    predicted = [found[i] for i in range(len(articles))]
    return {"seed": seed, "articles": len(articles), "true_stories": len(set(truth)),
            "stories_found": len(set(predicted)), "ari": round(adjusted_rand(truth, predicted), 4),
            "conflicts": len(rows), "conflicts_across_stories": len(across),
            "seconds": round(elapsed, 1)}


def scale(url: str, sizes: list[int], queries: int = 200) -> list[dict[str, Any]]:
    """Time placing an article (nearest leads + decision) over N synthetic leads in N/5 stories.

    Leads are random unit vectors pulled towards their story's centre, so that stories are
    there to be found; each query is a new lead of a known story, and accuracy is how often the
    decision picks that story."""
    rng = np.random.default_rng(0)
    rule = Rule()
    at = datetime(2025, 1, 1, tzinfo=UTC)
    out = []
    for size in sizes:
        target = fresh_database(url, f"bench_stories_{size}")
        migrate(target)
        stories = max(1, size // 5)
        centres = rng.normal(size=(stories, 384)).astype(np.float32)
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)

        def member(s: int, centres: np.ndarray = centres) -> np.ndarray:
            # members of a story: cosine about 0.7 to one another, about 0 to other stories
            v = centres[s] + 0.65 * rng.normal(size=384).astype(np.float32) / np.sqrt(384)
            unit: np.ndarray = (v / np.linalg.norm(v)).astype(np.float32)
            return unit

        db = Database(target)
        db.open()
        try:
            with db.transaction(write=True) as conn:
                vecs = [member(i % stories) for i in range(size)]
                with conn.cursor() as cur, cur.copy(
                        "COPY articles (story, outlet, text, content_hash) FROM STDIN") as copy:
                    for i in range(size):
                        copy.write_row((f"s{i % stories}", "o", "x", f"h{i}"))
                ids = [r["id"] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO article_leads (article_id, embedding, names, figures, at) "
                        "VALUES (%s, %s, '{}', '{}', %s)",
                        [(a, v, at) for a, v in zip(ids, vecs, strict=True)])
            times, right = [], 0
            for _ in range(queries):
                s = int(rng.integers(stories))
                vector = member(s)
                lead = Lead("", frozenset(), frozenset(), at)
                with db.transaction() as conn:
                    started = time.perf_counter()
                    chosen = choose(lead, story_store.nearest_leads(conn, vector, NEIGHBOURS),
                                    rule)
                    times.append((time.perf_counter() - started) * 1000)
                right += chosen == f"s{s}"
        finally:
            db.close()
        out.append({"articles": size, "stories": stories,
                    "p50_ms": round(percentile(times, 50), 2),
                    "p95_ms": round(percentile(times, 95), 2),
                    "accuracy": round(right / queries, 3)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--equate", type=int, default=300, help="EQUATE pairs (0: none)")
    parser.add_argument("--seeds", type=int, default=3, help="shuffled orders of real news")
    parser.add_argument("--scale", default="1000,20000",
                        help="synthetic lead counts to time placing at ('' for none)")
    args = parser.parse_args()
    server = embedded_server(OUT / "pg")
    embedder = Embedder()
    report: dict[str, Any] = {"when": now(), "realnews": [], "equate": None, "scale": []}
    articles = realnews(DATA / "realnews_dev.jsonl")
    for seed in range(args.seeds):
        url = fresh_database(server, "bench_stories")
        migrate(url)
        result = stream(url, embedder, articles, seed)
        report["realnews"].append(result)
        print("realnews", result, flush=True)
    if args.equate:
        url = fresh_database(server, "bench_stories")
        migrate(url)
        report["equate"] = stream(url, embedder, equate(DATA / "equate_dev.jsonl", args.equate),
                                  0)
        print("equate", report["equate"], flush=True)
    sizes = [int(s) for s in args.scale.split(",") if s]
    if sizes:
        report["scale"] = scale(server, sizes)
        for row in report["scale"]:
            print("scale", row, flush=True)
    print("written", write_json("stories.json", report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
