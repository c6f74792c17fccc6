"""`reconcile serve` with the embedding precision chosen: `python -m bench.server --precision fp32`.

The same start-up as reconcile.cli's serve (settings from the environment, migrations, one
model, the Litestar app under uvicorn), for benchmarks that compare precisions.
"""

from __future__ import annotations

import argparse

import uvicorn

from reconcile.app import create_app
from reconcile.settings import get_settings
from reconcile.startup import load_model, open_service


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads")
    parser.add_argument("--switch-ms", type=float, default=None,
                        help="the interpreter's thread switch interval (sys.setswitchinterval)")
    args = parser.parse_args()
    if args.switch_ms:
        import sys

        sys.setswitchinterval(args.switch_ms / 1000)
    settings = get_settings()
    if args.threads and not settings.embed_process:
        import torch

        torch.set_num_threads(args.threads)
    if args.threads:
        settings = settings.model_copy(update={"model_threads": args.threads})
    embedder = load_model(settings, precision=args.precision)
    service = open_service(settings, embedder=embedder)
    app = create_app(settings, service.db, service.ingestor)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
