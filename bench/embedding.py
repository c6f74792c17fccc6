"""The embedding model alone: `python -m bench.embedding [--quick]`.

For each precision the Embedder offers (float32; bfloat16 where the CPU has it) and, when
onnxruntime is importable, an ONNX Runtime export of the same model: sentences per second
over the claim sentences of generated articles, embedded one article per call (what ingest
asks for), by four threads at once (the micro-batcher merges them), and in one call; the load
time; and agreement with sentence-transformers' own float32 `encode` (the least cosine).
On a machine with CUDA it also times the GPU.
"""

from __future__ import annotations

import argparse
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from bench.common import Load, machine, now, wait_quiet, write_json
from bench.corpus import articles
from reconcile.embedding.embed import Embedder, cpu_has_bf16
from reconcile.extract.claims import extract_claims


def claim_sentences(n_articles: int, seed: int = 11) -> list[list[str]]:
    out = []
    for a in articles(n_articles, seed):
        claims = extract_claims(a["text"], None, frozenset({a["outlet"].lower()}))
        out.append([c.text for c in claims])
    return out


def timed(fn: Any, repeat: int) -> float:
    """Best wall time of `repeat` runs (the machine may be shared: the best is the least noisy)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def measure(embedder: Embedder, per_article: list[list[str]], reference: np.ndarray,
            repeat: int) -> dict[str, Any]:
    flat = [s for sents in per_article for s in sents]
    n = len(flat)
    embedder.encode_direct(flat)  # every shape once: steady state, not first-use set-up
    for sents in per_article:
        embedder.encode_direct(sents)
    agreement = float((embedder.encode_direct(flat) * reference).sum(axis=1).min())
    one_call = timed(lambda: embedder.encode_direct(flat), repeat)
    sequential = timed(lambda: [embedder.encode_direct(s) for s in per_article], repeat)

    def threads() -> None:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(embedder.encode, per_article))

    concurrent = timed(threads, repeat)
    return {"precision": embedder.precision, "agreement": agreement,
            "per_article_sps": n / sequential, "four_threads_sps": n / concurrent,
            "one_call_sps": n / one_call}


def onnx_backend(per_article: list[list[str]], reference: np.ndarray, repeat: int
                 ) -> dict[str, Any] | None:
    """ONNX Runtime, when installed: the same weights exported once, mean-pooled, normalised."""
    try:
        import onnxruntime as ort
    except ImportError:
        return None
    import tempfile

    import torch
    from transformers import AutoModel, AutoTokenizer

    from reconcile.embedding.embed import default_model_path

    path = default_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    bert = AutoModel.from_pretrained(path).eval()

    class Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    with tempfile.TemporaryDirectory() as tmp, torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter's deprecation notice
        file = f"{tmp}/model.onnx"
        sample = tokenizer(["a sentence", "another, longer sentence"], padding=True,
                           return_tensors="pt")
        torch.onnx.export(
            Hidden(), (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            file, input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"], dynamo=False,
            dynamic_axes={k: {0: "batch", 1: "seq"} for k in
                          ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")})
        session = ort.InferenceSession(file, providers=["CPUExecutionProvider"])

    def encode(sentences: list[str]) -> np.ndarray:
        t = tokenizer(sentences, padding=True, truncation=True, max_length=256,
                      return_tensors="np")
        (hidden,) = session.run(None, {k: t[k].astype(np.int64) for k in
                                       ("input_ids", "attention_mask", "token_type_ids")})
        mask = t["attention_mask"][..., None].astype(np.float32)
        v = (hidden * mask).sum(1) / mask.sum(1)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)

    flat = [s for sents in per_article for s in sents]
    n = len(flat)
    agreement = float((np.concatenate([encode(flat[i:i + 64]) for i in range(0, n, 64)])
                       * reference).sum(axis=1).min())
    sequential = timed(lambda: [encode(s) for s in per_article], repeat)
    one_call = timed(lambda: [encode(flat[i:i + 64]) for i in range(0, n, 64)], repeat)
    return {"precision": "onnx fp32", "agreement": agreement, "per_article_sps": n / sequential,
            "one_call_sps": n / one_call, "four_threads_sps": float("nan")}


def gpu(per_article: list[list[str]]) -> dict[str, Any] | None:
    import torch

    if not torch.cuda.is_available():
        return None
    from sentence_transformers import SentenceTransformer

    from reconcile.embedding.embed import default_model_path

    flat = [s for sents in per_article for s in sents] * 20
    model = SentenceTransformer(default_model_path(), device="cuda")
    out: dict[str, Any] = {"device": torch.cuda.get_device_name(0)}
    for label, half in (("fp32", False), ("fp16", True)):
        if half:
            model.half()
        model.encode(flat[:2048], batch_size=256)
        torch.cuda.synchronize()
        t = time.perf_counter()
        model.encode(flat, batch_size=256, convert_to_numpy=True)
        torch.cuda.synchronize()
        out[f"{label}_sps"] = len(flat) / (time.perf_counter() - t)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--articles", type=int, default=150)
    args = parser.parse_args()
    n_articles, repeat = (20, 1) if args.quick else (args.articles, 3)
    per_article = claim_sentences(n_articles)
    flat = [s for sents in per_article for s in sents]
    print(f"# Embedding alone — {now()} — {machine()}")
    print(f"{len(flat)} claim sentences from {n_articles} articles "
          f"({len(flat) / n_articles:.1f} per article); CPU bf16: {cpu_has_bf16()}")
    rows = []
    wait_quiet()
    t = time.perf_counter()
    fp32 = Embedder(precision="fp32")
    print(f"load (fp32, with warm-up): {time.perf_counter() - t:.1f} s")
    reference = fp32._model.encode(flat, batch_size=64, normalize_embeddings=True)
    with Load() as load:
        rows.append(measure(fp32, per_article, reference, repeat))
        if cpu_has_bf16():
            bf16 = Embedder(precision="bf16")
            rows.append(measure(bf16, per_article, reference, repeat))
        onnx = onnx_backend(per_article, reference, repeat)
        if onnx:
            rows.append(onnx)
    print("| backend | cosine to ST fp32 (least) | one article per call | 4 threads | "
          "one call |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['precision']} | {r['agreement']:.5f} | {r['per_article_sps']:.0f}/s | "
              f"{r['four_threads_sps']:.0f}/s | {r['one_call_sps']:.0f}/s |")
    print(f"({load.describe()})")
    g = gpu(per_article)
    print(f"GPU: {g}" if g else "GPU: none on this machine")
    write_json("embedding.json", {"date": now(), "machine": machine(), "rows": rows, "gpu": g})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
