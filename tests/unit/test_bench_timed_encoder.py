"""The benchmarks' timed model wrapper is a whole model to the service: open_service calls
check() and close() on whatever model it is given (bench.scale and bench.peer broke when it
was not)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bench.common import TimedEncoder
from reconcile.embedding.embed import DIMENSIONS


class Model:
    model_name = "stand-in"
    precision = "fp32"

    def __init__(self) -> None:
        self.checked = self.closed = 0

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        return np.ones((len(sentences), DIMENSIONS), dtype=np.float32)

    def encode_direct(self, sentences: Sequence[str]) -> np.ndarray:
        return np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)

    def check(self) -> None:
        self.checked += 1

    def close(self) -> None:
        self.closed += 1


def test_the_wrapper_times_encode_and_passes_everything_else_through() -> None:
    inner = Model()
    timed = TimedEncoder(inner)
    assert (timed.model_name, timed.precision) == ("stand-in", "fp32")
    assert timed.last == 0.0
    assert timed.encode(["a", "b"]).shape == (2, DIMENSIONS)
    assert timed.last > 0.0
    assert float(timed.encode_direct(["a"]).sum()) == 0.0
    timed.check()
    timed.close()
    assert (inner.checked, inner.closed) == (1, 1)


def test_forget_empties_the_models_cache_so_the_next_articles_are_embedded_again() -> None:
    from reconcile.embedding.vectorcache import VectorCache

    class Cached(Model):
        def __init__(self) -> None:
            super().__init__()
            self.cache = VectorCache(10)

    inner = Cached()
    inner.cache.encode(["a"], lambda s: [np.ones(DIMENSIONS, dtype=np.float32)])
    TimedEncoder(inner).forget()
    assert len(inner.cache) == 0
    TimedEncoder(Model()).forget()  # a model without a cache: nothing to forget
