from __future__ import annotations

import numpy as np

from reconcile.rules.cluster import (
    Candidate,
    Sketch,
    clusters_to_join,
    measures,
    nearest_earlier,
    same_claim_score,
)
from tests.unit.helpers import claim


def choose_cluster(new: Sketch, candidates: list[Candidate], threshold: float) -> int | None:
    """The cluster a new claim joins: the first of those it matches (the others merge into it)."""
    joined = clusters_to_join(new, candidates, threshold)
    return joined[0] if joined else None


def sketch(text: str) -> Sketch:
    c = claim("X", text)
    return Sketch(c.text, tuple(c.values), c.quote)


def test_claims_about_different_measure_families_never_join() -> None:
    sent = sketch("North Korea sent 11,000 troops to Russia.")
    killed = sketch("North Korea lost 11,000 troops killed in Russia.")
    assert measures(sent.values) == {"troops"} and measures(killed.values) == {"killed"}
    assert same_claim_score(sent, killed, cosine=0.97) == 0.0


def test_noisy_fallback_nouns_do_not_veto_a_paraphrase() -> None:
    a, b = sketch("Two bald eagles perched on a branch."), sketch("Two eagles sat on a branch.")
    assert same_claim_score(a, b, cosine=0.9) > 0.72


def test_same_quote_joins_whoever_is_credited() -> None:
    a = sketch('"We believe their withdrawal is a result of heavy losses," Kondratenko said.')
    b = sketch('"We believe their withdrawal is a result of heavy losses," Spohr said.')
    assert same_claim_score(a, b, cosine=0.5) >= 0.95


def test_shared_compatible_value_adds_evidence() -> None:
    base = sketch("North Korea sent 11,000 troops to Russia.")
    same = sketch("Pyongyang dispatched 11,000 soldiers to Russia.")
    other = sketch("Pyongyang dispatched 12,000 soldiers to Russia.")
    assert same_claim_score(base, same, 0.8) > same_claim_score(base, other, 0.8)


def test_choose_cluster_takes_the_best_candidate_above_threshold() -> None:
    new = sketch("North Korea sent 11,000 troops to Russia.")
    cands = [Candidate(sketch("Prices rose 3% in March."), 1, 0.3),
             Candidate(sketch("Pyongyang sent 12,000 troops to Russia."), 2, 0.9)]
    assert choose_cluster(new, cands, threshold=0.72) == 2
    assert choose_cluster(new, cands[:1], threshold=0.72) is None
    assert choose_cluster(new, [], threshold=0.72) is None


def test_single_linkage_joins_every_matching_cluster() -> None:
    from reconcile.rules.cluster import clusters_to_join

    new = sketch("North Korea sent 11,000 troops to Russia.")
    cands = [Candidate(sketch("Pyongyang sent 11,000 troops to Russia."), 5, 0.9),
             Candidate(sketch("North Korea sent 11,000 soldiers to Russia."), 3, 0.92),
             Candidate(sketch("North Korea sent 11,000 soldiers to Russia again."), 3, 0.9),
             Candidate(sketch("Prices rose 3% in March."), 9, 0.2)]
    assert clusters_to_join(new, cands, threshold=0.72) == [3, 5]
    assert choose_cluster(new, cands, threshold=0.72) == 3


def test_a_cluster_matched_once_is_joined_whatever_its_other_claims_score() -> None:
    from reconcile.rules.cluster import clusters_to_join

    new = sketch("North Korea sent 11,000 troops to Russia.")
    reprint = sketch("North Korea sent 11,000 troops to Russia.")
    unrelated = sketch("Prices rose 3% in March.")
    # a cluster's first claim fails, a later one of it matches: the cluster is still joined
    cands = [Candidate(unrelated, 4, 0.3), *(Candidate(reprint, 4, 0.99) for _ in range(300)),
             Candidate(sketch("Pyongyang sent 11,000 troops to Russia."), 7, 0.9)]
    assert clusters_to_join(new, cands, threshold=0.72) == [4, 7]
    assert clusters_to_join(new, cands[:1], threshold=0.72) == []


def test_no_pair_below_min_cosine_can_reach_the_threshold() -> None:
    from reconcile.rules.cluster import min_cosine

    floor = min_cosine(0.72)
    assert 0.6 < floor < 0.65
    same = sketch("North Korea sent 11,000 troops to Russia.")
    # identical text (lexical 1.0) and a shared value: the best a pair can do at that cosine
    assert same_claim_score(same, same, floor - 0.01) < 0.72
    assert same_claim_score(same, same, floor + 0.01) >= 0.72


def test_an_articles_earlier_claims_are_those_a_full_comparison_keeps() -> None:
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(5, 16))
    vectors = centres[rng.integers(0, 5, 300)] + rng.normal(scale=0.3, size=(300, 16))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    vectors[50] = vectors[10]  # ties: the earlier of two as near is kept
    for min_cos, limit in ((0.62, 256), (0.5, 7), (0.9, 3)):
        found = list(nearest_earlier(vectors, min_cos, limit, block=64))
        for i, earlier in enumerate(found):
            cosines = vectors[:i] @ vectors[i]
            above = sorted((j for j in range(i) if cosines[j] >= min_cos),
                           key=lambda j: (-cosines[j], j))[:limit]
            assert [j for j, _ in earlier] == sorted(above)
            assert all(abs(c - cosines[j]) < 1e-5 for j, c in earlier)
