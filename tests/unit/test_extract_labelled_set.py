"""The labelled extraction set (tests/data/extraction_set.jsonl) is well formed, and the extractor
keeps the quality it was measured at (`python -m bench.extraction` prints the full report)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from bench.extraction import DATA, load, score_ours, score_quantulum


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return load(DATA)


@pytest.fixture(scope="module")
def ours(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return score_ours(rows)


def test_the_set_has_300_sentences_half_of_them_wire_copy(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 300
    registers = Counter(r["register"] for r in rows)
    assert registers["wire"] >= len(rows) * 0.45
    assert len(rows) - registers["wire"] >= len(rows) * 0.45
    assert {"quote", "headline", "long"} <= set(registers)


def test_every_row_is_well_formed(rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        date.fromisoformat(r["published_at"])
        for f in r["figures"]:
            assert f["raw"] in r["text"], (r["id"], f["raw"])
            assert f["low"] is None or f["high"] is None or f["low"] <= f["high"], r["id"]
        if r["time_span"] is not None:
            assert date.fromisoformat(r["time_span"]["start"]) <= date.fromisoformat(
                r["time_span"]["end"])
        if r["source"] is not None:
            assert r["source"]["kind"] in {"person", "organisation"}


def test_the_set_covers_every_case_the_contract_names(rows: list[dict[str, Any]]) -> None:
    raws = " | ".join(f["raw"].lower() for r in rows for f in r["figures"])
    for wording in ("around", "about", "roughly", "some", "nearly", "almost", "more than",
                    "over", "at least", "up to", "fewer than", "as many as", "between",
                    "per cent", "%", "bn", "dozen", "dozens", "hundreds", "thousands",
                    "several", "eleven thousand"):
        assert wording in raws, wording
    measures = {f["measure"] for r in rows for f in r["figures"]}
    assert {"troops", "killed", "wounded", "casualties", "captured", "missing", "displaced",
            "arrested"} <= measures
    assert any(r["context_before"] for r in rows)
    assert any(r["citations"] for r in rows)


def test_figure_f1_is_at_least_097(ours: dict[str, Any]) -> None:
    assert ours["figures"].f1 >= 0.97


def test_source_f1_is_at_least_090(ours: dict[str, Any]) -> None:
    assert ours["sources"].f1 >= 0.90


def test_measures_time_spans_and_citations_stay_above_090(ours: dict[str, Any]) -> None:
    for task in ("measures", "time spans", "citations"):
        assert ours[task].f1 >= 0.90, task


def test_figure_f1_is_at_least_015_above_quantulum3(
    rows: list[dict[str, Any]], ours: dict[str, Any]
) -> None:
    pytest.importorskip("quantulum3")
    theirs = score_quantulum(rows)
    assert ours["figures"].f1 >= theirs["figures"].f1 + 0.15
