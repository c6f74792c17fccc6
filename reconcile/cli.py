"""The `reconcile` command: serve, ingest, export, migrate, eval, model-server."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

from reconcile.errors import ReconcileError
from reconcile.settings import LOOPBACK_HOSTS, Settings, describe_errors, get_settings

if TYPE_CHECKING:
    from reconcile.ingest import Ingestor
    from reconcile.store.db import Database

EXPORT_PAGE = 500


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reconcile", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the API and dashboard")
    serve.add_argument("--host", help="address to bind (default RECONCILE_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default RECONCILE_PORT or 8000)")
    serve.add_argument("--seed", action="store_true", help="load seeds/ first (idempotent)")

    ingest = sub.add_parser(
        "ingest", help="ingest article files (JSON, JSON Lines, text, saved .html pages), "
                       "page URLs and feed URLs",
        description="Each argument is a file, a folder (its article files), or an http(s) URL: "
                    "a page's article is extracted as POST /api/articles {\"url\"} does, a "
                    "feed's entries each fetched and ingested once.")
    ingest.add_argument("paths", nargs="+", metavar="PATH_OR_URL")

    export = sub.add_parser(
        "export", help="write conflicts or clusters as JSON Lines or CSV",
        description="JSON Lines: one object a line, as the list endpoints' items. CSV: one "
                    "header row and one row per claim, the columns of ?format=csv.")
    export.add_argument("--what", choices=("conflicts", "clusters"), default="conflicts",
                        help="what to write (default conflicts)")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                        help="jsonl (default) or csv")
    export.add_argument("--story", default=None, help="only this story's")
    export.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="the file to write (default stdout)")

    sub.add_parser("migrate", help="apply database migrations")

    model_server = sub.add_parser(
        "model-server", help="serve the model to the server processes of this machine "
                             "(they connect with RECONCILE_MODEL_SOCKET)")
    model_server.add_argument("--socket", type=Path, default=None,
                              help="Unix socket to listen on (default RECONCILE_MODEL_SOCKET, "
                                   "or model.sock under RECONCILE_DATA_DIR)")
    model_server.add_argument("--lanes", type=int, default=None,
                              help="passes at once, for all clients together (default "
                                   "RECONCILE_MODEL_LANES, or one per core up to 4)")

    evaluate = sub.add_parser(
        "eval", help="conflict detection on ../shared/eval data",
        description="Without --data: the real-news set (realnews_dev.jsonl), then STS-B and "
                    "EQUATE, all from ../shared/eval.")
    evaluate.add_argument("--data", type=Path, default=None,
                          help="a real-news .jsonl (scored alone), or equate_dev.jsonl or its "
                               "folder (STS-B and EQUATE from that folder)")
    evaluate.add_argument("--limit", type=int, default=None,
                          help="EQUATE pairs per source / real-news stories at most")
    evaluate.add_argument("--json", type=Path, default=None, metavar="FILE",
                          help="also write the real-news figures and unmatched list as JSON")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command == "ingest":
            return _ingest(args.paths)
        if args.command == "export":
            return _export(args)
        if args.command == "migrate":
            return _migrate()
        if args.command == "model-server":
            return _model_server(args)
        if args.command == "eval":
            from reconcile.evaluation.evaluate import run_eval

            return run_eval(args.data, args.limit, args.json)
    except ReconcileError as exc:
        print(f"reconcile: {exc.detail}", file=sys.stderr)
        return 2
    except ValidationError as exc:  # the settings, read from the environment
        print(f"reconcile: invalid settings: {describe_errors(exc)}", file=sys.stderr)
        return 2
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from reconcile.app import create_app
    from reconcile.server import server_config, stop_on_signals
    from reconcile.startup import load_seeds, open_service
    from reconcile.web.feeds import Poller

    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.port
    if not settings.token and host not in LOOPBACK_HOSTS:
        print(f"reconcile: refusing to bind {host} without RECONCILE_API_TOKEN; set a token or "
              "bind 127.0.0.1", file=sys.stderr)
        return 2
    # From here on a stop signal unwinds: the service closes and the embedded PostgreSQL this
    # process started stops with it (at exit), whether it comes while starting or serving.
    stop_on_signals()
    service = open_service(settings)
    poller: Poller | None = None
    try:
        if args.seed:
            new, dup = load_seeds(service, settings.seeds_dir)
            print(f"seeds: {new} new, {dup} already stored", file=sys.stderr)
        app = create_app(settings, service.db, service.ingestor)
        poller = Poller(service.db, service.ingestor, app.state.fetcher,
                        every_s=settings.feed_poll_s)
        if settings.feed_poll_s > 0:
            poller.start()
        # The model, torch and the app are a few million objects that live as long as the
        # process; a full garbage collection walking them all stalls every request for a tenth
        # of a second. Freezing them leaves the collector only what requests allocate.
        gc.collect()
        gc.freeze()
        print(f"reconcile: serving on http://{host}:{port} (API /api, OpenAPI /schema)",
              file=sys.stderr)
        server = uvicorn.Server(server_config(app, host, port, settings))
        server.run()
    finally:
        if poller is not None:
            poller.stop()
        service.close()  # the model's process included
    return 0 if server.started else 3  # not started: uvicorn has said why (a port taken, say)


def _is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def _ingest(args: list[str]) -> int:
    from tqdm import tqdm

    from reconcile.loaders import article_files, read_articles
    from reconcile.startup import open_service

    urls = [a for a in args if _is_url(a)]
    files = article_files([Path(a) for a in args if not _is_url(a)])
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        print(f"reconcile: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    # One article after another: no request threads for the model to contend with, so its own
    # process would only add a second start-up.
    settings = get_settings().model_copy(update={"embed_process": False})
    service = open_service(settings)
    new = dup = failed = pages_failed = 0
    try:
        for path in tqdm(files, desc="ingest", unit="file", file=sys.stderr):
            try:
                for article in read_articles(path):
                    if service.ingestor.ingest(article).duplicate:
                        dup += 1
                    else:
                        new += 1
            except ReconcileError as exc:
                failed += 1
                tqdm.write(f"{path}: {exc.detail}", file=sys.stderr)
        if urls:
            for url, outcome in _ingest_urls(settings, service.ingestor, urls):
                if isinstance(outcome, str):
                    pages_failed += 1
                    print(f"{url}: {outcome}", file=sys.stderr)
                elif outcome:
                    dup += 1
                else:
                    new += 1
    finally:
        service.close()
    print(f"{new} new, {dup} already stored, {failed} files failed"
          + (f", {pages_failed} pages failed" if urls else ""))
    return 1 if failed or pages_failed else 0


def _ingest_urls(settings: Settings, ingestor: Ingestor, urls: list[str]
                 ) -> Iterator[tuple[str, bool | str]]:
    """Ingest each URL's page, or each page a feed lists (once a run): (url, duplicate) for each
    page stored, (url, why) for each that failed."""
    from reconcile.app import fetcher_of
    from reconcile.web.feeds import entry_article, page_or_feed

    fetcher = fetcher_of(settings)
    seen: set[str] = set()
    try:
        for url in dict.fromkeys(urls):
            try:
                found = page_or_feed(fetcher, url)
                if not isinstance(found, list):
                    seen.add(url)
                    yield url, ingestor.ingest(found).duplicate
                    continue
            except ReconcileError as exc:
                yield url, exc.detail
                continue
            for entry in found:
                if entry.url in seen:
                    continue
                seen.add(entry.url)
                try:
                    yield entry.url, ingestor.ingest(entry_article(fetcher, entry)).duplicate
                except (ReconcileError, ValueError) as exc:  # ValueError: a link that is no URL
                    yield entry.url, getattr(exc, "detail", str(exc))
    finally:
        fetcher.close()


def _export(args: argparse.Namespace) -> int:
    from reconcile.startup import database_url
    from reconcile.store.db import Database, migrate

    url = database_url(get_settings())
    migrate(url)
    db = Database(url, max_size=2)
    db.open()
    try:
        if args.output is None:
            count = _write_export(db, args, sys.stdout)
        else:
            # A CSV file starts with a byte order mark, as the API's does, so spreadsheets
            # read it as UTF-8; the csv module writes its own line ends.
            encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
            with args.output.open("w", encoding=encoding, newline="") as out:
                count = _write_export(db, args, out)
    finally:
        db.close()
    where = f" to {args.output}" if args.output else ""
    print(f"{count} {args.what} written{where}", file=sys.stderr)
    return 0


def _write_export(db: Database, args: argparse.Namespace, out: IO[str]) -> int:
    """Write every conflict or cluster (of args.story) to `out`, page by page; how many."""
    from reconcile.api.formats import cluster_rows, conflict_rows, write_csv

    count = 0

    def pages() -> Iterator[tuple[list[Any], dict[int, Any]]]:
        nonlocal count
        for items, refs in _export_pages(db, args.what, args.story,
                                         with_refs=args.format == "csv"):
            count += len(items)
            yield items, refs

    if args.format == "csv":
        rows = conflict_rows if args.what == "conflicts" else cluster_rows
        write_csv((row for items, refs in pages() for row in rows(items, refs)), out)
    else:
        for items, _ in pages():
            out.writelines(item.model_dump_json() + "\n" for item in items)
    return count


def _export_pages(db: Database, what: str, story: str | None, *, with_refs: bool
                  ) -> Iterator[tuple[list[Any], dict[int, Any]]]:
    """Pages of conflicts (most severe first) or clusters (newest first), as the list endpoints
    give them, with the articles their claims came from when `with_refs`."""
    from reconcile.store import articles, repo
    from reconcile.truth.estimates import Truth, describe_clusters

    truth = Truth(db)
    cursor: str | None = None
    while True:
        with db.transaction() as conn:
            items: list[Any]
            if what == "conflicts":
                items, cursor = repo.list_conflicts(conn, story=story, status=None, kind=None,
                                                    limit=EXPORT_PAGE, cursor=cursor)
            else:
                items, cursor = repo.list_clusters(conn, story=story, has_conflict=None,
                                                   limit=EXPORT_PAGE, cursor=cursor)
                if not with_refs:  # JSON Lines: the clusters as GET /api/clusters gives them
                    items = describe_clusters(truth, conn, items)
            refs = (articles.article_refs(conn, (c.article_id for x in items for c in x.claims))
                    if with_refs else {})
        yield items, refs
        if cursor is None:
            return


def _model_server(args: argparse.Namespace) -> int:
    from reconcile.embedding.modelserver import serve_model

    settings = get_settings()
    if args.lanes is not None and args.lanes < 1:
        print("reconcile: --lanes must be at least 1", file=sys.stderr)
        return 2
    path = args.socket or settings.model_socket or settings.data_dir / "model.sock"
    print(f"reconcile: model server loading, then listening on {path}", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how one stops it
        serve_model(path, model=settings.model, batch_size=settings.embed_batch_size,
                    lanes=args.lanes or settings.model_lanes, threads=settings.model_threads)
    return 0


def _migrate() -> int:
    from reconcile.startup import database_url
    from reconcile.store.db import migrate

    applied = migrate(database_url(get_settings()))
    print("applied: " + ", ".join(applied) if applied else "schema up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
