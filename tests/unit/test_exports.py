from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from reconcile.api.formats import CSV_COLUMNS, ArticleRef, claim_reviews, conflict_rows, to_csv
from reconcile.domain import Position
from reconcile.models import ConflictEvent, ConflictOut
from tests.unit.helpers import claims_of

WHEN = datetime(2025, 2, 14, 9, 0, tzinfo=UTC)


def _conflict(status: str = "open", accepted: float | None = None) -> ConflictOut:
    a = claims_of("A", "North Korea has sent 11,000 troops to Russia.", article=1)[0]
    b = claims_of("B", "North Korea has sent 12,000 troops to Russia.", article=2)[0]
    events = [ConflictEvent(id=1, actor="dana", action=status, before={"status": "open"},
                            after={"status": status}, created_at=WHEN)] if status != "open" else []
    return ConflictOut(
        id=7, story="nk", cluster_id=1, kind="numeric", status=status, severity=0.4,  # type: ignore[arg-type]
        explanation="A: 11,000 troops vs B: 12,000 troops", measure="troops",
        positions=[Position(label="11,000 troops", low=11000, high=11000, claim_ids=[a.id],
                            outlets=["A"]),
                   Position(label="12,000 troops", low=-12000, high=-12000, claim_ids=[b.id],
                            outlets=["B"])],
        claims=[a, b], note=None, assignee=None, accepted_value=accepted, active=True,
        created_at=WHEN, updated_at=WHEN, events=events)


REFS = {1: ArticleRef(1, "A", None, "=cmd|' /C calc'!A0", WHEN),
        2: ArticleRef(2, "B", "T", "https://b.example/x", None)}


def test_a_csv_has_one_header_row_and_text_cells_that_no_spreadsheet_runs() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(conflict_rows([_conflict()], REFS)))))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == 3
    first, second = (dict(zip(rows[0], r, strict=True)) for r in rows[1:])
    assert first["url"] == "'=cmd|' /C calc'!A0"
    assert second["value"] == "-12000"  # a number stays a number
    assert (first["conflict"], first["kind"], first["status"]) == ("7", "numeric", "open")


def test_an_open_conflict_has_no_claimreview() -> None:
    assert claim_reviews(_conflict(), REFS, url="http://x/conflicts/7") == []


def test_a_resolution_rates_each_side_against_the_accepted_value() -> None:
    reviews = claim_reviews(_conflict("resolved", 11000), REFS, url="http://x/conflicts/7")
    ratings = [r["reviewRating"]["ratingValue"] for r in reviews]
    assert ratings == [5, 1]
    assert reviews[0]["author"] == {"@type": "Person", "name": "dana"}
    assert reviews[0]["datePublished"] == "2025-02-14"
    assert reviews[0]["itemReviewed"]["firstAppearance"]["datePublished"] == WHEN.isoformat()


def test_a_confirmed_conflict_rates_every_side_disputed() -> None:
    reviews = claim_reviews(_conflict("confirmed"), REFS, url="http://x/conflicts/7")
    assert {r["reviewRating"]["alternateName"].split(":")[0] for r in reviews} == {"Disputed"}
