"""JSON Schema of every API request and response body, written under schemas/json/.

`python -m reconcile.api.jsonschemas` regenerates them; a test fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from reconcile.models import (
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticlePatch,
    ArticlePost,
    ClusterOut,
    ClusterPage,
    ConflictOut,
    ConflictPage,
    ConflictPatch,
    FeedIn,
    FeedOut,
    FeedPage,
    Health,
    Problem,
    SimilarClaims,
    SourcePage,
    StoryMerge,
    StoryOut,
    StoryPage,
)

OUT_DIR = Path(__file__).resolve().parents[2] / "schemas" / "json"
MODELS: dict[str, type[BaseModel]] = {
    "article.request": ArticleIn,
    "article.response": ArticleOut,
    "article-patch.request": ArticlePatch,
    "article-post.request": ArticlePost,
    "article-page.response": ArticlePage,
    "cluster.response": ClusterOut,
    "cluster-page.response": ClusterPage,
    "conflict.response": ConflictOut,
    "conflict-page.response": ConflictPage,
    "conflict-patch.request": ConflictPatch,
    "feed.request": FeedIn,
    "feed.response": FeedOut,
    "feed-page.response": FeedPage,
    "health.response": Health,
    "problem.response": Problem,
    "source-page.response": SourcePage,
    "similar-claims.response": SimilarClaims,
    "story.response": StoryOut,
    "story-page.response": StoryPage,
    "story-merge.request": StoryMerge,
}


def render() -> dict[str, str]:
    """{file name: JSON text} for every model."""
    out = {}
    for name, model in MODELS.items():
        mode: Literal["validation", "serialization"] = (
            "validation" if name.endswith(".request") else "serialization")
        schema = model.model_json_schema(mode=mode)
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def write(out_dir: Path = OUT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render().items():
        path = out_dir / name
        path.write_text(text)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write():
        print(p)
    sys.exit(0)
