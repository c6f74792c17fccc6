"""The embedding model in a process of its own, fed by the server's micro-batcher.

In one process, the model's Python (transformers' module calls between the math kernels) and
the request threads' Python (extraction, conflict rules, rows, HTTP) take turns on one
interpreter lock, and while the model waits for the lock its math threads idle: on two cores
the server left a quarter of the CPU unused while four clients waited on the model. Here the
server keeps the micro-batcher (concurrent requests still share one pass) and sends each
pass's sentences down a pipe; the child holds the only copy of the model and answers with
the vectors. The server itself never imports torch. The child has a pipe and a thread for each
of its lanes, so that several single-threaded passes run side by side (`default_threads`
says why).

If the child dies (killed, out of memory), the pass that was running fails with
`ModelUnavailable` (503) and the next one starts a new child.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Client, Connection
from typing import Any

import numpy as np

from reconcile.embedding.embed import DIMENSIONS, Batched, Embedder
from reconcile.embedding.vectorcache import DEFAULT_SIZE
from reconcile.errors import ModelUnavailable

log = logging.getLogger(__name__)
OK, FAILED = b"k", b"e"  # first byte of each answer


Factory = Callable[[str | None, int, str, int], Any]


def default_lanes() -> int:
    """Forward passes the model's process runs at once (its lanes): one per core, up to 4
    (past that the micro-batches would get too small to be worth batching)."""
    return max(1, min(4, os.cpu_count() or 1))


def default_threads(lanes: int = 1) -> int:
    """Math threads per pass: the cores shared out between the lanes. Passes side by side
    beat one pass on many math threads on a small machine: each math thread of a pass waits at
    every barrier for its slowest partner, and a partner whose core was taken by PostgreSQL or
    the server's Python holds them all up (bench/RESULTS.md: on two cores, two one-thread
    passes embed 344 sentences a second where one two-thread pass embeds 258)."""
    return max(1, (os.cpu_count() or 1) // lanes)


def load_embedder(model: str | None, batch_size: int, precision: str, threads: int) -> Any:
    """The child's model: anything with `encode_direct`, `model_name` and `precision`."""
    import torch

    torch.set_num_threads(threads)
    return Embedder(model, batch_size, precision=precision)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _child(conns: list[Connection], factory: Factory, model: str | None, batch_size: int,
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
            conns[0].send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    try:
        conns[0].send(("ready", embedder.model_name, embedder.precision))
    except OSError:  # the server closed before the model finished loading
        return
    # One thread per pipe, each running its own passes; the model's math releases the
    # interpreter lock. Daemons: a SIGTERM ends the process without waiting for them.
    lanes = [threading.Thread(target=serve_passes, args=(conn, embedder), name=f"pass-{n}",
                              daemon=True) for n, conn in enumerate(conns)]
    for lane in lanes:
        lane.start()
    for lane in lanes:
        lane.join()


def serve_passes(conn: Connection, embedder: Any,
                 slots: threading.Semaphore | None = None) -> None:
    """Answer the passes sent down one pipe until the server says stop or goes away; with
    `slots`, each pass waits for one (a model server shares its lanes between clients)."""
    while True:
        try:
            sentences = conn.recv()
        except (EOFError, OSError):  # the server is gone
            return
        if sentences is None:
            return
        try:
            with slots or contextlib.nullcontext():
                vectors = np.ascontiguousarray(embedder.encode_direct(sentences),
                                               dtype=np.float32)
            answer = OK + vectors.tobytes()
        except Exception as exc:
            answer = FAILED + f"{type(exc).__name__}: {exc}".encode()
        try:
            conn.send_bytes(answer)
        except OSError:  # the server went away while this pass ran
            return


class _Server:
    """A model server (reconcile/embedding/modelserver.py) in the shape of the child process it
    stands in for: alive while its heartbeat connection, on which it writes nothing after its hello,
    has nothing to read (a server that went away reads as end of file)."""

    pid = None
    exitcode = None

    def __init__(self, heartbeat: Connection) -> None:
        self._heartbeat = heartbeat

    def is_alive(self) -> bool:
        try:
            return not self._heartbeat.poll()
        except (OSError, EOFError):  # closed here
            return False

    def join(self, timeout: float | None = None) -> None:
        self._heartbeat.close()

    def kill(self) -> None:
        """Nothing to kill: the server is not ours."""


class ModelProcess(Batched):
    """The `Embedder` interface (`encode`, `encode_direct`, `check`, `close`), the model in a
    child process that runs up to `lanes` forward passes at once, one down each of its pipes
    (the server's micro-batcher has a worker for each); or, with `socket`, in a model server
    shared with other server processes, one connection per lane."""

    def __init__(self, model: str | None = None, batch_size: int = 64,
                 precision: str = "auto", threads: int | None = None,
                 factory: Factory = load_embedder, wait: bool = True,
                 lanes: int | None = None, socket: str | None = None,
                 cache_size: int = DEFAULT_SIZE) -> None:
        self.socket = socket
        self.lanes = lanes or default_lanes()
        self.threads = threads or default_threads(self.lanes)
        self._args = (factory, model, batch_size, precision, self.threads)
        self._lock = threading.Lock()  # starting and stopping the child
        self._conns: list[Connection] = []
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()  # lanes no pass is using
        for lane in range(self.lanes):
            self._free.put(lane)
        self._process: Any = None
        self._generation = 0  # children started so far
        self._exit_code: int | None = None  # of the last child stopped
        self.model_name = model or ""
        self.precision = precision
        self.batch_size = batch_size
        self.restarts = 0
        self._loading = False
        with self._lock:
            self._start()
            if wait and self._loading:  # else the first pass or check() waits for it
                self._await_ready()
        self._start_batcher(batch_size, self.lanes, cache_size)

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    def check(self) -> None:
        """Wait for the model if it is still loading, and start a new child now if this one has
        died (so a health check brings the model back without waiting for a request to fail);
        raises ModelUnavailable if it cannot load."""
        process = self._process
        if not self._loading and process is not None and process.is_alive():
            return  # the common case takes no lock
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._restart()
            elif self._loading:
                self._await_ready()

    def close(self) -> None:
        self._batcher.close()
        with self._lock:
            self._stop()

    def _forward(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        lane = self._free.get()  # one is free: the batcher has one worker per lane
        try:
            with self._lock:
                if self._process is None:
                    self._restart()
                elif self._loading:
                    self._await_ready()
                conn, generation = self._conns[lane], self._generation
            try:
                conn.send(sentences)
                answer = conn.recv_bytes()
            except (EOFError, OSError):
                raise ModelUnavailable(self._stopped(generation)) from None
        finally:
            self._free.put(lane)
        if answer[:1] != OK:
            raise ModelUnavailable(f"the model failed: {answer[1:].decode()}")
        vectors = np.frombuffer(answer, dtype=np.float32, offset=1).reshape(-1, DIMENSIONS)
        if len(vectors) != len(sentences):
            raise ModelUnavailable(f"the model gave {len(vectors)} vectors for "
                                   f"{len(sentences)} sentences")
        return vectors.copy()

    def _stopped(self, generation: int) -> str:
        """What became of the model a pass lost: the pass that notices first reaps the child
        (its other lanes' passes fail too, and find it reaped)."""
        with self._lock:
            if self._generation == generation and self._process is not None:
                self._stop()
            if self.socket is not None:
                return (f"the model server at {self.socket} went away; the next request "
                        "connects again")
            return (f"the model process stopped (exit code {self._exit_code}); the next "
                    "request starts a new one")

    # --- the child -----------------------------------------------------------------------------

    # The methods below run with the lock held.

    def _start(self) -> None:
        if self.socket is not None:
            self._connect(self.socket)
        else:
            self._spawn()
        self._generation += 1

    def _connect(self, socket: str) -> None:
        """A connection per lane to a running model server, and one to tell it is alive."""
        conns: list[Connection] = []
        try:
            for _ in range(self.lanes + 1):
                conns.append(Client(socket, family="AF_UNIX"))
            hellos = [conn.recv() for conn in conns]
        except (OSError, EOFError) as exc:
            for conn in conns:
                conn.close()
            raise ModelUnavailable(f"no model server at {socket} ({type(exc).__name__}: "
                                   f"{exc}); start one with `reconcile model-server`") from None
        _, self.model_name, self.precision = hellos[0]
        self._conns, self._process, self._loading = conns[1:], _Server(conns[0]), False

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")  # forking a process with threads is unsafe
        pipes = [context.Pipe() for _ in range(self.lanes)]
        process = context.Process(target=_child, args=([child for _, child in pipes],
                                                       *self._args),
                                  name="reconcile-model", daemon=True)
        process.start()
        for _, child_end in pipes:
            child_end.close()  # so that the child's death reads as end of file here
        self._conns = [conn for conn, _ in pipes]
        self._process, self._loading = process, True

    def _await_ready(self) -> None:
        assert self._conns and self._process is not None
        try:
            hello = self._conns[0].recv()
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
        log.warning("connecting to the model server again" if self.socket is not None
                    else "starting a new model process", extra={"action": "embed"})
        self._start()
        if self._loading:
            self._await_ready()

    def _stop(self) -> int | None:
        """Stop the child (if any) and reap it; its exit code.

        The pipes are not closed here: a pass still reading from one (the child died) holds it
        and reads its end of file, and closing it under that pass would let the pass read from
        whatever pipe is opened next with the same descriptor. Each closes when its last user
        lets go of it."""
        conns, process, self._conns, self._process = self._conns, self._process, [], None
        self._loading = False
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.send(None)
        if process is not None:
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join()
            self._exit_code = process.exitcode
        return self._exit_code if process is not None else None
