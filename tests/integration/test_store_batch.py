"""The ingest path's set-at-a-time statements agree with their one-at-a-time forms."""

from __future__ import annotations

import numpy as np

from reconcile.extract.claims import extract_claims
from reconcile.loaders import read_articles, seed_files
from reconcile.models import ArticleIn
from reconcile.rules import cluster
from reconcile.startup import Service
from reconcile.store import batch, repo
from tests import store_helpers
from tests.conftest import ROOT


def test_nearest_claims_many_gives_each_vector_the_nearest_distinct_sentences(
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
            # a sentence printed more than once is one candidate, its earliest claim
            every = store_helpers.nearest_claims(conn, "north-korea-troops", vector, 1000)
            earliest = {r["text"]: r["id"] for r in sorted(every, key=lambda r: -r["id"])}
            one = [r for r in every if earliest[r["text"]] == r["id"]][:5]
            assert [r["id"] for r in rows] == [r["id"] for r in one]
            assert np.allclose([r["similarity"] for r in rows], [r["similarity"] for r in one],
                               atol=1e-6)
            assert all("cluster_id" in r and "seed" in r for r in rows)
            texts = {r["id"]: r["text"] for r in batch.sketches(conn, [r["id"] for r in rows])}
            assert texts == {r["id"]: r["text"] for r in one}
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


def test_nearest_claims_many_returns_every_claim_above_the_floor_and_none_below(
    service: Service,
) -> None:
    # More near-identical claims than the old fixed k of 32: single linkage must see them all.
    for i in range(40):
        service.ingestor.ingest(ArticleIn(story="ferries", outlet=f"Outlet {i}", text=(
            f"Officials said {40 + i} ferries were cancelled on the northern route.")))
    service.ingestor.ingest(ArticleIn(story="ferries", outlet="Elsewhere", text=(
        "The central bank raised its main interest rate to 4.5 percent.")))
    (probe,) = service.embedder.encode(["Officials said 41 ferries were cancelled on the route."])
    floor = cluster.min_cosine(service.settings.cluster_threshold)
    with service.db.transaction() as conn:
        every = store_helpers.nearest_claims(conn, "ferries", probe, 1000)
        (above,) = batch.nearest_claims_many(conn, "ferries", [probe], 1000, floor)
        (capped,) = batch.nearest_claims_many(conn, "ferries", [probe], 7, floor)
    expected = [r["id"] for r in every if r["similarity"] >= floor]
    assert len(expected) == 40 and len(every) == 41
    assert [r["id"] for r in above] == expected
    assert all(r["similarity"] >= floor for r in above)
    assert [r["id"] for r in capped] == expected[:7]


def test_forty_reports_of_one_figure_end_in_one_cluster_in_any_order(service: Service) -> None:
    texts = [f"Officials said {40 + (i % 3)} ferries were cancelled on the northern route."
             for i in range(40)]
    for i in [*range(0, 40, 2), *range(1, 40, 2)]:
        service.ingestor.ingest(ArticleIn(story="ferries", outlet=f"Outlet {i}", text=texts[i]))
    with service.db.transaction() as conn:
        (count,) = conn.execute("SELECT count(DISTINCT cluster_id) AS n FROM claims "
                                "WHERE story = 'ferries'").fetchone().values()
    assert count == 1


def test_insert_claims_stores_every_field_as_the_one_at_a_time_insert_does(
    service: Service,
) -> None:
    """One batch for an article's claims: the ids come back in the order given, and each row
    is what insert_claim stores for the same claim, seed flag included."""
    text = ('North Korea has sent around 11,000 troops to Russia since October 2024, according '
            'to Ukrainian military sources. "We believe their withdrawal is a result of heavy '
            'losses," Colonel Oleksandr Kondratenko said. About 3,000 were killed or wounded '
            "between January and March, officials said.")
    claims = extract_claims(text)
    assert len(claims) == 3
    vectors = service.embedder.encode([c.text for c in claims])
    columns = ("cluster_id", "story", "outlet", "position", "text", "start_char", "end_char",
               '"values"', "source", "citations", "time_span", "quote", "seed")
    with service.db.transaction(write=True) as conn:
        article = repo.insert_article(conn, story="s", outlet="A", title=None, url=None,
                                      published_at=None, text=text, content_hash="h1")
        other = repo.insert_article(conn, story="s", outlet="A", title=None, url=None,
                                    published_at=None, text=text, content_hash="h2")
        new, old = batch.insert_clusters(conn, "s", 2)
        # Given out of position order: the ids must still follow the order given.
        placed = [(claims[2], new, vectors[2]), (claims[0], old, vectors[0]),
                  (claims[1], new, vectors[1])]
        ids = batch.insert_claims(conn, article_id=article["id"], story="s", outlet="A",
                                  claims=placed, seeds=[True, False, False])
        singles = [store_helpers.insert_claim(conn, article_id=other["id"], cluster_id=cluster_id,
                                     story="s", outlet="A", claim=claim, embedding=vector,
                                     seed=cluster_id == new and i == 0)
                   for i, (claim, cluster_id, vector) in enumerate(placed)]
        assert batch.insert_claims(conn, article_id=article["id"], story="s", outlet="A",
                                   claims=[], seeds=[]) == []

        def row(claim_id: int) -> tuple[object, ...]:
            r = conn.execute(f"SELECT {', '.join(columns)}, embedding FROM claims "
                             "WHERE id = %s", (claim_id,)).fetchone()
            assert r is not None
            return (*[r[c.strip('"')] for c in columns], r["embedding"].to_numpy().tolist())

        for batched, single, (claim, cluster_id, _) in zip(ids, singles, placed, strict=True):
            got = row(batched)
            assert got == row(single)
            assert got[3] == claim.index and got[0] == cluster_id
        seeds = [row(i)[-2] for i in ids]
    assert seeds == [True, False, False]


def test_nearest_claims_many_reads_a_reprinted_sentence_once_as_its_earliest_claim(
    service: Service,
) -> None:
    text = "Officials said 4,000 people were evacuated from the valley on Monday."
    for n in range(4):
        service.ingestor.ingest(ArticleIn(outlet=f"Outlet {n}", story="reprints",
                                          text=f"{text} Reporter {n} filed from the town."))
    (probe,) = service.embedder.encode([text])
    with service.db.transaction() as conn:
        (rows,) = batch.nearest_claims_many(conn, "reprints", [probe], 10)
        copies = [r for r in store_helpers.nearest_claims(conn, "reprints", probe, 10)
                  if r["text"] == text]
    assert len(copies) == 4
    assert [r["id"] for r in rows if r["id"] in {c["id"] for c in copies}] == \
        [min(c["id"] for c in copies)]


def test_a_reprinted_sentence_is_found_again_when_the_article_that_headed_it_moves_away(
    service: Service,
) -> None:
    text = "Officials said 4,000 people were evacuated from the valley on Monday."
    first = service.ingestor.ingest(ArticleIn(outlet="Outlet A", story="reprints",
                                              text=f"{text} Reporter A filed from the town."))
    service.ingestor.ingest(ArticleIn(outlet="Outlet B", story="reprints",
                                      text=f"{text} Reporter B filed from the town."))
    (probe,) = service.embedder.encode([text])
    with service.db.transaction() as conn:
        heads = conn.execute("SELECT id, head FROM claims WHERE story = 'reprints' AND text = %s "
                             "ORDER BY id", (text,)).fetchall()
    assert [r["head"] for r in heads] == [True, False]  # the reprint is a copy
    service.ingestor.move(first.id, "elsewhere", actor="test")
    with service.db.transaction() as conn:
        (rows,) = batch.nearest_claims_many(conn, "reprints", [probe], 10)
        (there,) = batch.nearest_claims_many(conn, "elsewhere", [probe], 10)
    assert [r["id"] for r in rows] == [heads[1]["id"]]  # the copy left behind heads it now
    assert len(there) == 1  # the moved sentence heads its new story
