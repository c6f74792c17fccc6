"""One model for several server processes on a machine: `reconcile model-server`.

Each `reconcile serve` otherwise starts a model process of its own
(reconcile/embedding/modelprocess.py), so N API processes on one machine hold N copies of the model
(about 0.6 GiB each) and compete
for the cores with N sets of math threads. This process loads the model once and serves it on
a Unix socket; a server started with RECONCILE_MODEL_SOCKET connects to it instead of starting
its own (`ModelProcess(socket=...)`), with one connection per lane of its micro-batcher. Passes
from every client share `lanes` slots here, so the cores are shared out once for all of them.

The protocol is the model process's own (pickled lists of sentences, answers as bytes), so the
socket is made readable and writable by its owner only: any process that can connect can make
this one unpickle what it sends.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from multiprocessing.connection import Client, Listener
from pathlib import Path

from reconcile.embedding.modelprocess import (
    Factory,
    default_lanes,
    default_threads,
    load_embedder,
    serve_passes,
)
from reconcile.errors import ModelUnavailable

log = logging.getLogger(__name__)


def serve_model(path: Path, *, model: str | None = None, batch_size: int = 64,
                precision: str = "auto", lanes: int | None = None, threads: int | None = None,
                factory: Factory = load_embedder) -> None:
    """Load the model, then answer passes on the socket at `path` until SIGTERM or SIGINT."""
    lanes = lanes or default_lanes()
    threads = threads or default_threads(lanes)
    if _listening(path):
        raise ModelUnavailable(f"a model server is already listening at {path}")
    embedder = factory(model, batch_size, precision, threads)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # left behind by a server that was killed
    signal.signal(signal.SIGTERM, _exit)
    slots = threading.Semaphore(lanes)
    old_umask = os.umask(0o177)  # the socket is created owner-only, with no moment of access
    try:
        listener = Listener(str(path), family="AF_UNIX")
    finally:
        os.umask(old_umask)
    with listener:
        log.info("model server ready", extra={"action": "model-server", "socket": str(path),
                                               "lanes": lanes, "threads": threads})
        while True:
            try:
                conn = listener.accept()
                conn.send(("ready", embedder.model_name, embedder.precision))
            except OSError as exc:  # a client that went away at once
                log.warning("model server: a connection failed",
                            extra={"action": "model-server", "error": str(exc)})
                continue
            threading.Thread(target=serve_passes, args=(conn, embedder, slots),
                             name="model-client", daemon=True).start()


def _listening(path: Path) -> bool:
    """Whether a live server answers at path (a stale socket file refuses the connection)."""
    if not path.exists():
        return False
    try:
        with contextlib.closing(Client(str(path), family="AF_UNIX")):
            return True
    except OSError:
        return False


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)
