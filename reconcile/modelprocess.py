"""The embedding model in a process of its own, fed by the server's micro-batcher.

In one process, the model's Python (transformers' module calls between the math kernels) and
the request threads' Python (extraction, conflict rules, rows, HTTP) take turns on one
interpreter lock, and while the model waits for the lock its math threads idle: on two cores
the server left a quarter of the CPU unused while four clients waited on the model. Here the
server keeps the micro-batcher (concurrent requests still share one pass) and sends each
pass's sentences down a pipe; the child holds the only copy of the model and answers with
the vectors. The server itself never imports torch.

If the child dies (killed, out of memory), the pass that was running fails with
`ModelUnavailable` (503) and the next one starts a new child.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from reconcile.embed import DIMENSIONS, Batched, Embedder
from reconcile.errors import ModelUnavailable

log = logging.getLogger(__name__)
OK, FAILED = b"k", b"e"  # first byte of each answer


Factory = Callable[[str | None, int, str, int], Any]


def default_threads() -> int:
    """All cores but one: the server's Python and PostgreSQL need a core of their own, and a
    math thread sharing a core with them stalls the model's other threads at every barrier."""
    return max(1, (os.cpu_count() or 1) - 1)


def load_embedder(model: str | None, batch_size: int, precision: str, threads: int) -> Any:
    """The child's model: anything with `encode_direct`, `model_name` and `precision`."""
    import torch

    torch.set_num_threads(threads)
    return Embedder(model, batch_size, precision=precision)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _child(conn: Connection, factory: Factory, model: str | None, batch_size: int,
           precision: str, threads: int) -> None:
    # Ctrl-C reaches the whole process group; the server decides when the model stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # multiprocessing ends a daemon child with SIGTERM at the server's exit: leave as from
    # sys.exit, so that what the model's libraries registered (tqdm's semaphore) is released.
    signal.signal(signal.SIGTERM, _exit)
    try:
        embedder = factory(model, batch_size, precision, threads)
    except Exception as exc:  # the parent reports it and refuses to start
        with contextlib.suppress(OSError):
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    try:
        conn.send(("ready", embedder.model_name, embedder.precision))
    except OSError:  # the server closed before the model finished loading
        return
    while True:
        try:
            sentences = conn.recv()
        except EOFError:  # the server is gone
            return
        if sentences is None:
            return
        try:
            vectors = np.ascontiguousarray(embedder.encode_direct(sentences), dtype=np.float32)
        except Exception as exc:
            conn.send_bytes(FAILED + f"{type(exc).__name__}: {exc}".encode())
            continue
        conn.send_bytes(OK + vectors.tobytes())


class ModelProcess(Batched):
    """The `Embedder` interface (`encode`, `encode_direct`, `check`, `close`), the model in a
    child process."""

    def __init__(self, model: str | None = None, batch_size: int = 64,
                 precision: str = "auto", threads: int | None = None,
                 factory: Factory = load_embedder, wait: bool = True) -> None:
        self.threads = threads or default_threads()
        self._args = (factory, model, batch_size, precision, self.threads)
        self._lock = threading.Lock()  # one pass in the pipe at a time
        self._conn: Connection | None = None
        self._process: Any = None
        self.model_name = model or ""
        self.precision = precision
        self.batch_size = batch_size
        self.restarts = 0
        self._loading = False
        with self._lock:
            self._spawn()
            if wait:  # else the first pass or check() waits (the server opens its database)
                self._await_ready()
        self._start_batcher(batch_size)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def check(self) -> None:
        """Wait for the model if it is still loading, and start a new child now if this one has
        died (so a health check brings the model back without waiting for a request to fail);
        raises ModelUnavailable if it cannot load."""
        process = self._process
        if not self._loading and process is not None and process.is_alive():
            return  # the common case takes no lock: a pass in progress must not delay it
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._restart()
            elif self._loading:
                self._await_ready()

    def close(self) -> None:
        self._batcher.close()
        with self._lock:
            self._stop()

    # --- the child -----------------------------------------------------------------------------

    # The methods below run with the lock held.

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")  # forking a process with threads is unsafe
        conn, child_end = context.Pipe()
        process = context.Process(target=_child, args=(child_end, *self._args),
                                  name="reconcile-model", daemon=True)
        process.start()
        child_end.close()  # so that the child's death reads as end of file here
        self._conn, self._process, self._loading = conn, process, True

    def _await_ready(self) -> None:
        assert self._conn is not None and self._process is not None
        try:
            hello = self._conn.recv()
        except EOFError:
            raise ModelUnavailable(f"the model process exited while loading "
                                   f"(exit code {self._stop()})") from None
        if hello[0] != "ready":
            self._stop()
            raise ModelUnavailable(f"the model did not load: {hello[1]}")
        _, self.model_name, self.precision = hello
        self._loading = False

    def _restart(self) -> None:
        self._stop()
        self.restarts += 1
        log.warning("starting a new model process", extra={"action": "embed"})
        self._spawn()
        self._await_ready()

    def _stop(self) -> int | None:
        """Stop the child (if any) and reap it; its exit code."""
        conn, process, self._conn, self._process = self._conn, self._process, None, None
        self._loading = False
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join()
        return process.exitcode if process is not None else None

    def _forward(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            if self._conn is None:
                self._restart()
            elif self._loading:
                self._await_ready()
            assert self._conn is not None
            try:
                self._conn.send(sentences)
                answer = self._conn.recv_bytes()
            except (EOFError, OSError):
                raise ModelUnavailable(f"the model process stopped (exit code {self._stop()}); "
                                       "the next request starts a new one") from None
        if answer[:1] != OK:
            raise ModelUnavailable(f"the model failed: {answer[1:].decode()}")
        vectors = np.frombuffer(answer, dtype=np.float32, offset=1).reshape(-1, DIMENSIONS)
        if len(vectors) != len(sentences):
            raise ModelUnavailable(f"the model gave {len(vectors)} vectors for "
                                   f"{len(sentences)} sentences")
        return vectors.copy()
