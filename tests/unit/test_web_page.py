from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reconcile.errors import NoArticleText
from reconcile.web.page import extract_page
from tests.webserver import BOILERPLATE, page

PARAGRAPHS = [
    "North Korea has sent 12,000 troops to Russia since October 2024, officials said on "
    "Friday. The deployment is the largest of its kind in decades, analysts said.",
    "Ukrainian intelligence said about 300 of the soldiers had been killed in fighting in the "
    "Kursk region. Officials in Seoul said the figure could be higher.",
    '"We believe their withdrawal is a result of heavy losses," a spokesman for the '
    "Ukrainian military said in a statement released late on Thursday.",
]


def test_the_article_text_comes_without_the_page_around_it() -> None:
    html = page(outlet="The Meridian Post", title="North Korea sent 12,000 troops",
                published="2025-02-14T09:30:00+00:00", paragraphs=PARAGRAPHS)
    found = extract_page(html, "https://meridian.example/world/troops")
    assert found.text.splitlines() == PARAGRAPHS
    for word in BOILERPLATE:
        assert word not in found.text


def test_title_time_and_site_name_come_from_the_page() -> None:
    html = page(outlet="The Meridian Post", title="North Korea sent 12,000 troops",
                published="2025-02-14T09:30:00+01:00", paragraphs=PARAGRAPHS)
    found = extract_page(html, "https://meridian.example/world/troops")
    assert found.title == "North Korea sent 12,000 troops"
    assert found.site_name == "The Meridian Post"
    assert found.published_at == datetime(2025, 2, 14, 8, 30, tzinfo=UTC)


def test_the_headline_is_not_a_sentence_of_the_text() -> None:
    html = page(outlet="X", title="Officials count 12,000 troops", published=None,
                paragraphs=PARAGRAPHS)
    assert "Officials count" not in extract_page(html).text


def test_a_page_without_a_site_name_is_named_by_its_host() -> None:
    html = (f"<html><head><title>Troops</title></head><body><article>"
            f"{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article></body></html>")
    found = extract_page(html, "https://www.harbour-gazette.example/news/1")
    assert found.site_name == "harbour-gazette.example"
    assert found.published_at is None
    assert extract_page(html).site_name is None


def test_a_day_without_a_time_is_midnight_utc() -> None:
    html = page(outlet="X", title="T", published="2025-02-14", paragraphs=PARAGRAPHS)
    assert extract_page(html).published_at == datetime(2025, 2, 14, tzinfo=UTC)


@pytest.mark.parametrize("html", [
    "", "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
    "<html><body><article><p>Too short.</p></article></body></html>", b"\x00\x01\x02",
])
def test_a_page_without_article_text_is_refused_naming_the_field(html: str | bytes) -> None:
    with pytest.raises(NoArticleText) as caught:
        extract_page(html, field="url")
    assert caught.value.extra["errors"] == [{"field": "url", "message": caught.value.detail}]
