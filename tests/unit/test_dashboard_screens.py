"""Page screens, the timeline and the reliability pages, built from in-memory models.

Consensus estimates come from reconcile.truth.consensus over the same claims, converted the way
reconcile.truth.estimates.Truth.for_cluster converts them; reliability numbers are SourceOut rows as
Truth.sources returns them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pytest

from reconcile.dashboard import screens, stories
from reconcile.dashboard.filters import QueueFilter, StoryFilter
from reconcile.dashboard.reliability import (
    dispute_refs,
    find_group,
    group_sources,
    outlet_screen,
    outlets_screen,
    reliability,
    source_screen,
    sources_screen,
)
from reconcile.dashboard.timeline import claim_says, claim_timeline, conflict_figure
from reconcile.domain import Figure, Position, Source, Update
from reconcile.models import (
    ArticleOut,
    ClaimOut,
    ClusterOut,
    ConflictEvent,
    ConflictOut,
    ConsensusOut,
    SourceOut,
    StoryOut,
)
from reconcile.rules.conflicts import find_updates
from reconcile.store.reviews import ArticleText, Neighbours, OutletRow, SourceRow, StoryChoice
from reconcile.truth import consensus

NOW = datetime(2025, 2, 20, 12, 0, tzinfo=UTC)
SENTENCE = "Officials said {} troops were sent, according to the ministry."


def text_with(value: str) -> str:
    return f"The front is quiet. {SENTENCE.format(value)} Losses were heavy."


def claim(cid: int, outlet: str, value: str, low: float | None, high: float | None, *,
          day: int = 14, article_id: int | None = None, source: str | None = "the ministry",
          quote: str | None = None) -> ClaimOut:
    text = text_with(value)
    sentence = SENTENCE.format(value)
    start = text.index(sentence)
    at = text.index(value)
    figure = Figure(raw=value, value=float(value.split()[-1].replace(",", "")), low=low,
                    high=high, measure="troops", start=at, end=at + len(value),
                    hedge="around" if value.startswith("around") else None)
    src = None
    if source:
        s_at = text.index("the ministry")
        src = Source(name=source, key=source.lower(), kind="organisation", start=s_at,
                     end=s_at + len("the ministry"))
    return ClaimOut(id=cid, article_id=article_id or cid, cluster_id=7, outlet=outlet,
                    text=sentence, start=start, end=start + len(sentence), values=[figure],
                    source=src, quote=quote,
                    published_at=datetime(2025, 2, day, 9, 0, tzinfo=UTC))


def numeric_conflict(**over: Any) -> ConflictOut:
    claims = [claim(1, "A", "11,000", 11000, 11000), claim(2, "B", "11,000", 11000, 11000),
              claim(3, "C", "around 11,000", 10450, 11550),
              claim(4, "D <x>", "12,000", 12000, 12000, day=15)]
    fields: dict[str, Any] = {
        "id": 9, "story": "s", "cluster_id": 7, "kind": "numeric", "status": "open",
        "severity": 0.42, "explanation": "A: 11,000 vs D: 12,000", "measure": "troops",
        "positions": [
            Position(label="11,000 troops", low=11000, high=11000, claim_ids=[1, 2, 3],
                     outlets=["A", "B", "C"]),
            Position(label="12,000 troops", low=12000, high=12000, claim_ids=[4],
                     outlets=["D <x>"]),
        ],
        "claims": claims, "note": None, "assignee": None, "accepted_value": None,
        "active": True, "created_at": NOW - timedelta(hours=5), "updated_at": NOW,
    }
    fields.update(over)
    return ConflictOut(**fields)


def attribution_conflict() -> ConflictOut:
    quote = "We believe their withdrawal is a result of heavy losses"
    claims = [claim(11, "A", "1", 1, 1, source="Oleksandr Kondratenko", quote=quote),
              claim(12, "B", "1", 1, 1, source="Kondratenko", quote=quote),
              claim(13, "C", "1", 1, 1, source="Frederic Spohr", quote=quote)]
    return ConflictOut(
        id=10, story="s", cluster_id=8, kind="attribution", status="open", severity=0.9,
        explanation="quote credited to two people", measure=None,
        positions=[Position(label="Oleksandr Kondratenko", source="Oleksandr Kondratenko",
                            claim_ids=[11, 12], outlets=["A", "B"]),
                   Position(label="Frederic Spohr", source="Frederic Spohr", claim_ids=[13],
                            outlets=["C"])],
        claims=claims, note=None, assignee=None, accepted_value=None, active=True,
        created_at=NOW, updated_at=NOW)


def article_for(c: ClaimOut, value: str) -> ArticleText:
    return ArticleText(id=c.article_id, story="s", outlet=c.outlet, title=f"About {value}",
                       url="https://news.example/x", published_at=c.published_at,
                       text=text_with(value))


def estimates_of(claims: list[ClaimOut], accepted: dict[str, float] | None = None
                 ) -> list[ConsensusOut]:
    """Truth discovery over one cluster's claims, as Truth.for_cluster returns it."""
    truth = {(7, m): v for m, v in (accepted or {}).items()}
    result = consensus.estimate(consensus.observations(claims), truth)
    return [ConsensusOut(measure=e.item[1], value=e.value, low=e.low, high=e.high, unit=e.unit,
                         ground_truth=e.ground_truth, outlets=e.outlets, sources=e.sources,
                         claim_ids=e.claim_ids)
            for e in result.estimates.values()]


def row_of(conflict: ConflictOut, accepted: dict[str, float] | None = None
           ) -> screens.ConflictRow:
    return screens.conflict_row(conflict, estimates_of(conflict.claims, accepted), NOW)


def screen_of(conflict: ConflictOut, claims: list[ClaimOut] | None = None,
              articles: dict[int, ArticleText] | None = None) -> screens.ConflictScreen:
    claims = conflict.claims if claims is None else claims
    return screens.conflict_screen(conflict, claims, estimates_of(claims), articles or {},
                                   Neighbours(next_id=None, prev_id=None), NOW)


# --- rows and the queue -----------------------------------------------------------------------


def test_conflict_row_reads_as_the_queue_shows_it() -> None:
    row = row_of(numeric_conflict(accepted_value=11000.0))
    assert row.subject == "troops" and row.headline == "troops: 11,000 vs 12,000"
    assert row.age == "5h" and row.url == "/conflicts/9" and row.accepted == "11,000"
    first, second = row.positions
    assert (first.range, first.consensus, first.difference) == ("11,000", True, None)
    assert (second.range, second.consensus, second.difference) == (
        "12,000", False, "+1,000 (+9.1%)")
    assert row.consensus.label == "11,000 troops" and row.consensus.position == 0
    assert row.consensus.outlets == ["A", "B", "C"] and not row.consensus.ground_truth


def test_the_tick_follows_the_consensus_not_the_outlet_count() -> None:
    # Three outlets say 11,000; a reviewer accepted 12,000: that side now holds the consensus.
    row = row_of(numeric_conflict(), accepted={"troops": 12000})
    assert row.consensus.ground_truth and row.consensus.outlets == ["D <x>"]
    assert [p.consensus for p in row.positions] == [False, True]
    assert [p.difference for p in row.positions] == ["−1,000 (−8.3%)", None]


def test_without_an_estimate_no_side_is_ticked_and_none_differs() -> None:
    row = screens.conflict_row(numeric_conflict(), [], NOW)
    assert row.consensus.value is None and "no estimate for troops" in str(
        row.consensus.missing)
    assert [(p.consensus, p.difference) for p in row.positions] == [(False, None)] * 2


def test_attribution_rows_name_the_quote_and_the_sources() -> None:
    row = row_of(attribution_conflict())
    assert row.consensus.value is None and row.consensus.missing
    assert not any(p.consensus for p in row.positions)
    assert row.subject == "“We believe their withdrawal is a result of heavy losses”"
    assert row.headline.startswith("“We believe their withdrawal is a result of heav…”: ")
    assert row.headline.endswith("Oleksandr Kondratenko vs Frederic Spohr")
    assert [p.range for p in row.positions] == ["Oleksandr Kondratenko", "Frederic Spohr"]


def test_subject_without_a_quote_or_a_measure() -> None:
    unquoted = attribution_conflict().model_copy(update={"claims": []})
    assert screens.subject(unquoted) == "who said it"
    assert screens.headline(unquoted) == "credited to Oleksandr Kondratenko vs Frederic Spohr"
    percent = numeric_conflict(measure="unit:%")
    assert screens.subject(percent) == "%"
    assert screens.subject(numeric_conflict(measure=None)) == "figure"


def test_queue_screen_tabs_pages_and_links() -> None:
    f = QueueFilter(kind="numeric", status="open")
    conflict = numeric_conflict()
    s = screens.queue_screen(f, [conflict], {7: estimates_of(conflict.claims)},
                             {"open": 150, "resolved": 3}, [StoryChoice(id="s", title="S")],
                             ["A"], NOW)
    tabs = {t.label: (t.count, t.current, t.url) for t in s.tabs}
    assert tabs["All"] == (153, False, "/?kind=numeric")
    assert tabs["Open"] == (150, True, "/?kind=numeric&status=open")
    assert tabs["Dismissed"][0] == 0
    assert (s.total, s.page, s.pages) == (150, 1, 2)
    assert s.prev_url is None and s.next_url == "/?kind=numeric&status=open&page=2"
    assert s.json_url == "/api/review/queue?kind=numeric&status=open"
    assert s.kinds == ["numeric", "attribution"] and len(s.rows) == 1
    assert s.rows[0].positions[0].consensus
    assert s.stories == ["s"] and s.story_choices == [StoryChoice(id="s", title="S")]


def test_queue_screen_with_nothing() -> None:
    s = screens.queue_screen(QueueFilter(), [], {}, {}, [], [], NOW)
    assert (s.total, s.pages, s.rows) == (0, 1, [])
    assert s.url == "/" and s.json_url == "/api/review/queue"


# --- one conflict -----------------------------------------------------------------------------


def test_conflict_screen_columns_cards_and_context() -> None:
    conflict = numeric_conflict()
    articles = {c.article_id: article_for(c, c.values[0].raw) for c in conflict.claims}
    s = screens.conflict_screen(conflict, conflict.claims, estimates_of(conflict.claims),
                                articles, Neighbours(next_id=3, prev_id=None), NOW)
    assert [len(c.cards) for c in s.columns] == [3, 1]
    card = s.columns[1].cards[0]
    assert card.outlet == "D <x>" and card.outlet_url == "/outlet?name=D+%3Cx%3E"
    assert card.says == "12,000 troops" and card.difference == "+1,000 (+9.1%)"
    assert card.article_url == "/articles/4#claim-4" and card.article_title == "About 12,000"
    context = "".join(seg.text for seg in card.context)
    assert context == text_with("12,000")  # one sentence either side
    figures = [seg.text for seg in card.context if "figure" in seg.kinds]
    assert figures == ["12,000"]
    assert s.next_url == "/conflicts/3" and s.prev_url is None
    assert s.suggestions == ["11,000", "12,000"] and s.sources == []
    assert s.api_url == "/api/conflicts/9" and s.json_url == "/api/review/conflicts/9"
    assert s.cluster_url == "/clusters/7"


def test_conflict_screen_chart_rows_follow_the_sides() -> None:
    conflict = numeric_conflict()
    rows = screens.chart_rows(conflict)
    assert [(r.label, r.group, r.low, r.high) for r in rows] == [
        ("A", 0, 11000, 11000), ("B", 0, 11000, 11000), ("C", 0, 10450, 11550),
        ("D <x>", 1, 12000, 12000)]
    s = screen_of(conflict)
    assert s.chart is not None and s.chart.band is not None
    assert [b.in_consensus for b in s.chart.bars] == [True, True, True, False]
    assert s.chart.marker == s.chart.bars[0].cx and s.chart.marker_label == "consensus 11,000"
    assert "weighted median" in s.method


def test_an_accepted_value_moves_the_chart_and_the_differences() -> None:
    conflict = numeric_conflict()
    s = screens.conflict_screen(conflict, conflict.claims,
                                estimates_of(conflict.claims, {"troops": 12000}), {},
                                Neighbours(next_id=None, prev_id=None), NOW)
    assert s.chart is not None and s.chart.marker == s.chart.bars[-1].cx
    assert s.chart.marker_label == "accepted 12,000"
    assert [b.in_consensus for b in s.chart.bars] == [False, False, False, True]
    assert [c.difference for c in s.columns[0].cards] == ["−1,000 (−8.3%)"] * 3
    assert s.columns[1].cards[0].difference is None


def test_conflict_screen_without_articles_still_marks_the_sentence() -> None:
    s = screen_of(numeric_conflict())
    card = s.columns[0].cards[0]
    assert "".join(seg.text for seg in card.context) == SENTENCE.format("11,000")
    assert card.article_title is None and card.original_url is None


def test_attribution_screen_offers_sources_and_no_chart() -> None:
    s = screen_of(attribution_conflict())
    assert s.chart is None and s.suggestions == [] and s.row.consensus.value is None
    assert s.sources == ["Oleksandr Kondratenko", "Frederic Spohr"]
    assert s.columns[1].cards[0].says == "credited to Frederic Spohr"


def test_conflict_screen_audit_is_newest_first() -> None:
    events = [ConflictEvent(id=i, actor="dana", action=a, before={"status": "open"},
                            after={"status": s}, created_at=NOW)
              for i, (a, s) in enumerate([("confirmed", "confirmed"), ("open", "open")], 1)]
    s = screen_of(numeric_conflict(events=events))
    assert [e.id for e in s.audit] == [2, 1]


# --- the timeline -----------------------------------------------------------------------------


def test_timeline_orders_by_time_and_calls_out_updates() -> None:
    conflict = numeric_conflict()
    later = claim(5, "A", "12,500", 12500, 12500, day=16)
    other = claim(6, "E", "40", 40, 40, day=13)
    other = other.model_copy(update={"values": [other.values[0].model_copy(
        update={"measure": "ferries"})]})
    claims = [later, *conflict.claims, other]
    entries = claim_timeline(claims, conflict, find_updates(claims))
    assert [e.claim_id for e in entries] == [1, 2, 3, 4, 5]  # the ferries say nothing here
    first, last = entries[0], entries[-1]
    assert (first.says, first.previous, first.replaced_by) == ("11,000 troops", None, "12,500")
    assert (last.says, last.previous, last.replaced_by) == ("12,500 troops", "11,000", None)
    assert not last.in_conflict and all(e.in_conflict for e in entries[:4])
    assert entries[2].says == "11,000 troops (around: 10,450-11,550)"
    assert all(e.previous is None and e.replaced_by is None for e in entries[1:4])


def test_a_repeated_figure_is_no_update_and_undated_claims_come_first() -> None:
    conflict = numeric_conflict()
    undated = claim(7, "B", "11,000", 11000, 11000).model_copy(update={"published_at": None})
    repeat = claim(8, "B", "11,000", 11000, 11000, day=18)
    claims = [repeat, undated]
    assert find_updates(claims) == []
    entries = claim_timeline(claims, conflict, find_updates(claims))
    assert [(e.claim_id, e.previous, e.replaced_by) for e in entries] == [
        (7, None, None), (8, None, None)]


def test_a_chain_of_updates_reads_step_by_step() -> None:
    conflict = numeric_conflict()
    claims = [claim(1, "A", "11,000", 11000, 11000, day=14),
              claim(21, "A", "12,000", 12000, 12000, day=15),
              claim(22, "A", "12,500", 12500, 12500, day=16)]
    updates = find_updates(claims)
    assert len(updates) == 3  # every earlier figure is replaced by every later one
    entries = claim_timeline(claims, conflict, updates)
    assert [(e.previous, e.replaced_by) for e in entries] == [
        (None, "12,000"), ("11,000", "12,500"), ("12,000", None)]


def test_only_updates_of_the_conflicts_quantity_count() -> None:
    conflict = numeric_conflict()
    claims = [claim(1, "A", "11,000", 11000, 11000), claim(21, "A", "12,000", 12000, 12000)]
    ferries = Update(outlet="A", earlier_claim_id=1, later_claim_id=21, earlier="40",
                     later="55", measure="ferries")
    entries = claim_timeline(claims, conflict, [ferries])
    assert all(e.previous is None and e.replaced_by is None for e in entries)
    attribution = attribution_conflict()
    troops = ferries.model_copy(update={"earlier_claim_id": 11, "later_claim_id": 13,
                                        "measure": None})
    entries = claim_timeline(attribution.claims, attribution, [troops])
    assert [e.says for e in entries] == ["credited to Oleksandr Kondratenko",
                                         "credited to Kondratenko", "credited to Frederic Spohr"]
    assert all(e.previous is None for e in entries)


def test_conflict_figure_uses_the_side_then_the_measure() -> None:
    conflict = numeric_conflict()
    assert conflict_figure(conflict, conflict.claims[2]).raw == "around 11,000"
    stranger = claim(5, "Z", "12,500", 12500, 12500)
    assert conflict_figure(conflict, stranger).raw == "12,500"
    context_only = numeric_conflict(measure=None)
    assert conflict_figure(context_only, stranger) is None
    assert conflict_figure(context_only, conflict.claims[0]).raw == "11,000"


def test_claim_says_for_attribution() -> None:
    conflict = attribution_conflict()
    assert claim_says(conflict, conflict.claims[1]) == "credited to Kondratenko"
    no_source = conflict.claims[0].model_copy(update={"source": None})
    assert claim_says(conflict, no_source) is None


# --- cluster and article ----------------------------------------------------------------------


def test_cluster_screen_orders_claims_and_summarises_them() -> None:
    conflict = numeric_conflict()
    cluster = ClusterOut(id=7, story="s", size=4, has_conflict=True, created_at=NOW,
                         updated_at=NOW, claims=list(reversed(conflict.claims)), conflicts=[9],
                         consensus=estimates_of(conflict.claims))
    s = screens.cluster_screen(cluster, [conflict], {}, NOW)
    assert [c.id for c in s.cards] == [1, 2, 3, 4]
    (shown,) = s.consensus
    assert shown.label == "11,000 troops" and shown.outlets == ["A", "B", "C"]
    assert s.conflicts[0].positions[0].consensus  # the row uses the cluster's consensus
    assert s.cards[0].says == "11,000 troops · credited to the ministry"
    assert s.outlets == ["A", "B", "C", "D <x>"] and len(s.conflicts) == 1
    assert s.api_url == "/api/clusters/7"


def test_claim_summary_without_anything() -> None:
    bare = claim(1, "A", "5", 5, 5, source=None).model_copy(update={"values": []})
    assert screens.claim_summary(bare) is None


def test_article_pieces_wrap_claims_and_keep_the_text() -> None:
    c = claim(1, "A", "11,000", 11000, 11000)
    text = text_with("11,000")
    article = ArticleOut(id=1, story="s", outlet="A", title=None, url=None, published_at=None,
                         text=text, created_at=NOW, claims=[c])
    pieces = screens.article_pieces(article, disputed={1})
    assert "".join(seg.text for p in pieces for seg in p.segments) == text
    plain, marked, tail = pieces
    assert plain.claim_id is None and tail.claim_id is None
    assert marked.claim_id == 1 and marked.cluster_id == 7 and marked.disputed
    assert [s.text for s in marked.segments if s.kinds] == ["11,000", "the ministry"]
    conflict = numeric_conflict()
    s = screens.article_screen(article, [conflict], {7: estimates_of(conflict.claims)}, NOW)
    assert s.conflicts[0].consensus.label == "11,000 troops"
    assert s.outlet_url == "/outlet?name=A" and s.json_url == "/api/review/articles/1"


def test_articles_screen_urls() -> None:
    s = screens.articles_screen([], "s", None)
    assert s.url == "/articles?story=s" and s.json_url == "/api/review/articles?story=s"


# --- outlets and sources ----------------------------------------------------------------------


def scores(kind: Literal["outlet", "source"], *rows: tuple[str, float, int, int, int]
           ) -> list[SourceOut]:
    return [SourceOut(kind=kind, name=n, reliability=r, agree=a, compared=c, claims=k)
            for n, r, a, c, k in rows]


OUTLET_SCORES = scores("outlet", ("A", 0.6667, 1, 1, 1), ("D <x>", 0.3333, 0, 1, 1),
                       ("C", 0.5, 0, 0, 2))


def conflicts_and_estimates() -> tuple[list[ConflictOut], dict[int, list[ConsensusOut]]]:
    n, a = numeric_conflict(), attribution_conflict()
    a = a.model_copy(update={"status": "confirmed"})
    return [n, a], {7: estimates_of(n.claims)}


def outlet_row(name: str) -> OutletRow:
    return OutletRow(outlet=name, articles=1, claims=2, numeric_claims=1, credited_claims=2)


def test_outlets_screen_shows_truths_numbers() -> None:
    s = outlets_screen([outlet_row(o) for o in ["A", "C", "D <x>", "E"]], OUTLET_SCORES)
    by = {o.outlet: o.reliability for o in s.outlets}
    assert (by["A"].score, by["A"].text, by["A"].agree, by["A"].compared) == (
        0.6667, "0.67", 1, 1)
    assert by["A"].detail == "agrees with the consensus on 1 of 1 figure compared"
    assert (by["D <x>"].text, by["D <x>"].agree) == ("0.33", 0)
    assert by["C"].text == "0.50" and "no evidence" in by["C"].detail and by["C"].claims == 2
    assert (by["E"].score, by["E"].text, by["E"].detail) == (None, "—", "no figures weighed")
    assert "(agree + 1) / (compared + 2)" in s.note and s.json_url == "/api/review/outlets"


def test_reliability_ignores_scores_of_the_other_kind() -> None:
    mixed = OUTLET_SCORES + scores("source", ("E", 0.9, 8, 8, 8))
    (view,) = outlets_screen([outlet_row("E")], mixed).outlets
    assert view.reliability.score is None
    assert reliability("x", mixed[0]).detail.endswith("1 of 1 figure compared")


def test_outlet_screen_lists_claims_with_their_sides() -> None:
    conflicts, estimates = conflicts_and_estimates()
    claims = [conflicts[1].claims[2], conflicts[0].claims[3]]
    s = outlet_screen(outlet_row("C"), OUTLET_SCORES, claims, conflicts, estimates)
    spohr, twelve = s.claims
    (ref,) = spohr.disputes
    assert (ref.conflict_id, ref.side, ref.consensus, ref.status) == (
        10, "Frederic Spohr", None, "confirmed")  # attributions have no consensus value
    (ref,) = twelve.disputes
    assert (ref.side, ref.consensus, ref.consensus_label) == (
        "12,000 troops", False, "11,000 troops")
    assert s.outlet.reliability.text == "0.50"
    assert s.articles_url == "/articles?outlet=C" and s.url == "/outlet?name=C"


def test_dispute_refs_follow_truths_consensus() -> None:
    conflicts, estimates = conflicts_and_estimates()
    refs = dispute_refs(conflicts, estimates)
    assert [r.consensus for r in refs[1]] == [True]
    assert [r.consensus for r in refs[4]] == [False]
    accepted = {7: estimates_of(conflicts[0].claims, {"troops": 12000})}
    refs = dispute_refs(conflicts, accepted)
    assert [r.consensus for r in refs[1]] == [False] and [r.consensus for r in refs[4]] == [True]
    refs = dispute_refs(conflicts, {})  # no estimate for the cluster: no verdict
    assert refs[1][0].consensus is None and refs[1][0].consensus_label is None


def source_row(key: str, name: str, kind: str = "person", claims: int = 1,
               outlets: list[str] | None = None, spellings: list[str] | None = None
               ) -> SourceRow:
    return SourceRow(key=key, name=name, spellings=spellings or [name], kind=kind,
                     claims=claims, numeric_claims=0, outlet_names=outlets or ["A"])


def test_group_sources_merges_spellings_of_one_person() -> None:
    rows = [source_row("kondratenko", "Kondratenko", outlets=["B"],
                       spellings=["Colonel Kondratenko", "Kondratenko"]),
            source_row("oleksandr kondratenko", "Oleksandr Kondratenko", claims=2),
            source_row("frederic spohr", "Frederic Spohr"),
            source_row("spohr", "Spohr", kind="organisation")]
    groups = group_sources(rows)
    kondratenko = next(g for g in groups if g.key == "oleksandr kondratenko")
    assert kondratenko.keys == ["oleksandr kondratenko", "kondratenko"]
    assert kondratenko.claims == 3 and kondratenko.outlets == ["A", "B"]
    assert kondratenko.spellings == ["Colonel Kondratenko", "Kondratenko",
                                     "Oleksandr Kondratenko"]
    assert len(groups) == 3  # a person and an organisation never merge
    assert find_group(rows, "kondratenko") == kondratenko
    assert find_group(rows, "nobody") is None


def test_sources_screens_score_each_spelling_truth_scored() -> None:
    rows = [source_row("the ministry", "the ministry", kind="organisation", claims=4),
            source_row("kondratenko", "Kondratenko", spellings=["Col. Kondratenko"]),
            source_row("oleksandr kondratenko", "Oleksandr Kondratenko")]
    truth = scores("source", ("the ministry", 0.6, 2, 3, 4), ("Col. Kondratenko", 0.5, 0, 0, 1),
                   ("Oleksandr Kondratenko", 0.75, 2, 2, 2))
    s = sources_screen(rows, truth)
    by = {v.source.name: v.reliability for v in s.sources}
    assert [(r.name, r.text, r.agree, r.compared) for r in by["the ministry"]] == [
        ("the ministry", "0.60", 2, 3)]
    assert [(r.name, r.text) for r in by["Oleksandr Kondratenko"]] == [
        ("Col. Kondratenko", "0.50"), ("Oleksandr Kondratenko", "0.75")]
    assert sources_screen([source_row("x", "Nobody")], truth).sources[0].reliability == []
    group = find_group(rows, "kondratenko")
    assert group is not None
    conflicts, estimates = conflicts_and_estimates()
    page = source_screen(group, truth, conflicts[1].claims[:2], conflicts, estimates)
    assert len(page.source.reliability) == 2 and len(page.claims) == 2
    assert page.url == "/source?key=oleksandr+kondratenko"
    assert page.json_url == "/api/review/source?key=oleksandr+kondratenko"


@pytest.mark.parametrize("measure", ["troops", None])
def test_position_views_of_open_ended_sides(measure: str | None) -> None:
    conflict = numeric_conflict(measure=measure, positions=[
        Position(label="more than 10,000", low=10000, high=None, claim_ids=[1],
                 outlets=["A", "B"]),
        Position(label="5,000", low=5000, high=5000, claim_ids=[4], outlets=["D"])])
    estimate = ConsensusOut(measure=measure or "troops", value=10000, low=10000, high=None,
                            unit=None, ground_truth=False, outlets=["A", "B"], sources=[],
                            claim_ids=[1])
    views = screens.conflict_row(conflict, [estimate], NOW).positions
    assert [v.range for v in views] == ["≥ 10,000", "5,000"]
    if measure:
        assert [v.consensus for v in views] == [True, False]
        assert views[1].difference == "−5,000 (−50%)"
    else:  # matched by wording alone: no measure, so no estimate applies
        assert [(v.consensus, v.difference) for v in views] == [(False, None)] * 2


# --- stories ----------------------------------------------------------------------------------


def a_story(story_id: str, title: str | None = None) -> StoryOut:
    return StoryOut(id=story_id, title=title, articles=2, outlets=2, first_seen=NOW,
                    last_seen=NOW, open_conflicts=1, created_at=NOW)


def test_stories_screen_links_each_story_to_its_conflicts_articles_and_clusters() -> None:
    s = stories.stories_screen(StoryFilter(q="quake", page=2), [a_story("quake/2 a")], 250)
    (row,) = s.rows
    assert row.conflicts_url == "/?story=quake%2F2+a"
    assert row.open_url == "/?story=quake%2F2+a&status=open"
    assert row.articles_url == "/articles?story=quake%2F2+a"
    assert row.clusters_url == "/api/clusters?story=quake%2F2+a"
    assert row.api_url == "/api/stories/quake%2F2%20a"
    assert (s.total, s.page, s.pages) == (250, 2, 3)
    assert s.prev_url == "/stories?q=quake" and s.next_url == "/stories?q=quake&page=3"
    assert s.json_url == "/api/review/stories?q=quake&page=2"


def test_a_story_menu_keeps_the_story_filtered_by() -> None:
    menu = [StoryChoice(id="a", title="A")]
    assert stories.with_current(menu, None) == menu
    assert stories.with_current(menu, "a") == menu
    assert stories.with_current(menu, "b") == [StoryChoice(id="b", title=None), *menu]
