"""Article text cut into marked segments (figure, source, claim) and read in context.

Templates never build HTML from article text: they get segments, each plain text plus the
kinds of mark that cover it, and print every segment through Jinja's autoescape. That is what
keeps an outlet's '<script>' a piece of text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from pydantic import BaseModel, ConfigDict

from reconcile.domain import Figure
from reconcile.extract.sentences import split_sentences
from reconcile.models import ClaimOut


class Mark(BaseModel):
    """A span of the article text (absolute offsets) to highlight."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    kind: str
    ref: int | None = None
    """What the span points at, e.g. the claim id of a claim sentence."""


class Segment(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    kinds: tuple[str, ...] = ()
    ref: int | None = None


def segments(text: str, marks: Sequence[Mark], offset: int = 0) -> list[Segment]:
    """Split `text` (which starts at `offset` in the article) at every mark boundary.

    Marks may overlap or run past the text; each segment lists the kinds covering it in the
    order the marks were given, and adjacent segments with the same marks are merged.
    """
    local = [(max(m.start - offset, 0), min(m.end - offset, len(text)), m) for m in marks]
    local = [(s, e, m) for s, e, m in local if s < e]
    cuts = sorted({0, len(text), *(s for s, _, _ in local), *(e for _, e, _ in local)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        covering = [m for s, e, m in local if s <= a and b <= e]
        kinds = tuple(dict.fromkeys(m.kind for m in covering))
        ref = next((m.ref for m in covering if m.ref is not None), None)
        if out and out[-1].kinds == kinds and out[-1].ref == ref:
            out[-1] = Segment(text=out[-1].text + text[a:b], kinds=kinds, ref=ref)
        else:
            out.append(Segment(text=text[a:b], kinds=kinds, ref=ref))
    return [s for s in out if s.text]


def claim_marks(claim: ClaimOut, figures: Sequence[Figure] | None = None) -> list[Mark]:
    """The figures (all of them, or the ones given) and the credited source of a claim."""
    marks = [Mark(start=f.start, end=f.end, kind="figure")
             for f in (claim.values if figures is None else figures)]
    if claim.source and claim.source.start is not None and claim.source.end is not None \
            and claim.source.start >= 0:
        marks.append(Mark(start=claim.source.start, end=claim.source.end, kind="source"))
    if claim.quote:
        at = claim.text.find(claim.quote)
        if at >= 0:
            marks.append(Mark(start=claim.start + at, end=claim.start + at + len(claim.quote),
                              kind="quote"))
    return marks


def context_window(text: str, start: int, end: int, around: int = 1) -> tuple[int, int]:
    """Offsets of the span widened by `around` whole sentences on each side.

    Neighbours may come from the paragraph before or after: a one-sentence paragraph is
    common in news copy, and its neighbours are still the context a reviewer needs.
    """
    spans = [(s.start, s.end) for s in split_sentences(text)]
    inside = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
    if not inside:
        return start, end
    first = max(inside[0] - around, 0)
    last = min(inside[-1] + around, len(spans) - 1)
    return min(spans[first][0], start), max(spans[last][1], end)


def in_context(article_text: str, claim: ClaimOut, figures: Sequence[Figure] | None = None,
               around: int = 1) -> list[Segment]:
    """The claim's sentence with its neighbours; the claim, its figure and source marked."""
    s, e = context_window(article_text, claim.start, claim.end, around)
    marks = [Mark(start=claim.start, end=claim.end, kind="claim", ref=claim.id),
             *claim_marks(claim, figures)]
    return segments(article_text[s:e], marks, offset=s)


def age(delta: timedelta) -> str:
    """'<1m', '12m', '5h', '3d', '7w': how long a conflict has waited, in a narrow column."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 60:
        return "<1m"
    for size, suffix in ((7 * 86400 * 52, "y"), (7 * 86400, "w"), (86400, "d"), (3600, "h"),
                         (60, "m")):
        if seconds >= size:
            return f"{int(seconds // size)}{suffix}"
    return "<1m"  # pragma: no cover  # 60 s and more always match a unit above


def when(moment: datetime | None) -> str:
    """A timestamp in UTC, to the minute: '2025-02-14 08:30 UTC'."""
    if moment is None:
        return "date unknown"
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
