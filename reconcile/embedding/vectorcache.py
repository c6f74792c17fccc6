"""The vectors of recently embedded sentences, by their exact text.

Outlets reprint wire copy word for word, and an edited article is posted again with most of its
sentences unchanged: a sentence embedded a moment ago would cost a forward pass again for the
same vector. This keeps the last `size` of them (least recently used goes first), so the model
runs only on sentences it has not seen lately. Exact text only: a sentence that differs by one
character is another sentence to the model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np
from cachetools import LRUCache

# Each entry holds its text and a 384-d float32 vector (1.5 KiB) plus about 0.3 KiB of
# bookkeeping: 10,000 sentences are about 18 MiB.
DEFAULT_SIZE = 10_000


class VectorCache:
    """Thread-safe LRU of sentence -> vector; `size` 0 keeps nothing (every call embeds)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 0:
            raise ValueError(f"size must be 0 or more, not {size}")
        self.size = size
        self.hits = 0
        self.misses = 0
        # cachetools is not thread-safe: every use of _vectors holds _lock. It refuses a size
        # of 0; with size 0 nothing is ever stored in it (_store).
        self._vectors: LRUCache[str, np.ndarray] = LRUCache(maxsize=max(size, 1))
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def clear(self) -> None:
        """Forget every vector (the counts stay)."""
        with self._lock:
            self._vectors.clear()

    def encode(self, sentences: Sequence[str],
               embed: Callable[[list[str]], Sequence[np.ndarray]]) -> list[np.ndarray]:
        """One vector per sentence: cached ones from here, the rest from one `embed` call over
        the distinct sentences not cached (a sentence repeated in the call is embedded once).
        The vectors returned are shared and read-only."""
        found, missing = self._lookup(sentences)
        if missing:
            fresh = embed(missing)
            if len(fresh) != len(missing):
                raise ValueError(f"embed returned {len(fresh)} vectors for {len(missing)} "
                                 "sentences")
            # Copies: a row of the pass's array would keep the whole array alive.
            kept = [_frozen(v) for v in fresh]
            found.update(zip(missing, kept, strict=True))
            self._store(missing, kept)
        return [found[s] for s in sentences]

    def _lookup(self, sentences: Sequence[str]) -> tuple[dict[str, np.ndarray], list[str]]:
        found: dict[str, np.ndarray] = {}
        missing: dict[str, None] = {}  # ordered, and a repeat is found in O(1)
        with self._lock:
            for sentence in sentences:
                if sentence in found:
                    continue
                vector = self._vectors.get(sentence)  # and the most recently used now
                if vector is None:
                    missing[sentence] = None
                    continue
                found[sentence] = vector
            self.hits += len(found)
            self.misses += len(missing)
        return found, list(missing)

    def _store(self, sentences: list[str], vectors: list[np.ndarray]) -> None:
        if self.size == 0:
            return
        with self._lock:
            for sentence, vector in zip(sentences, vectors, strict=True):
                self._vectors[sentence] = vector  # evicts the least recently used


def _frozen(vector: np.ndarray) -> np.ndarray:
    out = np.array(vector, dtype=np.float32, copy=True)
    out.setflags(write=False)
    return out
