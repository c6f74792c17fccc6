"""One article from POST to stored conflicts: extract, embed, cluster, compare, store.

The model runs before the transaction (it is the slow part and needs no lock); the rest runs
in one transaction under a per-story advisory lock, so concurrent posts into one story cannot
create duplicate clusters and a failure stores nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from cachetools import LRUCache

from reconcile import deadline
from reconcile.domain import Claim, Figure
from reconcile.embedding.embed import Encoder
from reconcile.errors import Clash, InvalidInput, OverLimit
from reconcile.extract.claims import analyse, is_claim
from reconcile.extract.frames import Parser, frame_claims, frame_keys, load_parser
from reconcile.models import ArticleIn, ArticleOut, ClaimOut
from reconcile.rules import cluster, conflicts, stories
from reconcile.store import batch, repo
from reconcile.store import stories as story_store
from reconcile.store.db import Database

log = logging.getLogger(__name__)
# Single linkage must see every link of a new claim to be order-independent, so each new claim
# is scored against every stored claim of its story that could reach the threshold (cosine at
# least cluster.min_cosine), nearest first; this cap only bounds the work in a story with
# hundreds of near-identical claims, where the nearest ones decide anyway.
CANDIDATES = 256
# A claim goes into the global HNSW index (is a seed, schemas/006) unless a seed of its cluster
# says nearly the same words (cosine at least this): the similar-claims search finds a cluster
# by its seeds, so every wording of a cluster needs one, but a reprint or a copy with another
# figure does not. The same value is in schemas/006_cluster_seed_index.sql.
SEED_SIMILARITY = 0.9
# Stored claims whose sketches stay in memory (a few KiB each): several stories' neighbours.
SKETCHES = 20_000
# Limits of an Ingestor built directly (tests, benchmarks); the service passes its settings,
# RECONCILE_MAX_FIGURES_PER_SENTENCE and RECONCILE_MAX_CLAIMS_PER_ARTICLE (settings.py: why).
MAX_FIGURES_PER_SENTENCE = 100
MAX_CLAIMS_PER_ARTICLE = 500


def content_hash(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()


@dataclass
class Ingestor:
    db: Database
    embedder: Encoder
    threshold: float
    max_chars: int = 200_000
    parse: Parser = field(default_factory=load_parser)
    sketches: SketchCache = field(default_factory=lambda: SketchCache(SKETCHES), repr=False)
    story_rule: stories.Rule = field(default_factory=stories.Rule)
    max_figures: int = MAX_FIGURES_PER_SENTENCE
    max_claims: int = MAX_CLAIMS_PER_ARTICLE

    def ingest(self, article: ArticleIn) -> ArticleOut:
        """Store the article and its claims; a repost returns the stored one (duplicate=True)."""
        if len(article.text) > self.max_chars:
            raise InvalidInput(
                f"text is {len(article.text)} characters; the limit is {self.max_chars}",
                errors=[{"field": "text", "message": f"longer than {self.max_chars} characters"}],
            )
        url = str(article.url) if article.url else None
        digest = content_hash(article.text)
        # A repost is found under the story's lock below, after embedding: its sentences are
        # in the embedding cache by then, so a check before embedding would cost every new
        # article a transaction to save a repost little.
        published = article.published_at.date() if article.published_at else None
        sentences = analyse(article.text, published, frozenset({article.outlet.lower()}))
        self._check_limits(sentences)
        # every sentence is framed (names in sentences without figures resolve "the 73-year-old")
        claims = [c for c in frame_claims(sentences, self.parse, published) if is_claim(c)]
        deadline.check()  # past its budget the request is answered: stop before the model
        # An article without a story is placed by its lead, embedded in the claims' pass; one
        # with a story costs what it did (its lead is never read).
        lead = None if article.story else stories.lead_of(
            article.title, article.text, article.published_at or datetime.now(UTC))
        encoded = self.embedder.encode([c.text for c in claims] + ([lead.text] if lead else []))
        vectors, lead_vector = (encoded[:-1], encoded[-1]) if lead else (encoded, None)
        deadline.check()  # and before the story's lock

        story = article.story
        written = [story] if story else []  # the stories this write touches: pages go stale
        changed: set[int] = set()  # the clusters this write touches: their pages go stale
        try:
            with self.db.transaction(write=True, stories=written, clusters=changed) as conn:
                if lead is not None and lead_vector is not None:
                    story = self._assign(conn, article, lead, lead_vector, digest)
                    written.append(story)
                assert story is not None
                repo.lock_story(conn, story)
                existing = repo.find_duplicate(conn, story, url, article.outlet, digest)
                if existing is not None:
                    return repo.get_article(conn, existing, duplicate=True)
                row = repo.insert_article(
                    conn, story=story, outlet=article.outlet, title=article.title,
                    url=url, published_at=article.published_at, text=article.text,
                    content_hash=digest,
                )
                story_store.touch_story(conn, story, stories.title_of(article.title,
                                                                      article.text))
                if lead is not None and lead_vector is not None:
                    story_store.insert_lead(conn, row["id"], lead, lead_vector)
                placed, ids = self._reconcile(conn, story, row["id"], article.outlet, claims,
                                              vectors, changed)
        except Clash:
            # A concurrent post of the same article won the race: serve the stored one.
            if story is None:
                raise
            with self.db.transaction() as conn:
                existing = repo.find_duplicate(conn, story, url, article.outlet, digest)
                if existing is None:
                    raise
                return repo.get_article(conn, existing, duplicate=True)
        # Built from what was just written rather than read back: the same as GET would give.
        out = ArticleOut(**row, claims=[
            ClaimOut.from_claim(claim, id=claim_id, article_id=row["id"], cluster_id=cluster_id,
                                outlet=article.outlet, published_at=row["published_at"],
                                story=story)
            for (claim, cluster_id, _), claim_id in zip(placed, ids, strict=True)])
        log.info("ingested article", extra={"action": "ingest", "article_id": out.id,
                                             "claims": len(out.claims)})
        return out

    def _check_limits(self, sentences: list[Claim]) -> None:
        """Refuse an article that asks for more work than the limits allow, before the parse
        and the model: a sentence stating more than max_figures figures, or more than
        max_claims claims."""
        crowded = next((s for s in sentences if len(s.values) > self.max_figures), None)
        if crowded is not None:
            raise OverLimit(
                f"a sentence states {len(crowded.values)} figures; the limit is "
                f"{self.max_figures} a sentence (RECONCILE_MAX_FIGURES_PER_SENTENCE)",
                errors=[{"field": "text", "message": (
                    f"the sentence at characters {crowded.start}-{crowded.end} states more "
                    f"than {self.max_figures} figures")}])
        count = sum(is_claim(s) for s in sentences)
        if count > self.max_claims:
            raise OverLimit(
                f"the text makes {count} claims; the limit is {self.max_claims} an article "
                "(RECONCILE_MAX_CLAIMS_PER_ARTICLE)",
                errors=[{"field": "text",
                         "message": f"makes more than {self.max_claims} claims"}])

    def _assign(self, conn: repo.Conn, article: ArticleIn, lead: stories.Lead,
                vector: np.ndarray, digest: str) -> str:
        """The story of an article posted without one: that of the stored articles about the
        same event (reconcile/rules/stories.py decides), or a new one."""
        story = stories.choose(lead, story_store.nearest_leads(conn, vector, stories.NEIGHBOURS),
                               self.story_rule)
        if story is not None:
            return story
        # Two posts about one new event at once must start one story, whichever server
        # process takes them: starting a story takes turns (until commit), and each looks
        # again once it has its turn, when the lead of the one before it is committed.
        story_store.lock_new_stories(conn)
        story = stories.choose(lead, story_store.nearest_leads(conn, vector, stories.NEIGHBOURS),
                               self.story_rule)
        if story is not None:
            return story
        title = stories.title_of(article.title, article.text)
        return story_store.create_story(conn, stories.story_ids(title, digest), title)

    def _reconcile(self, conn: repo.Conn, story: str, article_id: int, outlet: str,
                   claims: list[Claim], vectors: np.ndarray, changed: set[int]
                   ) -> tuple[list[tuple[Claim, int, np.ndarray]], list[int]]:
        """Store a stored article's claims in its story, clustered, with the conflicts they
        make: (claim, cluster id, vector) of each, and the claims' ids."""
        at = self._place(conn, story, claims, vectors, changed)
        placed, created = at.placed, at.created
        ids = batch.insert_claims(conn, article_id=article_id, story=story, outlet=outlet,
                                  claims=placed, seeds=at.seeds, heads=at.heads)
        touched = {cluster_id for _, cluster_id, _ in placed}
        if touched - created:
            repo.touch_clusters(conn, sorted(touched - created))
        # An attribution conflict is made of a cluster's credited claims: only a credited claim
        # joining, or clusters merging, changes them (a reprint's uncredited line does not).
        credited = {cluster_id for claim, cluster_id, _ in placed
                    if claim.source is not None and claim.source.start is not None}
        self._refresh(conn, story, sorted(credited | at.merged), created)
        self._compare_figures(conn, story, claims, ids, sorted(touched))
        return placed, ids

    def _place(self, conn: repo.Conn, story: str, claims: list[Claim], vectors: np.ndarray,
               changed: set[int]) -> Placement:
        """Where each claim goes (Placement); clusters merged as the claims link them. Every
        cluster it touches (joined, created, merged away) goes into `changed`.

        Each claim is compared with the nearest claims of its story, the article's earlier
        claims included, and joins every cluster it matches (cluster.clusters_to_join: they
        merge into the oldest). One query fetches the stored neighbours of every claim; the
        article's own earlier claims are found by the same rule (cluster.nearest_earlier: those
        that could reach the threshold, at most CANDIDATES), so a long article costs each
        claim a bounded number of comparisons, not one with every claim before it. The clusters
        they start are numbered -1, -2, ... until they are created at the end.
        """
        min_cos = cluster.min_cosine(self.threshold)
        near = batch.nearest_claims_many(conn, story, list(vectors), CANDIDATES, min_cos)
        own = cluster.nearest_earlier(vectors, min_cos, CANDIDATES)
        sketches = self.sketches.get(conn, {r["id"] for rows in near for r in rows})
        merged: dict[int, int] = {}  # cluster -> the cluster it merged into

        def final(label: int) -> int:
            while label in merged:
                label = merged[label]
            return label

        placed: list[tuple[cluster.Sketch, int, np.ndarray]] = []
        heads: list[bool] = []
        new_clusters = 0
        for claim, vector, stored, earlier in zip(claims, vectors, near, own, strict=True):
            deadline.check()  # an overdue request gives up the story's lock now, not at commit
            candidates = [
                cluster.Candidate(sketches[r["id"]], final(r["cluster_id"]),
                                  float(r["similarity"]))
                for r in stored
            ] + [cluster.Candidate(placed[j][0], final(placed[j][1]), cosine)
                 for j, cosine in earlier]
            candidates.sort(key=lambda c: -c.cosine)  # stable: nearest first, as stored ones come
            sketch = cluster.Sketch(claim.text, claim.values, claim.quote)
            # a sentence the story (or this article) has printed before: a copy, not a head
            heads.append(not any(c.sketch.text == claim.text for c in candidates))
            # Stored clusters are older than new ones, and new ones older in creation order.
            joined = sorted(cluster.clusters_to_join(sketch, candidates[:CANDIDATES],
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
            if label > 0:  # a stored cluster merged into an older stored one
                into.setdefault(final(label), []).append(label)
        for target, others in sorted(into.items()):
            repo.merge_clusters(conn, target, sorted(others))
            changed.update(others)
        kept = [label for label in range(-1, -new_clusters - 1, -1) if label not in merged]
        ids = dict(zip(kept, batch.insert_clusters(conn, story, len(kept)), strict=True))
        out = [(claim, ids.get(final(label), final(label)), vector)
               for claim, (_, label, vector) in zip(claims, placed, strict=True)]
        changed.update(cluster_id for _, cluster_id, _ in out)
        seeds = new_seeds([final(label) for _, label, _ in placed], vectors,
                          [[(final(r["cluster_id"]), float(r["similarity"])) for r in rows
                            if r["seed"]] for rows in near])
        return Placement(out, set(ids.values()), seeds, heads, set(into))

    def _refresh(self, conn: repo.Conn, story: str, cluster_ids: list[int], created: set[int]
                 ) -> None:
        """Recompute the attribution conflicts of the clusters whose credited claims changed,
        and only those. A cluster created now has no stored conflicts to reconcile: only new
        ones to insert."""
        if not cluster_ids:
            return
        for cluster_id, credited in repo.credited_claims_of_clusters(conn, cluster_ids).items():
            drafts = conflicts.find_conflicts(credited)
            if drafts or cluster_id not in created:
                repo.save_conflicts(conn, story, cluster_id, drafts)

    def _compare_figures(self, conn: repo.Conn, story: str, claims: list[Claim],
                         ids: list[int], clusters: list[int]) -> None:
        """Index the article's figures under their frames' keys, and compare them with the
        story's figures that share one, and with the claims of their sentence clusters (a
        reprint with a changed figure pairs slot by slot): its numeric conflicts."""
        keys = sorted({(claim_id, key) for claim, claim_id in zip(claims, ids, strict=True)
                       for f in claim.values for key in frame_keys(f.frame)})
        repo.insert_figure_keys(conn, story, keys)
        if not any(claim.values for claim in claims):
            return
        related = repo.figure_claims(conn, story, sorted({k for _, k in keys}), clusters)
        drafts = conflicts.numeric_conflicts(related, ids)
        repo.save_numeric_conflicts(conn, story, drafts, {c.id: c.cluster_id for c in related})


    def move(self, article_id: int, story: str, actor: str) -> ArticleOut:
        """A reviewer moves an article to another story: its claims leave their clusters and
        conflicts there and are clustered and compared in the other, in one transaction,
        recorded in both stories' audit trail."""
        with self.db.transaction() as conn:
            article = repo.get_article(conn, article_id)
        if article.story == story:
            return article
        claims, vectors = self._claims_of(article)
        changed: set[int] = set()
        with self.db.transaction(write=True, stories=[article.story, story],
                                 clusters=changed) as conn:
            for s in sorted({article.story, story}):
                repo.lock_story(conn, s)
            source = repo.get_article(conn, article_id).story  # as of the locks
            reviewed, moved = self._move_in(conn, article, source, story, claims, vectors,
                                            changed)
            story_store.carry_reviews(conn, story, reviewed, moved, actor)
            for s in (source, story):
                story_store.record(conn, s, actor, "move",
                                   {"article": article_id, "story": source},
                                   {"article": article_id, "story": story})
            return repo.get_article(conn, article_id)

    def merge(self, story: str, into: str, actor: str) -> None:
        """A reviewer merges a story into another: every article of it moves there, as in
        move(), in one transaction; the story stays, empty, marked merged_into."""
        if story == into:
            raise Clash("a story cannot be merged into itself", errors=[
                {"field": "into", "message": "names the story being merged"}])
        with self.db.transaction() as conn:
            story_store.get_story(conn, story)  # NotFound for an unknown story
            story_store.get_story(conn, into)
            articles = [repo.get_article(conn, a) for a in story_store.articles_of(conn, story)]
        prepared = [(a, *self._claims_of(a)) for a in articles]
        changed: set[int] = set()
        with self.db.transaction(write=True, stories=[story, into], clusters=changed) as conn:
            for s in sorted({story, into}):
                repo.lock_story(conn, s)
            if story_store.articles_of(conn, story) != [a.id for a in articles]:
                raise Clash("the story changed while it was being merged: try again")
            reviewed: list[int] = []
            moved: dict[int, int] = {}
            for article, claims, vectors in prepared:
                kept, ids = self._move_in(conn, article, story, into, claims, vectors, changed)
                reviewed += kept
                moved |= ids
            story_store.carry_reviews(conn, into, reviewed, moved, actor)
            story_store.mark_merged(conn, story, into)
            for s in (story, into):
                story_store.record(conn, s, actor, "merge", {"story": story},
                                   {"story": into, "articles": [a.id for a in articles]})

    def _claims_of(self, article: ArticleOut) -> tuple[list[Claim], np.ndarray]:
        """An article's claims and vectors as ingest made them (same text, date and outlet)."""
        published = article.published_at.date() if article.published_at else None
        claims = [c for c in frame_claims(
            analyse(article.text, published, frozenset({article.outlet.lower()})), self.parse,
            published) if is_claim(c)]
        return claims, self.embedder.encode([c.text for c in claims])

    def _move_in(self, conn: repo.Conn, article: ArticleOut, source: str, target: str,
                 claims: list[Claim], vectors: np.ndarray, changed: set[int]
                 ) -> tuple[list[int], dict[int, int]]:
        """Take an article's claims out of `source`, reconcile what they leave behind (the
        attribution conflicts of their clusters, the numeric conflicts they were part of, found
        again among the other claims), and reconcile them in `target`: (the reviewed numeric
        conflicts they left, each claim's new id by its old one), for carry_reviews."""
        left = story_store.detach_claims(conn, source, article.id)
        changed.update(left.clusters)
        if left.clusters:
            repo.touch_clusters(conn, sorted(left.clusters))
        self._refresh(conn, source, sorted(left.clusters), set())
        if left.others:
            related = repo.figure_claims(conn, source, left.keys, [])
            drafts = conflicts.numeric_conflicts(related, sorted(left.others))
            repo.save_numeric_conflicts(conn, source, drafts,
                                        {c.id: c.cluster_id for c in related})
        story_store.set_article_story(conn, article.id, target)
        story_store.touch_story(conn, target, stories.title_of(article.title, article.text))
        _, ids = self._reconcile(conn, target, article.id, article.outlet, claims, vectors,
                                 changed)
        moved = {left.spans[(c.start, c.end)]: new for c, new in zip(claims, ids, strict=True)
                 if (c.start, c.end) in left.spans}
        return left.reviewed, moved


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article's claims go: (claim, cluster id, vector) of each, the clusters created,
    which claims are seeds (schemas/006) and heads of their sentence (schemas/012), and the
    stored clusters others merged into."""

    placed: list[tuple[Claim, int, np.ndarray]]
    created: set[int]
    seeds: list[bool]
    heads: list[bool]
    merged: set[int]


class SketchCache:
    """The sketches of stored claims (what the same-claim decision reads), least recently used
    out first. A stored claim's sketch never changes, and the same near neighbours come back
    post after post in a busy story: their figures are read from JSON once, not each time."""

    def __init__(self, size: int) -> None:
        self.size = size
        # cachetools is not thread-safe: every use of _sketches holds _lock.
        self._sketches: LRUCache[int, cluster.Sketch] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, conn: repo.Conn, ids: set[int]) -> dict[int, cluster.Sketch]:
        """The sketches of these claims: known ones from memory, the rest read in one query."""
        found: dict[int, cluster.Sketch] = {}
        with self._lock:
            for i in ids:
                if i in self._sketches:
                    found[i] = self._sketches[i]  # and the most recently used now
        made = {r["id"]: cluster.Sketch(r["text"], _figures(r["values"]), r["quote"])
                for r in batch.sketches(conn, sorted(ids - found.keys()))}
        with self._lock:
            self._sketches.update(made)  # evicts the least recently used
        return found | made


def new_seeds(clusters: list[int], vectors: np.ndarray,
              stored_seeds: list[list[tuple[int, float]]]) -> list[bool]:
    """Which of an article's claims are seeds: those no seed of their cluster covers (cosine at
    least SEED_SIMILARITY), neither a stored one (`stored_seeds[i]`: the cluster and cosine of
    each stored seed near claim i) nor one of the article's earlier claims. `clusters`: each
    claim's cluster, as merged."""
    chosen: dict[int, _Rows] = {}  # cluster -> this article's seeds in it
    seeds = []
    for cluster_id, vector, near in zip(clusters, vectors, stored_seeds, strict=True):
        mine = chosen.get(cluster_id)
        covered = any(c == cluster_id and cosine >= SEED_SIMILARITY for c, cosine in near) or (
            mine is not None and mine.nearest(vector) >= SEED_SIMILARITY)
        seeds.append(not covered)
        if not covered:
            chosen.setdefault(cluster_id, _Rows(len(vector))).add(vector)
    return seeds


class _Rows:
    """Vectors added one at a time, compared with a new one in one product: an article's
    seeds in a cluster of thousands of its claims cost arithmetic, not a step each."""

    def __init__(self, width: int) -> None:
        self._rows = np.empty((8, width), dtype=np.float32)
        self._n = 0

    def add(self, vector: np.ndarray) -> None:
        if self._n == len(self._rows):
            self._rows = np.concatenate([self._rows, np.empty_like(self._rows)])
        self._rows[self._n] = vector
        self._n += 1

    def nearest(self, vector: np.ndarray) -> float:
        """The highest cosine of `vector` with a vector added (unit vectors)."""
        return float((self._rows[: self._n] @ vector).max())


def _figures(values: list[dict[str, object]]) -> tuple[Figure, ...]:
    return tuple(Figure.model_validate(v) for v in values)
