from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconcile.errors import InvalidInput
from reconcile.loaders import parse_text_article, read_articles, seed_files
from tests.conftest import ROOT


def test_text_file_with_header_block(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Outlet: The Wire\nTitle: T\nURL: https://w.example/a\nPublished: "
                 "2025-02-14T08:30:00Z\nStory: nk\nNote: invented\n\nBody with 5 people.\n")
    (a,) = read_articles(p)
    assert (a.outlet, a.title, str(a.url), a.story) == ("The Wire", "T", "https://w.example/a",
                                                        "nk")
    assert a.published_at is not None and a.published_at.year == 2025
    assert a.text == "Body with 5 people."


def test_text_file_without_header_uses_file_name_as_outlet(tmp_path: Path) -> None:
    p = tmp_path / "daily-post.txt"
    p.write_text("Officials said 40 people were hurt.\n")
    (a,) = read_articles(p)
    assert a.outlet == "daily-post" and a.text == "Officials said 40 people were hurt."


def test_body_starting_with_a_colon_phrase_is_not_taken_for_a_header() -> None:
    fields = parse_text_article("Warning: 40 people were hurt.\nMore text.", "x")
    assert fields["outlet"] == "x" and fields["text"].startswith("Warning: 40")


def test_json_object_list_and_jsonl(tmp_path: Path) -> None:
    one = {"outlet": "A", "text": "Officials said 3 ferries sank."}
    (tmp_path / "one.json").write_text(json.dumps(one))
    (tmp_path / "many.json").write_text(json.dumps([one, {**one, "outlet": "B"}]))
    (tmp_path / "lines.jsonl").write_text(json.dumps(one) + "\n\n" + json.dumps(one) + "\n")
    assert len(list(read_articles(tmp_path / "one.json"))) == 1
    assert [a.outlet for a in read_articles(tmp_path / "many.json")] == ["A", "B"]
    assert len(list(read_articles(tmp_path / "lines.jsonl"))) == 2


def test_invalid_json_names_file_and_position(tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text("{nope")
    with pytest.raises(InvalidInput, match=r"bad\.json: not valid JSON"):
        list(read_articles(p))


def test_invalid_article_names_file_line_and_field(tmp_path: Path) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps({"outlet": "A", "text": "ok 3 ferries"}) + "\n" +
                 json.dumps({"outlet": "A"}) + "\n")
    with pytest.raises(InvalidInput, match=r"bad.jsonl:2: text"):
        list(read_articles(p))


def test_seed_files_are_the_sample_articles() -> None:
    files = seed_files(ROOT / "seeds")
    assert len(files) == 5 and all(f.suffix == ".txt" for f in files)
    for f in files:
        (a,) = read_articles(f)
        assert a.story == "north-korea-troops"
        assert "INVENTED SAMPLE DATA" in f.read_text()


def test_folders_contribute_only_article_files(tmp_path: Path) -> None:
    from reconcile.loaders import article_files

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "README.md", "sub/b.jsonl", "sub/c.json", "notes.csv", "p.html"):
        (tmp_path / name).write_text("x")
    got = [p.relative_to(tmp_path).as_posix() for p in article_files([tmp_path])]
    assert got == ["a.txt", "p.html", "sub/b.jsonl", "sub/c.json"]
