from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from reconcile.settings import Settings
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
