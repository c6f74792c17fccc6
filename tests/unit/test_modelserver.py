"""One model server for several server processes: clients connect over a Unix socket, share
its lanes, get a clear 503 when it goes away and find a new one by themselves. The stand-in
model (tests/unit/fake_model.py) keeps this fast."""

from __future__ import annotations

import multiprocessing
import stat
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Client
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reconcile.embedding.modelprocess import ModelProcess
from reconcile.embedding.modelserver import serve_model
from reconcile.errors import ModelUnavailable
from tests.unit import fake_model


def start_server(path: Path, lanes: int = 2) -> Any:
    """A model server in a process of its own, once it answers."""
    process = multiprocessing.get_context("spawn").Process(
        target=fake_model.run_model_server, args=(str(path), lanes), daemon=True)
    process.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            Client(str(path), family="AF_UNIX").close()
            return process
        except OSError:
            if time.monotonic() > deadline or not process.is_alive():
                raise TimeoutError(f"no model server at {path}") from None
            time.sleep(0.02)


def stop_server(process: Any) -> None:
    process.kill()
    process.join(10)


@pytest.fixture
def socket_path(tmp_path: Path) -> Path:
    return tmp_path / "model.sock"


@pytest.fixture
def server(socket_path: Path) -> Iterator[Any]:
    process = start_server(socket_path)
    yield process
    stop_server(process)


def client(path: Path, lanes: int = 2) -> ModelProcess:
    return ModelProcess(factory=fake_model.load, lanes=lanes, socket=str(path))


def test_two_clients_share_one_model_server(server: Any, socket_path: Path) -> None:
    first, second = client(socket_path), client(socket_path)
    try:
        for model in (first, second):
            vectors = model.encode(["The quake killed 767.", "x"])
            np.testing.assert_array_equal(vectors[0], fake_model.vector("The quake killed 767."))
            assert model.model_name == "fake" and model.pid is None
        model_processes = [p for p in multiprocessing.active_children()
                           if p.name == "reconcile-model"]
        assert model_processes == []  # neither started a model of its own
    finally:
        first.close()
        second.close()


def test_passes_of_different_clients_run_side_by_side(server: Any, socket_path: Path) -> None:
    first, second = client(socket_path, lanes=1), client(socket_path, lanes=1)
    results: dict[int, Any] = {}

    def call(i: int, model: ModelProcess) -> None:
        try:
            results[i] = model.encode(["rendezvous"])
        except Exception as exc:
            results[i] = exc

    try:
        threads = [threading.Thread(target=call, args=(i, m))
                   for i, m in enumerate((first, second))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(isinstance(r, np.ndarray) for r in results.values()), results
    finally:
        first.close()
        second.close()


def test_a_server_that_goes_away_is_a_503_and_a_new_one_is_found(
    server: Any, socket_path: Path
) -> None:
    model = client(socket_path)
    try:
        assert model.encode(["before"]).shape == (1, 384)
        stop_server(server)
        with pytest.raises(ModelUnavailable, match=r"model server at .* went away"):
            model.encode(["during"])
        with pytest.raises(ModelUnavailable, match="no model server at"):
            model.check()  # what /health reports meanwhile
        replacement = start_server(socket_path)  # over the dead one's socket file
        try:
            model.check()
            np.testing.assert_array_equal(model.encode(["after"])[0],
                                          fake_model.vector("after"))
            assert model.restarts >= 1
        finally:
            stop_server(replacement)
    finally:
        model.close()


def test_check_notices_a_server_gone_between_passes(server: Any, socket_path: Path) -> None:
    model = client(socket_path)
    try:
        model.check()
        stop_server(server)
        deadline = time.monotonic() + 10
        while True:  # the heartbeat reads end of file once the kernel has closed its end
            try:
                model.check()
            except ModelUnavailable as exc:
                assert "no model server at" in exc.detail
                break
            assert time.monotonic() < deadline, "check() never noticed"
            time.sleep(0.02)
    finally:
        model.close()


def test_without_a_server_a_client_is_refused_with_how_to_start_one(socket_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match=r"no model server at .*reconcile model-server"):
        client(socket_path)


def test_a_second_server_on_the_same_socket_is_refused(server: Any, socket_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="already listening"):
        serve_model(socket_path, factory=fake_model.load)


def test_the_socket_is_its_owners_alone(server: Any, socket_path: Path) -> None:
    mode = socket_path.stat().st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600


def test_closing_one_client_leaves_the_server_to_the_others(server: Any, socket_path: Path
                                                            ) -> None:
    first, second = client(socket_path), client(socket_path)
    first.encode(["one"])
    first.close()
    try:
        assert second.encode(["two"]).shape == (1, 384)
        assert server.is_alive()
    finally:
        second.close()


def test_the_servers_lanes_bound_the_passes_of_all_clients_together(
    socket_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_RENDEZVOUS_S", "0.5")  # the server inherits it
    process = start_server(socket_path, lanes=1)
    first, second = client(socket_path, lanes=1), client(socket_path, lanes=1)
    results: list[Any] = []

    def call(model: ModelProcess) -> None:
        try:
            results.append(model.encode(["rendezvous"]))
        except ModelUnavailable as exc:
            results.append(exc)

    try:
        threads = [threading.Thread(target=call, args=(m,)) for m in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # One slot: the two passes ran one after the other, and neither found its partner.
        assert len(results) == 2
        assert all(isinstance(r, ModelUnavailable) and "BrokenBarrierError" in r.detail
                   for r in results)
    finally:
        first.close()
        second.close()
        stop_server(process)


def test_the_command_refuses_a_second_server_and_bad_lanes(
    server: Any, socket_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reconcile.cli import main

    assert main(["model-server", "--socket", str(socket_path)]) == 2
    assert f"a model server is already listening at {socket_path}" in capsys.readouterr().err
    assert main(["model-server", "--socket", str(socket_path), "--lanes", "0"]) == 2
    assert "--lanes must be at least 1" in capsys.readouterr().err
