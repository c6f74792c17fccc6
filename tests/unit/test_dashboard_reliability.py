"""reconcile.dashboard.reliability: truth discovery's numbers next to the store's counts, source
spellings grouped, and each claim's sides in its conflicts. Pure: models in, screens out."""

from __future__ import annotations

from datetime import UTC, datetime

from reconcile.dashboard.reliability import (
    claim_lines,
    dispute_refs,
    find_group,
    group_sources,
    outlet_view,
    reliability,
)
from reconcile.domain import Figure, Position
from reconcile.models import ClaimOut, ConflictOut, ConsensusOut, SourceOut
from reconcile.store.reviews import OutletRow, SourceRow

NOW = datetime(2025, 2, 20, 12, 0, tzinfo=UTC)


def score(name: str, reliability: float, agree: int, compared: int, claims: int) -> SourceOut:
    return SourceOut(kind="outlet", name=name, reliability=reliability, agree=agree,
                     compared=compared, claims=claims)


def claim(cid: int, outlet: str, value: float, *, article: int = 50,
          published: datetime | None = NOW) -> ClaimOut:
    text = f"Officials said {value:,.0f} troops were sent."
    at = text.index(f"{value:,.0f}")
    figure = Figure(raw=f"{value:,.0f}", value=value, low=value, high=value, measure="troops",
                    start=100 + at, end=100 + at + len(f"{value:,.0f}"))
    return ClaimOut(id=cid, article_id=article, cluster_id=7, outlet=outlet, text=text,
                    start=100, end=100 + len(text), values=[figure], source=None,
                    published_at=published)


def conflict(cid: int, sides: list[tuple[float, list[int]]], claims: list[ClaimOut],
             kind: str = "numeric") -> ConflictOut:
    positions = [Position(label=f"{v:,.0f} troops", low=v, high=v, claim_ids=ids, outlets=[])
                 for v, ids in sides]
    return ConflictOut(id=cid, story="s", cluster_id=7, kind=kind, status="open", severity=0.5,
                       explanation="x", measure="troops" if kind == "numeric" else None,
                       positions=positions, claims=claims, note=None, assignee=None,
                       accepted_value=None, active=True, created_at=NOW, updated_at=NOW)


def estimate(value: float) -> ConsensusOut:
    return ConsensusOut(measure="troops", value=value, low=value, high=value, unit=None,
                        ground_truth=False, outlets=[], sources=[], claim_ids=[])


def source_row(key: str, name: str, *, kind: str = "person", claims: int = 1,
               numeric: int = 0, outlets: tuple[str, ...] = ("A",)) -> SourceRow:
    return SourceRow(key=key, name=name, spellings=[name], kind=kind, claims=claims,
                     numeric_claims=numeric, outlet_names=list(outlets))


# --- reliability of one name -------------------------------------------------------------------


def test_reliability_without_a_score_says_nothing_was_weighed() -> None:
    view = reliability("E", None)
    assert (view.name, view.score, view.text, view.detail) == ("E", None, "—",
                                                               "no figures weighed")
    assert (view.agree, view.compared, view.claims) == (0, 0, 0)


def test_reliability_without_a_comparison_is_no_evidence_yet() -> None:
    view = reliability("C", score("C", 0.5, 0, 0, 3))
    assert view.text == "0.50" and view.claims == 3
    assert view.detail == "no figure that another outlet also reported: no evidence yet"


def test_reliability_detail_counts_figures_compared_in_the_plural() -> None:
    many = reliability("A", score("A", 0.6, 2, 3, 4))
    assert many.detail == "agrees with the consensus on 2 of 3 figures compared"
    one = reliability("A", score("A", 0.6667, 1, 1, 1))
    assert one.detail == "agrees with the consensus on 1 of 1 figure compared"
    assert one.text == "0.67" and one.score == 0.6667


def test_outlet_view_carries_the_stores_counts_and_truths_score() -> None:
    row = OutletRow(outlet="A B", articles=3, claims=9, numeric_claims=4, credited_claims=2)
    view = outlet_view(row, {"A B": score("A B", 0.75, 2, 2, 4)})
    assert (view.articles, view.claims, view.numeric_claims, view.credited_claims) == (
        3, 9, 4, 2)
    assert view.url == "/outlet?name=A+B" and view.reliability.text == "0.75"
    assert outlet_view(row, {}).reliability.score is None


# --- sources grouped ---------------------------------------------------------------------------


def test_a_bare_surname_joins_the_first_longest_name_it_matches() -> None:
    # same_source is not transitive: "Petrov" matches both, but two first names never merge
    rows = [source_row("petrov", "Petrov", outlets=("C",)),
            source_row("ana petrov", "Ana Petrov", claims=2, outlets=("B",)),
            source_row("boris petrov", "Boris Petrov", numeric=1)]
    groups = group_sources(rows)
    boris = next(g for g in groups if g.name == "Boris Petrov")
    ana = next(g for g in groups if g.name == "Ana Petrov")
    assert boris.keys == ["boris petrov", "petrov"] and ana.keys == ["ana petrov"]
    assert (boris.claims, boris.numeric_claims, boris.outlets) == (2, 1, ["A", "C"])
    assert boris.spellings == ["Boris Petrov", "Petrov"]
    assert boris.names == ["Boris Petrov", "Petrov"]


def test_groups_come_most_claims_first_then_by_name() -> None:
    rows = [source_row("b", "Bravo Body", kind="organisation", claims=1),
            source_row("a", "Alpha Body", kind="organisation", claims=1),
            source_row("z", "Zulu Body", kind="organisation", claims=5)]
    assert [g.name for g in group_sources(rows)] == ["Zulu Body", "Alpha Body", "Bravo Body"]


def test_find_group_by_any_of_its_keys() -> None:
    rows = [source_row("petrov", "Petrov"), source_row("ana petrov", "Ana Petrov")]
    found = find_group(rows, "petrov")
    assert found is not None and found.key == "ana petrov"
    assert find_group(rows, "ana petrov") == found
    assert find_group(rows, "spohr") is None


# --- claims and their sides --------------------------------------------------------------------


def test_dispute_refs_name_the_side_and_whether_it_holds_the_consensus() -> None:
    claims = [claim(1, "A", 11000), claim(2, "B", 12000)]
    numeric = conflict(9, [(11000, [1]), (12000, [2])], claims)
    refs = dispute_refs([numeric], {7: [estimate(12000)]})
    (one,) = refs[1]
    assert (one.conflict_id, one.conflict_url, one.side, one.consensus) == (
        9, "/conflicts/9", "11,000 troops", False)
    (two,) = refs[2]
    assert two.consensus is True and two.consensus_label == one.consensus_label
    assert one.consensus_label is not None and "12,000" in one.consensus_label


def test_a_claim_in_two_conflicts_has_a_ref_for_each_in_order() -> None:
    claims = [claim(1, "A", 11000), claim(2, "B", 12000), claim(3, "C", 13000)]
    first = conflict(9, [(11000, [1]), (12000, [2])], claims)
    second = conflict(10, [(11000, [1]), (13000, [3])], claims)
    refs = dispute_refs([first, second], {})
    assert [r.conflict_id for r in refs[1]] == [9, 10]
    assert all(r.consensus is None for r in refs[1])  # no estimate: no verdict
    assert 4 not in refs


def test_claim_lines_link_the_outlet_article_and_cluster_and_mark_the_figure() -> None:
    dated, undated = claim(3, "A B", 11000, article=5), claim(4, "C", 12000, published=None)
    lines = claim_lines([dated, undated], [], {})
    first, second = lines
    assert (first.outlet_url, first.article_url, first.cluster_url) == (
        "/outlet?name=A+B", "/articles/5#claim-3", "/clusters/7")
    assert first.published == "2025-02-20 12:00 UTC" and second.published == "date unknown"
    marked = [s.text for s in first.segments if "figure" in s.kinds]
    assert marked == ["11,000"]
    assert "".join(s.text for s in first.segments) == dated.text
    assert first.disputes == [] and second.disputes == []
