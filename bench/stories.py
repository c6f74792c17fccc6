"""Stories the service finds (issue 16): articles posted without a story, shuffled into one stream.

    python -m bench.stories [--equate N] [--seeds S] [--scale 1000,100000]

About 10 minutes on 2 busy cores, 2 to 3 of them loading the 100k articles and their index;
`--scale 1000` (or '') leaves the big size out.

Real news: the articles of ../shared/eval/realnews_dev.jsonl (44 stories), each under an outlet
name of its own (an outlet shared by two stories would make their figures one outlet's
updates, hiding conflicts between them), posted through the real pipeline without `story` in
a shuffled order; the adjusted Rand index of the stories found against the labelled grouping,
and the reported conflicts whose claims come from two labelled stories (should be 0).
EQUATE: premise and hypothesis of each pair as two articles, every pair its own event, in one
shuffled stream; the same two figures. Only pairs whose premise and hypothesis are both written
by no other pair are used (StressTest repeats a premise under up to 10 pairs: word-for-word
the same text can only be one event), the first N of them in file order.
Scale: at each size, N synthetic articles in N/5 stories bulk-loaded (COPY: articles, stories,
article_leads), then the real-news articles posted without `story` through the Ingestor, end
to end: median and p95 latency an article, its ratio to the smallest size's, and assignment
accuracy (each true story's first article starts a story; the others join it).
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
from reconcile.embedding.embed import Embedder
from reconcile.ingest import Ingestor
from reconcile.models import ArticleIn
from reconcile.rules.stories import NEIGHBOURS, lead_of
from reconcile.settings import Settings
from reconcile.store import stories as story_store
from reconcile.store.db import Database, migrate

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


def background(url: str, size: int, mean: np.ndarray, at: datetime, seed: int = 0) -> None:
    """Bulk-load `size` synthetic articles in size/5 stories: their articles, stories and
    article_leads rows, by COPY, the HNSW index built once after (as a restore would).

    A story's leads are random vectors around a centre, about 0.7 by cosine to one another
    (the real stories' leads are 0.6 and more); the centres lie around `mean`, the real leads'
    mean vector, so that they are as near the real leads as real leads of other stories are
    (all-MiniLM's vectors share a direction) and the index has to search among them. Each
    story has a name of its own; every lead is dated `at`, inside the window of the posts."""
    rng = np.random.default_rng(seed)
    stories = max(1, size // 5)
    spread = np.sqrt(max(1e-6, 1 - float(mean @ mean)))
    centres = mean + spread * rng.normal(size=(stories, 384)) / np.sqrt(384)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    noise = 0.65 * rng.normal(size=(size, 384)) / np.sqrt(384)
    members = centres[np.arange(size) % stories] + noise
    members = (members / np.linalg.norm(members, axis=1, keepdims=True)).astype(np.float32)
    db = Database(url)
    db.open()
    try:
        with db.transaction(write=True) as conn:
            conn.execute("DROP INDEX article_leads_hnsw")
            with conn.cursor() as cur, cur.copy(
                    "COPY stories (id, title, found) FROM STDIN") as copy:
                for s in range(stories):
                    copy.write_row((f"bg-{s}", f"Background story {s}", True))
            with conn.cursor() as cur, cur.copy(
                    "COPY articles (story, outlet, title, text, content_hash, published_at) "
                    "FROM STDIN") as copy:
                for i in range(size):
                    copy.write_row((f"bg-{i % stories}", f"bg-outlet-{i % 50}",
                                    f"Background {i}", f"Background article {i}.", f"bg{i}", at))
            ids = [r["id"] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
            with conn.cursor() as cur, cur.copy(
                    "COPY article_leads (article_id, embedding, names, figures, at) "
                    "FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["bigint", "vector", "text[]", "text[]", "timestamptz"])
                for i, (article, vector) in enumerate(zip(ids, members, strict=True)):
                    copy.write_row((article, vector, [f"bgname{i % stories}"], [], at))
            conn.execute("SET LOCAL maintenance_work_mem = '1GB'")
            conn.execute("CREATE INDEX article_leads_hnsw ON article_leads "
                         "USING hnsw (embedding vector_cosine_ops)")
        with db.transaction(write=True) as conn:
            conn.execute("ANALYZE")
    finally:
        db.close()


def scale(server: str, embedder: Embedder, articles: list[tuple[str, dict[str, Any]]],
          sizes: list[int], seed: int = 0) -> list[dict[str, Any]]:
    """Per-article latency and assignment accuracy of real posts over N stored articles.

    A fresh database a size gets N synthetic articles in N/5 stories (`background`); then the
    real-news articles are posted without `story` through an Ingestor a database, end to end
    (model included): the first article of each true story (a new event: right when it starts
    a story of its own), then the others in a shuffled order (follow-ups: right when they join
    the story their first article started). Each article goes to every size in turn, the
    model's sentence cache emptied before each post, so that every post pays the model and a
    busy spell of a shared machine falls on all sizes alike. The placing query alone
    (`nearest_leads`, every real lead three times) is timed after."""
    at = datetime.now(UTC)
    leads = embedder.encode([lead_of(f.get("title"), f["text"], at).text for _, f in articles])
    mean = leads.mean(axis=0).astype(np.float64)
    firsts: dict[str, int] = {}
    for i, (label, _) in enumerate(articles):
        firsts.setdefault(label, i)
    rest = [i for i in range(len(articles)) if i not in set(firsts.values())]
    random.Random(seed).shuffle(rest)
    dbs, loaded = [], []
    for size in sizes:
        url = fresh_database(server, f"bench_stories_{size}")
        migrate(url)
        started = time.perf_counter()
        background(url, size, mean, at)
        loaded.append(time.perf_counter() - started)
        print("scale: loaded", size, f"in {loaded[-1]:.1f} s", flush=True)
        dbs.append(Database(url))
    times: list[list[float]] = [[] for _ in sizes]
    query_ms: list[list[float]] = [[] for _ in sizes]
    story_of: list[dict[int, str]] = [{} for _ in sizes]
    try:
        for db in dbs:
            db.open()
        ingestors = [Ingestor(db, embedder, Settings().cluster_threshold) for db in dbs]
        for n, i in enumerate([*firsts.values(), *rest]):
            for k, ingestor in enumerate(ingestors):
                embedder.cache.clear()
                t0 = time.perf_counter()
                out = ingestor.ingest(ArticleIn(outlet=f"outlet-{n}", **articles[i][1]))
                times[k].append((time.perf_counter() - t0) * 1000)
                story_of[k][i] = out.story
        for k, db in enumerate(dbs):
            with db.transaction() as conn:
                for vector in [*leads, *leads, *leads]:
                    t0 = time.perf_counter()
                    story_store.nearest_leads(conn, vector, NEIGHBOURS)
                    query_ms[k].append((time.perf_counter() - t0) * 1000)
    finally:
        for db in dbs:
            db.close()
    rows: list[dict[str, Any]] = []
    for k, size in enumerate(sizes):
        started_by = [story_of[k][i] for i in firsts.values()]
        new_right = sum(not s.startswith("bg-") and started_by.count(s) == 1
                        for s in started_by)
        follow_right = sum(story_of[k][i] == story_of[k][firsts[articles[i][0]]] for i in rest)
        rows.append({
            "articles": size, "stories": max(1, size // 5), "load_s": round(loaded[k], 1),
            "posts": len(times[k]), "p50_ms": round(percentile(times[k], 50), 1),
            "p95_ms": round(percentile(times[k], 95), 1),
            "p50_ratio": round(percentile(times[k], 50) / percentile(times[0], 50), 2),
            "p95_ratio": round(percentile(times[k], 95) / percentile(times[0], 95), 2),
            "query_p50_ms": round(percentile(query_ms[k], 50), 2),
            "query_p95_ms": round(percentile(query_ms[k], 95), 2),
            "new_events_right": f"{new_right}/{len(firsts)}",
            "follow_ups_right": f"{follow_right}/{len(rest)}",
            "accuracy": round((new_right + follow_right) / len(articles), 3)})
        print("scale", rows[-1], flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--equate", type=int, default=300, help="EQUATE pairs (0: none)")
    parser.add_argument("--seeds", type=int, default=3, help="shuffled orders of real news")
    parser.add_argument("--scale", default="1000,100000",
                        help="stored synthetic articles to time real posts over ('' for none)")
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
        report["scale"] = scale(server, embedder, articles, sizes)
    print("written", write_json("stories.json", report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
