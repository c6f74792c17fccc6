"""Work bounded by design (issue 15): `python -m bench.bounds [--quick] [--before COMMIT]`.

1. A sentence listing 5,000 figures, in several shapes (plain numbers, counts of troops,
   percentages, dates, ages), posted as an article: refused or stored, and how long that took
   (the target: within 5 s); extraction alone on it, and extraction and framing of a sentence
   at the limit (100 figures).
2. An article of 2,000 one-line claims: refused at the default limit; with the limit raised,
   stored, and how long its story's lock was held; the placement alone at 1,000 to 5,000
   claims against the all-pairs placement this work replaced (kept here as `AllPairs`).
3. Normal articles (the real-news set when ../shared/eval is there, else seeds/), posted in
   turn through the current Ingestor and through `AllPairs` into two databases of one server:
   the ratio of their median per-article ingest times, and that both make the same clusters.
4. With `--before COMMIT` (default: the commit before this work), extraction and framing of
   the normal articles, and of a sentence of 1,000 counts and one of 300 dates, by that
   commit's code (in a process of its own, from `git archive`) against this code's.

The model runs in this process. Figures printed, and written to bench/out/bounds.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import (
    ROOT,
    Load,
    embedded_server,
    fresh_database,
    machine,
    now,
    wait_quiet,
    write_json,
)
from reconcile import ingest
from reconcile.domain import Claim
from reconcile.embedding.embed import Embedder
from reconcile.errors import OverLimit
from reconcile.extract.claims import analyse
from reconcile.extract.frames import frame_claims, load_parser
from reconcile.loaders import read_articles, seed_files
from reconcile.models import ArticleIn
from reconcile.rules import cluster
from reconcile.settings import Settings
from reconcile.store import batch, repo
from reconcile.store import db as store

BEFORE = "f0f54cb"  # the commit before this work
REALNEWS = ROOT.parent / "shared" / "eval" / "realnews_dev.jsonl"
BUDGET_S = 5.0

SHAPES: dict[str, Callable[[int], str]] = {
    "plain numbers": lambda n: "The counts were " + ", ".join(
        str(1000 + i) for i in range(n)) + ".",
    "counts of troops": lambda n: "Officials said " + ", ".join(
        f"{100 + i} troops" for i in range(n)) + " were sent.",
    "percentages": lambda n: "Inflation rose " + ", ".join(
        f"{i % 90 + 1}.5%" for i in range(n)) + " in turn.",
    "dates": lambda n: "Votes were held on " + ", ".join(
        f"March {i % 28 + 1}, {1900 + i % 120}" for i in range(n)) + ".",
    "ages": lambda n: "The victims were " + ", ".join(
        f"John Smith, {20 + i % 60}" for i in range(n)) + ".",
}


def one_line_claims(n: int) -> str:
    """An article of n short sentences, each a claim (a figure, with a few kinds of them)."""
    kinds = ["{k} soldiers were sent to the front", "{k} people were killed in the blast",
             "Prices rose {p}% in month {k}", "Officials counted {k} votes in district {d}"]
    return " ".join(kinds[i % 4].format(k=i + 2, p=i % 50 + 1, d=i % 90 + 1) + "."
                    for i in range(n))


class AllPairs(ingest.Ingestor):
    """The placement this work replaced: each claim compared with every earlier claim of its
    article (a dot product and a Candidate each), seeds checked one dot product at a time."""

    def _place(self, conn: repo.Conn, story: str, claims: list[Claim], vectors: np.ndarray,
               changed: set[int]
               ) -> tuple[list[tuple[Claim, int, np.ndarray]], set[int], list[bool]]:
        near = batch.nearest_claims_many(conn, story, list(vectors), ingest.CANDIDATES,
                                         cluster.min_cosine(self.threshold))
        sketches = self.sketches.get(conn, {r["id"] for rows in near for r in rows})
        merged: dict[int, int] = {}

        def final(label: int) -> int:
            while label in merged:
                label = merged[label]
            return label

        placed: list[tuple[cluster.Sketch, int, np.ndarray]] = []
        new_clusters = 0
        for claim, vector, stored in zip(claims, vectors, near, strict=True):
            candidates = [
                cluster.Candidate(sketches[r["id"]], final(r["cluster_id"]),
                                  float(r["similarity"]))
                for r in stored
            ] + [cluster.Candidate(sketch, final(label), float(np.dot(vector, v)))
                 for sketch, label, v in placed]
            candidates.sort(key=lambda c: -c.cosine)
            sketch = cluster.Sketch(claim.text, claim.values, claim.quote)
            joined = sorted(cluster.clusters_to_join(sketch, candidates[:ingest.CANDIDATES],
                                                     self.threshold),
                            key=lambda label: (label < 0, abs(label)))
            if joined:
                label = joined[0]
                merged.update((other, label) for other in joined[1:])
            else:
                new_clusters += 1
                label = -new_clusters
            placed.append((sketch, label, vector))
        into: dict[int, list[int]] = {}
        for label in merged:
            if label > 0:
                into.setdefault(final(label), []).append(label)
        for target, others in sorted(into.items()):
            repo.merge_clusters(conn, target, sorted(others))
            changed.update(others)
        kept = [label for label in range(-1, -new_clusters - 1, -1) if label not in merged]
        ids = dict(zip(kept, batch.insert_clusters(conn, story, len(kept)), strict=True))
        out = [(claim, ids.get(final(label), final(label)), vector)
               for claim, (_, label, vector) in zip(claims, placed, strict=True)]
        changed.update(cluster_id for _, cluster_id, _ in out)
        seeds = _all_pairs_seeds([final(label) for _, label, _ in placed], vectors,
                                 [[(final(r["cluster_id"]), float(r["similarity"]))
                                   for r in rows if r["seed"]] for rows in near])
        return out, set(ids.values()), seeds


def _all_pairs_seeds(clusters: list[int], vectors: np.ndarray,
                     stored_seeds: list[list[tuple[int, float]]]) -> list[bool]:
    chosen: dict[int, list[np.ndarray]] = {}
    seeds = []
    for cluster_id, vector, near in zip(clusters, vectors, stored_seeds, strict=True):
        covered = any(c == cluster_id and cos >= ingest.SEED_SIMILARITY for c, cos in near) or \
            any(float(np.dot(vector, v)) >= ingest.SEED_SIMILARITY
                for v in chosen.get(cluster_id, []))
        seeds.append(not covered)
        if not covered:
            chosen.setdefault(cluster_id, []).append(vector)
    return seeds


class Timed:
    """Wall time of the calls of one method of an Ingestor (its story's lock is held across
    _reconcile)."""

    def __init__(self, ingestor: ingest.Ingestor, name: str) -> None:
        self.seconds: list[float] = []
        inner = getattr(ingestor, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds.append(time.perf_counter() - t)

        setattr(ingestor, name, call)


def database(server: str, name: str) -> store.Database:
    url = fresh_database(server, name)
    store.migrate(url)
    db = store.Database(url, max_size=4)
    db.open()
    return db


def post(ingestor: ingest.Ingestor, article: ArticleIn) -> tuple[str, float]:
    """What became of the article ('stored', or the problem's title) and the seconds it took."""
    t = time.perf_counter()
    try:
        ingestor.ingest(article)
        outcome = "stored"
    except OverLimit as exc:
        outcome = f"{exc.status_code} {exc.title}"
    return outcome, time.perf_counter() - t


def big_sentences(ingestor: ingest.Ingestor, n: int) -> list[dict[str, Any]]:
    rows = []
    parse = load_parser()
    for shape, make in SHAPES.items():
        text = make(n)
        t = time.perf_counter()
        sentences = analyse(text)
        extract_s = time.perf_counter() - t
        outcome, wall = post(ingestor, ArticleIn(outlet="Bench Wire", text=text,
                                                 story=f"big-{shape}"))
        at_limit = make(ingestor.max_figures)
        t = time.perf_counter()
        frame_claims(analyse(at_limit), parse)
        rows.append({"shape": shape, "figures": sum(len(s.values) for s in sentences),
                     "chars": len(text), "extract_s": extract_s, "post": outcome,
                     "post_s": wall, f"extract_and_frame_{ingestor.max_figures}_s":
                         time.perf_counter() - t})
    return rows


def long_articles(server: str, embedder: Embedder, claims: Iterable[int],
                  reference_upto: int) -> list[dict[str, Any]]:
    rows = []
    threshold = Settings().cluster_threshold
    refused = ingest.Ingestor(database(server, "bench_bounds_refused"), embedder, threshold)
    outcome, wall = post(refused, ArticleIn(outlet="Bench Wire", text=one_line_claims(2000),
                                            story="long-refused"))
    rows.append({"claims": 2000, "limit": refused.max_claims, "post": outcome, "post_s": wall})
    refused.db.close()
    for n in claims:
        text = one_line_claims(n)
        for name, kind in (("bounded", ingest.Ingestor), ("all pairs", AllPairs)):
            if kind is AllPairs and n > reference_upto:
                continue
            db = database(server, f"bench_bounds_{n}_{kind.__name__.lower()}")
            ingestor = kind(db, embedder, threshold, max_claims=n)
            place, locked = Timed(ingestor, "_place"), Timed(ingestor, "_reconcile")
            outcome, wall = post(ingestor, ArticleIn(outlet="Bench Wire", text=text,
                                                     story=f"long-{n}"))
            db.close()
            rows.append({"claims": n, "limit": n, "placement": name, "post": outcome,
                         "post_s": wall, "lock_held_s": sum(locked.seconds),
                         "place_s": sum(place.seconds)})
    return rows


def normal_articles(quick: bool) -> list[ArticleIn]:
    if REALNEWS.exists():
        from bench.ingest import realnews_articles

        found = [ArticleIn(**a) for a in realnews_articles(REALNEWS)]
    else:
        found = [a for path in seed_files(ROOT / "seeds") for a in read_articles(path)]
    return found[:30] if quick else found


def partition(db: store.Database, story: str) -> list[tuple[int, ...]]:
    """The story's clusters as sets of (article order, claim order) positions."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT c.cluster_id, row_number() OVER (ORDER BY c.article_id, c.start_char) AS k "
            "FROM claims c WHERE c.story = %(s)s ORDER BY k", {"s": story}).fetchall()
    groups: dict[int, list[int]] = {}
    for r in rows:
        groups.setdefault(r["cluster_id"], []).append(int(r["k"]))
    return sorted(tuple(g) for g in groups.values())


def same_work(server: str, embedder: Embedder, articles: list[ArticleIn]) -> dict[str, Any]:
    threshold = Settings().cluster_threshold
    now_db, then_db = database(server, "bench_bounds_now"), database(server, "bench_bounds_then")
    bounded = ingest.Ingestor(now_db, embedder, threshold)
    reference = AllPairs(then_db, embedder, threshold)
    for a in articles[:3]:  # warm the parser and the model's first passes
        analyse(a.text)
    times: dict[str, list[float]] = {"bounded": [], "all pairs": []}
    wait_quiet()
    with Load() as load:
        for k, article in enumerate(articles):
            # the embedding cache would serve the second of the pair: each gets a cold one
            order = [("bounded", bounded), ("all pairs", reference)]
            for name, ingestor in order if k % 2 == 0 else order[::-1]:
                embedder.cache.clear()
                times[name].append(post(ingestor, article)[1])
    stories = sorted({a.story for a in articles if a.story})
    same = all(partition(now_db, s) == partition(then_db, s) for s in stories)
    now_db.close()
    then_db.close()
    medians = {name: statistics.median(v) for name, v in times.items()}
    return {"articles": len(articles), "median_s": medians,
            "ratio_bounded_to_all_pairs": medians["bounded"] / medians["all pairs"],
            "total_s": {name: sum(v) for name, v in times.items()},
            "same_clusters": same, "others": load.describe()}


EXTRACT = """
import json, sys, time
from reconcile.extract.claims import analyse
from reconcile.extract.frames import frame_claims, load_parser
texts = json.load(sys.stdin)
parse = load_parser()
frame_claims(analyse(texts[0]), parse)
out = []
for t in texts:
    s = time.perf_counter(); frame_claims(analyse(t), parse); out.append(time.perf_counter() - s)
print(json.dumps(out))
"""


def extraction_times(source: Path, texts: list[str], timeout_s: float) -> list[float] | None:
    """Seconds to extract and frame each text by the code under `source`, in a process of its
    own; None past timeout_s."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    try:
        done = subprocess.run([sys.executable, "-c", EXTRACT], input=json.dumps(texts),
                              capture_output=True, text=True, env=env, timeout=timeout_s,
                              check=True, cwd=source)
    except subprocess.TimeoutExpired:
        return None
    times: list[float] = json.loads(done.stdout)
    return times


def before_and_after(commit: str, articles: list[ArticleIn], timeout_s: float
                     ) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", commit, "reconcile"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out: dict[str, Any] = {"commit": commit}
        normal = [a.text for a in articles]
        for name, source in (("before", Path(tmp)), ("after", ROOT)):
            times = extraction_times(source, normal, timeout_s)
            out[f"normal_articles_{name}_s"] = None if times is None else sum(times)
        # the code before was cubic in the dates of a sentence: a few hundred take minutes
        for shape, n in (("counts of troops", 1000), ("dates", 300)):
            text = SHAPES[shape](n)
            for name, source in (("before", Path(tmp)), ("after", ROOT)):
                times = extraction_times(source, [text], timeout_s)
                out[f"{shape}, {n} figures, {name}_s"] = None if times is None else times[0]
    return out


def show(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    for r in rows:
        print("  " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                               for k, v in r.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--before", default=BEFORE,
                        help="commit whose extraction to time beside this one's ('none': skip)")
    args = parser.parse_args()
    print(f"bench.bounds, {now()}, {machine()}")
    server = embedded_server(ROOT / "bench" / "out" / "pg")
    embedder = Embedder()
    settings = Settings()
    limited = ingest.Ingestor(database(server, "bench_bounds_big"), embedder,
                              settings.cluster_threshold)
    results: dict[str, Any] = {"when": now(), "machine": machine()}
    results["big_sentences"] = big_sentences(limited, 5000)
    limited.db.close()
    show("1. one sentence of 5,000 figures, posted (limit "
         f"{settings.max_figures_per_sentence} a sentence)", results["big_sentences"])
    sizes = (1000, 2000) if args.quick else (1000, 2000, 5000)
    results["long_articles"] = long_articles(server, embedder, sizes, reference_upto=1000)
    show("2. an article of one-line claims (refused at the default limit; stored with the "
         "limit raised, placement bounded or all pairs)", results["long_articles"])
    articles = normal_articles(args.quick)
    results["normal"] = same_work(server, embedder, articles)
    show("3. normal articles, bounded placement against all pairs, in turn",
         [results["normal"]])
    if args.before != "none":
        results["before_after"] = before_and_after(args.before, articles, timeout_s=300)
        show(f"4. extraction and framing, the code of {args.before} against this one",
             [results["before_after"]])
    worst = max([r["post_s"] for r in results["big_sentences"]]
                + [r["post_s"] for r in results["long_articles"]
                   if r["claims"] == 2000 and r["limit"] == settings.max_claims_per_article])
    print(f"\nslowest 5,000-figure sentence or 2,000-claim article, as served: {worst:.2f} s "
          f"({'within' if worst <= BUDGET_S else 'over'} {BUDGET_S:g} s); same clusters: "
          f"{results['normal']['same_clusters']}")
    print(f"written to {write_json('bounds.json', results)}")
    return 0 if worst <= BUDGET_S and results["normal"]["same_clusters"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
