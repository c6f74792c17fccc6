"""Article files for `reconcile ingest` and the seeds: JSON, JSON Lines, plain text, or a
saved web page (.html, .htm).

Plain text may start with a header block ('Outlet: ...', 'Title:', 'URL:', 'Published:',
'Story:', 'Note:') ended by a blank line; without one, the outlet is the file name. A page's
article is extracted as a posted page's is (reconcile.web.page): its text, title, time and
site name, the outlet being the file name when the page names no site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reconcile.errors import InvalidInput
from reconcile.models import ArticleIn

_HEADER = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]{0,20}):\s*(?P<value>.*)$")
_HEADER_KEYS = {"outlet": "outlet", "title": "title", "url": "url", "published": "published_at",
                "published at": "published_at", "story": "story", "note": None}


def read_articles(path: Path) -> Iterator[ArticleIn]:
    """Every article in one file, validated; InvalidInput names the file and the line."""
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        yield read_page(path)
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read: {exc}") from exc
    if suffix == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield _validate(_json(line, f"{path}:{n}"), f"{path}:{n}")
    elif suffix == ".json":
        data = _json(text, str(path))
        items = data if isinstance(data, list) else [data]
        for n, item in enumerate(items):
            yield _validate(item, f"{path}[{n}]")
    else:
        yield _validate(parse_text_article(text, default_outlet=path.stem), str(path))


def read_page(path: Path) -> ArticleIn:
    """The article of a saved web page; InvalidInput (NoArticleText) when it holds none."""
    from reconcile.web.page import extract_page
    from reconcile.web.submit import article_in, with_page

    try:
        html = path.read_bytes()  # the page's own charset declaration decides, as when fetched
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc}") from exc
    page = extract_page(html)
    return article_in(with_page({} if page.site_name else {"outlet": path.stem}, page))


def parse_text_article(text: str, default_outlet: str) -> dict[str, Any]:
    lines = text.splitlines()
    fields: dict[str, Any] = {}
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i])) and \
            m.group("key").strip().lower() in _HEADER_KEYS:
        name = _HEADER_KEYS[m.group("key").strip().lower()]
        if name:
            fields[name] = m.group("value").strip()
        i += 1
    if fields and i < len(lines) and not lines[i].strip():
        body = "\n".join(lines[i + 1 :])
    else:
        fields, body = {}, text
    fields.setdefault("outlet", default_outlet)
    fields["text"] = body.strip()
    return fields


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{where}: not valid JSON: {exc.msg} at position {exc.pos}") from exc


def _validate(item: Any, where: str) -> ArticleIn:
    try:
        return ArticleIn.model_validate(item)
    except ValidationError as exc:
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                  for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise InvalidInput(f"{where}: {detail}", errors=errors) from exc


ARTICLE_SUFFIXES = frozenset({".txt", ".json", ".jsonl"})
PAGE_SUFFIXES = frozenset({".html", ".htm"})


def seed_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)


def article_files(paths: list[Path]) -> list[Path]:
    """Files named directly, and the article files (.txt, .json, .jsonl, .html, .htm) inside
    folders."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*")
                                if x.is_file()
                                and x.suffix.lower() in ARTICLE_SUFFIXES | PAGE_SUFFIXES))
        else:
            files.append(p)
    return files
