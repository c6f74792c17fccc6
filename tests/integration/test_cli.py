"""The `reconcile` command against a real database (DATABASE_URL) and the real model."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from reconcile.api.formats import CSV_COLUMNS
from reconcile.cli import main
from reconcile.settings import get_settings
from tests.conftest import ROOT, create_database, drop_database
from tests.webserver import BOILERPLATE, Route, Served, page, serve

TROOPS = ["North Korea has sent 11,000 troops to Russia since October 2024, officials said.",
          "The troops have been deployed to the Kursk region."]


@pytest.fixture
def cli_db(pg_url: str, template_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    name, url = create_database(pg_url)
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    drop_database(pg_url, name)


def test_migrate_is_a_no_op_on_a_migrated_database(cli_db: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert "schema up to date" in capsys.readouterr().out


def test_ingest_files_and_folders_then_again_stores_nothing_twice(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(
        {"outlet": "A", "story": "s", "text": "Officials said 40 people were hurt."}) + "\n")
    assert main(["ingest", str(ROOT / "seeds"), str(tmp_path / "a.jsonl")]) == 0
    assert "6 new, 0 already stored, 0 files failed" in capsys.readouterr().out
    assert main(["ingest", str(ROOT / "seeds")]) == 0
    assert "0 new, 5 already stored" in capsys.readouterr().out
    with psycopg.connect(cli_db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (6,)


def test_ingest_reports_bad_files_and_exits_nonzero(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_text("{broken")
    (tmp_path / "good.txt").write_text("Officials said 40 people were hurt.")
    assert main(["ingest", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "bad.json: not valid JSON" in captured.err
    assert "1 new, 0 already stored, 1 files failed" in captured.out


def test_serve_refuses_public_bind_without_token(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "RECONCILE_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "reconcile.cli", "serve", "--host", "0.0.0.0"],
                       capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert r.returncode == 2
    assert "refusing to bind 0.0.0.0 without RECONCILE_API_TOKEN" in r.stderr


def test_ingest_of_a_missing_file_is_a_clear_error(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", "/nonexistent/file.json"]) == 2
    assert "no such file: /nonexistent/file.json" in capsys.readouterr().err


# --- pages, URLs and feeds ---------------------------------------------------------------------


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """Two outlets' pages and one outlet's RSS feed, fetched from this machine (as the
    setting allows)."""
    monkeypatch.setenv("RECONCILE_FETCH_ALLOW_PRIVATE", "1")
    get_settings.cache_clear()
    with serve({}) as served:
        served.routes["/gazette/troops"] = Route(page(
            outlet="Harbour Gazette", title="Troops in Russia",
            published="2025-02-14T08:30:00+00:00", paragraphs=TROOPS))
        served.routes["/post/troops"] = Route(page(
            outlet="Meridian Post", title="Soldiers at the front",
            published="2025-02-14T11:00:00+00:00",
            paragraphs=["North Korea has sent 12,000 troops to Russia since October 2024, the "
                        "ministry said."]))
        served.routes["/post/rss.xml"] = Route(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Post</title>'
            f"<link>{served.base}/</link><description>News</description>"
            f"<item><link>{served.base}/post/troops</link><guid>post-1</guid></item>"
            f"<item><link>{served.base}/gazette/troops</link><guid>post-2</guid></item>"
            "</channel></rss>", headers={"Content-Type": "application/rss+xml"})
        yield served
    get_settings.cache_clear()


def _articles(url: str) -> list[tuple[str, str, str | None, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT outlet, title, url, text FROM articles ORDER BY id")
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_ingest_takes_a_saved_html_page_without_its_boilerplate(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "saved.html").write_text(page(
        outlet="Harbour Gazette", title="Troops in Russia", published=None, paragraphs=TROOPS))
    (tmp_path / "nameless.htm").write_text(
        "<html><body><article><p>" + TROOPS[0] + "</p></article></body></html>")
    assert main(["ingest", str(tmp_path)]) == 0
    assert "2 new, 0 already stored, 0 files failed" in capsys.readouterr().out
    stored = _articles(cli_db)
    assert [(o, t) for o, t, _, _ in stored] == [("nameless", None),
                                                  ("Harbour Gazette", "Troops in Russia")]
    assert stored[1][3] == "\n".join(TROOPS)
    assert not any(word in text for _, _, _, text in stored for word in BOILERPLATE)


def test_ingest_takes_page_and_feed_urls_fetching_each_page_once(
    cli_db: str, site: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    page_url, feed_url = site.url("/gazette/troops"), site.url("/post/rss.xml")
    assert main(["ingest", page_url, feed_url]) == 0
    assert "2 new, 0 already stored, 0 files failed, 0 pages failed" in capsys.readouterr().out
    assert site.hits("/gazette/troops") == 1 and site.hits("/post/troops") == 1
    assert [(o, t, u) for o, t, u, _ in _articles(cli_db)] == [
        ("Harbour Gazette", "Troops in Russia", page_url),
        ("Meridian Post", "Soldiers at the front", site.url("/post/troops"))]

    assert main(["ingest", feed_url]) == 0
    assert "0 new, 2 already stored" in capsys.readouterr().out
    assert len(_articles(cli_db)) == 2


def test_ingest_reports_urls_that_fail_and_exits_nonzero(
    cli_db: str, site: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    site.routes["/post/rss.xml"].body = str(site.routes["/post/rss.xml"].body).replace(
        "/gazette/troops", "/gone")
    assert main(["ingest", site.url("/missing"), site.url("/post/rss.xml")]) == 1
    captured = capsys.readouterr()
    assert f"{site.url('/missing')}: {site.url('/missing')} answered 404" in captured.err
    assert f"{site.url('/gone')}: " in captured.err
    assert "1 new, 0 already stored, 0 files failed, 2 pages failed" in captured.out


def test_ingest_refuses_a_private_address_without_the_setting(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve({"/p": Route(page(outlet="A", title="T", published=None, paragraphs=TROOPS))}
               ) as served:
        assert main(["ingest", served.url("/p")]) == 1
        assert served.requests == []
    assert "RECONCILE_FETCH_ALLOW_PRIVATE" in capsys.readouterr().err
    assert _articles(cli_db) == []


# --- export ------------------------------------------------------------------------------------


@pytest.fixture
def seeded(cli_db: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ingest", str(ROOT / "seeds")]) == 0
    capsys.readouterr()
    return cli_db


def test_export_writes_conflicts_as_json_lines_and_csv_with_the_apis_columns(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "jsonl", "-o", str(tmp_path / "c.jsonl")]) == 0
    conflicts = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert conflicts and f"{len(conflicts)} conflicts written" in capsys.readouterr().err
    assert all({"id", "story", "kind", "status", "positions", "claims"} <= set(c)
               for c in conflicts)

    assert main(["export", "--what", "conflicts", "--format", "csv", "--story",
                 "north-korea-troops", "-o", str(tmp_path / "c.csv")]) == 0
    raw = (tmp_path / "c.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == sum(len(c["claims"]) for c in conflicts)
    assert {r["conflict"] for r in rows} == {str(c["id"]) for c in conflicts}
    assert {r["story"] for r in rows} == {"north-korea-troops"}


def test_export_writes_one_storys_clusters_to_stdout(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--what", "clusters", "--story", "north-korea-troops"]) == 0
    lines = capsys.readouterr().out.splitlines()
    clusters = [json.loads(line) for line in lines]
    assert clusters and {c["story"] for c in clusters} == {"north-korea-troops"}
    assert all("consensus" in c and c["claims"] for c in clusters)
    assert main(["export", "--what", "clusters", "--story", "no-such-story"]) == 0
    assert capsys.readouterr().out == ""
