from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from reconcile.cli import main
from reconcile.settings import Settings, get_settings
from tests.conftest import ROOT


def test_every_setting_is_documented_in_code_and_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no description"
        assert field.alias and field.alias in readme, f"{field.alias} missing from README"


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@y/z")
    monkeypatch.setenv("RECONCILE_DATA_DIR", "/tmp/somewhere")
    monkeypatch.setenv("RECONCILE_API_TOKEN", "t0k")
    s = Settings()
    assert s.database_url == "postgresql://x@y/z"
    assert s.data_dir == Path("/tmp/somewhere")
    assert s.token == "t0k"


def test_blank_database_url_means_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "")
    assert Settings().database_url is None


def test_invalid_setting_fails_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_CLUSTER_THRESHOLD", "2.5")
    with pytest.raises(ValidationError, match="RECONCILE_CLUSTER_THRESHOLD"):
        Settings()


def test_token_is_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_API_TOKEN", "very-secret")
    assert "very-secret" not in repr(Settings())


def test_a_blank_api_token_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_API_TOKEN", " \t ")
    with pytest.raises(ValidationError, match="RECONCILE_API_TOKEN"):
        Settings()


def test_an_empty_api_token_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_API_TOKEN", "")
    assert Settings().token is None


def test_serve_with_a_blank_token_stops_at_start_up_saying_why(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RECONCILE_API_TOKEN", " ")
    get_settings.cache_clear()
    try:
        assert main(["serve", "--host", "0.0.0.0"]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert "invalid settings: RECONCILE_API_TOKEN is blank" in err
    assert "Traceback" not in err


def test_secure_cookies_are_off_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().secure_cookies is False
    monkeypatch.setenv("RECONCILE_SECURE_COOKIES", "true")
    assert Settings().secure_cookies is True


def test_timeouts_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_HEADER_TIMEOUT_S", "2.5")
    monkeypatch.setenv("RECONCILE_REQUEST_TIMEOUT_S", "12")
    monkeypatch.setenv("RECONCILE_KEEPALIVE_TIMEOUT_S", "3")
    s = Settings()
    assert (s.header_timeout_s, s.request_timeout_s, s.keepalive_timeout_s) == (2.5, 12, 3)
    monkeypatch.setenv("RECONCILE_REQUEST_TIMEOUT_S", "0")
    with pytest.raises(ValidationError, match="RECONCILE_REQUEST_TIMEOUT_S"):
        Settings()
