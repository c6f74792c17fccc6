"""The real-news evaluation set (../shared/eval/realnews_dev.jsonl): loading and scoring.

Each line is one story as 2-5 outlets covered it, with labelled pairs of sentences: `conflicts`
(and `attribution_conflicts`) that should be reported, `compatible` pairs and `traps` that must
not be, and `ambiguous` ones that count neither way. A reported conflict **matches** a labelled
pair when a claim taken from the pair's first sentence (a claim of article i whose [start, end)
span overlaps that sentence's span in article i) stands in one position of the conflict and a
claim from the second sentence (of article j) stands in a different position of it.

Pure: no database, no model. `reconcile.evaluation.evaluate.run_realnews` posts the stories through
the real pipeline and hands what it stored to `score_realnews`; an in-memory harness can do the same
with conflicts it computed itself.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The five lists of a story's labels, in the order the README gives them.
CONFLICT_LISTS = ("conflicts", "attribution_conflicts")
FALSE_ALARM_LISTS = ("compatible", "traps")
LABEL_LISTS = (*CONFLICT_LISTS, *FALSE_ALARM_LISTS, "ambiguous")

Span = tuple[int, int]  # [start, end) character offsets in an article's text
ClaimRef = tuple[int, int, int]  # (article index in the story, claim start, claim end)


@dataclass(frozen=True)
class Article:
    outlet: str
    text: str


@dataclass(frozen=True)
class LabelledPair:
    """One labelled pair of sentences: `sentences[k]` is an exact substring of the text of
    article `articles[k]`; `spans[k]` are all the places it occurs there."""

    list_name: str  # which of LABEL_LISTS it comes from
    index: int  # its place in that list
    measure: str
    articles: tuple[int, int]
    values: tuple[str, str]
    sentences: tuple[str, str]
    spans: tuple[tuple[Span, ...], tuple[Span, ...]]
    note: str = ""
    kind: str | None = None  # conflicts: disagreement | update-like
    subtype: str | None = None  # date | time | ordinal | address | age
    borderline: bool = False

    @property
    def group(self) -> str:
        """The recall line it counts in: its `kind`, or `attribution`."""
        if self.list_name == "attribution_conflicts":
            return "attribution"
        return self.kind or "unspecified"


@dataclass(frozen=True)
class Story:
    cluster: str  # dev-NNN
    source: str
    longbench_id: str
    articles: tuple[Article, ...]
    labels: Mapping[str, tuple[LabelledPair, ...]]

    def pairs(self, *lists: str) -> list[LabelledPair]:
        return [p for name in (lists or LABEL_LISTS) for p in self.labels.get(name, ())]

    def outlets(self) -> list[str]:
        """The articles' outlet names, made unique within the story."""
        return unique_outlets(a.outlet for a in self.articles)


def unique_outlets(names: Iterable[str]) -> list[str]:
    """The names as given, a repeated one numbered ("X", "X (2)") so that two articles of one
    story never read as one outlet revising its own figure."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name} ({n})"
        seen.add(candidate)
        out.append(candidate)
    return out


def locate(text: str, sentence: str) -> tuple[Span, ...]:
    """Every [start, end) span at which `sentence` occurs in `text` (exact find, overlapping
    occurrences included); empty when it does not occur."""
    if not sentence:
        return ()
    spans: list[Span] = []
    at = text.find(sentence)
    while at != -1:
        spans.append((at, at + len(sentence)))
        at = text.find(sentence, at + 1)
    return tuple(spans)


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def is_realnews_file(path: Path) -> bool:
    """A real-news-format JSON Lines file: named *realnews*, or its first object has `articles`."""
    if not path.is_file() or path.suffix != ".jsonl":
        return False
    if "realnews" in path.name:
        return True
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(first, dict) and "articles" in first
    return False


def parse_story(obj: Mapping[str, Any], where: str = "") -> Story:
    """One line of the file; ValueError when a label points outside the story."""
    cluster = str(obj["cluster"])
    articles = tuple(Article(str(a["outlet"]), str(a["text"])) for a in obj["articles"])
    labels: dict[str, tuple[LabelledPair, ...]] = {}
    raw_labels = obj.get("labels") or {}
    unknown = set(raw_labels) - set(LABEL_LISTS)
    if unknown:
        raise ValueError(f"{where}{cluster}: unknown label lists {sorted(unknown)}")
    for name in LABEL_LISTS:
        pairs = []
        for k, item in enumerate(raw_labels.get(name) or ()):
            i, j = (int(x) for x in item["articles"])
            si, sj = (str(s) for s in item["sentences"])
            for a in (i, j):
                if not 0 <= a < len(articles):
                    raise ValueError(f"{where}{cluster} {name}[{k}]: article {a} out of range")
            spans = (locate(articles[i].text, si), locate(articles[j].text, sj))
            for a, s, found in ((i, si, spans[0]), (j, sj, spans[1])):
                if not found:
                    raise ValueError(f"{where}{cluster} {name}[{k}]: sentence not in article "
                                     f"{a}: {shorten(s, 80)!r}")
            vi, vj = (str(v) for v in item.get("values") or ("", ""))
            pairs.append(LabelledPair(
                list_name=name, index=k, measure=str(item.get("measure", "")),
                articles=(i, j), values=(vi, vj), sentences=(si, sj), spans=spans,
                note=str(item.get("note", "")), kind=item.get("kind"),
                subtype=item.get("subtype"), borderline=bool(item.get("borderline", False))))
        labels[name] = tuple(pairs)
    return Story(cluster, str(obj.get("source", "")), str(obj.get("longbench_id", "")),
                 articles, labels)


def load_realnews(path: Path, limit: int | None = None) -> list[Story]:
    """The stories of a realnews_dev.jsonl-format file (the first `limit` of them)."""
    stories: list[Story] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            if limit is not None and len(stories) >= limit:
                break
            stories.append(parse_story(json.loads(line), where=f"{path.name}:{n}: "))
    return stories


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedConflict:
    """A conflict as the system reported it: its positions, each the claims standing in it as
    (article index, start, end) in the story's article texts as loaded."""

    positions: Sequence[Sequence[ClaimRef]]
    explanation: str = ""
    id: int | None = None  # the stored conflict's id, if any: for the report only
    kind: str = ""  # numeric | attribution, if known: counted, not scored


def sentence_claims(conflict: ReportedConflict, article: int, spans: Sequence[Span]
                    ) -> set[int]:
    """The positions of `conflict` holding a claim of `article` that overlaps one of `spans`."""
    return {p for p, claims in enumerate(conflict.positions)
            for a, start, end in claims
            if a == article and any(overlaps((start, end), s) for s in spans)}


def matches(conflict: ReportedConflict, pair: LabelledPair) -> bool:
    """A claim from the pair's first sentence in one position and a claim from its second
    sentence in a different position."""
    first = sentence_claims(conflict, pair.articles[0], pair.spans[0])
    if not first:
        return False
    second = sentence_claims(conflict, pair.articles[1], pair.spans[1])
    return any(p != q for p in first for q in second)


@dataclass(frozen=True)
class Recall:
    matched: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.matched / self.total if self.total else None


@dataclass(frozen=True)
class PairOutcome:
    story: str
    pair: LabelledPair
    conflicts: tuple[int, ...]  # indices into the story's reported conflicts that match it

    @property
    def matched(self) -> bool:
        return bool(self.conflicts)


@dataclass(frozen=True)
class UnmatchedPosition:
    outlets: tuple[str, ...]
    sentences: tuple[str, ...]  # the claims' text, shortened, each once


@dataclass(frozen=True)
class UnmatchedConflict:
    story: str
    index: int  # among the story's reported conflicts
    id: int | None
    kind: str
    explanation: str
    positions: tuple[UnmatchedPosition, ...]
    ambiguous: bool  # it matches an `ambiguous` pair (so it is not scored either way)


@dataclass(frozen=True)
class RealNewsResult:
    stories: int
    articles: int
    reported: int  # conflicts reported in all stories
    reported_by_kind: Mapping[str, int]
    outcomes: tuple[PairOutcome, ...]  # one per labelled pair, every list
    false_alarm_conflicts: int  # distinct reported conflicts matching a compatible/traps pair
    true_conflicts: int  # distinct reported conflicts matching a labelled conflict
    unmatched: tuple[UnmatchedConflict, ...] = field(default=())
    conflicts: Mapping[str, tuple[ReportedConflict, ...]] = field(default_factory=dict)

    def of(self, *lists: str) -> list[PairOutcome]:
        return [o for o in self.outcomes if o.pair.list_name in lists]

    def recall(self, group: str | None = None, *, borderline: str = "include") -> Recall:
        """Recall over the labelled conflicts (of one group: disagreement, update-like,
        attribution; all when None). borderline="include": every one counts;
        "exclude": borderline conflicts are left out of numerator and denominator;
        "missed-excluded": a missed borderline conflict is left out of the denominator (a found
        one still counts)."""
        if borderline not in ("include", "exclude", "missed-excluded"):
            raise ValueError(f"borderline={borderline!r}")
        chosen = [o for o in self.of(*CONFLICT_LISTS) if group is None or o.pair.group == group]
        if borderline == "exclude":
            chosen = [o for o in chosen if not o.pair.borderline]
        elif borderline == "missed-excluded":
            chosen = [o for o in chosen if o.matched or not o.pair.borderline]
        return Recall(sum(o.matched for o in chosen), len(chosen))

    def groups(self) -> list[str]:
        order = {"disagreement": 0, "update-like": 1, "attribution": 2}
        found = {o.pair.group for o in self.of(*CONFLICT_LISTS)}
        return sorted(found, key=lambda g: (order.get(g, 9), g))

    def false_alarms(self, list_name: str | None = None) -> Recall:
        """Labelled compatible/traps pairs (of one list, or both) that a conflict matches, over
        how many there are: the false-alarm rate."""
        lists = (list_name,) if list_name else FALSE_ALARM_LISTS
        chosen = self.of(*lists)
        return Recall(sum(o.matched for o in chosen), len(chosen))

    @property
    def precision(self) -> float | None:
        """Over labelled pairs: matched conflicts / (matched conflicts + falsely matched
        compatible and traps pairs)."""
        tp = self.recall().matched
        fp = self.false_alarms().matched
        return tp / (tp + fp) if tp + fp else None

    @property
    def conflict_precision(self) -> float | None:
        """Over reported conflicts that match any scored pair: those matching a labelled
        conflict / those matching a labelled conflict or a compatible/traps pair."""
        scored = self.true_conflicts + self.false_alarm_conflicts - self._both
        return self.true_conflicts / scored if scored else None

    @property
    def _both(self) -> int:
        true = {(o.story, c) for o in self.of(*CONFLICT_LISTS) for c in o.conflicts}
        false = {(o.story, c) for o in self.of(*FALSE_ALARM_LISTS) for c in o.conflicts}
        return len(true & false)

    def to_json(self) -> dict[str, Any]:
        def rec(r: Recall) -> dict[str, Any]:
            return {"matched": r.matched, "total": r.total, "rate": r.rate}

        recall: dict[str, Any] = {}
        for group in [None, *self.groups()]:
            recall[group or "all"] = {
                mode: rec(self.recall(group, borderline=mode))
                for mode in ("include", "exclude", "missed-excluded")}
        return {
            "stories": self.stories, "articles": self.articles,
            "reported_conflicts": self.reported, "reported_by_kind": dict(self.reported_by_kind),
            "recall": recall,
            "false_alarms": {
                "compatible": rec(self.false_alarms("compatible")),
                "traps": rec(self.false_alarms("traps")),
                "all": rec(self.false_alarms()),
                "distinct_reported_conflicts": self.false_alarm_conflicts,
            },
            "precision_over_labelled_pairs": self.precision,
            "precision_over_reported_conflicts": self.conflict_precision,
            "reported_conflicts_matching_a_labelled_conflict": self.true_conflicts,
            "pairs": [{
                "story": o.story, "list": o.pair.list_name, "index": o.pair.index,
                "measure": o.pair.measure, "articles": list(o.pair.articles),
                "values": list(o.pair.values), "kind": o.pair.kind,
                "subtype": o.pair.subtype, "borderline": o.pair.borderline,
                "matched": o.matched, "conflicts": list(o.conflicts),
            } for o in self.outcomes if o.pair.list_name != "ambiguous" or o.matched],
            "unmatched": [{
                "story": u.story, "index": u.index, "id": u.id, "kind": u.kind,
                "explanation": u.explanation, "ambiguous": u.ambiguous,
                "positions": [{"outlets": list(p.outlets), "sentences": list(p.sentences)}
                              for p in u.positions],
            } for u in self.unmatched],
        }


def shorten(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _position_view(story: Story, claims: Sequence[ClaimRef], width: int) -> UnmatchedPosition:
    outlets = story.outlets()
    names: list[str] = []
    sentences: list[str] = []
    for a, start, end in claims:
        ok = 0 <= a < len(story.articles)
        name = outlets[a] if ok else f"article {a}"
        text = shorten(story.articles[a].text[start:end], width) if ok else f"[{start}:{end}]"
        if name not in names:
            names.append(name)
        if text not in sentences:
            sentences.append(text)
    return UnmatchedPosition(tuple(names), tuple(sentences))


def score_realnews(stories: Sequence[Story],
                   reported: Mapping[str, Sequence[ReportedConflict]],
                   width: int = 110) -> RealNewsResult:
    """Score the conflicts reported for each story (keyed by `Story.cluster`; a story with no
    entry reported none) against its labels. `width`: how far claim sentences are shortened
    in the unmatched list."""
    outcomes: list[PairOutcome] = []
    unmatched: list[UnmatchedConflict] = []
    kinds: Counter[str] = Counter()
    true_conflicts = false_conflicts = 0
    for story in stories:
        conflicts = list(reported.get(story.cluster, ()))
        kinds.update(c.kind or "unknown" for c in conflicts)
        hit_by: dict[int, set[str]] = {}  # conflict index -> the lists of the pairs it matches
        for pair in story.pairs():
            found = tuple(n for n, c in enumerate(conflicts) if matches(c, pair))
            outcomes.append(PairOutcome(story.cluster, pair, found))
            for n in found:
                hit_by.setdefault(n, set()).add(pair.list_name)
        for n, conflict in enumerate(conflicts):
            lists = hit_by.get(n, set())
            true_conflicts += bool(lists & set(CONFLICT_LISTS))
            false_conflicts += bool(lists & set(FALSE_ALARM_LISTS))
            if lists <= {"ambiguous"}:
                unmatched.append(UnmatchedConflict(
                    story.cluster, n, conflict.id, conflict.kind, conflict.explanation,
                    tuple(_position_view(story, p, width) for p in conflict.positions),
                    ambiguous=bool(lists)))
    return RealNewsResult(
        stories=len(stories), articles=sum(len(s.articles) for s in stories),
        reported=sum(kinds.values()), reported_by_kind=dict(kinds), outcomes=tuple(outcomes),
        false_alarm_conflicts=false_conflicts, true_conflicts=true_conflicts,
        unmatched=tuple(unmatched),
        conflicts={s.cluster: tuple(reported.get(s.cluster, ())) for s in stories})


# --- the report ------------------------------------------------------------------------------


def _pct(r: Recall) -> str:
    if r.rate is None:
        return f"   n/a ({r.matched}/{r.total})"
    return f"{r.rate:6.1%} ({r.matched}/{r.total})"


def _ratio(x: float | None) -> str:
    return f"{x:.3f}" if x is not None else "n/a"


def format_report(result: RealNewsResult, *, details: bool = True) -> str:
    """The figures, then (details) the missed conflicts, the false alarms and the reported
    conflicts matching no labelled pair, as plain text lines."""
    out = [f"  stories {result.stories}, articles {result.articles}, reported conflicts "
           f"{result.reported}"
           + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(result.reported_by_kind.items()))
              + ")" if result.reported_by_kind else "")]
    out.append(f"  {'recall':14s} {'all labelled':>18s} {'borderline left out':>22s} "
               f"{'missed borderline left out':>28s}")
    for group in [None, *result.groups()]:
        cells = [_pct(result.recall(group, borderline=m))
                 for m in ("include", "exclude", "missed-excluded")]
        out.append(f"  {group or 'all':14s} {cells[0]:>18s} {cells[1]:>22s} {cells[2]:>28s}")
    out.append("    (borderline left out: borderline conflicts out of both counts; missed "
               "borderline left out: a found borderline conflict still counts)")
    for name in FALSE_ALARM_LISTS:
        out.append(f"  false alarms on {name + ':':12s} {_pct(result.false_alarms(name))} pairs")
    out.append(f"  false-alarm rate (compatible + traps): {_pct(result.false_alarms())}; "
               f"distinct reported conflicts that are false alarms: "
               f"{result.false_alarm_conflicts}")
    out.append(f"  precision over labelled pairs: {_ratio(result.precision)} "
               f"(matched conflicts / (matched conflicts + falsely matched pairs)); over "
               f"reported conflicts: {_ratio(result.conflict_precision)}")
    ambiguous = sum(o.matched for o in result.of("ambiguous"))
    out.append(f"  ambiguous pairs matched (not scored): {ambiguous}; reported conflicts "
               f"matching no labelled pair: {sum(not u.ambiguous for u in result.unmatched)}")
    if not details:
        return "\n".join(out)

    borderline = [o for o in result.of(*CONFLICT_LISTS) if o.pair.borderline]
    if borderline:
        out.append("\n  borderline conflicts: " + ", ".join(
            f"{o.story} {o.pair.list_name}[{o.pair.index}] "
            f"{'found' if o.matched else 'missed'}" for o in borderline))
    missed = [o for o in result.of(*CONFLICT_LISTS) if not o.matched]
    if missed:
        out.append(f"\n  missed conflicts ({len(missed)}):")
        out += [f"    {o.story} {o.pair.list_name}[{o.pair.index}] {o.pair.group}"
                f"{' borderline' if o.pair.borderline else ''}: {shorten(o.pair.measure, 70)} "
                f"— {o.pair.values[0]!r} vs {o.pair.values[1]!r}" for o in missed]
    alarms = [o for o in result.of(*FALSE_ALARM_LISTS) if o.matched]
    if alarms:
        out.append(f"\n  false alarms ({len(alarms)} pairs):")
        for o in alarms:
            out.append(f"    {o.story} {o.pair.list_name}[{o.pair.index}]: "
                       f"{shorten(o.pair.measure, 70)} — {o.pair.values[0]!r} vs "
                       f"{o.pair.values[1]!r}")
            reported = result.conflicts.get(o.story, ())
            for n in o.conflicts:
                c = reported[n] if n < len(reported) else None
                ident = f"#{c.id}" if c is not None and c.id is not None else f"[{n}]"
                text = shorten(c.explanation, 150) if c is not None else ""
                out.append(f"      by conflict {ident}: {text}")
    if result.unmatched:
        out.append(f"\n  reported conflicts matching no labelled pair ({len(result.unmatched)}), "
                   "for reading:")
        for u in result.unmatched:
            ident = f"#{u.id}" if u.id is not None else f"[{u.index}]"
            tag = " (matches only an ambiguous pair)" if u.ambiguous else ""
            out.append(f"    {u.story} conflict {ident}{tag}: {shorten(u.explanation, 160)}")
            for k, p in enumerate(u.positions, 1):
                out.append(f"      position {k}: {', '.join(p.outlets)}")
                out += [f"        {s}" for s in p.sentences]
    return "\n".join(out)
