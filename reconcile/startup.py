"""Start-up: find or start the database, migrate it, load the model once, build the service."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from reconcile.embedding.embed import Embedder, Encoder
from reconcile.errors import ReconcileError
from reconcile.ingest import Ingestor
from reconcile.loaders import read_articles, seed_files
from reconcile.rules.stories import Rule
from reconcile.settings import Settings
from reconcile.store import db as store

log = logging.getLogger(__name__)


@dataclass
class Service:
    settings: Settings
    db: store.Database
    embedder: Encoder
    ingestor: Ingestor
    owns_embedder: bool = False  # a model handed in by the caller is the caller's to close

    def close(self) -> None:
        self.db.close()
        if self.owns_embedder:
            self.embedder.close()


def database_url(settings: Settings) -> str:
    """DATABASE_URL, or the embedded server under RECONCILE_DATA_DIR (started if needed)."""
    return settings.database_url or store.start_embedded(settings.data_dir / "pg")


def load_model(settings: Settings, wait: bool = True, precision: str = "auto") -> Encoder:
    """The embedding model: in the shared model server at RECONCILE_MODEL_SOCKET when set,
    else in a process of its own unless RECONCILE_EMBED_PROCESS is false (then `wait` does not
    apply: it loads here, now). Without `wait`, `check()` waits for it."""
    if settings.embed_process or settings.model_socket is not None:
        from reconcile.embedding.modelprocess import ModelProcess

        socket = str(settings.model_socket) if settings.model_socket is not None else None
        return ModelProcess(settings.model, settings.embed_batch_size, precision,
                            threads=settings.model_threads, lanes=settings.model_lanes,
                            wait=wait, socket=socket, cache_size=settings.embed_cache_size)
    return Embedder(settings.model, settings.embed_batch_size, precision=precision,
                    cache_size=settings.embed_cache_size)


def story_rule(settings: Settings) -> Rule:
    """When an article posted without a story joins one (RECONCILE_STORY_*)."""
    return Rule(threshold=settings.story_threshold,
                window=timedelta(days=settings.story_window_days))


def open_service(settings: Settings, embedder: Encoder | None = None,
                 url: str | None = None) -> Service:
    # The model's process loads while this one starts the database and migrates it.
    model = embedder or load_model(settings, wait=False)
    database: store.Database | None = None
    try:
        url = url or database_url(settings)
        store.migrate(url)
        database = store.Database(url, max_size=settings.pool_max_size)
        database.open()
        model.check()
    except BaseException:
        if database is not None:
            database.close()
        if embedder is None:
            model.close()
        raise
    ingestor = Ingestor(database, model, settings.cluster_threshold, settings.max_article_chars,
                        story_rule=story_rule(settings),
                        max_figures=settings.max_figures_per_sentence,
                        max_claims=settings.max_claims_per_article)
    return Service(settings, database, model, ingestor, owns_embedder=embedder is None)


def load_seeds(service: Service, folder: Path) -> tuple[int, int]:
    """Ingest the sample articles; (new, already stored). Running it twice stores nothing more."""
    new = dup = 0
    for path in seed_files(folder):
        for article in read_articles(path):
            try:
                stored = service.ingestor.ingest(article)
            except ReconcileError as exc:
                log.warning("seed not loaded", extra={"action": "seed", "path": str(path),
                                                      "detail": exc.detail})
                continue
            if stored.duplicate:
                dup += 1
            else:
                new += 1
    return new, dup
