"""The Embedder: unit vectors, the same from many threads as from one, bf16 close to float32."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from reconcile.embed import DIMENSIONS, Embedder, cpu_has_bf16

SENTENCES = [
    "North Korea has sent 11,000 troops to Russia since October 2024, officials said.",
    "Pyongyang has dispatched around 11,000 soldiers to Russia.",
    "The earthquake killed 767 people, according to the interior ministry.",
    '"We believe their withdrawal is a result of heavy losses," Colonel Kondratenko said.',
    "Turnout reached 61 percent.",
    "Inflation stood at 7.2 percent in the latest figures, the central bank said.",
    "A much longer sentence, which goes on and on about the talks and the figures and the "
    "people involved, so that the batch has sentences of rather different lengths in it.",
]


def test_vectors_are_unit_float32_rows_in_input_order(embedder: Embedder) -> None:
    vectors = embedder.encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = np.stack([embedder.encode_direct([s])[0] for s in SENTENCES])
    assert np.min(np.sum(vectors * alone, axis=1)) > 0.999
    assert embedder.encode([]).shape == (0, DIMENSIONS)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2]  # paraphrases are nearer than different claims


def test_concurrent_callers_get_their_own_vectors(embedder: Embedder) -> None:
    # Sentences no other test embeds, so the passes run here rather than the cache answering.
    own = [f"{s} (concurrent callers)" for s in SENTENCES]
    expected = embedder.encode_direct(own)
    requests = [own[i:] + own[:i] for i in range(len(own))] * 3
    passes = embedder.passes
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(embedder.encode, requests))
    assert embedder.passes > passes
    for request, got in zip(requests, results, strict=True):
        want = np.stack([expected[own.index(s)] for s in request])
        assert np.min(np.sum(got * want, axis=1)) > 0.999


def test_a_sentence_embedded_lately_is_not_embedded_again(embedder: Embedder) -> None:
    first = embedder.encode(["A sentence only this test embeds, 12,345 of them."])
    passes, hits = embedder.passes, embedder.cache.hits
    again = embedder.encode(["A sentence only this test embeds, 12,345 of them."])
    assert embedder.passes == passes and embedder.cache.hits == hits + 1
    assert np.array_equal(first, again)
    again[0, 0] = 2.0  # what a caller gets is its own to change: the cache is untouched
    assert np.array_equal(embedder.encode(["A sentence only this test embeds, 12,345 of "
                                           "them."]), first)


def test_a_cache_of_size_zero_embeds_every_time() -> None:
    uncached = Embedder(warm_up=False, cache_size=0)
    try:
        uncached.encode(["Turnout reached 61 percent."])
        passes = uncached.passes
        uncached.encode(["Turnout reached 61 percent."])
        assert uncached.passes == passes + 1 and len(uncached.cache) == 0
    finally:
        uncached.close()


@pytest.mark.skipif(not cpu_has_bf16(), reason="this CPU has no native bfloat16")
def test_bf16_weights_agree_with_float32(embedder: Embedder) -> None:
    fp32 = Embedder(precision="fp32", warm_up=False)
    bf16 = embedder if embedder.precision == "bf16" else Embedder(precision="bf16",
                                                                   warm_up=False)
    try:
        agreement = np.sum(fp32.encode_direct(SENTENCES) * bf16.encode_direct(SENTENCES), axis=1)
        assert bf16.precision == "bf16" and agreement.min() >= 0.999
    finally:
        fp32.close()
        if bf16 is not embedder:
            bf16.close()


def test_an_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision"):
        Embedder(precision="int4")
