"""The review pages and their JSON twins over a real PostgreSQL, through Litestar's client.

Most tests read a crafted story (tests/browser/harness.py: craft_story) so that every number
on a page is known; one test walks every page the seeds produce.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from reconcile.dashboard.responses import CSP
from reconcile.service import Service, load_seeds
from tests.browser.harness import CRAFTED_STORY, EVIL_OUTLET, Crafted, craft_story
from tests.conftest import ROOT

Client = TestClient  # type: ignore[type-arg]


@pytest.fixture
def crafted(service: Service) -> Crafted:
    return craft_story(service.db)


def page(client: Any, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, r.text[:2000]
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    return str(r.text)


def text_of(markup: str) -> str:
    """The page's text, tags dropped and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def rows_in_order(markup: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="conflict-row-(\d+)"', markup)]


# --- the queue --------------------------------------------------------------------------------


def test_queue_lists_open_conflicts_most_severe_first(client: Client, crafted: Crafted) -> None:
    markup = page(client, "/")
    assert rows_in_order(markup) == [crafted.attribution, crafted.numeric]
    text = text_of(markup)
    assert "All 2" in text and "Open 2" in text and "Resolved 0" in text
    assert "troops" in text and "“We believe their withdrawal is a result of heavy losses”" in text


def test_queue_rows_put_the_figures_side_by_side_with_the_difference(
    client: Client, crafted: Crafted
) -> None:
    markup = page(client, "/?kind=numeric")
    row = text_of(markup.split(f'id="conflict-row-{crafted.numeric}"')[1].split("</tr>")[0])
    assert "11,000 ✓ 3: Alpha Times, Beta Post, Gamma Daily" in row
    assert "12,000 +1,000 (+9.1%) 1: " + EVIL_OUTLET in row
    assert "0.42" in row and "open" in row and CRAFTED_STORY in row


def test_decided_conflicts_sink_below_open_ones(client: Client, service: Service,
                                                crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        conn.execute("UPDATE conflicts SET status = 'dismissed' WHERE id = %(id)s",
                     {"id": crafted.attribution})
    markup = page(client, "/")
    assert rows_in_order(markup) == [crafted.numeric, crafted.attribution]
    assert "Dismissed 1" in text_of(markup)


@pytest.mark.parametrize(("query", "which"), [
    ("kind=attribution", ["attribution"]),
    ("kind=numeric", ["numeric"]),
    ("status=open", ["attribution", "numeric"]),
    ("status=resolved", []),
    ("outlet=Gamma+Daily", ["attribution", "numeric"]),
    (f"outlet={EVIL_OUTLET}", ["numeric"]),
    ("outlet=Nobody", []),
    ("q=withdrawal", ["attribution"]),
    ("q=TROOPS+were", ["numeric"]),
    ("q=100%25", []),
    ("q=_", []),
    (f"story={CRAFTED_STORY}", ["attribution", "numeric"]),
    ("story=elsewhere", []),
    ("page=2", []),
])
def test_queue_filters(client: Client, crafted: Crafted, query: str, which: list[str]) -> None:
    ids = {"attribution": crafted.attribution, "numeric": crafted.numeric}
    markup = page(client, f"/?{query}")
    assert rows_in_order(markup) == [ids[w] for w in which]
    if not which:
        assert "No conflicts match these filters" in markup or "No conflicts yet" in markup


def test_status_counts_follow_the_other_filters(client: Client, crafted: Crafted) -> None:
    text = text_of(page(client, "/?kind=numeric&status=resolved"))
    assert "All 1" in text and "Open 1" in text and "Resolved 0" in text


def test_queue_filter_menus_list_stories_and_outlets(client: Client, crafted: Crafted) -> None:
    markup = page(client, "/?outlet=Beta+Post")
    assert f'<option value="{CRAFTED_STORY}"' in markup
    assert '<option value="Beta Post" selected>' in markup
    assert "&lt;script&gt;alert(&#39;outlet&#39;)&lt;/script&gt;Wire" in markup


def test_an_unknown_status_is_an_html_error_page(client: Client) -> None:
    markup = page(client, "/?status=maybe", status=422)
    assert "unknown status" in text_of(markup) and "one of open, confirmed" in text_of(markup)


def test_queue_shows_the_shortcuts_and_links_its_json(client: Client, crafted: Crafted) -> None:
    markup = page(client, "/?kind=numeric")
    assert 'href="/api/review/queue?kind=numeric"' in markup
    text = text_of(markup)
    for line in ["j / k next / previous conflict", "c confirm", "d dismiss", "r resolve"]:
        assert line in text
    assert "Sign in to confirm, dismiss or resolve." in text  # nobody is signed in


# --- one conflict -----------------------------------------------------------------------------


def test_conflict_page_puts_every_claim_side_by_side_in_context(
    client: Client, crafted: Crafted
) -> None:
    markup = page(client, f"/conflicts/{crafted.numeric}")
    text = text_of(markup)
    assert "troops: 11,000 vs 12,000" in text
    columns = markup.split('<section class="column')[1:]
    assert len(columns) == 2
    assert columns[0].count('<article class="card"') == 3
    assert columns[1].count('<article class="card"') == 1
    # The sentence with its neighbours, the figure and the credited source marked.
    first = text_of(columns[0].split("</article>")[0])
    assert "The front has gone quiet. Officials said 11,000 troops" in first
    assert "Losses were heavy." in first
    assert '<mark class="m-claim m-figure ">11,000</mark>' in columns[0]
    assert '<mark class="m-claim m-source ">the ministry</mark>' in columns[0]
    assert '<mark class="m-claim m-figure ">around 11,000</mark>' in columns[0]
    assert "2025-02-14 08:00 UTC" in first and "Alpha Times" in first
    assert f'href="/articles/{crafted.articles["a1"]}#claim-{crafted.claims["t1"]}"' in markup
    assert 'href="https://news.example/1"' in markup
    # How far the other side is from the consensus, per claim.
    assert "+1,000 (+9.1%)" in text_of(columns[1])


def test_conflict_page_shows_the_consensus_and_the_chart(client: Client,
                                                         crafted: Crafted) -> None:
    markup = page(client, f"/conflicts/{crafted.numeric}")
    text = text_of(markup)
    assert "Consensus (provisional) 11,000 troops · backed by 3 of 4 outlets" in text
    svg = markup.split("<svg class=\"chart\"")[1].split("</svg>")[0]
    assert svg.count('class="dot') == 4 and svg.count('<rect class="band"') == 1
    assert 'class="bar g0"' in svg  # the hedged figure is an interval
    assert ">10,450–11,550<" in markup  # in the chart's table
    assert "&lt;script&gt;" in svg and "<script>" not in svg


def test_conflict_timeline_shows_an_outlet_updating_its_figure(client: Client,
                                                                crafted: Crafted) -> None:
    markup = page(client, f"/conflicts/{crafted.numeric}")
    timeline = text_of(markup.split('<ol class="timeline">')[1].split("</ol>")[0])
    assert timeline.index("2025-02-14 08:00 UTC") < timeline.index("2025-02-16 07:00 UTC")
    assert "12,500 troops · updated from 11,000 troops · not part of this conflict" in timeline


def test_attribution_conflict_offers_the_sources_to_credit(client: Client,
                                                            crafted: Crafted) -> None:
    markup = page(client, f"/conflicts/{crafted.attribution}")
    text = text_of(markup)
    assert "Consensus (provisional) Oleksandr Kondratenko" in text
    assert "backed by 2 of 3 outlets" in text
    assert '<mark class="m-claim m-source ">Frederic Spohr</mark>' in markup
    assert "m-quote" in markup
    assert "credited to Kondratenko" in text  # the timeline, in the outlets' own spelling
    assert "svg" not in markup.split("<h2>Side by side")[0].split("consensus")[-1]


def test_an_inactive_conflict_says_so(client: Client, service: Service,
                                      crafted: Crafted) -> None:
    assert "no longer make this a conflict" not in page(client, f"/conflicts/{crafted.numeric}")
    with service.db.transaction() as conn:
        conn.execute("UPDATE conflicts SET active = false WHERE id = %(id)s",
                     {"id": crafted.numeric})
    assert "no longer make this a conflict" in page(client, f"/conflicts/{crafted.numeric}")


def test_conflict_page_links_its_json_the_api_and_its_neighbours(
    client: Client, crafted: Crafted
) -> None:
    markup = page(client, f"/conflicts/{crafted.numeric}")
    assert f'href="/api/review/conflicts/{crafted.numeric}"' in markup
    assert f'href="/api/conflicts/{crafted.numeric}"' in markup
    assert f'href="/conflicts/{crafted.attribution}" rel="prev"' in markup
    assert 'rel="next"' not in markup  # nothing less severe is open


def test_unknown_conflict_is_an_html_404_but_the_api_keeps_problem_json(client: Client) -> None:
    assert "no conflict with id 4242" in text_of(page(client, "/conflicts/4242", status=404))
    r = client.get("/api/conflicts/4242")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")


# --- cluster, article, outlets, sources -------------------------------------------------------


def test_cluster_page_lists_its_claims_and_conflicts(client: Client, crafted: Crafted) -> None:
    markup = page(client, f"/clusters/{crafted.numeric_cluster}")
    text = text_of(markup)
    assert "5 claims from 4 outlets" in text
    assert markup.count('<article class="card"') == 5
    assert f'href="/conflicts/{crafted.numeric}"' in markup
    assert f'href="/api/clusters/{crafted.numeric_cluster}"' in markup


def test_article_page_highlights_its_claims_in_the_text(client: Client, crafted: Crafted) -> None:
    article = crafted.articles["a1"]
    markup = page(client, f"/articles/{article}")
    body = markup.split('<div class="article-text">')[1].split("</div>")[0]
    assert text_of(body).startswith("The front has gone quiet. Officials said 11,000")
    assert f'id="claim-{crafted.claims["t1"]}"' in body
    assert 'class="m-claim disputed"' in body
    assert '<mark class="m-figure ">11,000</mark>' in body
    assert '<mark class="m-source ">the ministry</mark>' in body
    assert "\n\nNo one else commented." in body  # the text keeps its paragraphs
    assert f'href="/conflicts/{crafted.numeric}"' in markup


def test_articles_list_filters_by_outlet(client: Client, crafted: Crafted) -> None:
    assert page(client, "/articles").count("<tr>") == 1 + 5
    markup = page(client, "/articles?outlet=Alpha+Times")
    assert markup.count("<tr>") == 1 + 2 and "Articles from Alpha Times" in text_of(markup)


def test_outlets_show_counts_and_the_provisional_proxy(client: Client, crafted: Crafted) -> None:
    text = text_of(page(client, "/outlets"))
    assert "Provisional" in text
    # outlet, articles, claims, with figures, crediting a source, in conflicts, majority share
    assert "Alpha Times 2 3 2 3 2 100% (1 of 1)" in text
    assert "Gamma Daily 1 2 1 2 2 100% (1 of 1)" in text
    assert EVIL_OUTLET + " 1 1 1 1 1 0% (0 of 1)" in text


def test_outlet_page_lists_the_claims_behind_the_proxy(client: Client, crafted: Crafted) -> None:
    markup = page(client, "/outlet?name=Gamma+Daily")
    text = text_of(markup)
    assert "Gamma Daily" in text and "2 claims" in text
    numeric, attribution = crafted.numeric, crafted.attribution
    assert f"conflict #{numeric} (open): sides with “11,000 troops”, the majority" in text
    assert f"conflict #{attribution} (open): sides with “Frederic Spohr”, a minority" in text
    assert 'href="/articles?outlet=Gamma+Daily"' in markup


def test_unknown_outlet_is_404(client: Client, crafted: Crafted) -> None:
    page(client, "/outlet?name=Nobody", status=404)


def test_sources_group_spellings_of_one_name(client: Client, crafted: Crafted) -> None:
    text = text_of(page(client, "/sources"))
    assert "Oleksandr Kondratenko also “Kondratenko” person 2" in text
    # kind, claims, with figures, outlets, in conflicts, majority share
    assert "the ministry organisation 5 5 4 4 75% (3 of 4)" in text
    assert "Frederic Spohr person 1 0 1 1 —" in text
    markup = page(client, "/source?key=kondratenko")
    assert "Claims crediting this source" in markup
    assert text_of(markup).count("sides with “Oleksandr Kondratenko”, the majority") == 2
    page(client, "/source?key=nobody", status=404)


def test_outlet_names_and_article_text_are_escaped_everywhere(
    client: Client, crafted: Crafted
) -> None:
    evil_article = crafted.articles["a4"]
    for url in ["/", f"/conflicts/{crafted.numeric}", f"/clusters/{crafted.numeric_cluster}",
                f"/articles/{evil_article}", "/articles", "/outlets",
                "/outlet?name=" + EVIL_OUTLET.replace("'", "%27"), "/sources"]:
        markup = page(client, url)
        assert "<script>alert" not in markup, url
        assert "&lt;script&gt;alert(&#39;outlet&#39;)&lt;/script&gt;Wire" in markup, url


# --- JSON twins -------------------------------------------------------------------------------


def test_every_page_has_a_json_twin_with_the_same_data(client: Client, crafted: Crafted) -> None:
    pages = ["/", "/?kind=numeric", f"/conflicts/{crafted.numeric}",
             f"/clusters/{crafted.numeric_cluster}", f"/articles/{crafted.articles['a1']}",
             "/articles", "/outlets", "/outlet?name=Beta+Post", "/sources",
             "/source?key=ministry"]
    for url in pages:
        markup = page(client, url)
        twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">',
                         markup)
        assert twin, url
        r = client.get(html.unescape(twin.group(1)))
        assert r.status_code == 200 and r.headers["content-type"] == "application/json", url
        assert r.json()["json_url"] == html.unescape(twin.group(1))


def test_queue_json_carries_rows_counts_and_consensus(client: Client, crafted: Crafted) -> None:
    data = client.get("/api/review/queue").json()
    assert [r["id"] for r in data["rows"]] == [crafted.attribution, crafted.numeric]
    numeric = data["rows"][1]
    assert numeric["consensus"]["position"] == 0 and numeric["consensus"]["value"] == 11000
    assert [p["difference"] for p in numeric["positions"]] == [None, "+1,000 (+9.1%)"]
    assert {t["label"]: t["count"] for t in data["tabs"]}["Open"] == 2
    assert client.get("/api/review/queue?status=maybe").status_code == 422


def test_conflict_json_carries_chart_timeline_and_audit(client: Client, crafted: Crafted) -> None:
    data = client.get(f"/api/review/conflicts/{crafted.numeric}").json()
    assert len(data["chart"]["bars"]) == 4 and data["chart"]["band"] is not None
    assert [e["change"] for e in data["timeline"]] == ["first", "first", "first", "first",
                                                        "updated"]
    assert data["audit"] == [] and data["api_url"] == f"/api/conflicts/{crafted.numeric}"
    assert data["suggestions"] == ["11,000", "12,000"]
    r = client.get("/api/review/conflicts/4242")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem")


def test_the_review_data_is_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert {"/api/review/queue", "/api/review/conflicts/{conflict_id}",
            "/api/review/outlets", "/api/review/sources"} <= set(paths)
    assert "/" not in paths and "/conflicts/{conflict_id}" not in paths


def test_static_files_are_served_and_nothing_comes_from_elsewhere(client: Client) -> None:
    for name, kind in [("app.css", "text/css"), ("app.js", "javascript")]:
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    markup = page(client, "/")
    assert not re.search(r'(src|href)="(https?:)?//', markup)
    assert "<script>" not in markup and " style=" not in markup and "onclick" not in markup


def test_api_responses_carry_no_session_cookie(client: Client, crafted: Crafted) -> None:
    r = client.get(f"/api/conflicts/{crafted.numeric}")
    assert r.status_code == 200 and "set-cookie" not in r.headers
    assert "set-cookie" not in client.get("/api/review/queue").headers


# --- the seeds --------------------------------------------------------------------------------


@pytest.fixture
def seeded_client(client: Client, service: Service) -> Iterator[Client]:
    load_seeds(service, ROOT / "seeds")
    yield client


def test_every_page_renders_for_the_seeds(seeded_client: Client) -> None:
    client = seeded_client
    queue = client.get("/api/review/queue").json()
    assert queue["rows"], "the seeds produce conflicts"
    subjects = {r["subject"] for r in queue["rows"]}
    assert "troops" in subjects
    assert any("We believe their withdrawal" in s for s in subjects)
    page(client, "/")
    articles = client.get("/api/review/articles").json()["articles"]
    assert len(articles) == 5
    for a in articles:
        page(client, f"/articles/{a['id']}")
    for row in queue["rows"]:
        markup = page(client, row["url"])
        cluster = re.search(r'href="(/clusters/\d+)"', markup)
        assert cluster
        page(client, cluster.group(1))
    for url in ["/outlets", "/sources", "/outlet?name=The+Meridian+Post"]:
        page(client, url)
