"""Extraction quality and speed on the labelled set: `python -m bench.extraction`.

Prints precision, recall and F1 for figures, measures, time spans, sources and citations, the
same figure scores for quantulum3 (the off-the-shelf baseline), and sentences per second.

How each task is scored (one row of tests/data/extraction_set.jsonl is one sentence):
- figures: a predicted figure is right when a gold figure of the sentence has the same interval
  (low, high; unbounded = null) and unit, matched one to one. "interval only" ignores the unit.
- measures: figures are aligned to gold figures by overlapping text; a measure is right when an
  aligned pair has the same non-null measure. Recall counts every gold figure with a measure.
- time spans: the sentence's span (start, end) equals the gold one; a wrong span is both a false
  positive and a false negative.
- sources: the credited source matches the gold one (same normalised key, or `same_source` for
  people); citations: the set of cited outlets, compared without a leading "The".
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reconcile.domain import Claim
from reconcile.evaluation.evaluate import PRF
from reconcile.extract.claims import analyse, extract_claims
from reconcile.extract.names import same_source, source_key
from reconcile.rules.alignment import STAMP_KINDS

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction_set.jsonl"
Interval = tuple[float | None, float | None, str | None]


@dataclass
class Score(PRF):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    kinds: list[int] = field(default_factory=lambda: [0, 0])  # right, matched (sources only)

    def add(self, tp: int, fp: int, fn: int, note: str | None = None) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        if note and (fp or fn):
            self.misses.append(note)



def load(path: Path = DATA) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_ours(row: dict[str, Any]) -> tuple[list[Claim], int]:
    """Every sentence of the row as a claim (its context sentence is given as the one before).

    `analyse` keeps sentences with neither a figure nor a source, so that a time span is
    scored on every sentence; `extract_claims` is the same list without those.
    """
    context = row.get("context_before") or ""
    text = f"{context} {row['text']}" if context else row["text"]
    published = date.fromisoformat(row["published_at"]) if row.get("published_at") else None
    offset = len(context) + 1 if context else 0
    return analyse(text, published, frozenset()), offset


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def match_intervals(pred: list[Interval], gold: list[Interval], unit: bool = True) -> int:
    """How many predicted intervals equal a gold one, each gold one used once."""
    left = list(gold)
    tp = 0
    for lo, hi, u in pred:
        for i, (glo, ghi, gu) in enumerate(left):
            if _same(lo, glo) and _same(hi, ghi) and (not unit or u == gu):
                tp += 1
                del left[i]
                break
    return tp


def _gold_spans(text: str, figures: list[dict[str, Any]]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for f in figures:
        at = text.find(f["raw"], pos)
        if at < 0:
            at = text.find(f["raw"])
        spans.append((at, at + len(f["raw"])) if at >= 0 else (-1, -1))
        pos = at + len(f["raw"]) if at >= 0 else pos
    return spans


def score_ours(rows: list[dict[str, Any]]) -> dict[str, Score]:
    s = {k: Score() for k in ("figures", "figures (interval only)", "measures", "time spans",
                              "sources", "citations")}
    for row in rows:
        claims, offset = run_ours(row)
        claims = [c for c in claims if c.end > offset]
        # dates, times of day and ages are figures of their own kinds, not labelled in this set
        figs = [f for c in claims for f in c.values
                if f.start >= offset and f.unit not in STAMP_KINDS]
        gold = row["figures"]
        pred_iv = [(f.low, f.high, f.unit) for f in figs]
        gold_iv = [(g["low"], g["high"], g["unit"]) for g in gold]
        note = (f"{row['id']}: {row['text']}\n"
                f"    ours {[(f.raw, f.low, f.high, f.unit) for f in figs]}\n"
                f"    gold {[(g['raw'], g['low'], g['high'], g['unit']) for g in gold]}")
        for name, with_unit in (("figures", True), ("figures (interval only)", False)):
            tp = match_intervals(pred_iv, gold_iv, with_unit)
            s[name].add(tp, len(pred_iv) - tp, len(gold_iv) - tp, note)
        _score_measures(s["measures"], row, figs, offset)
        _score_span(s["time spans"], row, claims)
        _score_source(s["sources"], row, claims)
        _score_citations(s["citations"], row, claims)
    return s


def _score_measures(score: Score, row: dict[str, Any], figs: list[Any], offset: int) -> None:
    gold = row["figures"]
    spans = _gold_spans(row["text"], gold)
    tp = fp = 0
    used: set[int] = set()
    notes = []
    for f in figs:
        a, b = f.start - offset, f.end - offset
        hit = next((i for i, (ga, gb) in enumerate(spans)
                    if i not in used and ga < b and a < gb), None)
        if hit is None:
            continue
        used.add(hit)
        g = gold[hit]["measure"]
        if f.measure is not None and f.measure == g:
            tp += 1
        elif f.measure is not None:
            fp += 1
        if f.measure != g:
            notes.append(f"{f.raw!r}: ours {f.measure!r} gold {g!r}")
    fn = sum(1 for g in gold if g["measure"] is not None) - tp
    score.add(tp, fp, fn, f"{row['id']}: {row['text']}\n    " + "; ".join(notes))


def _score_span(score: Score, row: dict[str, Any], claims: list[Claim]) -> None:
    gold = row["time_span"]
    span = next((c.time_span for c in claims if c.time_span is not None), None)
    got = None if span is None else (
        span.start.isoformat() if span.start else None, span.end.isoformat() if span.end else None)
    want = None if gold is None else (gold["start"], gold["end"])
    ok = got is not None and got == want
    score.add(int(ok), int(got is not None and not ok), int(want is not None and not ok),
              f"{row['id']}: {row['text']}\n    ours {got} gold {want}")


def _score_source(score: Score, row: dict[str, Any], claims: list[Claim]) -> None:
    gold = row["source"]
    src = next((c.source for c in claims if c.source is not None), None)
    ok = src is not None and gold is not None and (
        source_key(src.name) == source_key(gold["name"])
        or (gold["kind"] == "person" and same_source(src.name, gold["name"])))
    if ok and src is not None and gold is not None:
        score.kinds[0] += src.kind == gold["kind"]
        score.kinds[1] += 1
    score.add(int(ok), int(src is not None and not ok), int(gold is not None and not ok),
              f"{row['id']}: {row['text']}\n    ours {src and (src.name, src.kind)} gold "
              f"{gold and (gold['name'], gold['kind'])}")


def _outlet(name: str) -> str:
    return name.lower().removeprefix("the ").strip()


def _score_citations(score: Score, row: dict[str, Any], claims: list[Claim]) -> None:
    got = {_outlet(c.outlet) for cl in claims for c in cl.citations}
    want = {_outlet(c) for c in row["citations"]}
    tp = len(got & want)
    score.add(tp, len(got - want), len(want - got),
              f"{row['id']}: {row['text']}\n    ours {sorted(got)} gold {sorted(want)}")


# --- quantulum3, the baseline on the figure task ---------------------------------------------

_Q_UNITS = {
    "percentage": "%", "per cent": "%", "percent": "%", "percentage point": "pp",
    "dollar": "USD", "united states dollar": "USD", "euro": "EUR", "pound sterling": "GBP",
    "yen": "JPY", "japanese yen": "JPY", "russian ruble": "RUB", "ruble": "RUB",
    "hryvnia": "UAH", "won": "KRW", "south korean won": "KRW", "kilometre": "km", "mile": "mile",
    "kilogram": "kg", "tonne": "tonne", "metre": "metre", "hour": "hour", "minute": "minute",
    "second": "second", "day": "day", "week": "week", "month": "month", "year": "year",
}


def quantulum_figures(text: str) -> list[Interval]:
    """quantulum3's figures as intervals: a range is value ± uncertainty, anything else a point."""
    from quantulum3 import classifier, parser

    # The bundled unit classifier was pickled with an older scikit-learn and cannot be loaded
    # (retraining needs the `stemming` package); quantulum then uses its rule-based fallback.
    classifier.USE_CLF = False
    out: list[Interval] = []
    for q in parser.parse(text):
        unc = q.uncertainty
        name = q.unit.name.lower() if q.unit else "dimensionless"
        unit = _Q_UNITS.get(name)
        if unc:
            out.append((q.value - unc, q.value + unc, unit))
        else:
            out.append((q.value, q.value, unit))
    return out


def score_quantulum(rows: list[dict[str, Any]]) -> dict[str, Score]:
    s = {"figures": Score(), "figures (interval only)": Score()}
    for row in rows:
        pred = quantulum_figures(row["text"])
        gold = [(g["low"], g["high"], g["unit"]) for g in row["figures"]]
        for name, with_unit in (("figures", True), ("figures (interval only)", False)):
            tp = match_intervals(pred, gold, with_unit)
            s[name].add(tp, len(pred) - tp, len(gold) - tp)
    return s


def speed(rows: list[dict[str, Any]], seconds: float = 3.0) -> float:
    """Sentences per second through `extract_claims`, one process, one core.

    Measured in CPU time of this process, so that other work on the machine does not count.
    """
    texts = [(r["text"], date.fromisoformat(r["published_at"])) for r in rows]
    extract_claims(texts[0][0], texts[0][1], frozenset())  # compile the patterns first
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for text, published in texts:
            extract_claims(text, published, frozenset())
        n += len(texts)
    return n / (time.process_time() - start)


def _print_heldout() -> None:
    from tests.unit.test_extract_heldout import HELDOUT, f1, score_heldout

    fig_tp, fig_pred, fig_gold, src_tp, src_pred, src_gold, _ = score_heldout()
    print(f"held-out ({len(HELDOUT)} sentences written after tuning, "
          "tests/unit/test_extract_heldout.py): "
          f"figure F1 {f1(fig_tp, fig_pred, fig_gold):.3f}, "
          f"source F1 {f1(src_tp, src_pred, src_gold):.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--errors", choices=["figures", "measures", "time spans", "sources",
                                         "citations"], help="print the misses of one task")
    ap.add_argument("--register", help="score only rows of this register (wire, quote, ...)")
    ap.add_argument("--no-baseline", action="store_true", help="skip quantulum3")
    args = ap.parse_args(argv)
    rows = load(args.data)
    if args.register:
        rows = [r for r in rows if r["register"] == args.register]
    ours = score_ours(rows)
    theirs = {} if args.no_baseline else score_quantulum(rows)
    print(f"{len(rows)} sentences, {sum(len(r['figures']) for r in rows)} gold figures")
    print(f"{'task':<26}{'P':>7}{'R':>7}{'F1':>7}   {'quantulum3 P':>12}{'R':>7}{'F1':>7}")
    for name, sc in ours.items():
        line = f"{name:<26}{sc.precision:7.3f}{sc.recall:7.3f}{sc.f1:7.3f}"
        if name in theirs:
            q = theirs[name]
            line += f"   {q.precision:12.3f}{q.recall:7.3f}{q.f1:7.3f}"
        print(line)
    kinds = ours["sources"].kinds
    print(f"source kind (person/organisation) right on {kinds[0]} of {kinds[1]} matched sources")
    print(f"speed: {speed(rows):,.0f} sentences/s (extract_claims, one core)")
    if not args.register:
        _print_heldout()
    if args.errors:
        for note in ours[args.errors].misses:
            print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
