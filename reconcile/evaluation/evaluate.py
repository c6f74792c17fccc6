"""`reconcile eval`: conflict detection and same-claim decisions on data nobody here wrote.

Real news (../shared/eval/realnews_dev.jsonl): each labelled story's articles are posted as one
story through the real pipeline and the conflicts it stores are scored against the labelled
sentence pairs (reconcile/evaluation/realnews.py: recall, false alarms on compatible pairs and
traps, precision over labelled pairs, and the reported conflicts no label covers, for reading).
EQUATE (../shared/eval/equate_dev.jsonl): each pair goes through the real pipeline — premise and
hypothesis as two outlets' articles in a story of their own — and a conflict should be flagged
exactly when the label is `contradiction`. STS-B dev (stsb_dev.csv): pairs scored >= 4 are the
same claim, <= 2 different; we compare raw cosine with the same-claim score of cluster.py, each
at a threshold chosen on one half of the pairs and measured on the other half.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reconcile.embedding.embed import Embedder
from reconcile.evaluation.realnews import (
    ClaimRef,
    RealNewsResult,
    ReportedConflict,
    Story,
    format_report,
    is_realnews_file,
    load_realnews,
    score_realnews,
)
from reconcile.extract.claims import extract_claims
from reconcile.models import ArticleIn, ClaimOut
from reconcile.rules.cluster import Sketch, same_claim_score
from reconcile.settings import Settings, get_settings
from reconcile.store import db as store
from reconcile.store import evaluate as evaluation
from reconcile.store import repo

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "eval"
REALNEWS = "realnews_dev.jsonl"


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """The usual three, with an empty denominator counting as perfect (nothing to get wrong)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class PRF:
    """precision, recall and F1 of anything counting tp, fp and fn."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[2]


@dataclass(frozen=True)
class Scores(PRF):
    n: int
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def false_alarm_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0


def score(truth: Sequence[bool], flagged: Sequence[bool]) -> Scores:
    tp = sum(t and f for t, f in zip(truth, flagged, strict=True))
    fp = sum(f and not t for t, f in zip(truth, flagged, strict=True))
    fn = sum(t and not f for t, f in zip(truth, flagged, strict=True))
    return Scores(len(truth), tp, fp, fn, len(truth) - tp - fp - fn)


def load_equate(path: Path, limit: int | None = None) -> list[dict[str, object]]:
    per_source: dict[str, int] = defaultdict(int)
    pairs = []
    for line in path.read_text().splitlines():
        item = json.loads(line)
        if limit is not None and per_source[item["source"]] >= limit:
            continue
        per_source[item["source"]] += 1
        pairs.append(item)
    return pairs


def run_equate(pairs: list[dict[str, object]], embedder: Embedder, settings: Settings,
               url: str) -> dict[str, tuple[list[bool], list[bool]]]:
    """Post every pair through the real pipeline; {source: (truth, flagged)}."""
    from reconcile.startup import open_service

    service = open_service(settings, embedder=embedder, url=url)
    results: dict[str, tuple[list[bool], list[bool]]] = defaultdict(lambda: ([], []))
    try:
        for item in pairs:
            story = f"eval-{item['source']}-{item['idx']}"
            for outlet, key in (("Outlet P", "premise"), ("Outlet H", "hypothesis")):
                service.ingestor.ingest(ArticleIn(outlet=outlet, story=story,
                                                  text=str(item[key]).strip() or "-"))
            with service.db.transaction() as conn:
                conflicting = evaluation.has_active_conflict(conn, story)
            truth, flagged = results[str(item["source"])]
            truth.append(item["label"] == "contradiction")
            flagged.append(conflicting)
    finally:
        service.close()
    return dict(results)


def load_stsb(path: Path) -> list[tuple[str, str, float, str]]:
    rows = []
    with path.open(newline="") as f:
        for rec in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(rec) >= 7:
                rows.append((rec[5], rec[6], float(rec[4]), rec[0]))
    return [r for r in rows if r[2] >= 4 or r[2] <= 2]


def _best_threshold(values: np.ndarray, truth: np.ndarray) -> float:
    candidates = np.unique(np.round(values, 3))
    accuracy = [((values >= t) == truth).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def held_out_accuracy(values: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Two-fold: threshold chosen on one half, accuracy measured on the other; (acc, thr)."""
    idx = np.arange(len(values))
    folds = (idx % 2 == 0, idx % 2 == 1)
    accs, thrs = [], []
    for train, test in (folds, folds[::-1]):
        t = _best_threshold(values[train], truth[train])
        accs.append(((values[test] >= t) == truth[test]).mean())
        thrs.append(t)
    return float(np.mean(accs)), float(np.mean(thrs))


def run_stsb(rows: list[tuple[str, str, float, str]], embedder: Embedder
             ) -> dict[str, tuple[float, float, int]]:
    a = embedder.encode([r[0] for r in rows])
    b = embedder.encode([r[1] for r in rows])
    cosine = (a * b).sum(axis=1)
    ours = np.array([
        same_claim_score(_sketch(r[0]), _sketch(r[1]), float(c)) for r, c in zip(rows, cosine,
                                                                                strict=True)
    ])
    truth = np.array([r[2] >= 4 for r in rows])
    out = {}
    for genre in ("all", "main-news"):
        mask = np.ones(len(rows), bool) if genre == "all" else np.array(
            [r[3] == genre for r in rows])
        out[f"cosine ({genre})"] = (*held_out_accuracy(cosine[mask], truth[mask]), int(mask.sum()))
        out[f"same-claim score ({genre})"] = (*held_out_accuracy(ours[mask], truth[mask]),
                                             int(mask.sum()))
    return out


def _sketch(text: str) -> Sketch:
    claims = extract_claims(text)
    values = tuple(v for c in claims for v in c.values)
    quote = next((c.quote for c in claims if c.quote), None)
    return Sketch(text, values, quote)


def _eval_database(settings: Settings) -> tuple[str, str]:
    """A fresh database named reconcile_eval on the configured (or embedded) server."""
    base = settings.database_url or store.start_embedded(
        Path(tempfile.gettempdir()) / "reconcile-eval-pg")
    return base, evaluation.fresh_database(base)


def realnews_story_name(n: int, split: str = "dev") -> str:
    return f"realnews-{split}-{n:03d}"


def run_realnews(stories: list[Story], embedder: Embedder, settings: Settings, url: str,
                 split: str = "dev") -> RealNewsResult:
    """Post each story's articles as one story (realnews-dev-000, ...) through the real
    pipeline, read the story's active conflicts back and score them (realnews.score_realnews)."""
    from reconcile.startup import open_service

    service = open_service(settings, embedder=embedder, url=url)
    reported: dict[str, list[ReportedConflict]] = {}
    try:
        for n, item in enumerate(stories):
            name = realnews_story_name(n, split)
            index: dict[int, int] = {}  # stored article id -> its index in the story
            shift: dict[int, int] = {}  # where the stored (stripped) text starts in the loaded
            for k, (article, outlet) in enumerate(zip(item.articles, item.outlets(),
                                                      strict=True)):
                out = service.ingestor.ingest(ArticleIn(outlet=outlet, story=name,
                                                        text=article.text))
                at = article.text.find(out.text)
                if at < 0:
                    raise RuntimeError(f"{item.cluster} article {k}: stored text differs")
                index[out.id], shift[k] = k, at
            reported[item.cluster] = _story_conflicts(service.db, name, index, shift)
    finally:
        service.close()
    return score_realnews(stories, reported)


def _story_conflicts(db: store.Database, story: str, index: dict[int, int],
                     shift: dict[int, int]) -> list[ReportedConflict]:
    """The story's active conflicts, their positions' claims as (article index, start, end)
    in the texts as loaded."""
    conflicts = []
    with db.transaction() as conn:
        cursor: str | None = None
        while True:
            page, cursor = repo.list_conflicts(conn, story=story, status=None, kind=None,
                                               limit=1000, cursor=cursor)
            conflicts += page
            if cursor is None:
                break
        claims: dict[int, ClaimOut] = {c.id: c for conflict in conflicts for c in conflict.claims}
        missing = sorted({i for c in conflicts for p in c.positions for i in p.claim_ids}
                         - set(claims))
        if missing:
            claims.update((c.id, c) for c in repo.claims_by_ids(conn, missing))

    def ref(claim_id: int) -> ClaimRef | None:
        claim = claims.get(claim_id)
        if claim is None or claim.article_id not in index:
            return None
        k = index[claim.article_id]
        return (k, claim.start + shift[k], claim.end + shift[k])

    out = []
    for c in sorted(conflicts, key=lambda c: c.id):
        positions = [[r for r in map(ref, p.claim_ids) if r is not None] for p in c.positions]
        out.append(ReportedConflict(positions, c.explanation, id=c.id, kind=c.kind))
    return out


def eval_realnews(path: Path, limit: int | None, settings: Settings, embedder: Embedder,
                  json_out: Path | None = None) -> RealNewsResult:
    """Load, run, print the report (and write it as JSON to `json_out`)."""
    stories = load_realnews(path, limit)
    _, url = _eval_database(settings)
    t0 = time.perf_counter()
    result = run_realnews(stories, embedder, settings, url)
    took = time.perf_counter() - t0
    print(f"\nConflicts on real news ({path.name}: {result.stories} stories, {result.articles} "
          f"articles through the real pipeline, {took:.1f} s, "
          f"{result.articles / took:.1f} articles/s):")
    print(format_report(result))
    if json_out is not None:
        doc = {"data": str(path), "seconds": round(took, 2), **result.to_json()}
        json_out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        print(f"\n  written: {json_out}")
    return result


def run_eval(data_dir: Path | None, limit: int | None, json_out: Path | None = None) -> int:
    """No `data_dir`: the real-news set, then STS-B and EQUATE from DEFAULT_DATA. A real-news
    file: that alone. The EQUATE file or a folder: STS-B and EQUATE from its folder."""
    settings = get_settings()
    started = time.perf_counter()
    if data_dir is not None and is_realnews_file(data_dir):
        embedder = Embedder(settings.model, settings.embed_batch_size)
        eval_realnews(data_dir, limit, settings, embedder, json_out)
        print(f"\ntotal time {time.perf_counter() - started:.1f} s")
        return 0

    data = data_dir or DEFAULT_DATA
    if data.is_file():
        data = data.parent
    embedder = Embedder(settings.model, settings.embed_batch_size)
    if data_dir is None:
        eval_realnews(DEFAULT_DATA / REALNEWS, limit, settings, embedder, json_out)
    elif json_out is not None:
        print("reconcile: --json writes the real-news figures; no real-news set in this run",
              file=sys.stderr)

    rows = load_stsb(data / "stsb_dev.csv")
    stsb = run_stsb(rows, embedder)
    print(f"\nSame-claim decision on STS-B dev ({len(rows)} pairs scored >=4 or <=2; "
          "threshold chosen on one half, accuracy on the other):")
    for name, (acc, thr, n) in stsb.items():
        print(f"  {name:32s} accuracy {acc:6.1%}  threshold {thr:.3f}  pairs {n}")

    pairs = load_equate(data / "equate_dev.jsonl", limit)
    _, url = _eval_database(settings)
    t0 = time.perf_counter()
    results = run_equate(pairs, embedder, settings, url)
    took = time.perf_counter() - t0
    print(f"\nConflict flag on EQUATE dev ({len(pairs)} pairs through the real pipeline, "
          f"{took:.1f} s, {len(pairs) / took:.1f} pairs/s):")
    print(f"  {'source':16s} {'pairs':>6s} {'precision':>10s} {'recall':>7s} {'F1':>6s} "
          f"{'false alarms':>13s}")
    for source, (truth, flagged) in sorted(results.items()):
        s = score(truth, flagged)
        if s.tp + s.fn:
            prf = f"{s.precision:10.3f} {s.recall:7.3f} {s.f1:6.3f}"
        else:  # no contradiction in this set: only the false alarms mean anything
            prf = f"{'n/a':>10s} {'n/a':>7s} {'n/a':>6s}"
        print(f"  {source:16s} {s.n:6d} {prf} {s.false_alarm_rate:12.1%}")
    print(f"\ntotal time {time.perf_counter() - started:.1f} s")
    return 0
