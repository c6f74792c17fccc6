"""Two `reconcile serve` processes ingesting into one database at once store what one does.

The per-story advisory lock and the one transaction per article are what make several API
processes against one PostgreSQL safe; this runs two real server processes (each with its own
model and pool) against one database, posts a story's articles to both at once, and compares
the clusters and conflicts with those of the same articles ingested by one process. Then each
process's read cache must follow the other's writes: a page goes stale when the other process
writes to its story, and stays cached while it writes to another.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from multiprocessing.connection import Client
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.rows import dict_row

from reconcile.embedding.embed import Embedder
from reconcile.loaders import read_articles, seed_files
from reconcile.models import ArticleIn
from reconcile.settings import Settings
from reconcile.startup import open_service
from tests.conftest import ROOT, create_database, drop_database
from tests.integration.test_ingest_order import STORY, snapshot

EXTRA = STORY  # the three-outlet story of test_ingest_order, in its own story "s"


def _articles() -> list[ArticleIn]:
    seeds = [a for f in seed_files(ROOT / "seeds") for a in read_articles(f)]
    return seeds + EXTRA


def _snapshot(url: str) -> tuple[Any, ...]:
    """Clusters as sets of (outlet, sentence); active conflicts as (kind, positions by outlet);
    and the number of articles stored."""
    with psycopg.connect(url, row_factory=dict_row) as conn:
        clusters, conflicts = snapshot(conn)
        articles = conn.execute("SELECT count(*) AS n FROM articles").fetchone()
    return clusters, conflicts, articles["n"] if articles else 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes], what: str) -> None:
    """Until ready() says so, failing with its stderr if the process exits first."""
    deadline = time.monotonic() + 180
    while not ready():
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise AssertionError(f"{what} exited: {stderr[-2000:]}")
        assert time.monotonic() < deadline, f"{what} did not become ready"
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not left within 30 s."""
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr:
        process.stderr.close()


@contextmanager
def _server(url: str, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", **(extra_env or {})}
    env.pop("RECONCILE_API_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "reconcile.cli", "serve", "--port", str(port)], cwd=ROOT,
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"

        def healthy() -> bool:
            try:
                return httpx.get(base + "/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait_until(healthy, process, "server")
        yield base
    finally:
        _stop(process)


@contextmanager
def _model_server(path: Path) -> Iterator[None]:
    """`reconcile model-server` on a socket, once it answers."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reconcile.cli", "model-server", "--socket", str(path)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        def answers() -> bool:
            try:
                Client(str(path), family="AF_UNIX").close()
                return True
            except OSError:
                return False

        _wait_until(answers, process, "model server")
        yield
    finally:
        _stop(process)  # SIGTERM: it leaves and removes its socket
    assert not path.exists()


def test_two_server_processes_store_what_one_process_does(
    pg_url: str, template_url: str, settings: Settings, embedder: Embedder
) -> None:
    _two_servers_against_one(pg_url, settings, embedder)


def test_two_server_processes_sharing_one_model_server_store_what_one_process_does(
    pg_url: str, template_url: str, settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    socket_path = tmp_path / "model.sock"
    with _model_server(socket_path):
        _two_servers_against_one(pg_url, settings, embedder,
                                 {"RECONCILE_MODEL_SOCKET": str(socket_path)})


def _two_servers_against_one(pg_url: str, settings: Settings, embedder: Embedder,
                             extra_env: dict[str, str] | None = None) -> None:
    articles = _articles()
    one_name, one_url = create_database(pg_url)
    two_name, two_url = create_database(pg_url)
    try:
        service = open_service(settings, embedder=embedder, url=one_url)
        try:
            for a in articles:
                service.ingestor.ingest(a)
        finally:
            service.close()

        with ExitStack() as stack:
            bases = [stack.enter_context(_server(two_url, extra_env)) for _ in range(2)]
            # Every article to one server or the other, all at once; the first again to both:
            # a repost racing itself across processes is stored once.
            jobs = [(bases[i % 2], a) for i, a in enumerate(articles)]
            jobs += [(bases[1], articles[0]), (bases[0], articles[-1])]

            def post(job: tuple[str, ArticleIn]) -> int:
                base, article = job
                r = httpx.post(base + "/api/articles",
                               json=article.model_dump(mode="json", exclude_none=True),
                               timeout=120)
                assert r.status_code in (200, 201), r.text
                return r.status_code

            with ThreadPoolExecutor(len(jobs)) as pool:
                statuses = list(pool.map(post, jobs))
            assert _snapshot(two_url) == _snapshot(one_url)
            _cached_reads_follow_the_other_process(bases, articles[-1])
        assert statuses.count(201) == len(articles)
        _, conflicts, stored = _snapshot(one_url)
        assert stored == len(articles)
        assert {kind for kind, _ in conflicts} == {"numeric", "attribution"}
    finally:
        drop_database(pg_url, one_name)
        drop_database(pg_url, two_name)


def _cached_reads_follow_the_other_process(bases: list[str], article: ArticleIn) -> None:
    """Both processes serve the same answers; a page one of them cached goes stale when the
    other writes to its story, and only then."""
    for path in ("/api/conflicts", "/api/clusters?story=s"):
        assert len({httpx.get(b + path, timeout=30).content for b in bases}) == 1, path
    clusters = httpx.get(bases[1] + "/api/clusters?story=s", timeout=30).json()["items"]
    target = max(clusters, key=lambda c: c["size"])
    path = f"/api/clusters/{target['id']}"
    seed_cluster = httpx.get(bases[1] + "/api/clusters?story=north-korea-troops", timeout=30).json()
    other = f"/api/clusters/{seed_cluster['items'][0]['id']}"
    before = {p: httpx.get(bases[1] + p, timeout=30) for p in (path, other)}
    # The same sentences from a fourth outlet, through the other process: they join story s's
    # clusters.
    repost = article.model_copy(update={"outlet": "Fourth Outlet", "url": None})
    r = httpx.post(bases[0] + "/api/articles",
                   json=repost.model_dump(mode="json", exclude_none=True), timeout=120)
    assert r.status_code == 201, r.text
    deadline = time.monotonic() + 10
    while httpx.get(bases[1] + path, timeout=30).json()["size"] == target["size"]:
        assert time.monotonic() < deadline, "the other process's write never reached the page"
        time.sleep(0.05)
    assert "Fourth Outlet" in httpx.get(bases[1] + path, timeout=30).text
    assert httpx.get(bases[1] + other, timeout=30).headers["etag"] == before[other].headers["etag"]
