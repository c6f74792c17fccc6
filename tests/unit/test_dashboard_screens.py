"""Page screens, the timeline and the reliability pages, built from in-memory models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from reconcile.dashboard import screens
from reconcile.dashboard.filters import QueueFilter
from reconcile.dashboard.reliability import (
    dispute_refs,
    find_group,
    group_sources,
    outlet_screen,
    outlets_screen,
    source_screen,
    sources_screen,
)
from reconcile.dashboard.timeline import claim_says, claim_timeline, conflict_figure
from reconcile.extract.claims import Figure, Source
from reconcile.models import (
    ArticleOut,
    ClaimOut,
    ClusterOut,
    ConflictEvent,
    ConflictOut,
    Position,
)
from reconcile.store.pages import ArticleText, Dispute, Neighbours, OutletRow, Owner, SourceRow

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


# --- rows and the queue -----------------------------------------------------------------------


def test_conflict_row_reads_as_the_queue_shows_it() -> None:
    row = screens.conflict_row(numeric_conflict(accepted_value=11000.0), NOW)
    assert row.subject == "troops" and row.headline == "troops: 11,000 vs 12,000"
    assert row.age == "5h" and row.url == "/conflicts/9" and row.accepted == "11,000"
    first, second = row.positions
    assert (first.range, first.consensus, first.difference) == ("11,000", True, None)
    assert (second.range, second.consensus, second.difference) == (
        "12,000", False, "+1,000 (+9.1%)")
    assert row.consensus.outlets == 3 and row.consensus.total_outlets == 4


def test_a_tie_shows_no_difference() -> None:
    tie = numeric_conflict(positions=[
        Position(label="11,000", low=11000, high=11000, claim_ids=[1], outlets=["A"]),
        Position(label="12,000", low=12000, high=12000, claim_ids=[4], outlets=["D"])])
    row = screens.conflict_row(tie, NOW)
    assert row.consensus.position is None
    assert [p.difference for p in row.positions] == [None, None]


def test_attribution_rows_name_the_quote_and_the_sources() -> None:
    row = screens.conflict_row(attribution_conflict(), NOW)
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
    s = screens.queue_screen(f, [numeric_conflict()], {"open": 150, "resolved": 3},
                             ["s"], ["A"], NOW)
    tabs = {t.label: (t.count, t.current, t.url) for t in s.tabs}
    assert tabs["All"] == (153, False, "/?kind=numeric")
    assert tabs["Open"] == (150, True, "/?kind=numeric&status=open")
    assert tabs["Dismissed"][0] == 0
    assert (s.total, s.page, s.pages) == (150, 1, 2)
    assert s.prev_url is None and s.next_url == "/?kind=numeric&status=open&page=2"
    assert s.json_url == "/api/review/queue?kind=numeric&status=open"
    assert s.kinds == ["numeric", "attribution"] and len(s.rows) == 1


def test_queue_screen_with_nothing() -> None:
    s = screens.queue_screen(QueueFilter(), [], {}, [], [], NOW)
    assert (s.total, s.pages, s.rows) == (0, 1, [])
    assert s.url == "/" and s.json_url == "/api/review/queue"


# --- one conflict -----------------------------------------------------------------------------


def test_conflict_screen_columns_cards_and_context() -> None:
    conflict = numeric_conflict()
    articles = {c.article_id: article_for(c, c.values[0].raw) for c in conflict.claims}
    s = screens.conflict_screen(conflict, conflict.claims, articles,
                                Neighbours(next_id=3, prev_id=None), NOW)
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
    s = screens.conflict_screen(conflict, conflict.claims, {}, Neighbours(next_id=None,
                                                                          prev_id=None), NOW)
    assert s.chart is not None and s.chart.band is not None
    assert [b.in_consensus for b in s.chart.bars] == [True, True, True, False]


def test_conflict_screen_without_articles_still_marks_the_sentence() -> None:
    conflict = numeric_conflict()
    s = screens.conflict_screen(conflict, conflict.claims, {}, Neighbours(next_id=None,
                                                                          prev_id=None), NOW)
    card = s.columns[0].cards[0]
    assert "".join(seg.text for seg in card.context) == SENTENCE.format("11,000")
    assert card.article_title is None and card.original_url is None


def test_attribution_screen_offers_sources_and_no_chart() -> None:
    conflict = attribution_conflict()
    s = screens.conflict_screen(conflict, conflict.claims, {}, Neighbours(next_id=None,
                                                                          prev_id=None), NOW)
    assert s.chart is None and s.suggestions == []
    assert s.sources == ["Oleksandr Kondratenko", "Frederic Spohr"]
    assert s.columns[1].cards[0].says == "credited to Frederic Spohr"


def test_conflict_screen_audit_is_newest_first() -> None:
    events = [ConflictEvent(id=i, actor="dana", action=a, before={"status": "open"},
                            after={"status": s}, created_at=NOW)
              for i, (a, s) in enumerate([("confirmed", "confirmed"), ("open", "open")], 1)]
    conflict = numeric_conflict(events=events)
    s = screens.conflict_screen(conflict, conflict.claims, {}, Neighbours(next_id=None,
                                                                          prev_id=None), NOW)
    assert [e.id for e in s.audit] == [2, 1]


# --- the timeline -----------------------------------------------------------------------------


def test_timeline_orders_by_time_and_calls_out_updates() -> None:
    conflict = numeric_conflict()
    later = claim(5, "A", "12,500", 12500, 12500, day=16)
    other = claim(6, "E", "40", 40, 40, day=13)
    other = other.model_copy(update={"values": [other.values[0].model_copy(
        update={"measure": "ferries"})]})
    entries = claim_timeline([later, *conflict.claims, other], conflict)
    assert [e.claim_id for e in entries] == [1, 2, 3, 4, 5]  # the ferries say nothing here
    last = entries[-1]
    assert last.change == "updated" and last.previous == "11,000 troops"
    assert last.says == "12,500 troops" and not last.in_conflict
    assert entries[2].says == "11,000 troops (around: 10,450-11,550)"
    assert all(e.in_conflict for e in entries[:4])


def test_timeline_marks_repeats_and_puts_undated_claims_first() -> None:
    conflict = numeric_conflict()
    undated = claim(7, "B", "11,000", 11000, 11000).model_copy(update={"published_at": None})
    repeat = claim(8, "B", "11,000", 11000, 11000, day=18)
    entries = claim_timeline([repeat, undated], conflict)
    assert [(e.claim_id, e.change) for e in entries] == [(7, "first"), (8, "same")]


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
                         updated_at=NOW, claims=list(reversed(conflict.claims)), conflicts=[9])
    s = screens.cluster_screen(cluster, [conflict], {}, NOW)
    assert [c.id for c in s.cards] == [1, 2, 3, 4]
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
    s = screens.article_screen(article, [numeric_conflict()], NOW)
    assert s.outlet_url == "/outlet?name=A" and s.json_url == "/api/review/articles/1"


def test_articles_screen_urls() -> None:
    s = screens.articles_screen([], "s", None)
    assert s.url == "/articles?story=s" and s.json_url == "/api/review/articles?story=s"


# --- outlets and sources ----------------------------------------------------------------------


def disputes() -> list[Dispute]:
    n, a = numeric_conflict(), attribution_conflict()
    return [Dispute(id=n.id, story="s", kind="numeric", status="open", positions=n.positions),
            Dispute(id=a.id, story="s", kind="attribution", status="confirmed",
                    positions=a.positions)]


OWNERS = {1: Owner(outlet="A", source_key="the ministry"),
          2: Owner(outlet="B", source_key="the ministry"),
          3: Owner(outlet="C", source_key="the ministry"),
          4: Owner(outlet="D <x>", source_key="the ministry"),
          11: Owner(outlet="A", source_key="oleksandr kondratenko"),
          12: Owner(outlet="B", source_key="kondratenko"),
          13: Owner(outlet="C", source_key="frederic spohr")}


def test_outlets_screen_counts_and_scores() -> None:
    rows = [OutletRow(outlet=o, articles=1, claims=2, numeric_claims=1, credited_claims=2,
                      last_published=None) for o in ["A", "C", "D <x>"]]
    s = outlets_screen(rows, disputes(), OWNERS)
    by = {o.outlet: o.reliability for o in s.outlets}
    assert (by["A"].in_conflict, by["A"].share_text) == (2, "100% (1 of 1)")
    assert by["D <x>"].share_text == "0% (0 of 1)" and by["D <x>"].in_conflict == 1
    assert "Provisional" in s.note and s.json_url == "/api/review/outlets"


def test_outlet_screen_lists_claims_with_their_sides() -> None:
    row = OutletRow(outlet="C", articles=1, claims=2, numeric_claims=1, credited_claims=2,
                    last_published=None)
    conflict = attribution_conflict()
    s = outlet_screen(row, [conflict.claims[2]], disputes(), OWNERS)
    (line,) = s.claims
    (ref,) = line.disputes
    assert (ref.conflict_id, ref.side, ref.majority, ref.status) == (
        10, "Frederic Spohr", False, "confirmed")
    assert s.articles_url == "/articles?outlet=C" and s.url == "/outlet?name=C"


def test_dispute_refs_of_a_tie_have_no_majority() -> None:
    tie = Dispute(id=1, story="s", kind="numeric", status="open", positions=[
        Position(label="a", claim_ids=[1], outlets=["A"]),
        Position(label="b", claim_ids=[2], outlets=["B"])])
    refs = dispute_refs([tie])
    assert refs[1][0].majority is None and refs[2][0].majority is None


def source_row(key: str, name: str, kind: str = "person", claims: int = 1,
               outlets: list[str] | None = None) -> SourceRow:
    return SourceRow(key=key, name=name, kind=kind, claims=claims, numeric_claims=0,
                     outlet_names=outlets or ["A"])


def test_group_sources_merges_spellings_of_one_person() -> None:
    rows = [source_row("kondratenko", "Kondratenko", outlets=["B"]),
            source_row("oleksandr kondratenko", "Oleksandr Kondratenko", claims=2),
            source_row("frederic spohr", "Frederic Spohr"),
            source_row("spohr", "Spohr", kind="organisation")]
    groups = group_sources(rows)
    kondratenko = next(g for g in groups if g.key == "oleksandr kondratenko")
    assert kondratenko.keys == ["oleksandr kondratenko", "kondratenko"]
    assert kondratenko.claims == 3 and kondratenko.outlets == ["A", "B"]
    assert len(groups) == 3  # a person and an organisation never merge
    assert find_group(rows, "kondratenko") == kondratenko
    assert find_group(rows, "nobody") is None


def test_sources_screens_score_sources_in_numeric_conflicts() -> None:
    rows = [source_row("the ministry", "the ministry", kind="organisation", claims=4),
            source_row("kondratenko", "Kondratenko"),
            source_row("oleksandr kondratenko", "Oleksandr Kondratenko")]
    s = sources_screen(rows, disputes(), OWNERS)
    by = {v.source.name: v.reliability for v in s.sources}
    assert by["the ministry"].share_text == "75% (3 of 4)"
    assert by["Oleksandr Kondratenko"].in_conflict == 2
    assert by["Oleksandr Kondratenko"].share_text == "—"
    group = find_group(rows, "kondratenko")
    assert group is not None
    page = source_screen(group, rows, [], disputes(), OWNERS)
    assert page.url == "/source?key=oleksandr+kondratenko"
    assert page.json_url == "/api/review/source?key=oleksandr+kondratenko"


@pytest.mark.parametrize("measure", ["troops", None])
def test_position_views_of_open_ended_sides(measure: str | None) -> None:
    conflict = numeric_conflict(measure=measure, positions=[
        Position(label="more than 10,000", low=10000, high=None, claim_ids=[1],
                 outlets=["A", "B"]),
        Position(label="5,000", low=5000, high=5000, claim_ids=[4], outlets=["D"])])
    views = screens.position_views(conflict, screens.conflict_row(conflict, NOW).consensus)
    assert [v.range for v in views] == ["≥ 10,000", "5,000"]
    assert views[1].difference == "−5,000 (−50%)"
