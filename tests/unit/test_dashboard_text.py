"""Marked segments, sentences in context, ages and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from reconcile.dashboard.text import (
    Mark,
    Segment,
    age,
    claim_marks,
    context_window,
    in_context,
    segments,
    when,
)
from reconcile.domain import Figure, Source
from reconcile.models import ClaimOut

ARTICLE = (
    "North Korean soldiers appear to have been pulled back.\n\n"
    "Officials recorded no activity. Pyongyang has dispatched 11,000 troops to Russia, "
    "according to South Korean data. The soldiers fought in Kursk. Losses were heavy.\n\n"
    "Neither side has commented."
)


def claim_in(text: str, sentence: str, figure: str, source: str | None = None,
             quote: str | None = None) -> ClaimOut:
    start = text.index(sentence)
    f_start = text.index(figure, start)
    src = None
    if source:
        s_start = text.index(source, start)
        src = Source(name=source, key=source.lower(), kind="organisation", start=s_start,
                     end=s_start + len(source))
    value = Figure(raw=figure, value=11000, low=11000, high=11000, measure="troops",
                   start=f_start, end=f_start + len(figure))
    return ClaimOut(id=7, article_id=1, cluster_id=3, outlet="O", text=sentence, start=start,
                    end=start + len(sentence), values=[value], source=src, quote=quote)


SENTENCE = ("Pyongyang has dispatched 11,000 troops to Russia, according to South Korean "
            "data.")


def test_segments_without_marks_is_the_text() -> None:
    assert segments("plain", []) == [Segment(text="plain")]


def test_segments_split_at_mark_boundaries_and_keep_every_character() -> None:
    text = "sent 11,000 troops, officials said"
    marks = [Mark(start=5, end=11, kind="figure"), Mark(start=20, end=29, kind="source")]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.kinds) for s in segs] == [
        ("sent ", ()), ("11,000", ("figure",)), (" troops, ", ()), ("officials", ("source",)),
        (" said", ()),
    ]


def test_overlapping_marks_list_every_kind_in_order() -> None:
    segs = segments("abcdef", [Mark(start=0, end=6, kind="claim", ref=9),
                               Mark(start=2, end=4, kind="figure")])
    assert [(s.text, s.kinds, s.ref) for s in segs] == [
        ("ab", ("claim",), 9), ("cd", ("claim", "figure"), 9), ("ef", ("claim",), 9)]


def test_offsets_are_article_wide_and_marks_outside_are_clipped() -> None:
    segs = segments("world", [Mark(start=0, end=8, kind="x"), Mark(start=20, end=30, kind="y")],
                    offset=6)
    assert [(s.text, s.kinds) for s in segs] == [("wo", ("x",)), ("rld", ())]


def test_adjacent_segments_with_the_same_marks_merge() -> None:
    segs = segments("aabb", [Mark(start=0, end=2, kind="k"), Mark(start=2, end=4, kind="k")])
    assert segs == [Segment(text="aabb", kinds=("k",))]


def test_markup_in_text_stays_text() -> None:
    segs = segments("<script>alert(1)</script>", [Mark(start=0, end=8, kind="figure")])
    assert segs[0].text == "<script>" and segs[1].text == "alert(1)</script>"


def test_context_window_takes_a_sentence_either_side() -> None:
    start = ARTICLE.index(SENTENCE)
    s, e = context_window(ARTICLE, start, start + len(SENTENCE))
    assert ARTICLE[s:e] == ("Officials recorded no activity. " + SENTENCE +
                            " The soldiers fought in Kursk.")


def test_context_window_reaches_into_the_next_paragraph_and_stops_at_the_ends() -> None:
    first = "North Korean soldiers appear to have been pulled back."
    s, e = context_window(ARTICLE, 0, len(first))
    assert s == 0 and ARTICLE[s:e] == first + "\n\nOfficials recorded no activity."
    last = "Neither side has commented."
    start = ARTICLE.index(last)
    s, e = context_window(ARTICLE, start, start + len(last))
    assert ARTICLE[s:e] == "Losses were heavy.\n\n" + last and e == len(ARTICLE)


def test_context_window_with_no_neighbours_asked() -> None:
    start = ARTICLE.index(SENTENCE)
    s, e = context_window(ARTICLE, start, start + len(SENTENCE), around=0)
    assert ARTICLE[s:e] == SENTENCE


def test_context_window_of_text_without_sentences_is_the_span() -> None:
    assert context_window("   ", 1, 2) == (1, 2)


def test_in_context_marks_claim_figure_and_source() -> None:
    claim = claim_in(ARTICLE, SENTENCE, "11,000", source="South Korean data")
    segs = in_context(ARTICLE, claim)
    text = "".join(s.text for s in segs)
    assert text.startswith("Officials recorded") and text.endswith("fought in Kursk.")
    by_kind = {k: s.text for s in segs for k in s.kinds if k != "claim"}
    assert by_kind == {"figure": "11,000", "source": "South Korean data"}
    assert all("claim" in s.kinds for s in segs if s.text in {"11,000", "South Korean data"})
    assert not segs[0].kinds  # the sentence before is context, not the claim


def test_claim_marks_can_highlight_only_the_given_figures() -> None:
    claim = claim_in(ARTICLE, SENTENCE, "11,000")
    assert [m.kind for m in claim_marks(claim)] == ["figure"]
    assert claim_marks(claim, []) == []


def test_claim_marks_find_the_quote_and_skip_a_source_without_offsets() -> None:
    sentence = '"We believe their withdrawal is a result of heavy losses," Spohr said.'
    text = f"Intro. {sentence}"
    start = text.index(sentence)
    claim = ClaimOut(id=1, article_id=1, cluster_id=1, outlet="O", text=sentence, start=start,
                     end=start + len(sentence), values=[],
                     source=Source(name="Spohr", key="spohr", kind="person", start=-1, end=-1),
                     quote="We believe their withdrawal is a result of heavy losses")
    (quote,) = claim_marks(claim)
    assert quote.kind == "quote"
    assert text[quote.start:quote.end] == claim.quote


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(seconds=5), "<1m"), (timedelta(minutes=12), "12m"),
    (timedelta(hours=5, minutes=59), "5h"), (timedelta(days=3), "3d"),
    (timedelta(days=15), "2w"), (timedelta(days=800), "2y"), (timedelta(seconds=-30), "<1m"),
])
def test_age(delta: timedelta, text: str) -> None:
    assert age(delta) == text


def test_when_is_utc_to_the_minute() -> None:
    paris = timezone(timedelta(hours=1))
    assert when(datetime(2025, 2, 14, 9, 30, 59, tzinfo=paris)) == "2025-02-14 08:30 UTC"
    assert when(datetime(2025, 2, 14, 8, 30, tzinfo=UTC)) == "2025-02-14 08:30 UTC"
    assert when(datetime(2025, 2, 14, 8, 30)) == "2025-02-14 08:30 UTC"
    assert when(None) == "date unknown"
