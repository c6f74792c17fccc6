"""Benchmark 2 (scale): `python -m bench.scale [--quick] [--sizes 1000,100000,1000000]`.

Grows one database to each size in turn by bulk loading (COPY, bypassing HTTP) stories of 100
to 1,000 claims each, then measures, at that size:

- per-article ingest latency (median, p99) over the same 200 generated articles, posted one at
  a time through the Ingestor (extract, embed, cluster, store, conflicts), split into the model's
  share and the rest (SQL, clustering, conflict checks);
- a cluster lookup: what GET /api/clusters/{id} runs (cluster, claims, conflicts, consensus)
  for 200 random clusters;
- the database's size on disk, and how long loading and VACUUM ANALYZE took.

Every size gets two fresh "probe" stories of 500 claims with the same content, and the 200
articles go into those: each size does exactly the same work, only the rest of the database
grows. Bulk claims are claims the extractor found in generated articles (text, figures,
sources), embedded by the real model once, with some noise added per copy so that no two
vectors are the same; stories' rows are interleaved on disk as stories running side by side
would be. The global HNSW index (schemas/001) is dropped for each bulk load and rebuilt after
it, as one bulk-loads any indexed table, so the probes run with it kept up to date as in the
service; --no-index measures without it. --shared-buffers restarts the embedded PostgreSQL with
that much shared memory first (it keeps the setting for later runs on the same data directory).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import psycopg

from bench import similar as similar_search
from bench.common import (
    OUT,
    Load,
    TimedEncoder,
    database_size,
    embedded_server,
    fresh_database,
    machine,
    now,
    percentile,
    postmaster_pid,
    set_shared_buffers,
    wait_quiet,
    write_json,
)
from bench.corpus import articles
from reconcile.domain import Claim, ConflictDraft
from reconcile.embedding.embed import Embedder
from reconcile.errors import NotFound
from reconcile.extract.claims import extract_claims
from reconcile.ingest import SEED_SIMILARITY
from reconcile.models import ArticleIn, ClaimOut
from reconcile.rules import cluster, conflicts
from reconcile.settings import Settings
from reconcile.startup import open_service
from reconcile.store import repo
from reconcile.truth.estimates import Truth, describe_cluster

PROBE_STORY_CLAIMS = 500
NOISE = 0.01  # per dimension, before normalising: cosine to the original about 0.98


# --- the pool: real extracted claims with real vectors, clustered as the service would ---------


@dataclass
class PoolArticle:
    text: str
    outlet: str
    published: str
    claims: list[int]  # indexes into Pool.claims


@dataclass
class PoolStory:
    articles: list[PoolArticle]
    clusters: list[list[int]]  # pool claim indexes of each cluster
    conflicts: list[ConflictDraft]  # claim ids are pool claim indexes
    n_claims: int


@dataclass
class Pool:
    stories: list[PoolStory] = field(default_factory=list)
    claims: list[list[str]] = field(default_factory=list)  # COPY text fields of each claim
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), np.float32))


def _copy_text(value: str | None) -> str:
    if value is None:
        return "\\N"
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _json(value: Any) -> str:
    return _copy_text(None if value is None else json.dumps(value))


def cluster_story(claims: list[ClaimOut], vectors: np.ndarray, threshold: float
                  ) -> list[list[int]]:
    """The clusters Ingestor._place would make of these claims posted in order (by position in
    `claims`): each joins every cluster among its 8 nearest predecessors that it matches."""
    label: list[int] = []
    merged: dict[int, int] = {}

    def final(x: int) -> int:
        while x in merged:
            x = merged[x]
        return x

    for i, c in enumerate(claims):
        sims = vectors[:i] @ vectors[i] if i else np.zeros(0)
        nearest = np.argsort(-sims, kind="stable")[:8]
        candidates = [cluster.Candidate(cluster.Sketch(claims[j].text, tuple(claims[j].values),
                                                       claims[j].quote),
                                        final(label[j]), float(sims[j])) for j in nearest]
        joined = cluster.clusters_to_join(cluster.Sketch(c.text, tuple(c.values), c.quote),
                                          candidates, threshold)
        if joined:
            merged.update((o, joined[0]) for o in joined[1:])
            label.append(joined[0])
        else:
            label.append(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(claims)):
        groups.setdefault(final(label[i]), []).append(i)
    return list(groups.values())


def build_pool(embedder: Embedder, n_articles: int, seed: int, threshold: float) -> Pool:
    pool = Pool()
    texts: list[str] = []
    by_story: dict[str, list[tuple[dict[str, str], list[Claim]]]] = {}
    for a in articles(n_articles, seed):
        published = datetime.fromisoformat(a["published_at"])
        claims = extract_claims(a["text"], published.date(), frozenset({a["outlet"].lower()}))
        by_story.setdefault(a["story"], []).append((a, claims))
    members: list[list[ClaimOut]] = []  # each story's claims, as the service reads them
    for story in by_story.values():
        story.sort(key=lambda ac: ac[0]["published_at"])
        pool_articles, outs = [], []
        for a, claims in story:
            idx = []
            for c in claims:
                idx.append(len(pool.claims))
                texts.append(c.text)
                pool.claims.append([
                    str(c.index), _copy_text(c.text), str(c.start), str(c.end),
                    _json([v.model_dump(mode="json") for v in c.values]),
                    _json(c.source.model_dump(mode="json") if c.source else None),
                    _json([x.model_dump(mode="json") for x in c.citations]),
                    _json(c.time_span.model_dump(mode="json") if c.time_span else None),
                    _copy_text(c.quote),
                ])
                outs.append(ClaimOut(
                    id=idx[-1], article_id=0, cluster_id=0, outlet=a["outlet"], text=c.text,
                    start=c.start, end=c.end, values=list(c.values), source=c.source,
                    citations=list(c.citations), time_span=c.time_span, quote=c.quote,
                    published_at=a["published_at"]))
            pool_articles.append(PoolArticle(a["text"], a["outlet"], a["published_at"], idx))
        if outs:
            pool.stories.append(PoolStory(pool_articles, [], [], len(outs)))
            members.append(outs)
    pool.vectors = np.concatenate([embedder.encode_direct(texts[i:i + 256])
                                   for i in range(0, len(texts), 256)])
    for story, outs in zip(pool.stories, members, strict=True):
        ids = [c.id for c in outs]
        groups = cluster_story(outs, pool.vectors[ids], threshold)
        story.clusters = [[ids[i] for i in g] for g in groups]
        story.conflicts = [d for g in groups
                           for d in conflicts.find_conflicts([outs[i] for i in g])]
    return pool


# --- bulk loading ---------------------------------------------------------------------------------


@dataclass
class Ids:
    article: int = 0
    cluster: int = 0
    claim: int = 0


@dataclass
class Plan:
    """What to COPY: light rows, rendered to text as they stream."""

    articles: list[tuple[int, str, PoolArticle]] = field(default_factory=list)
    clusters: list[tuple[int, str]] = field(default_factory=list)
    # claim id, article id, cluster id, story, pool claim
    claims: list[tuple[int, int, int, str, int]] = field(default_factory=list)
    conflicts: list[tuple[str, int, ConflictDraft]] = field(default_factory=list)

    @property
    def n_claims(self) -> int:
        return len(self.claims)


def plan_stories(pool: Pool, stories: list[tuple[str, int]], ids: Ids, rng: random.Random,
                 fixed: list[int] | None = None) -> Plan:
    """Stories of (slug, claims wanted), each made of whole pool stories (random ones, or those
    `fixed` names, in order), their clusters and conflicts as the service found them."""
    plan = Plan()
    per_story: list[list[tuple[int, PoolArticle]]] = []
    for slug, wanted in stories:
        n, arts = 0, []
        picks = iter(fixed or [])
        while n < wanted:
            story = pool.stories[next(picks) if fixed else rng.randrange(len(pool.stories))]
            claim_ids: dict[int, int] = {}
            article_of: dict[int, int] = {}
            for pa in story.articles:
                ids.article += 1
                arts.append((ids.article, pa))
                for c in pa.claims:
                    ids.claim += 1
                    claim_ids[c] = ids.claim
                    article_of[c] = ids.article
            cluster_of: dict[int, int] = {}
            for group in story.clusters:
                ids.cluster += 1
                plan.clusters.append((ids.cluster, slug))
                for c in group:
                    cluster_of[c] = ids.cluster
            for c in sorted(claim_ids):
                plan.claims.append((claim_ids[c], article_of[c], cluster_of[c], slug, c))
            for d in story.conflicts:
                remapped = d.model_copy(update={
                    "claim_ids": [claim_ids[i] for i in d.claim_ids],
                    "positions": [p.model_copy(update={"claim_ids": [claim_ids[i] for i in
                                                                     p.claim_ids]})
                                  for p in d.positions]})
                plan.conflicts.append((slug, cluster_of[d.claim_ids[0]], remapped))
            n += story.n_claims
        per_story.append(arts)
    # Stories run side by side: interleave the articles of each block of 50 stories.
    for block in range(0, len(stories), 50):
        queues = [list(a) for a in per_story[block:block + 50]]
        slugs = [s for s, _ in stories[block:block + 50]]
        while any(queues):
            for q, slug in zip(queues, slugs, strict=True):
                if q:
                    article_id, pa = q.pop(0)
                    plan.articles.append((article_id, slug, pa))
    order = {a[0]: i for i, a in enumerate(plan.articles)}
    plan.claims.sort(key=lambda c: (order[c[1]], c[0]))
    return plan


def copy_plan(conn: psycopg.Connection[Any], pool: Pool, plan: Plan, rng: np.random.Generator
              ) -> None:
    def rows(render: Callable[[Any], str], items: list[Any]) -> Iterator[str]:
        buf = []
        for item in items:
            buf.append(render(item))
            if len(buf) >= 2000:
                yield "".join(buf)
                buf = []
        if buf:
            yield "".join(buf)

    def article(a: tuple[int, str, PoolArticle]) -> str:
        article_id, slug, pa = a
        return (f"{article_id}\t{_copy_text(slug)}\t{_copy_text(pa.outlet)}\t\\N\t"
                f"https://bulk.example/{article_id}\t{pa.published}\t{_copy_text(pa.text)}\t"
                f"bulk{article_id}\n")

    with conn.cursor() as cur:
        with cur.copy("COPY articles (id, story, outlet, title, url, published_at, text, "
                      "content_hash) FROM STDIN") as copy:
            for chunk in rows(article, plan.articles):
                copy.write(chunk)
        with cur.copy("COPY clusters (id, story) FROM STDIN") as copy:
            for chunk in rows(lambda c: f"{c[0]}\t{_copy_text(c[1])}\n", plan.clusters):
                copy.write(chunk)
        outlet_of = {a[0]: a[2].outlet for a in plan.articles}
        noise = rng.normal(0, NOISE, size=(len(plan.claims), 384)).astype(np.float32)

        seeded: dict[int, list[np.ndarray]] = {}  # the seeds of each cluster, as ingest picks

        def claim(i_c: tuple[int, tuple[int, int, int, str, int]]) -> str:
            i, (claim_id, article_id, cluster_id, slug, c) = i_c
            v = pool.vectors[c] + noise[i]
            v /= np.linalg.norm(v)
            vector = "[" + ",".join(f"{x:.6f}" for x in v.tolist()) + "]"
            fields = pool.claims[c]
            seeds = seeded.setdefault(cluster_id, [])
            covered = any(float(np.dot(v, s)) >= SEED_SIMILARITY for s in seeds)
            seed = "f" if covered else "t"
            if not covered:
                seeds.append(v)
            return "\t".join([str(claim_id), str(article_id), str(cluster_id), _copy_text(slug),
                              _copy_text(outlet_of[article_id]), *fields, vector, seed]) + "\n"

        with cur.copy('COPY claims (id, article_id, cluster_id, story, outlet, position, text, '
                      'start_char, end_char, "values", source, citations, time_span, quote, '
                      "embedding, seed) FROM STDIN") as copy:
            for chunk in rows(claim, list(enumerate(plan.claims))):
                copy.write(chunk)

        def conflict(f: tuple[str, int, ConflictDraft]) -> str:
            slug, cluster_id, d = f
            positions = json.dumps([p.model_dump(mode="json") for p in d.positions])
            return "\t".join([
                _copy_text(slug), str(cluster_id), _copy_text(d.key), d.kind,
                f"{d.severity:.6f}", _copy_text(d.explanation), _copy_text(d.measure),
                _copy_text(positions), "{" + ",".join(map(str, d.claim_ids)) + "}"]) + "\n"

        with cur.copy("COPY conflicts (story, cluster_id, key, kind, severity, explanation, "
                      "measure, positions, claim_ids) FROM STDIN") as copy:
            for chunk in rows(conflict, plan.conflicts):
                copy.write(chunk)
    conn.commit()


def sync_sequences(conn: psycopg.Connection[Any], ids: Ids) -> None:
    """Sequences past the copied ids, and the counters past what the service inserted."""
    for table in ("articles", "clusters", "claims"):
        top = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        setattr(ids, table[:-1], max(getattr(ids, table[:-1]), top))
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"{max(getattr(ids, table[:-1]), 1)})")
    conn.commit()


# --- measuring ------------------------------------------------------------------------------------


def probe(service: Any, timed: TimedEncoder, probes: list[dict[str, Any]], stories: list[str]
          ) -> dict[str, float]:
    totals, rest = [], []
    for i, a in enumerate(probes):
        article = ArticleIn(**{**a, "story": stories[i % len(stories)]})
        timed.last = 0.0
        t = time.perf_counter()
        out = service.ingestor.ingest(article)
        total = time.perf_counter() - t
        assert not out.duplicate
        totals.append(total * 1000)
        rest.append((total - timed.last) * 1000)
    return {"median_ms": percentile(totals, 50), "p99_ms": percentile(totals, 99),
            "rest_median_ms": percentile(rest, 50), "rest_p99_ms": percentile(rest, 99)}


def cluster_lookups(service: Any, rng: random.Random, n: int) -> dict[str, float]:
    truth = Truth(service.db)
    with service.db.transaction() as conn:
        top = conn.execute("SELECT max(id) AS m FROM clusters").fetchone()["m"]
    times = []
    for _ in range(n):
        while True:
            cluster_id = rng.randint(1, top)
            t = time.perf_counter()
            try:
                with service.db.transaction() as conn:
                    describe_cluster(truth, conn, repo.get_cluster(conn, cluster_id))
            except NotFound:  # merged away: pick another
                continue
            times.append((time.perf_counter() - t) * 1000)
            break
    return {"median_ms": percentile(times, 50), "p99_ms": percentile(times, 99)}


@contextlib.contextmanager
def profiled(enabled: bool, name: str) -> Iterator[None]:
    """pyinstrument (pip install pyinstrument) over the block, its report under bench/out."""
    if not enabled:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        (OUT / name).write_text(profiler.output_text(unicode=False, color=False))


def build_hnsw(url: str) -> float:
    """(Re)build the global HNSW index exactly as schemas/006 defines it; seconds taken."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '2GB'")
        t = time.perf_counter()
        conn.execute("CREATE INDEX IF NOT EXISTS claims_seed_hnsw ON claims "
                     "USING hnsw (embedding vector_cosine_ops) WHERE seed")
        return time.perf_counter() - t


def drop_hnsw(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP INDEX IF EXISTS claims_seed_hnsw")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 20,000 claims, 30 probes")
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--no-index", action="store_true",
                        help="measure without the global HNSW index (it is not rebuilt)")
    parser.add_argument("--shared-buffers", default=None,
                        help="e.g. 2GB: restart the embedded PostgreSQL with this shared_buffers")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", action="store_true",
                        help="pyinstrument the probes: bench/out/profile-scale-<claims>.txt")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    sizes = [1000, 20000] if args.quick else [int(s) for s in args.sizes.split(",")]
    n_probes = 30 if args.quick else args.probes

    print(f"# Scale — {now()} — {machine()}")
    server_url = embedded_server(OUT / "pg")
    if args.shared_buffers:
        server_url = set_shared_buffers(server_url, OUT / "pg", args.shared_buffers)
    with psycopg.connect(server_url) as conn:
        row = conn.execute("SHOW shared_buffers").fetchone()
        print(f"PostgreSQL shared_buffers {row[0] if row else '?'}")
    url = fresh_database(server_url, "bench_scale")
    settings = Settings(DATABASE_URL=url)
    embedder = Embedder()
    timed = TimedEncoder(embedder)
    service = open_service(settings, embedder=timed, url=url)  # type: ignore[arg-type]
    t = time.perf_counter()
    pool = build_pool(embedder, 300 if args.quick else 1500, args.seed,
                      settings.cluster_threshold)
    print(f"pool: {len(pool.claims)} claims in {len(pool.stories)} stories, "
          f"{sum(len(s.clusters) for s in pool.stories)} clusters, "
          f"{sum(len(s.conflicts) for s in pool.stories)} conflicts; embedded and clustered in "
          f"{time.perf_counter() - t:.0f} s; model precision {embedder.precision}")
    rng = random.Random(args.seed)
    nrng = np.random.default_rng(args.seed)
    probe_articles = articles(n_probes, seed=args.seed + 1)
    # Similar-claims searches for sentences of articles never loaded: recall against a scan.
    queries = embedder.encode_direct([c.text for a in articles(20, seed=args.seed + 3)
                                      for c in extract_claims(a["text"])][:50])
    probe_pool = [rng.randrange(len(pool.stories)) for _ in range(100)]
    warm = articles(5, seed=args.seed + 2)
    ids = Ids()
    total = 0
    rows = []
    print(f"global HNSW index: {'absent' if args.no_index else 'kept up to date, as served'}")
    print("| claims | articles | stories | load s | index s | vacuum s | DB size | ingest median | "
          "ingest p99 | non-model median | non-model p99 | cluster lookup median | p99 | "
          "similar recall@10 | similar p99 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for stage, size in enumerate(sizes):
        with psycopg.connect(url) as conn:
            sync_sequences(conn, ids)
        probe_stories = [f"probe-{stage}-{j}" for j in range(2)]
        plan = plan_stories(pool, [(s, PROBE_STORY_CLAIMS) for s in probe_stories], ids, rng,
                            fixed=probe_pool)
        wanted = size - total - plan.n_claims
        stories: list[tuple[str, int]] = []
        n_bulk = 0
        while n_bulk < wanted:
            n = min(rng.randint(100, 1000), wanted - n_bulk)
            stories.append((f"bulk-{stage}-{len(stories):05d}", n))
            n_bulk += n
        bulk = plan_stories(pool, stories, ids, rng) if stories else Plan()
        drop_hnsw(url)
        t = time.perf_counter()
        with psycopg.connect(url) as conn:
            copy_plan(conn, pool, bulk, nrng)
            copy_plan(conn, pool, plan, nrng)
            sync_sequences(conn, ids)
        load_s = time.perf_counter() - t
        index_s = 0.0 if args.no_index else build_hnsw(url)
        t = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            conn.execute("CHECKPOINT")
            n_claims, n_articles, n_stories = conn.execute(
                "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM articles), "
                "(SELECT count(DISTINCT story) FROM articles)").fetchone()
        vacuum_s = time.perf_counter() - t
        total = n_claims
        for a in warm:  # first-use set-up of the connections and kernels, not timed
            service.ingestor.ingest(ArticleIn(**{**a, "story": f"warm-{stage}"}))
        wait_quiet()
        with Load({"postgres": postmaster_pid(OUT / "pg")}) as load, \
                profiled(args.profile, f"profile-scale-{size}.txt"):
            timed.forget()  # the same probe articles at every size: embed them every time
            ingest = probe(service, timed, probe_articles, probe_stories)
            lookup = cluster_lookups(service, random.Random(stage), 200)
            similar = similar_search.measure(
                service.db, similar_search.served, queries,
                similar_search.answers(service.db, similar_search.exact, queries))
        size_bytes = database_size(url)
        row = {"claims": n_claims, "articles": n_articles, "stories": n_stories,
               "load_s": load_s, "index_s": index_s, "vacuum_s": vacuum_s, "db_bytes": size_bytes,
               "ingest": ingest, "lookup": lookup, "similar": similar,
               "others_busy": load.describe()}
        rows.append(row)
        print(f"| {n_claims:,} | {n_articles:,} | {n_stories:,} | {load_s:.0f} | {index_s:.0f} "
              f"| {vacuum_s:.0f} "
              f"| {size_bytes / 2**20:,.0f} MiB | {ingest['median_ms']:.1f} ms | "
              f"{ingest['p99_ms']:.1f} ms | {ingest['rest_median_ms']:.1f} ms | "
              f"{ingest['rest_p99_ms']:.1f} ms | {lookup['median_ms']:.2f} ms | "
              f"{lookup['p99_ms']:.2f} ms | {similar['recall']:.3f} | "
              f"{similar['p99_ms']:.2f} ms |", flush=True)
    first, last = rows[0]["ingest"], rows[-1]["ingest"]
    print(f"latency at {rows[-1]['claims']:,} claims / at {rows[0]['claims']:,}: median "
          f"{last['median_ms'] / first['median_ms']:.2f}x, p99 "
          f"{last['p99_ms'] / first['p99_ms']:.2f}x (target <= 1.3x); non-model median "
          f"{last['rest_median_ms'] / first['rest_median_ms']:.2f}x")
    write_json("scale.json", {"date": now(), "machine": machine(), "rows": rows,
                              "hnsw": not args.no_index, "shared_buffers": args.shared_buffers})
    service.close()
    if not args.keep:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "bench_scale" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
