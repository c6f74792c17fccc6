from __future__ import annotations

from reconcile.api.jsonschemas import OUT_DIR, render


def test_committed_json_schemas_match_the_models() -> None:
    expected = render()
    stale = [name for name, text in expected.items()
             if not (OUT_DIR / name).exists() or (OUT_DIR / name).read_text() != text]
    assert not stale, f"regenerate with `python -m reconcile.api.jsonschemas`: {stale}"
    extra = {p.name for p in OUT_DIR.glob("*.json")} - set(expected)
    assert not extra, f"schemas with no model: {extra}"


def test_request_schema_names_required_fields() -> None:
    import json

    article = json.loads(render()["article.request.schema.json"])
    assert set(article["required"]) == {"outlet", "text"}


def test_move_and_merge_bodies_take_one_named_field_and_nothing_else() -> None:
    import json

    for name, field in (("article-patch.request", "story"), ("story-merge.request", "into")):
        body = json.loads(render()[f"{name}.schema.json"])
        assert body["required"] == [field] and body["additionalProperties"] is False, name
