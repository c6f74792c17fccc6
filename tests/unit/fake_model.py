"""A stand-in model for the model process's tests: loads in milliseconds, never imports torch,
and does on purpose what a real model does by accident (fail, die)."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Sequence

import numpy as np

from reconcile.embedding.embed import DIMENSIONS


def vector(sentence: str) -> np.ndarray:
    """A unit vector that depends on nothing but the sentence."""
    seed = int.from_bytes(hashlib.sha256(sentence.encode()).digest()[:8], "little")
    v = np.random.default_rng(seed).standard_normal(DIMENSIONS).astype(np.float32)
    normed: np.ndarray = v / np.linalg.norm(v)
    return normed


# Two passes that each hold "rendezvous" meet here, or fail after FAKE_RENDEZVOUS_S seconds
# (from the environment, which the child inherits): they only meet if the model's process
# runs them at once.
_rendezvous = threading.Barrier(2)


class FakeModel:
    def __init__(self, model: str | None, threads: int) -> None:
        self.model_name = model or "fake"
        self.precision = f"fake-{threads}-threads"

    def encode_direct(self, sentences: Sequence[str]) -> np.ndarray:
        if "boom" in sentences:
            raise ValueError("the fake model refuses 'boom'")
        if "die" in sentences:
            os._exit(3)  # as the kernel's OOM killer would: no clean-up, no answer
        if "rendezvous" in sentences:
            _rendezvous.wait(float(os.environ.get("FAKE_RENDEZVOUS_S", "10")))
        return np.stack([vector(s) for s in sentences])


def load(model: str | None, batch_size: int, precision: str, threads: int) -> FakeModel:
    return FakeModel(model, threads)


def fail_to_load(model: str | None, batch_size: int, precision: str, threads: int) -> FakeModel:
    raise FileNotFoundError(f"no model at {model}")


def die_while_loading(model: str | None, batch_size: int, precision: str,
                      threads: int) -> FakeModel:
    os._exit(7)


def dead(pid: int) -> bool:
    """Whether a child of this process has exited. Asked without reaping it (WNOWAIT), so that
    multiprocessing still gets its exit code. (/proc's "Z" is not enough: the main thread is a
    zombie while the math library's threads are still on their way out.)"""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:  # reaped already
        return True


def kill(pid: int) -> None:
    """SIGKILL, and wait until it has taken effect: delivery is asynchronous."""
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not dead(pid):
        if time.monotonic() > deadline:
            raise TimeoutError(f"process {pid} outlived SIGKILL")
        time.sleep(0.01)


def run_model_server(path: str, lanes: int) -> None:
    """`reconcile model-server` with this stand-in model (a spawned process's target)."""
    from pathlib import Path

    from reconcile.embedding.modelserver import serve_model

    serve_model(Path(path), factory=load, lanes=lanes)
