"""Seeded databases and a live server, for the dashboard's integration and browser tests.

Loading the seeds runs the model over five articles (seconds), so it happens once into a
template database; every test that needs them clones it (CREATE DATABASE ... TEMPLATE), which
takes milliseconds.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import uvicorn
from litestar import Litestar

from reconcile.domain import Claim, ConflictDraft, Figure, Position, Source
from reconcile.embedding.embed import Embedder
from reconcile.settings import Settings
from reconcile.startup import Service, load_seeds, open_service
from reconcile.store import repo
from reconcile.store.db import Database
from tests import store_helpers
from tests.conftest import ROOT, create_database, drop_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"
SEED_STORY = "north-korea-troops"


def settings_for(data_dir: Path, token: str | None = None) -> Settings:
    return Settings(RECONCILE_DATA_DIR=data_dir, RECONCILE_SEEDS_DIR=ROOT / "seeds",
                    RECONCILE_API_TOKEN=token)


def seeded_template(pg_url: str, embedder: Embedder, data_dir: Path) -> str:
    """A database with the migrations and the seeds loaded; its name, for cloning."""
    name, url = create_database(pg_url)
    service = open_service(settings_for(data_dir), embedder=embedder, url=url)
    try:
        new, _ = load_seeds(service, ROOT / "seeds")
        assert new == 5, f"expected the 5 seed articles, loaded {new}"
    finally:
        service.close()
    return name


@contextmanager
def live_server(app: Litestar) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 and a free port, in a thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # ws="none": no websocket library gets imported (its deprecation warnings would be errors).
    config = uvicorn.Config(app, log_level="warning", ws="none", http="h11", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@contextmanager
def seeded_service(pg_url: str, template: str, settings: Settings, embedder: Embedder
                   ) -> Iterator[Service]:
    """A service over a fresh copy of the seeded database, dropped afterwards."""
    name, url = create_database(pg_url, template=template)
    service = open_service(settings, embedder=embedder, url=url)
    try:
        yield service
    finally:
        service.close()
        drop_database(pg_url, name)


# --- a crafted story: exact data for exact assertions, without the model or the extractor -------

EVIL_OUTLET = "<script>alert('outlet')</script>Wire"
CRAFTED_STORY = "crafted"
_EMBEDDING = np.full(384, 1 / np.sqrt(384), dtype=np.float32)
_TROOPS = "Officials said {} troops were sent, according to the ministry."
_QUOTE = '"We believe their withdrawal is a result of heavy losses," {} said.'


@dataclass(frozen=True)
class Crafted:
    """Ids of what craft_story stored."""

    numeric: int
    attribution: int
    numeric_cluster: int
    articles: dict[str, int]
    claims: dict[str, int]


def _article_text(troops: str, speaker: str | None) -> str:
    parts = ["The front has gone quiet.", _TROOPS.format(troops), "Losses were heavy."]
    if speaker:
        parts.append(_QUOTE.format(speaker))
    return " ".join(parts) + "\n\nNo one else commented."


def _claims(text: str, troops: str, value: Figure, speaker: str | None) -> list[Claim]:
    sentence = _TROOPS.format(troops)
    start = text.index(sentence)
    at = text.index(troops, start)
    figure = value.model_copy(update={"start": at, "end": at + len(troops)})
    src_at = text.index("the ministry", start)
    out = [Claim(index=1, text=sentence, start=start, end=start + len(sentence),
                 values=(figure,), source=Source(name="the ministry", key="ministry",
                                                 kind="organisation", start=src_at,
                                                 end=src_at + len("the ministry")))]
    if speaker:
        quote = _QUOTE.format(speaker)
        q_start = text.index(quote)
        s_at = text.index(speaker, q_start)
        out.append(Claim(index=3, text=quote, start=q_start, end=q_start + len(quote),
                         source=Source(name=speaker, key=speaker.lower(), kind="person",
                                       start=s_at, end=s_at + len(speaker)),
                         quote="We believe their withdrawal is a result of heavy losses"))
    return out


def _figure(raw: str, value: float, low: float, high: float, hedge: str | None = None) -> Figure:
    return Figure(raw=raw, value=value, low=low, high=high, measure="troops", hedge=hedge,
                  start=0, end=0)


def craft_story(db: Database) -> Crafted:
    """Five articles of one story, stored as the pipeline would, with two conflicts:

    - numeric, troops: 11,000 (Alpha Times, Beta Post, Gamma Daily 'around 11,000') vs
      12,000 (EVIL_OUTLET); Alpha Times later updates its own figure to 12,500;
    - attribution: the quote credited to Oleksandr Kondratenko (Alpha Times, Beta Post,
      'Kondratenko') vs Frederic Spohr (Gamma Daily).
    """
    eleven = _figure("11,000", 11000, 11000, 11000)
    rows = [
        ("Alpha Times", "2025-02-14T08:00:00+00:00", "11,000", eleven, "Oleksandr Kondratenko"),
        ("Beta Post", "2025-02-14T12:00:00+00:00", "11,000", eleven, "Kondratenko"),
        ("Gamma Daily", "2025-02-15T09:00:00+00:00", "around 11,000",
         _figure("around 11,000", 11000, 10450, 11550, "around"), "Frederic Spohr"),
        (EVIL_OUTLET, "2025-02-15T10:00:00+00:00", "12,000",
         _figure("12,000", 12000, 12000, 12000), None),
        ("Alpha Times", "2025-02-16T07:00:00+00:00", "12,500",
         _figure("12,500", 12500, 12500, 12500), None),
    ]
    articles: dict[str, int] = {}
    claims: dict[str, int] = {}
    with db.transaction() as conn:
        troops_cluster = store_helpers.insert_cluster(conn, CRAFTED_STORY)
        quote_cluster = store_helpers.insert_cluster(conn, CRAFTED_STORY)
        for n, (outlet, published, troops, value, speaker) in enumerate(rows):
            text = _article_text(troops, speaker)
            row = repo.insert_article(
                conn, story=CRAFTED_STORY, outlet=outlet, title=f"Report {n + 1} by {outlet}",
                url=f"https://news.example/{n + 1}", published_at=datetime.fromisoformat(published),
                text=text, content_hash=f"hash-{n}")
            articles[f"a{n + 1}"] = row["id"]
            for claim in _claims(text, troops, value, speaker):
                cluster = quote_cluster if claim.quote else troops_cluster
                claims[f"{'q' if claim.quote else 't'}{n + 1}"] = store_helpers.insert_claim(
                    conn, article_id=row["id"], cluster_id=cluster, story=CRAFTED_STORY,
                    outlet=outlet, claim=claim, embedding=_EMBEDDING)
        t = claims
        repo.save_conflicts(conn, CRAFTED_STORY, troops_cluster, [ConflictDraft(
            key="numeric:troops", kind="numeric", severity=0.42, measure="troops",
            explanation="Alpha Times: 11,000 troops vs the wire: 12,000 troops — 8% apart",
            positions=[
                Position(label="11,000 troops", low=11000, high=11000,
                         claim_ids=[t["t1"], t["t2"], t["t3"]],
                         outlets=["Alpha Times", "Beta Post", "Gamma Daily"]),
                Position(label="12,000 troops", low=12000, high=12000, claim_ids=[t["t4"]],
                         outlets=[EVIL_OUTLET]),
            ],
            claim_ids=[t["t1"], t["t2"], t["t3"], t["t4"]])])
        repo.save_conflicts(conn, CRAFTED_STORY, quote_cluster, [ConflictDraft(
            key="attribution", kind="attribution", severity=0.9,
            explanation='"We believe…" credited to Oleksandr Kondratenko by Alpha Times, Beta '
                        "Post but to Frederic Spohr by Gamma Daily",
            positions=[
                Position(label="Oleksandr Kondratenko", source="Oleksandr Kondratenko",
                         claim_ids=[t["q1"], t["q2"]], outlets=["Alpha Times", "Beta Post"]),
                Position(label="Frederic Spohr", source="Frederic Spohr", claim_ids=[t["q3"]],
                         outlets=["Gamma Daily"]),
            ],
            claim_ids=[t["q1"], t["q2"], t["q3"]])])
        ids = {r["key"]: r["id"] for r in conn.execute(
            "SELECT id, key FROM conflicts WHERE story = %(s)s", {"s": CRAFTED_STORY})}
    return Crafted(numeric=ids["numeric:troops"], attribution=ids["attribution"],
                   numeric_cluster=troops_cluster, articles=articles, claims=claims)
