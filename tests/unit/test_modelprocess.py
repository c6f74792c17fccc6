"""The model in a process of its own: vectors come back in order, concurrent callers share
passes, a failing or dying model is a clear 503 that the next request recovers from, and the
server's process never loads torch. A stand-in model (tests/unit/fake_model.py) keeps this
fast; tests/integration/test_model_process.py runs the real one."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest

from reconcile.embedding.batching import Closed
from reconcile.embedding.modelprocess import ModelProcess, default_lanes, default_threads
from reconcile.errors import ModelUnavailable, ReconcileError
from tests.conftest import ROOT
from tests.unit import fake_model


@pytest.fixture
def model() -> Iterator[ModelProcess]:
    m = ModelProcess("fake-path", threads=3, factory=fake_model.load)
    yield m
    m.close()


def test_vectors_come_back_one_per_sentence_in_order(model: ModelProcess) -> None:
    sentences = ["Officials said 40 people were hurt.", "The quake killed 767.", "x"]
    vectors = model.encode(sentences)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    for row, sentence in zip(vectors, sentences, strict=True):
        np.testing.assert_array_equal(row, fake_model.vector(sentence))
    assert model.encode_direct(sentences[::-1])[0].tolist() == vectors[2].tolist()


def test_no_sentences_need_no_pass(model: ModelProcess) -> None:
    passes = model._batcher.calls
    assert model.encode([]).shape == (0, 384)
    assert model.encode_direct([]).shape == (0, 384)
    assert model._batcher.calls == passes


def test_the_child_reports_its_model_and_precision_and_gets_the_threads_asked_for(
    model: ModelProcess,
) -> None:
    assert model.model_name == "fake-path"
    assert model.precision == "fake-3-threads"
    assert model.threads == 3
    assert model.pid is not None and model.pid != os.getpid()


@pytest.mark.parametrize(("cores", "lanes", "threads"), [
    (16, 4, 4), (6, 4, 1), (2, 2, 1), (1, 1, 1), (None, 1, 1),
])
def test_a_lane_per_core_up_to_four_and_the_cores_shared_between_them(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, lanes: int, threads: int,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert default_lanes() == lanes
    assert default_threads(default_lanes()) == threads


def _at_once(model: ModelProcess, batches: list[list[str]]) -> list[np.ndarray | Exception]:
    """Each batch encoded from its own thread, the next one sent once a worker has taken the
    one before (so that each is a pass of its own rather than riding on the one before), and
    what each got."""
    results: list[np.ndarray | Exception] = [ValueError("not run")] * len(batches)

    def call(i: int) -> None:
        try:
            results[i] = model.encode(batches[i])
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(batches))]
    for i, t in enumerate(threads):
        before = model._batcher.calls
        t.start()
        deadline = time.monotonic() + 10
        while model._batcher.calls == before and time.monotonic() < deadline:
            time.sleep(0.005)
        assert model._batcher.calls == before + 1, f"batch {i} was not taken"
    for t in threads:
        t.join()
    return results


def test_two_lanes_run_two_passes_at_once() -> None:
    m = ModelProcess(factory=fake_model.load, lanes=2)
    try:
        first, second = _at_once(m, [["rendezvous"], ["rendezvous"]])
        assert isinstance(first, np.ndarray) and isinstance(second, np.ndarray)
        assert m._batcher.calls == 2
    finally:
        m.close()


def test_one_lane_runs_one_pass_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_RENDEZVOUS_S", "0.5")  # the child inherits it
    m = ModelProcess(factory=fake_model.load, lanes=1)
    try:
        assert m.threads >= 1
        first, second = _at_once(m, [["rendezvous"], ["rendezvous"]])
        # The first waited for a partner that could not come, and failed; the second, alone
        # too, as well: they never met.
        assert isinstance(first, ModelUnavailable) and "BrokenBarrierError" in str(first)
        assert isinstance(second, ModelUnavailable)
    finally:
        m.close()


def test_a_child_dying_fails_every_pass_in_flight_and_is_started_once_again() -> None:
    m = ModelProcess(factory=fake_model.load, lanes=2)
    try:
        first = m.pid
        waiting, dying = _at_once(m, [["rendezvous"], ["die"]])
        for failed in (waiting, dying):
            assert isinstance(failed, ModelUnavailable)
            assert "stopped (exit code 3)" in str(failed)
        np.testing.assert_array_equal(m.encode(["after"])[0], fake_model.vector("after"))
        assert m.restarts == 1 and m.pid not in (None, first)
    finally:
        m.close()


def test_concurrent_callers_each_get_their_own_vectors(model: ModelProcess) -> None:
    results: dict[int, np.ndarray] = {}
    start = threading.Barrier(12)

    def call(i: int) -> None:
        start.wait()
        results[i] = model.encode([f"sentence {i} a", f"sentence {i} b"])

    threads = [threading.Thread(target=call, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, vectors in results.items():
        np.testing.assert_array_equal(vectors[0], fake_model.vector(f"sentence {i} a"))
        np.testing.assert_array_equal(vectors[1], fake_model.vector(f"sentence {i} b"))
    assert len(results) == 12


def test_a_model_error_is_a_503_and_the_child_carries_on(model: ModelProcess) -> None:
    pid = model.pid
    with pytest.raises(ModelUnavailable, match=r"the model failed: ValueError: .*'boom'") as info:
        model.encode(["fine", "boom"])
    assert info.value.status_code == 503 and isinstance(info.value, ReconcileError)
    assert model.encode(["fine"]).shape == (1, 384)
    assert model.pid == pid and model.restarts == 0


def test_a_dead_child_fails_the_pass_it_was_running_and_the_next_starts_another(
    model: ModelProcess,
) -> None:
    first = model.pid
    with pytest.raises(ModelUnavailable, match=r"stopped \(exit code 3\).*starts a new one"):
        model.encode(["die"])
    vectors = model.encode(["after"])
    np.testing.assert_array_equal(vectors[0], fake_model.vector("after"))
    assert model.restarts == 1
    assert model.pid not in (None, first)
    assert first is not None and fake_model.dead(first)


def test_a_child_killed_between_passes_is_replaced_on_the_next_pass(model: ModelProcess) -> None:
    first = model.pid
    assert first is not None
    fake_model.kill(first)
    with pytest.raises(ModelUnavailable, match="stopped"):
        model.encode(["one"])  # the pass that finds it dead
    assert model.encode(["two"]).shape == (1, 384)
    assert model.restarts == 1


def test_a_model_that_cannot_load_is_refused_at_start_with_its_reason() -> None:
    with pytest.raises(ModelUnavailable, match="did not load: FileNotFoundError: no model at /x"):
        ModelProcess("/x", factory=fake_model.fail_to_load)


def test_a_child_that_dies_while_loading_is_refused_at_start() -> None:
    with pytest.raises(ModelUnavailable, match=r"exited while loading \(exit code 7\)"):
        ModelProcess(factory=fake_model.die_while_loading)


def test_close_stops_the_child_and_later_calls_are_refused() -> None:
    m = ModelProcess(factory=fake_model.load)
    pid = m.pid
    assert pid is not None and not fake_model.dead(pid)
    m.close()
    assert fake_model.dead(pid)
    with pytest.raises(Closed):
        m.encode(["late"])


def test_the_server_process_never_imports_torch() -> None:
    script = (
        "import sys\n"
        "from reconcile.app import create_app\n"
        "from reconcile.startup import open_service, load_model\n"
        "from reconcile.embedding.modelprocess import ModelProcess\n"
        "from tests.unit import fake_model\n"
        "m = ModelProcess(factory=fake_model.load)\n"
        "m.encode(['a sentence'])\n"
        "m.close()\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in "
        "('torch', 'transformers', 'sentence_transformers')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert out.strip() == "[]"


def test_check_leaves_a_live_child_alone(model: ModelProcess) -> None:
    pid = model.pid
    model.check()
    assert model.pid == pid and model.restarts == 0


def test_check_starts_a_new_child_when_the_last_one_died(model: ModelProcess) -> None:
    first = model.pid
    assert first is not None
    fake_model.kill(first)
    model.check()
    assert model.restarts == 1 and model.pid not in (None, first)
    # The new child answers, and no request had to fail to bring it back.
    np.testing.assert_array_equal(model.encode(["back"])[0], fake_model.vector("back"))


def test_without_waiting_the_first_pass_waits_for_the_model_to_load() -> None:
    m = ModelProcess("fake-path", factory=fake_model.load, wait=False)
    try:
        assert m.pid is not None  # spawned, maybe still loading
        np.testing.assert_array_equal(m.encode(["first"])[0], fake_model.vector("first"))
        assert m.model_name == "fake-path" and m.restarts == 0
    finally:
        m.close()


def test_without_waiting_check_waits_and_reports_a_model_that_cannot_load() -> None:
    m = ModelProcess("/x", factory=fake_model.fail_to_load, wait=False)
    try:
        with pytest.raises(ModelUnavailable, match="did not load: FileNotFoundError"):
            m.check()
        assert m.pid is None
    finally:
        m.close()


def test_closing_while_the_model_loads_stops_the_child() -> None:
    m = ModelProcess(factory=fake_model.load, wait=False)
    pid = m.pid
    m.close()
    assert pid is not None and fake_model.dead(pid)


def test_a_sentence_embedded_lately_does_not_go_to_the_models_process_again() -> None:
    m = ModelProcess(factory=fake_model.load, cache_size=2)
    try:
        m.encode(["one", "two"])
        passes = m._batcher.calls
        np.testing.assert_array_equal(m.encode(["two", "one"])[1], fake_model.vector("one"))
        assert m._batcher.calls == passes
        m.encode(["three"])  # the cache holds two: "two" goes
        m.encode(["two"])
        assert m._batcher.calls == passes + 2 and m.cache.misses == 4
    finally:
        m.close()


def test_the_cache_size_setting_reaches_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from reconcile.settings import Settings
    from reconcile.startup import load_model

    seen: dict[str, int] = {}
    real_init = ModelProcess.__init__

    def init(self: ModelProcess, *args: object, **kwargs: object) -> None:
        seen["cache_size"] = int(kwargs["cache_size"])  # type: ignore[call-overload]
        kwargs["factory"] = fake_model.load
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ModelProcess, "__init__", init)
    m = load_model(Settings(RECONCILE_EMBED_CACHE_SIZE=7))
    try:
        assert seen == {"cache_size": 7} and m.cache.size == 7  # type: ignore[attr-defined]
    finally:
        m.close()
