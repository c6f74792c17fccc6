"""The `reconcile` command against a real database (DATABASE_URL) and the real model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from reconcile.cli import main
from reconcile.settings import get_settings
from tests.conftest import ROOT, create_database, drop_database


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
