"""The `reconcile` command: serve, ingest, migrate, eval, model-server."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from reconcile.errors import ReconcileError
from reconcile.settings import LOOPBACK_HOSTS, describe_errors, get_settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reconcile", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the API and dashboard")
    serve.add_argument("--host", help="address to bind (default RECONCILE_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default RECONCILE_PORT or 8000)")
    serve.add_argument("--seed", action="store_true", help="load seeds/ first (idempotent)")

    ingest = sub.add_parser("ingest", help="ingest article files (JSON, JSON Lines, text)")
    ingest.add_argument("paths", nargs="+", type=Path)

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
        if args.command == "migrate":
            return _migrate()
        if args.command == "model-server":
            return _model_server(args)
        if args.command == "eval":
            from reconcile.evaluate import run_eval

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
    from reconcile.service import load_seeds, open_service
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


def _ingest(paths: list[Path]) -> int:
    from tqdm import tqdm

    from reconcile.loaders import article_files, read_articles
    from reconcile.service import open_service

    files = article_files(paths)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        print(f"reconcile: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    # One article after another: no request threads for the model to contend with, so its own
    # process would only add a second start-up.
    service = open_service(get_settings().model_copy(update={"embed_process": False}))
    new = dup = failed = 0
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
    finally:
        service.close()
    print(f"{new} new, {dup} already stored, {failed} files failed")
    return 1 if failed else 0


def _model_server(args: argparse.Namespace) -> int:
    from reconcile.modelserver import serve_model

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
    from reconcile.service import database_url
    from reconcile.store.db import migrate

    applied = migrate(database_url(get_settings()))
    print("applied: " + ", ".join(applied) if applied else "schema up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
