"""VectorCache: the model runs only on sentences it has not embedded lately."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from reconcile.embedding.vectorcache import VectorCache


class CountingModel:
    """A stand-in for the model: a vector made from the text, and a log of every call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self._lock = threading.Lock()

    def __call__(self, sentences: Sequence[str]) -> list[np.ndarray]:
        with self._lock:
            self.calls.append(list(sentences))
        return [vector_of(s) for s in sentences]

    @property
    def embedded(self) -> list[str]:
        return [s for call in self.calls for s in call]


def vector_of(sentence: str) -> np.ndarray:
    v = np.zeros(8, dtype=np.float32)
    for i, ch in enumerate(sentence.encode()):
        v[i % 8] += ch
    out: np.ndarray = v / np.linalg.norm(v)
    return out


def test_a_sentence_seen_before_is_answered_without_the_model() -> None:
    model, cache = CountingModel(), VectorCache(10)
    first = cache.encode(["a", "b"], model)
    second = cache.encode(["b", "c"], model)
    assert model.calls == [["a", "b"], ["c"]]
    assert np.array_equal(second[0], first[1])
    assert (cache.hits, cache.misses) == (1, 3)


def test_vectors_come_back_in_the_order_asked_whatever_was_cached() -> None:
    model, cache = CountingModel(), VectorCache(10)
    cache.encode(["two", "four"], model)
    got = cache.encode(["one", "two", "three", "four", "one"], model)
    assert model.calls[-1] == ["one", "three"]
    for sentence, vector in zip(["one", "two", "three", "four", "one"], got, strict=True):
        assert np.array_equal(vector, vector_of(sentence))


def test_a_sentence_repeated_in_one_call_is_embedded_once() -> None:
    model, cache = CountingModel(), VectorCache(10)
    got = cache.encode(["same", "other", "same"], model)
    assert model.calls == [["same", "other"]]
    assert np.array_equal(got[0], got[2])


def test_the_least_recently_used_sentence_goes_first() -> None:
    model, cache = CountingModel(), VectorCache(2)
    cache.encode(["a", "b"], model)
    cache.encode(["a"], model)  # a is now the most recently used
    cache.encode(["c"], model)  # b goes
    assert len(cache) == 2
    cache.encode(["a", "c"], model)
    assert model.embedded == ["a", "b", "c"]
    cache.encode(["b"], model)
    assert model.embedded == ["a", "b", "c", "b"]


def test_size_zero_remembers_nothing() -> None:
    model, cache = CountingModel(), VectorCache(0)
    cache.encode(["a"], model)
    cache.encode(["a"], model)
    assert model.calls == [["a"], ["a"]] and len(cache) == 0


def test_a_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        VectorCache(-1)


def test_exact_text_only_a_one_character_difference_is_another_sentence() -> None:
    model, cache = CountingModel(), VectorCache(10)
    cache.encode(["Turnout reached 61 percent."], model)
    cache.encode(["Turnout reached 61 percent"], model)
    cache.encode(["turnout reached 61 percent."], model)
    assert len(model.calls) == 3


def test_cached_vectors_are_read_only_and_do_not_hold_the_pass_array() -> None:
    batch = np.ones((3, 8), dtype=np.float32)

    def model(sentences: Sequence[str]) -> list[np.ndarray]:
        return list(batch[: len(sentences)])

    cache = VectorCache(10)
    (vector,) = cache.encode(["x"], model)
    assert vector.base is None and not vector.flags.writeable
    batch[0, 0] = 5.0  # the model reusing its buffer does not change what was cached
    (again,) = cache.encode(["x"], model)
    assert again[0] == 1.0


def test_a_model_returning_the_wrong_number_of_vectors_is_an_error_and_caches_nothing() -> None:
    cache = VectorCache(10)
    with pytest.raises(ValueError, match="1 vectors for 2 sentences"):
        cache.encode(["a", "b"], lambda sentences: [vector_of("a")])
    assert len(cache) == 0


def test_a_failing_model_caches_nothing_and_the_next_call_embeds_again() -> None:
    cache, model = VectorCache(10), CountingModel()

    def failing(sentences: Sequence[str]) -> list[np.ndarray]:
        raise RuntimeError("the model's process died")

    with pytest.raises(RuntimeError):
        cache.encode(["a"], failing)
    cache.encode(["a"], model)
    assert model.calls == [["a"]]


def test_many_threads_at_once_get_right_vectors_and_the_bound_holds() -> None:
    model, cache = CountingModel(), VectorCache(50)
    requests = [[f"s{(i * 7 + j) % 120}" for j in range(6)] for i in range(400)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda r: cache.encode(r, model), requests))
    for request, got in zip(requests, results, strict=True):
        for sentence, vector in zip(request, got, strict=True):
            assert np.array_equal(vector, vector_of(sentence))
    assert len(cache) <= 50
    assert cache.hits + cache.misses == sum(len(set(r)) for r in requests)
    assert len(model.embedded) == cache.misses


def test_clear_forgets_every_vector_and_the_next_call_embeds_again() -> None:
    model, cache = CountingModel(), VectorCache(10)
    cache.encode(["a", "b"], model)
    cache.clear()
    assert len(cache) == 0
    cache.encode(["a"], model)
    assert model.calls == [["a", "b"], ["a"]] and cache.misses == 3
