"""The same-claim decision: does a new claim join an existing cluster of its story?

Raw embedding cosine is a weak judge of "same claim" on news text (cross-outlet paraphrases
and look-alike sentences about other figures overlap in cosine; README, "Same claim"), so the
decision combines it with what extraction already knows:

- figures of different measure families keep claims apart, however similar the sentences
  (troops sent vs troops killed are different quantities);
- a shared compatible value for a shared measure is evidence for the same claim (a shared
  measure alone is not: "blast kills 22" and "blast kills 12" are different events);
- the same direct quote is the same statement whoever is credited;
- lexical overlap (rapidfuzz token set ratio) backs up the embedding on paraphrases.

    score = 0.85 * cosine + 0.15 * lexical + 0.04 [shared compatible value]

A claim joins every cluster holding a candidate whose score reaches the threshold (merging them)
(settings.cluster_threshold, the accuracy-maximising threshold on STS-B dev; the score's
accuracy against raw cosine is in the README), else it starts a cluster. The weights were
chosen on STS-B dev by two-fold cross-validation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from reconcile.domain import Figure
from reconcile.rules.intervals import compatible

W_COSINE, W_LEXICAL, BONUS_VALUE = 0.85, 0.15, 0.04
# Measures named by a family (docs/semantics.md): only these are trusted to keep claims apart;
# a fallback head noun ("bald eagles" -> "bald") is too noisy to veto a paraphrase.
FAMILIES = frozenset({"troops", "killed", "wounded", "casualties", "captured", "missing",
                      "displaced", "arrested"})
QUOTE_MATCH = 90.0


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the decision needs to know of a claim."""

    text: str
    values: tuple[Figure, ...] = ()
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    sketch: Sketch
    cluster_id: int
    cosine: float


def measures(values: Sequence[Figure]) -> set[str]:
    """The quantities a claim states: its measures, or units where nothing names a measure."""
    return {f.key for f in values if f.key is not None}


def same_claim_score(a: Sketch, b: Sketch, cosine: float) -> float:
    """How strongly a and b state the same claim, on the scale of cosine similarity."""
    ma, mb = measures(a.values), measures(b.values)
    if ma and mb and not (ma & mb) and (ma | mb) <= FAMILIES:
        return 0.0
    if a.quote and b.quote and fuzz.ratio(a.quote, b.quote) >= QUOTE_MATCH:
        return max(cosine, 0.95)
    lexical = fuzz.token_set_ratio(a.text.lower(), b.text.lower()) / 100.0
    score = W_COSINE * cosine + W_LEXICAL * lexical
    shared = ma & mb
    if shared and any(
        compatible(fa, fb)
        for fa in a.values
        for fb in b.values
        if fa.measure == fb.measure and fa.measure in shared
    ):
        score += BONUS_VALUE
    return min(score, 1.0)


def min_cosine(threshold: float) -> float:
    """The lowest cosine at which a pair can still reach the threshold: full lexical overlap
    and a shared value at best. Retrieving every claim above it makes single linkage exact.
    (The same direct quote matches at any cosine, but a sentence sharing a long quote is never
    that far from another that has it.)"""
    return max(0.0, (threshold - W_LEXICAL - BONUS_VALUE) / W_COSINE)


def clusters_to_join(new: Sketch, candidates: Sequence[Candidate], threshold: float
                     ) -> list[int]:
    """Every cluster holding a claim the new one matches, lowest id first.

    Single linkage: the new claim joins all of them and they merge into the lowest id. The
    clusters are then the connected components of "score >= threshold", whatever the order
    in which claims arrive (the score is symmetric), so any arrival order, and concurrent
    posts serialised by the story lock, give the same clusters.
    """
    joined: set[int] = set()
    for c in candidates:
        # A cluster is joined once: its other claims need no score (a story of reprints has
        # hundreds of one sentence's copies in one cluster among the nearest).
        if c.cluster_id not in joined and same_claim_score(new, c.sketch, c.cosine) >= threshold:
            joined.add(c.cluster_id)
    return sorted(joined)


def nearest_earlier(vectors: np.ndarray, min_cos: float, limit: int, block: int = 256
                    ) -> Iterator[list[tuple[int, float]]]:
    """For each of an article's claims (unit vectors, in article order), the earlier claims of
    the article it is compared with: those at cosine at least `min_cos` (min_cosine), the
    `limit` nearest of them (the earlier of two as near), as (index, cosine) in article order.

    The same rule that finds a claim's stored neighbours, so an article's claims link as they
    would arriving one by one; the cosines come a block of claims at a time from one matrix
    product, and each claim keeps at most `limit`, so an article of thousands of alike claims
    costs arithmetic, not a Python step for every pair."""
    matrix = np.asarray(vectors, dtype=np.float32)
    for lo in range(0, len(matrix), block):
        hi = min(lo + block, len(matrix))
        cosines = matrix[lo:hi] @ matrix[:hi].T
        for row, i in enumerate(range(lo, hi)):
            earlier = cosines[row, :i]
            found = np.flatnonzero(earlier >= min_cos)
            if len(found) > limit:
                # nearest first, the earlier of equals first (a stable sort of the indices)
                found = np.sort(found[np.argsort(-earlier[found], kind="stable")[:limit]])
            yield [(int(j), float(earlier[j])) for j in found]
