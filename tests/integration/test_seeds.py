"""The sample articles produce exactly the conflicts seeds/README.md tells a reviewer to find."""

from __future__ import annotations

from reconcile.startup import Service, load_seeds
from reconcile.store import repo
from tests.conftest import ROOT


def _conflicts(service: Service) -> list[dict]:  # type: ignore[type-arg]
    with service.db.transaction() as conn:
        items, _ = repo.list_conflicts(conn, story=None, status=None, kind=None, limit=100,
                                       cursor=None)
    return [c.model_dump() for c in items]


def test_seeds_yield_exactly_the_documented_conflicts(service: Service) -> None:
    new, dup = load_seeds(service, ROOT / "seeds")
    assert (new, dup) == (5, 0)
    conflicts = _conflicts(service)
    assert sorted(c["kind"] for c in conflicts) == ["attribution", "numeric"]

    numeric = next(c for c in conflicts if c["kind"] == "numeric")
    assert numeric["measure"] == "troops"
    sides = sorted(numeric["positions"], key=lambda p: p["low"])
    assert sides[0]["outlets"] == ["Northern Ledger", "The Continental Dispatch",
                                   "The Harbour Gazette"]
    assert (sides[0]["low"], sides[0]["high"]) == (11000, 11000)
    assert sides[1]["outlets"] == ["The Meridian Post"]
    assert (sides[1]["low"], sides[1]["high"]) == (12000, 12000)

    attribution = next(c for c in conflicts if c["kind"] == "attribution")
    sources = {p["source"]: p["outlets"] for p in attribution["positions"]}
    assert set(sources) == {"Oleksandr Kondratenko", "Spohr"}
    assert sources["Spohr"] == ["Eastbridge Chronicle"]
    assert len(sources["Oleksandr Kondratenko"]) == 4
    assert "withdrawal is a result of heavy losses" in attribution["explanation"]


def test_compatible_variations_in_the_seeds_are_not_flagged(service: Service) -> None:
    load_seeds(service, ROOT / "seeds")
    conflicts = _conflicts(service)
    measures = {c["measure"] for c in conflicts}
    # casualties vs deaths are different measures; three weeks agree everywhere
    assert "casualties" not in measures and "killed" not in measures
    assert not any("week" in (c["measure"] or "") for c in conflicts)
    # citations of BILD / The New York Times never become competing sources
    for c in conflicts:
        for p in c["positions"]:
            assert p["source"] not in {"BILD", "The New York Times", "New York Times"}


def test_loading_seeds_twice_stores_nothing_more(service: Service) -> None:
    load_seeds(service, ROOT / "seeds")
    with service.db.transaction() as conn:
        before = conn.execute("SELECT (SELECT count(*) FROM articles) a, (SELECT count(*) FROM "
                              "claims) c, (SELECT count(*) FROM conflicts) f").fetchone()
    assert load_seeds(service, ROOT / "seeds") == (0, 5)
    with service.db.transaction() as conn:
        after = conn.execute("SELECT (SELECT count(*) FROM articles) a, (SELECT count(*) FROM "
                             "claims) c, (SELECT count(*) FROM conflicts) f").fetchone()
    assert before == after
