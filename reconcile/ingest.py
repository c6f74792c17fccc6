"""One article from POST to stored conflicts: extract, embed, cluster, compare, store.

The model runs before the transaction (it is the slow part and needs no lock); the rest runs
in one transaction under a per-story advisory lock, so concurrent posts into one story cannot
create duplicate clusters and a failure stores nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from reconcile import cluster, conflicts
from reconcile.embed import Embedder
from reconcile.errors import Conflict, InvalidInput
from reconcile.extract.claims import extract_claims
from reconcile.models import ArticleIn, ArticleOut
from reconcile.store import repo
from reconcile.store.db import Database

log = logging.getLogger(__name__)
# Nearest claims of the story scored for each new claim: enough that every claim above the
# threshold is among them (single linkage must see all of its links to be order-independent).
CANDIDATES = 32


def content_hash(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()


@dataclass
class Ingestor:
    db: Database
    embedder: Embedder
    threshold: float
    max_chars: int = 200_000

    def ingest(self, article: ArticleIn) -> ArticleOut:
        """Store the article and its claims; a repost returns the stored one (duplicate=True)."""
        if len(article.text) > self.max_chars:
            raise InvalidInput(
                f"text is {len(article.text)} characters; the limit is {self.max_chars}",
                errors=[{"field": "text", "message": f"longer than {self.max_chars} characters"}],
            )
        url = str(article.url) if article.url else None
        digest = content_hash(article.text)
        with self.db.transaction() as conn:
            existing = repo.find_duplicate(conn, article.story, url, article.outlet, digest)
            if existing is not None:
                return repo.get_article(conn, existing, duplicate=True)

        published = article.published_at.date() if article.published_at else None
        claims = extract_claims(article.text, published, frozenset({article.outlet.lower()}))
        vectors = self.embedder.encode([c.text for c in claims])

        try:
            with self.db.transaction() as conn:
                repo.lock_story(conn, article.story)
                existing = repo.find_duplicate(conn, article.story, url, article.outlet, digest)
                if existing is not None:
                    return repo.get_article(conn, existing, duplicate=True)
                row = repo.insert_article(
                    conn, story=article.story, outlet=article.outlet, title=article.title,
                    url=url, published_at=article.published_at, text=article.text,
                    content_hash=digest,
                )
                touched: set[int] = set()
                for claim, vector in zip(claims, vectors, strict=True):
                    near = repo.nearest_claims(conn, article.story, vector, CANDIDATES)
                    candidates = [
                        cluster.Candidate(
                            cluster.Sketch(r["text"], _figures(r["values"]), r["quote"]),
                            r["cluster_id"], float(r["similarity"]),
                        )
                        for r in near
                    ]
                    sketch = cluster.Sketch(claim.text, claim.values, claim.quote)
                    joined = cluster.clusters_to_join(sketch, candidates, self.threshold)
                    if not joined:
                        cluster_id = repo.insert_cluster(conn, article.story)
                    else:
                        cluster_id = joined[0]
                        if len(joined) > 1:
                            repo.merge_clusters(conn, cluster_id, joined[1:])
                            touched.difference_update(joined[1:])
                    repo.insert_claim(conn, article_id=row["id"], cluster_id=cluster_id,
                                      story=article.story, outlet=article.outlet, claim=claim,
                                      embedding=vector)
                    touched.add(cluster_id)
                self._refresh(conn, article.story, sorted(touched))
                out = repo.get_article(conn, row["id"])
        except Conflict:
            # A concurrent post of the same article won the race: serve the stored one.
            with self.db.transaction() as conn:
                existing = repo.find_duplicate(conn, article.story, url, article.outlet, digest)
                if existing is None:
                    raise
                return repo.get_article(conn, existing, duplicate=True)
        log.info("ingested article", extra={"action": "ingest", "article_id": out.id,
                                             "claims": len(out.claims)})
        return out

    def _refresh(self, conn: repo.Conn, story: str, cluster_ids: list[int]) -> None:
        """Recompute the conflicts of the clusters this article changed, and only those."""
        if not cluster_ids:
            return
        repo.touch_clusters(conn, cluster_ids)
        for cluster_id, members in repo.claims_of_clusters(conn, cluster_ids).items():
            repo.save_conflicts(conn, story, cluster_id, conflicts.find_conflicts(members))


def _figures(values: list[dict[str, object]]) -> tuple[conflicts.Figure, ...]:
    return tuple(conflicts.Figure.model_validate(v) for v in values)
