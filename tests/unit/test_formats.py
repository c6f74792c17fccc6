"""reconcile/api/formats.py: conflicts and clusters as CSV rows, and reviewed conflicts as
schema.org ClaimReview (JSON-LD)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from reconcile.api.formats import (
    ACCURATE,
    BEST,
    CSV_COLUMNS,
    INACCURATE,
    RATINGS,
    WORST,
    ArticleRef,
    claim_reviews,
    cluster_rows,
    conflict_rows,
    json_ld,
    to_csv,
    write_csv,
)
from reconcile.domain import Figure, Position, Source
from reconcile.models import ClaimOut, ClusterOut, ConflictEvent, ConflictOut

T0 = datetime(2025, 2, 14, 9, 0, tzinfo=UTC)
URL = "https://reconcile.example/conflicts/7"


def figure(value: float, unit: str | None = None, raw: str | None = None) -> Figure:
    return Figure(raw=raw or f"{value:g}", value=value, low=value, high=value, unit=unit,
                  start=0, end=1)


def claim(id: int, outlet: str = "A", *, article: int | None = None, text: str | None = None,
          values: list[Figure] | None = None, source: Source | None = None,
          published_at: datetime | None = None) -> ClaimOut:
    return ClaimOut(id=id, article_id=article if article is not None else id, cluster_id=1,
                    outlet=outlet, text=text or f"Claim {id} from {outlet}.", start=0, end=10,
                    values=values if values is not None else [figure(11_000)],
                    source=source, published_at=published_at)


def position(label: str, low: float | None, high: float | None, claim_ids: list[int], *,
             unit: str | None = None, source: str | None = None) -> Position:
    return Position(label=label, low=low, high=high, unit=unit, source=source,
                    claim_ids=claim_ids, outlets=["A"])


def conflict(claims: list[ClaimOut], positions: list[Position], *, status: str = "open",
             accepted: float | None = None, events: list[ConflictEvent] | None = None,
             explanation: str = "A: 11,000 vs B: 12,000", note: str | None = None,
             updated_at: datetime = T0) -> ConflictOut:
    return ConflictOut(
        id=7, story="nk", cluster_id=3, kind="numeric", status=status,  # type: ignore[arg-type]
        severity=0.4, explanation=explanation, measure="troops", positions=positions,
        claims=claims, note=note, assignee=None, accepted_value=accepted, active=True,
        created_at=T0, updated_at=updated_at, events=events or [])


def event(status: str, actor: str = "dana", when: datetime = T0, id: int = 1) -> ConflictEvent:
    return ConflictEvent(id=id, actor=actor, action=status, before={"status": "open"},
                         after={"status": status}, created_at=when)


def two_sided(status: str = "open", accepted: float | None = None, **kw: Any) -> ConflictOut:
    a, b = claim(1, "A"), claim(2, "B")
    sides = [position("11,000", 11_000, 11_000, [1]), position("12,000", 12_000, 12_000, [2])]
    events = [event(status)] if status != "open" else []
    return conflict([a, b], sides, status=status, accepted=accepted, events=events, **kw)


def parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


REFS = {
    1: ArticleRef(1, "A", "Title A", "https://a.example/1", T0),
    2: ArticleRef(2, "B", None, "https://b.example/2", T0 + timedelta(hours=2)),
}


# --- conflict_rows ---------------------------------------------------------------------------


def test_conflict_row_per_claim_with_its_sides_value():
    rows = list(conflict_rows([two_sided()], REFS))
    assert [(r["claim"], r["value"]) for r in rows] == [(1, "11000"), (2, "12000")]


def test_conflict_row_carries_the_conflicts_fields():
    (row, _) = conflict_rows([two_sided()], REFS)
    assert (row["story"], row["conflict"], row["kind"], row["status"], row["cluster"]) == (
        "nk", 7, "numeric", "open", 3)


def test_conflict_row_carries_the_claims_article():
    rows = list(conflict_rows([two_sided()], REFS))
    assert rows[0]["url"] == "https://a.example/1"
    assert rows[0]["outlet"] == "A"
    assert rows[0]["sentence"] == "Claim 1 from A."


def test_conflict_row_of_a_claim_whose_article_is_unknown_has_no_url():
    (row, _) = conflict_rows([two_sided()], {})
    assert row["url"] is None


def test_conflict_row_writes_the_claims_publication_time_in_iso_8601():
    c = claim(1, published_at=T0)
    (row,) = conflict_rows([conflict([c], [position("x", 1, 1, [1])])], REFS)
    assert row["published_at"] == "2025-02-14T09:00:00+00:00"


def test_conflict_row_without_publication_time_is_none():
    (row, _) = conflict_rows([two_sided()], REFS)
    assert row["published_at"] is None


def test_range_side_is_written_low_dash_high():
    c = claim(1)
    (row,) = conflict_rows([conflict([c], [position("10-12k", 10_000, 12_000, [1])])], REFS)
    assert row["value"] == "10000-12000"


def test_open_ended_side_is_written_as_its_bound():
    a, b = claim(1), claim(2)
    sides = [position("more than 10,000", 10_000, None, [1]),
             position("up to 5", None, 5, [2])]
    rows = list(conflict_rows([conflict([a, b], sides)], REFS))
    assert [r["value"] for r in rows] == ["10000", "5"]


def test_side_without_bounds_has_an_empty_value():
    c = claim(1)
    (row,) = conflict_rows([conflict([c], [position("Kyiv", None, None, [1])])], REFS)
    assert row["value"] == ""


def test_fractional_side_keeps_its_fraction():
    c = claim(1)
    (row,) = conflict_rows([conflict([c], [position("4.5%", 4.5, 4.5, [1], unit="%")])], REFS)
    assert (row["value"], row["unit"]) == ("4.5", "%")


def test_date_side_is_written_as_its_label_not_its_day_number():
    c = claim(1)
    side = position("3 March 2024", 19_785, 19_785, [1], unit="date")
    (row,) = conflict_rows([conflict([c], [side])], REFS)
    assert row["value"] == "3 March 2024"


def test_claim_in_no_side_has_no_value_or_unit():
    a, b = claim(1), claim(2)
    (_, row) = conflict_rows([conflict([a, b], [position("x", 1, 1, [1], unit="km")])], REFS)
    assert (row["value"], row["unit"]) == ("", None)


def test_side_source_wins_over_the_claims_source():
    c = claim(1, source=Source(name="Pentagon", key="pentagon", kind="organisation"))
    side = position("Kyiv", None, None, [1], source="Kyiv officials")
    (row,) = conflict_rows([conflict([c], [side])], REFS)
    assert row["source"] == "Kyiv officials"


def test_claims_source_is_used_when_the_side_names_none():
    c = claim(1, source=Source(name="Pentagon", key="pentagon", kind="organisation"))
    (row,) = conflict_rows([conflict([c], [position("x", 1, 1, [1])])], REFS)
    assert row["source"] == "Pentagon"


def test_unsourced_claim_has_no_source():
    (row, _) = conflict_rows([two_sided()], REFS)
    assert row["source"] is None


def test_no_conflicts_make_no_rows():
    assert list(conflict_rows([], REFS)) == []


def test_rows_of_many_conflicts_follow_one_another():
    rows = list(conflict_rows([two_sided(), two_sided()], REFS))
    assert [r["claim"] for r in rows] == [1, 2, 1, 2]


def test_conflict_rows_hold_only_csv_columns():
    for row in conflict_rows([two_sided()], REFS):
        assert set(row) == set(CSV_COLUMNS)


# --- cluster_rows ----------------------------------------------------------------------------


def cluster(claims: list[ClaimOut], conflicts: list[int] | None = None) -> ClusterOut:
    return ClusterOut(id=3, story="nk", size=len(claims), has_conflict=bool(conflicts),
                      created_at=T0, updated_at=T0, claims=claims, conflicts=conflicts or [])


def test_cluster_row_per_claim_with_all_its_figures():
    c = claim(1, values=[figure(11_000), figure(4.5, "%")])
    (row,) = cluster_rows([cluster([c])], REFS)
    assert row["value"] == "11000; 4.5"
    assert row["unit"] == "%"  # "; %" with the count's empty unit stripped


def test_cluster_row_lists_units_in_figure_order():
    c = claim(1, values=[figure(5, "km"), figure(3, "hour")])
    (row,) = cluster_rows([cluster([c])], REFS)
    assert (row["value"], row["unit"]) == ("5; 3", "km; hour")


def test_cluster_row_writes_stamps_as_they_were_written():
    c = claim(1, values=[figure(19_785, "date", raw="3 March"), figure(630, "clock",
                                                                     raw="10:30")])
    (row,) = cluster_rows([cluster([c])], REFS)
    assert row["value"] == "3 March; 10:30"


def test_cluster_row_names_its_active_conflicts():
    (row,) = cluster_rows([cluster([claim(1)], conflicts=[7, 9])], REFS)
    assert row["conflict"] == "7 9"
    assert row["cluster"] == 3
    assert row["kind"] is None and row["status"] is None


def test_cluster_row_without_conflicts_has_an_empty_conflict_cell():
    (row,) = cluster_rows([cluster([claim(1)])], REFS)
    assert row["conflict"] == ""


def test_cluster_row_of_a_claim_without_figures_is_empty():
    (row,) = cluster_rows([cluster([claim(1, values=[])])], REFS)
    assert (row["value"], row["unit"]) == ("", "")


# --- to_csv and write_csv --------------------------------------------------------------------


def test_csv_has_the_header_row_first():
    text = to_csv([])
    assert text == ",".join(CSV_COLUMNS) + "\r\n"


def test_csv_lines_end_in_crlf():
    text = to_csv(conflict_rows([two_sided()], REFS))
    assert text.count("\r\n") == 3
    assert "\n" not in text.replace("\r\n", "")


def test_csv_round_trips_the_rows():
    rows = parsed(to_csv(conflict_rows([two_sided()], REFS)))
    assert [r["value"] for r in rows] == ["11000", "12000"]
    assert rows[0]["claim"] == "1"


def test_none_is_written_as_an_empty_cell():
    (row, _) = parsed(to_csv(conflict_rows([two_sided()], {})))
    assert row["url"] == "" and row["source"] == ""


def test_missing_columns_are_written_empty():
    (row,) = parsed(to_csv([{"story": "nk"}]))
    assert row["story"] == "nk" and row["claim"] == ""


def test_text_that_spreadsheets_run_as_formulas_is_quoted_with_an_apostrophe():
    rows = [{"sentence": "=HYPERLINK(\"x\")", "outlet": "@evil", "story": "+cmd",
             "url": "-x", "source": "\tTab"}]
    (row,) = parsed(to_csv(rows))
    assert row["sentence"] == "'=HYPERLINK(\"x\")"
    assert row["outlet"] == "'@evil"
    assert row["story"] == "'+cmd"
    assert row["url"] == "'-x"
    assert row["source"] == "'\tTab"


def test_carriage_return_at_the_start_of_text_is_quoted():
    (row,) = parsed(to_csv([{"sentence": "\rhidden"}]))
    assert row["sentence"] == "'\rhidden"


def test_negative_number_written_as_text_is_not_quoted():
    (row,) = parsed(to_csv([{"value": "-12000", "unit": "-5.5"}]))
    assert row["value"] == "-12000" and row["unit"] == "-5.5"


def test_non_text_columns_are_written_as_they_are():
    (row,) = parsed(to_csv([{"kind": "=numeric", "claim": 5}]))
    assert row["kind"] == "=numeric"  # kind comes from the service, never from an article
    assert row["claim"] == "5"


def test_text_with_commas_quotes_and_newlines_survives_the_round_trip():
    sentence = 'He said, "about 11,000"\nthen left.'
    (row,) = parsed(to_csv([{"sentence": sentence}]))
    assert row["sentence"] == sentence


def test_write_csv_writes_the_same_table_as_to_csv():
    rows = list(conflict_rows([two_sided()], REFS))
    out = io.StringIO(newline="")
    write_csv(iter(rows), out)
    assert out.getvalue() == to_csv(rows)


def test_unknown_column_is_an_error():
    with pytest.raises(ValueError):
        to_csv([{"nonsense": 1}])


# --- claim_reviews ---------------------------------------------------------------------------


def test_open_conflict_has_no_reviews():
    assert claim_reviews(two_sided(), REFS, url=URL) == []


def test_one_review_per_side_linked_by_position():
    reviews = claim_reviews(two_sided("confirmed"), REFS, url=URL)
    assert [r["url"] for r in reviews] == [f"{URL}#position-1", f"{URL}#position-2"]
    assert all(r["@type"] == "ClaimReview" for r in reviews)


def test_review_quotes_the_first_claim_of_its_side():
    reviews = claim_reviews(two_sided("confirmed"), REFS, url=URL)
    assert [r["claimReviewed"] for r in reviews] == ["Claim 1 from A.", "Claim 2 from B."]


@pytest.mark.parametrize("status", ["confirmed", "dismissed", "resolved"])
def test_decision_without_accepted_value_rates_every_side_alike(status):
    reviews = claim_reviews(two_sided(status), REFS, url=URL)
    rating, name = RATINGS[status]
    for review in reviews:
        assert review["reviewRating"] == {"@type": "Rating", "ratingValue": rating,
                                          "bestRating": BEST, "worstRating": WORST,
                                          "alternateName": name}


def test_resolution_rates_the_side_holding_the_accepted_value_accurate():
    reviews = claim_reviews(two_sided("resolved", 12_000), REFS, url=URL)
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [INACCURATE[0], ACCURATE[0]]


def test_accepted_value_on_a_range_bound_is_accurate():
    a, b = claim(1), claim(2)
    sides = [position("10-12k", 10_000, 12_000, [1]), position("15,000", 15_000, 15_000, [2])]
    c = conflict([a, b], sides, status="resolved", accepted=12_000, events=[event("resolved")])
    reviews = claim_reviews(c, REFS, url=URL)
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [5, 1]


def test_open_ended_side_is_rated_at_its_low_bound():
    a, b = claim(1), claim(2)
    sides = [position("more than 10,000", 10_000, None, [1]),
             position("12,000", 12_000, 12_000, [2])]
    c = conflict([a, b], sides, status="resolved", accepted=12_000, events=[event("resolved")])
    reviews = claim_reviews(c, REFS, url=URL)
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [1, 5]


def test_side_without_numbers_in_a_resolution_is_rated_resolved():
    a = claim(1)
    c = conflict([a], [position("Kyiv", None, None, [1])], status="resolved", accepted=5,
                 events=[event("resolved")])
    (review,) = claim_reviews(c, REFS, url=URL)
    assert review["reviewRating"]["ratingValue"] == RATINGS["resolved"][0]


def test_review_author_is_the_reviewer_who_decided():
    (review, _) = claim_reviews(two_sided("confirmed"), REFS, url=URL)
    assert review["author"] == {"@type": "Person", "name": "dana"}


def test_decision_through_the_api_is_authored_by_the_publisher():
    c = two_sided("confirmed")
    c = c.model_copy(update={"events": [event("confirmed", actor="api")]})
    (review, _) = claim_reviews(c, REFS, url=URL, publisher="Newsroom")
    assert review["author"] == {"@type": "Organization", "name": "Newsroom"}


def test_review_date_is_the_day_of_the_last_event_that_set_the_status():
    c = two_sided("confirmed")
    events = [event("confirmed", actor="ann", when=T0, id=1),
              event("dismissed", actor="bob", when=T0 + timedelta(days=1), id=2),
              event("confirmed", actor="cy", when=T0 + timedelta(days=3), id=3)]
    c = c.model_copy(update={"events": events})
    (review, _) = claim_reviews(c, REFS, url=URL)
    assert review["datePublished"] == "2025-02-17"
    assert review["author"]["name"] == "cy"


def test_review_without_a_matching_event_falls_back_to_the_conflicts_update_time():
    c = two_sided("confirmed").model_copy(update={"events": [],
                                                  "updated_at": T0 + timedelta(days=9)})
    (review, _) = claim_reviews(c, REFS, url=URL, publisher="Newsroom")
    assert review["datePublished"] == "2025-02-23"
    assert review["author"] == {"@type": "Organization", "name": "Newsroom"}


def test_review_body_joins_explanation_and_note():
    c = two_sided("confirmed", note="Checked with both outlets.")
    (review, _) = claim_reviews(c, REFS, url=URL)
    assert review["reviewBody"] == "A: 11,000 vs B: 12,000 Checked with both outlets."


def test_review_body_without_a_note_is_the_explanation():
    (review, _) = claim_reviews(two_sided("confirmed"), REFS, url=URL)
    assert review["reviewBody"] == "A: 11,000 vs B: 12,000"


def test_claim_of_a_person_is_authored_by_that_person():
    source = Source(name="Jane Doe", key="jane doe", kind="person")
    a = claim(1, source=source)
    c = conflict([a], [position("x", 1, 1, [1])], status="confirmed",
                 events=[event("confirmed")])
    (review,) = claim_reviews(c, REFS, url=URL)
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe"}


def test_claim_of_an_organisation_is_authored_by_it():
    source = Source(name="Pentagon", key="pentagon", kind="organisation")
    a = claim(1, source=source)
    c = conflict([a], [position("x", 1, 1, [1])], status="confirmed",
                 events=[event("confirmed")])
    (review,) = claim_reviews(c, REFS, url=URL)
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Pentagon"}


def test_unsourced_claim_is_authored_by_its_outlet():
    (review, _) = claim_reviews(two_sided("confirmed"), REFS, url=URL)
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "A"}


def test_appearance_describes_the_article_printing_the_claim():
    (review, _) = claim_reviews(two_sided("confirmed"), REFS, url=URL)
    assert review["itemReviewed"]["appearance"] == [{
        "@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "A"},
        "url": "https://a.example/1", "headline": "Title A",
        "datePublished": T0.isoformat()}]


def test_appearance_leaves_out_what_the_article_lacks():
    refs = {1: ArticleRef(1, "A", None, None, None)}
    a = claim(1)
    c = conflict([a], [position("x", 1, 1, [1])], status="confirmed",
                 events=[event("confirmed")])
    (review,) = claim_reviews(c, refs, url=URL)
    item = review["itemReviewed"]
    assert item["appearance"] == [{"@type": "NewsArticle",
                                   "publisher": {"@type": "Organization", "name": "A"}}]
    assert "firstAppearance" not in item and "datePublished" not in item


def test_appearances_are_earliest_first_with_undated_last():
    refs = {1: ArticleRef(1, "A", None, "u1", None),
            2: ArticleRef(2, "B", None, "u2", T0 + timedelta(days=1)),
            3: ArticleRef(3, "C", None, "u3", T0)}
    claims = [claim(1, "A"), claim(2, "B"), claim(3, "C")]
    c = conflict(claims, [position("x", 1, 1, [1, 2, 3])], status="confirmed",
                 events=[event("confirmed")])
    (review,) = claim_reviews(c, refs, url=URL)
    item = review["itemReviewed"]
    assert [w["url"] for w in item["appearance"]] == ["u3", "u2", "u1"]
    assert item["firstAppearance"]["url"] == "u3"
    assert item["datePublished"] == T0.isoformat()


def test_two_claims_from_one_article_make_one_appearance():
    claims = [claim(1, "A", article=1), claim(2, "A", article=1)]
    c = conflict(claims, [position("x", 1, 1, [1, 2])], status="confirmed",
                 events=[event("confirmed")])
    (review,) = claim_reviews(c, REFS, url=URL)
    assert len(review["itemReviewed"]["appearance"]) == 1


def test_claim_whose_article_is_unknown_has_no_appearance():
    c = conflict([claim(1, article=99)], [position("x", 1, 1, [1])], status="confirmed",
                 events=[event("confirmed")])
    (review,) = claim_reviews(c, REFS, url=URL)
    assert review["itemReviewed"]["appearance"] == []


def test_side_whose_claims_are_missing_makes_no_review_but_keeps_numbering():
    a, b = claim(1), claim(2)
    sides = [position("ghost", 5, 5, [42]), position("x", 1, 1, [1]), position("y", 2, 2, [2])]
    c = conflict([a, b], sides, status="confirmed", events=[event("confirmed")])
    reviews = claim_reviews(c, REFS, url=URL)
    assert [r["url"] for r in reviews] == [f"{URL}#position-2", f"{URL}#position-3"]


def test_json_ld_wraps_reviews_in_a_schema_org_graph():
    reviews = claim_reviews(two_sided("confirmed"), REFS, url=URL)
    doc = json_ld(reviews)
    assert doc == {"@context": "https://schema.org", "@graph": reviews}


def test_json_ld_of_no_reviews_is_an_empty_graph():
    assert json_ld([])["@graph"] == []


def test_ratings_lie_between_worst_and_best():
    for rating, name in [ACCURATE, INACCURATE, *RATINGS.values()]:
        assert WORST <= rating <= BEST
        assert name
