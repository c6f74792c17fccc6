"""The ingest path's set-at-a-time statements agree with their one-at-a-time forms."""

from __future__ import annotations

import numpy as np

from reconcile.loaders import read_articles, seed_files
from reconcile.service import Service
from reconcile.store import batch, repo
from tests.conftest import ROOT


def test_nearest_claims_many_gives_each_vector_what_nearest_claims_gives_it(
    service: Service,
) -> None:
    for article in (a for f in seed_files(ROOT / "seeds") for a in read_articles(f)):
        service.ingestor.ingest(article)
    probes = service.embedder.encode([
        "North Korea has sent 12,000 troops to Russia.",
        "Kim cannot risk losing too many soldiers, Spohr said.",
        "The weather was mild.",
    ])
    with service.db.transaction() as conn:
        many = batch.nearest_claims_many(conn, "north-korea-troops", list(probes), 5)
        for vector, rows in zip(probes, many, strict=True):
            one = repo.nearest_claims(conn, "north-korea-troops", vector, 5)
            assert [r["id"] for r in rows] == [r["id"] for r in one]
            assert np.allclose([r["similarity"] for r in rows], [r["similarity"] for r in one],
                               atol=1e-6)
            assert all(r["text"] and "values" in r and "cluster_id" in r for r in rows)
        assert batch.nearest_claims_many(conn, "no-such-story", list(probes), 5) == [[], [], []]
        assert batch.nearest_claims_many(conn, "north-korea-troops", [], 5) == []


def test_insert_clusters_makes_n_clusters_of_the_story_in_id_order(service: Service) -> None:
    with service.db.transaction() as conn:
        ids = batch.insert_clusters(conn, "s", 3)
        assert len(ids) == 3 and ids == sorted(ids)
        stories = conn.execute("SELECT DISTINCT story FROM clusters WHERE id = ANY(%s)",
                               (ids,)).fetchall()
        assert [r["story"] for r in stories] == ["s"]
        assert batch.insert_clusters(conn, "s", 0) == []
