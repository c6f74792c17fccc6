"""Which claims of an article go into the global HNSW index: the wordings their cluster has no
seed for yet (ingest.new_seeds, a pure function)."""

from __future__ import annotations

import numpy as np

from reconcile.ingest import SEED_SIMILARITY, new_seeds


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    out: np.ndarray = v / np.linalg.norm(v)
    return out


A, A_REPRINT, B = unit(1, 0, 0), unit(1, 0.05, 0), unit(0, 1, 0)


def test_the_first_claim_of_a_new_cluster_is_a_seed_and_a_reprint_after_it_is_not() -> None:
    assert float(A @ A_REPRINT) >= SEED_SIMILARITY
    assert new_seeds([-1, -1], np.stack([A, A_REPRINT]), [[], []]) == [True, False]


def test_another_wording_in_the_same_cluster_is_a_seed_of_its_own() -> None:
    assert new_seeds([-1, -1], np.stack([A, B]), [[], []]) == [True, True]


def test_a_stored_seed_of_the_cluster_covers_a_claim_near_it() -> None:
    assert new_seeds([7], np.stack([A]), [[(7, 0.97)]]) == [False]


def test_a_stored_seed_below_the_threshold_or_of_another_cluster_does_not() -> None:
    assert new_seeds([7], np.stack([A]), [[(7, SEED_SIMILARITY - 0.01)]]) == [True]
    assert new_seeds([7], np.stack([A]), [[(8, 0.99)]]) == [True]


def test_claims_of_different_clusters_never_cover_each_other() -> None:
    assert new_seeds([-1, -2], np.stack([A, A_REPRINT]), [[], []]) == [True, True]


def test_nothing_to_place_nothing_to_seed() -> None:
    assert new_seeds([], np.zeros((0, 3), dtype=np.float32), []) == []
