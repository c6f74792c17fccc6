"""The Embedder: unit vectors, the same from many threads as from one, bf16 close to float32."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from reconcile.embedding.embed import DIMENSIONS, Embedder, cpu_has_bf16, length_groups, padded

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
    passes = embedder._batcher.calls
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(embedder.encode, requests))
    assert embedder._batcher.calls > passes
    for request, got in zip(requests, results, strict=True):
        want = np.stack([expected[own.index(s)] for s in request])
        assert np.min(np.sum(got * want, axis=1)) > 0.999


def test_a_sentence_embedded_lately_is_not_embedded_again(embedder: Embedder) -> None:
    first = embedder.encode(["A sentence only this test embeds, 12,345 of them."])
    passes, hits = embedder._batcher.calls, embedder.cache.hits
    again = embedder.encode(["A sentence only this test embeds, 12,345 of them."])
    assert embedder._batcher.calls == passes and embedder.cache.hits == hits + 1
    assert np.array_equal(first, again)
    again[0, 0] = 2.0  # what a caller gets is its own to change: the cache is untouched
    assert np.array_equal(embedder.encode(["A sentence only this test embeds, 12,345 of "
                                           "them."]), first)


def test_a_cache_of_size_zero_embeds_every_time() -> None:
    uncached = Embedder(warm_up=False, cache_size=0)
    try:
        uncached.encode(["Turnout reached 61 percent."])
        passes = uncached._batcher.calls
        uncached.encode(["Turnout reached 61 percent."])
        assert uncached._batcher.calls == passes + 1 and len(uncached.cache) == 0
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


def test_length_groups_take_every_sentence_once_shortest_first_within_the_cap() -> None:
    lengths = [30, 9, 12, 50, 11, 10, 31, 29, 12, 9, 10, 11, 48]
    groups = length_groups(lengths, max_size=4)
    flat = [i for g in groups for i in g]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)
    assert all(1 <= len(g) <= 4 for g in groups)
    assert length_groups([], 8) == []


def test_sentences_of_one_padded_length_share_batches_up_to_the_cap() -> None:
    assert length_groups([17, 20, 24, 18, 23], max_size=64) == [[0, 3, 1, 4, 2]]
    assert [len(g) for g in length_groups([20] * 10, max_size=4)] == [4, 4, 2]


def test_a_long_sentence_is_not_padded_onto_many_short_ones() -> None:
    groups = length_groups([12] * 8 + [120], max_size=64)
    assert groups == [list(range(8)), [8]]
    # One short sentence beside a long one costs less than a pass of its own: they share.
    assert length_groups([12, 20], max_size=64) == [[0, 1]]


def test_padded_inputs_are_what_the_tokenizer_would_pad(embedder: Embedder) -> None:
    tokenizer = embedder._tokenizer
    texts = ["Turnout reached 61 percent.", SENTENCES[0], "Hi."]
    ids = tokenizer(texts, padding=False)["input_ids"]
    want = tokenizer(texts, padding=True, pad_to_multiple_of=8, return_tensors="pt")
    got = padded(ids, int(tokenizer.pad_token_id), with_types=True)
    assert set(got) == set(want)
    for name in want:
        assert got[name].dtype == want[name].dtype
        assert got[name].tolist() == want[name].tolist()


def test_vectors_are_those_of_sentence_transformers_own_encode(embedder: Embedder) -> None:
    from sentence_transformers import SentenceTransformer

    from reconcile.embedding.embed import default_model_path

    texts = [*SENTENCES, "Short.", "word " * 400]  # the last is cut at the model's limit
    theirs = SentenceTransformer(default_model_path(), device="cpu").encode(
        texts, normalize_embeddings=True)
    fp32 = Embedder(precision="fp32", warm_up=False, cache_size=0)
    try:
        ours = fp32.encode_direct(texts)
    finally:
        fp32.close()
    assert float((theirs * ours).sum(axis=1).min()) > 0.99999
