"""The database: an embedded or external PostgreSQL, a connection pool, migrations, named SQL.

Driver errors are turned into reconcile's own exceptions here and nowhere else.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
import psycopg
from pgvector.psycopg import register_vector
from psycopg.rows import dict_row
from psycopg.types.json import set_json_loads
from psycopg_pool import ConnectionPool

from reconcile import deadline
from reconcile.errors import Clash, DatabaseError, RejectedValue
from reconcile.store.changes import ChangeFeed

log = logging.getLogger(__name__)

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")


@cache
def queries() -> dict[str, str]:
    """The .sql files of this folder parsed into {name: statement}, one per '-- name:' header."""
    out: dict[str, str] = {}
    for path in sorted(Path(__file__).parent.glob("*.sql")):
        for block in re.split(r"^-- name: ", path.read_text(), flags=re.M)[1:]:
            name, _, body = block.partition("\n")
            if name.strip() in out:
                raise ValueError(f"query {name.strip()!r} defined twice ({path.name})")
            lines = [ln for ln in body.splitlines() if not ln.startswith("--")]
            out[name.strip()] = "\n".join(lines).strip().rstrip(";")
    return out


def sql(name: str) -> str:
    return queries()[name]


@contextmanager
def translate_errors() -> Iterator[None]:
    """Driver errors become reconcile's own; nothing else leaks out of the store.

    A value the database refuses (DataError, an integrity rule, a statement it cannot use with
    the values given) is the request's fault: a 4xx. Only a database that cannot be reached or
    fails by itself is a 503. The driver's text goes to the log, never into the exception,
    which reaches clients: it can quote SQL and stored values.
    """
    try:
        yield
    except psycopg.errors.UniqueViolation as exc:
        _log_driver_error(exc)
        raise Clash("already stored") from exc
    except psycopg.errors.CheckViolation as exc:
        _log_driver_error(exc)
        raise Clash("rejected by a rule of the database") from exc
    except (psycopg.DataError, psycopg.IntegrityError, psycopg.ProgrammingError) as exc:
        _log_driver_error(exc)
        raise RejectedValue() from exc
    except UnicodeEncodeError as exc:  # the driver's, for text UTF-8 cannot hold (a surrogate)
        log.warning("value not encodable", extra={"action": "database", "detail": str(exc)})
        raise RejectedValue() from exc
    except psycopg.Error as exc:
        _log_driver_error(exc)
        raise DatabaseError() from exc


def _log_driver_error(exc: psycopg.Error) -> None:
    log.warning("database error", extra={
        "action": "database", "error": type(exc).__name__, "sqlstate": exc.sqlstate,
        "detail": str(exc)})


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL under data_dir; return its URL."""
    import pgserver  # imported lazily: only the embedded mode needs it

    data_dir.mkdir(parents=True, exist_ok=True)
    forget_dead_users(data_dir)
    server = pgserver.get_server(  # type: ignore[attr-defined]  # re-exported, untyped
        str(data_dir.resolve()), cleanup_mode="stop")
    return str(server.get_uri())


def forget_dead_users(data_dir: Path) -> None:
    """pgserver stops its server when the last process using it exits, counting the processes in
    a file; one that was killed (kill -9, out of memory) stays counted, and the server would then
    outlive every later process. Drop the dead before joining."""
    import psutil  # pgserver's own dependency

    users = data_dir.resolve() / ".handle_pids.json"
    try:
        pids = json.loads(users.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        users.write_text(json.dumps(alive))


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every numbered migration under schemas/, in order."""
    found = []
    for path in sorted(SCHEMAS_DIR.glob("*.sql")):
        m = _MIGRATION_NAME.match(path.name)
        if m:
            found.append((int(m.group(1)), path.name, path.read_text()))
    return found


def migrate(url: str) -> list[str]:
    """Apply the migrations not yet recorded; return the names applied. Re-running is a no-op."""
    applied: list[str] = []
    with translate_errors(), psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql("lock_migrations"))
        try:
            conn.execute(sql("create_schema_migrations"))
            done = {r[0] for r in conn.execute(sql("applied_migrations"))}
            for version, name, body in migrations():
                if version in done:
                    continue
                with conn.transaction():
                    conn.execute(body)  # migration text is trusted
                    conn.execute(sql("record_migration"), {"version": version, "name": name})
                applied.append(name)
                log.info("applied migration", extra={"action": "migrate", "migration": name})
        finally:
            conn.execute(sql("unlock_migrations"))
    return applied


def _configure(conn: psycopg.Connection[Any]) -> None:
    register_vector(conn)
    # Every claim row carries JSON (figures, source, citations, time span): decoding it with the
    # standard library was a large part of building a page of conflicts; msgspec's is C
    # (bench/RESULTS.md).
    set_json_loads(msgspec.json.decode, conn)
    conn.commit()


class Database:
    """A connection pool over one PostgreSQL database."""

    def __init__(self, url: str, max_size: int = 8) -> None:
        self.url = url
        self.pool: ConnectionPool[psycopg.Connection[dict[str, Any]]] = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            kwargs={"row_factory": dict_row, "prepare_threshold": 2},
            configure=_configure,
            open=False,
        )
        self.changes = ChangeFeed(url)

    def open(self) -> None:
        with translate_errors():
            self.pool.open(wait=True, timeout=30)
        self.changes.start()

    def close(self) -> None:
        self.changes.close()
        self.pool.close()

    @contextmanager
    def transaction(self, *, write: bool = False, stories: Iterable[str] | None = None,
                    clusters: Iterable[int] | None = None,
                    ) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """A connection inside one transaction: committed on success, rolled back on error.

        write=True marks what this process caches as stale right after the commit, so that its
        next read sees the write: what was read from `stories`, when the writer knows it wrote
        to those only, else everything; of their cluster pages only those of `clusters`, when
        given (read after the transaction, so the writer may add to it as it goes). Other
        processes hear of it through the change feed.
        """
        try:
            with translate_errors(), self.pool.connection() as conn, conn.transaction():
                yield conn
                if write:  # a request past its time budget has been answered: store nothing
                    deadline.check()
        finally:
            if write:
                self.changes.bump(stories, clusters)

    def ping(self) -> bool:
        try:
            with self.transaction() as conn:
                conn.execute(sql("ping"))
            return True
        except DatabaseError:
            return False
