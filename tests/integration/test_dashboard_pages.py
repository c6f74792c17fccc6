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
from reconcile.startup import Service, load_seeds
from reconcile.store import repo
from reconcile.store import stories as story_store
from tests.browser.harness import CRAFTED_STORY, EVIL_OUTLET, Crafted, craft_story
from tests.conftest import ROOT
from tests.integration.test_dashboard_actions import review, signed_in

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


def test_conflict_page_shows_truths_consensus_and_the_chart(client: Client,
                                                             crafted: Crafted) -> None:
    markup = page(client, f"/conflicts/{crafted.numeric}")
    text = text_of(markup)
    # Alpha Times later printed 12,500 (its latest figure is the one truth discovery weighs),
    # so two outlets back 11,000 although three printed it.
    assert "Consensus 11,000 troops · backed by 2 outlets: Beta Post, Gamma Daily" in text
    assert "weighted median" in text and "provisional" not in text.lower()
    assert "accepted by a reviewer" not in text
    svg = markup.split("<svg class=\"chart\"")[1].split("</svg>")[0]
    assert svg.count('class="dot') == 4 and svg.count('<rect class="band"') == 1
    assert svg.count('<line class="marker"') == 1 and ">consensus 11,000<" in svg
    assert 'class="bar g0"' in svg  # the hedged figure is an interval
    assert ">10,450–11,550<" in markup  # in the chart's table
    assert "&lt;script&gt;" in svg and "<script>" not in svg
    sides = text_of(markup.split('id="sides">')[1].split("<h2>")[0])
    assert sides.startswith("11,000 ✓ consensus 3 outlets")
    assert "12,000 +1,000 (+9.1%) vs consensus 1 outlet" in sides


def test_the_conflict_page_and_the_cluster_api_agree(client: Client, crafted: Crafted) -> None:
    screen = client.get(f"/api/review/conflicts/{crafted.numeric}").json()
    (estimate,) = client.get(f"/api/clusters/{crafted.numeric_cluster}").json()["consensus"]
    shown = screen["row"]["consensus"]
    for field in ["value", "low", "high", "measure", "ground_truth", "outlets", "claim_ids"]:
        assert shown[field] == estimate[field], field
    assert shown["position"] == 0 and shown["missing"] is None


def test_conflict_timeline_shows_an_outlet_updating_its_figure(client: Client,
                                                                crafted: Crafted) -> None:
    markup = page(client, f"/conflicts/{crafted.numeric}")
    timeline = text_of(markup.split('<ol class="timeline">')[1].split("</ol>")[0])
    assert timeline.index("2025-02-14 08:00 UTC") < timeline.index("2025-02-16 07:00 UTC")
    assert "Alpha Times 11,000 troops · later updated to 12,500" in timeline
    assert "12,500 troops · updated from 11,000 · not part of this conflict" in timeline
    assert timeline.count("updated") == 2  # Beta Post and Gamma Daily changed nothing
    # The same update the cluster API reports (reconcile.rules.conflicts.find_updates).
    (update,) = client.get(f"/api/clusters/{crafted.numeric_cluster}").json()["updates"]
    assert (update["outlet"], update["earlier"], update["later"]) == ("Alpha Times", "11,000",
                                                                      "12,500")


def test_attribution_conflict_offers_the_sources_to_credit(client: Client,
                                                            crafted: Crafted) -> None:
    markup = page(client, f"/conflicts/{crafted.attribution}")
    text = text_of(markup)
    assert "Consensus No consensus value — attribution conflicts have none" in text
    assert "✓" not in text.split("Timeline")[0]  # no side holds a consensus value
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
    assert "Consensus 11,000 troops · backed by Beta Post, Gamma Daily" in text
    assert "Updates Alpha Times replaced 11,000 with 12,500 (troops)" in text
    data = client.get(f"/api/review/clusters/{crafted.numeric_cluster}").json()
    api = client.get(f"/api/clusters/{crafted.numeric_cluster}").json()
    assert data["cluster"] == api  # the page's cluster is the API's, consensus and all
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


def test_outlets_show_truths_reliability(client: Client, crafted: Crafted) -> None:
    text = text_of(page(client, "/outlets"))
    assert "(agree + 1) / (compared + 2)" in text and "rovisional" not in text
    # outlet, articles, claims; figures weighed, agree with consensus, reliability (truth's)
    assert "Alpha Times 2 3 1 0 of 1 0.33" in text  # its latest figure, 12,500, disagrees
    assert "Beta Post 1 2 1 1 of 1 0.67" in text
    assert "Gamma Daily 1 2 1 1 of 1 0.67" in text
    assert EVIL_OUTLET + " 1 1 1 0 of 1 0.33" in text


def test_outlets_twin_serves_the_numbers_of_the_sources_api(client: Client,
                                                            crafted: Crafted) -> None:
    api = {s["name"]: s for s in client.get("/api/sources?kind=outlet").json()["items"]}
    shown = client.get("/api/review/outlets").json()["outlets"]
    assert {o["outlet"] for o in shown} == set(api)
    for o in shown:
        r, expected = o["reliability"], api[o["outlet"]]
        assert (r["score"], r["agree"], r["compared"], r["claims"]) == (
            expected["reliability"], expected["agree"], expected["compared"],
            expected["claims"])


def test_the_pages_use_the_apps_one_truth(client: Client, crafted: Crafted) -> None:
    truth = client.app.state.truth
    assert truth.weights() == {}  # nothing learned yet
    page(client, "/outlets")
    assert truth.weights()["Beta Post"] == 0.6667  # learned by the page, kept for the API


def test_outlet_page_lists_the_claims_behind_the_score(client: Client, crafted: Crafted) -> None:
    markup = page(client, "/outlet?name=Gamma+Daily")
    text = text_of(markup)
    assert "Gamma Daily" in text and "2 claims" in text
    assert ("Reliability 0.67 · agrees with the consensus on 1 of 1 figure compared · "
            "1 figure weighed") in text
    numeric, attribution = crafted.numeric, crafted.attribution
    assert (f"conflict #{numeric} (open): sides with “11,000 troops”, which holds the "
            "consensus") in text
    assert f"conflict #{attribution} (open): sides with “Frederic Spohr” " in text + " "
    assert f"conflict #{attribution} (open): sides with “Frederic Spohr”," not in text
    assert 'href="/articles?outlet=Gamma+Daily"' in markup
    evil = text_of(page(client, "/outlet?name=" + EVIL_OUTLET.replace("'", "%27")))
    assert (f"conflict #{numeric} (open): sides with “12,000 troops”, against the consensus "
            "(11,000 troops)") in evil


def test_unknown_outlet_is_404(client: Client, crafted: Crafted) -> None:
    page(client, "/outlet?name=Nobody", status=404)


def test_sources_group_spellings_of_one_name(client: Client, crafted: Crafted) -> None:
    text = text_of(page(client, "/sources"))
    # kind, claims, outlets; figures weighed, agree with consensus, reliability (truth's)
    assert "Oleksandr Kondratenko also “Kondratenko” person 2 2 0 — —" in text
    assert "the ministry organisation 5 4 4 2 of 4 0.50" in text
    assert "Frederic Spohr person 1 1 0 — —" in text
    (ministry,) = client.get("/api/sources?kind=source").json()["items"]
    assert (ministry["name"], ministry["agree"], ministry["compared"]) == ("the ministry", 2, 4)
    markup = page(client, "/source?key=kondratenko")
    assert "Claims crediting this source" in markup
    text = text_of(markup)
    assert "No reliability: no figure is credited to this source." in text
    assert text.count("sides with “Oleksandr Kondratenko”") == 2
    text = text_of(page(client, "/source?key=ministry"))
    assert ("Reliability 0.50 · agrees with the consensus on 2 of 4 figures compared · "
            "4 figures weighed") in text
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
             "/source?key=ministry", "/stories", "/stories?q=troops"]
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
    assert numeric["consensus"]["outlets"] == ["Beta Post", "Gamma Daily"]
    assert [p["consensus"] for p in numeric["positions"]] == [True, False]
    assert data["rows"][0]["consensus"]["value"] is None  # the attribution conflict
    assert [p["difference"] for p in numeric["positions"]] == [None, "+1,000 (+9.1%)"]
    assert {t["label"]: t["count"] for t in data["tabs"]}["Open"] == 2
    assert client.get("/api/review/queue?status=maybe").status_code == 422


def test_conflict_json_carries_chart_timeline_and_audit(client: Client, crafted: Crafted) -> None:
    data = client.get(f"/api/review/conflicts/{crafted.numeric}").json()
    assert len(data["chart"]["bars"]) == 4 and data["chart"]["band"] is not None
    assert [(e["previous"], e["replaced_by"]) for e in data["timeline"]] == [
        (None, "12,500"), (None, None), (None, None), (None, None), ("11,000", None)]
    assert data["chart"]["marker_label"] == "consensus 11,000"
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


def seed_troops(client: Client) -> dict[str, Any]:
    rows = client.get("/api/review/queue?kind=numeric").json()["rows"]
    (row,) = [r for r in rows if r["subject"] == "troops"]
    return row  # type: ignore[no-any-return]


def test_the_seeds_consensus_is_eleven_thousand_backed_by_three_outlets(
    seeded_client: Client
) -> None:
    client = seeded_client
    row = seed_troops(client)
    consensus = row["consensus"]
    assert (consensus["value"], consensus["label"], consensus["ground_truth"]) == (
        11000, "11,000 troops", False)
    assert consensus["outlets"] == ["Northern Ledger", "The Continental Dispatch",
                                    "The Harbour Gazette"]
    assert [p["consensus"] for p in row["positions"]] == [True, False]
    text = text_of(page(client, row["url"]))
    assert ("Consensus 11,000 troops · backed by 3 outlets: Northern Ledger, The Continental "
            "Dispatch, The Harbour Gazette") in text
    queue = text_of(page(client, "/?kind=numeric"))
    assert "11,000 ✓ 3: Northern Ledger" in queue


def test_the_seeds_outlets_are_scored_by_truth(seeded_client: Client) -> None:
    client = seeded_client
    outlets = {o["outlet"]: o["reliability"] for o in
               client.get("/api/review/outlets").json()["outlets"]}
    meridian, harbour = outlets["The Meridian Post"], outlets["The Harbour Gazette"]
    assert meridian["score"] < harbour["score"]
    assert (meridian["agree"], meridian["compared"]) == (0, 1)
    api = {s["name"]: s["reliability"] for s in
           client.get("/api/sources?kind=outlet").json()["items"]}
    assert {n: r["score"] for n, r in outlets.items() if r["score"] is not None} == api
    text = text_of(page(client, "/outlets"))
    assert re.search(rf"The Meridian Post 1 \d+ \d+ 0 of 1 {meridian['text']}", text)


def test_resolving_the_seeds_conflict_with_twelve_thousand_makes_it_the_consensus(
    seeded_client: Client
) -> None:
    client = seeded_client
    row = seed_troops(client)
    before = {s["name"]: s["reliability"] for s in
              client.get("/api/sources?kind=outlet").json()["items"]}
    csrf = signed_in(client, "Dana")
    r = review(client, row["id"], csrf, action="resolve", value="12,000",
               note="The ministry confirmed 12,000.")
    assert r.status_code == 200, r.text
    # The fragment the page swaps in already carries the new consensus.
    fragment = text_of(r.text.split('id="consensus"')[1].split("</section>")[0])
    assert "12,000 troops · accepted by a reviewer · reported by 1 outlet: The Meridian Post" in (
        fragment)
    consensus = client.get(f"/api/review/conflicts/{row['id']}").json()["row"]["consensus"]
    assert (consensus["value"], consensus["ground_truth"], consensus["position"]) == (
        12000, True, 1)
    text = text_of(page(client, row["url"]))
    assert "Consensus 12,000 troops · accepted by a reviewer" in text
    assert "12,000 ✓ accepted" in text and ">accepted 12,000<" in page(client, row["url"])
    queue = page(client, "/?kind=numeric")
    assert "12,000</span><span class=\"tick\" title=\"accepted by a reviewer: 12,000 troops\"" in (
        queue)
    after = {o["outlet"]: o["reliability"]["score"] for o in
             client.get("/api/review/outlets").json()["outlets"]}
    assert after["The Meridian Post"] > before["The Meridian Post"]
    assert after["The Harbour Gazette"] < before["The Harbour Gazette"]


# --- stories ----------------------------------------------------------------------------------

QUIET = "<b>Quiet</b> harbour story"


def stories_beside(service: Service) -> None:
    """The crafted story with its row, and a newer story of one article titled with markup."""
    with service.db.transaction() as conn:
        story_store.touch_story(conn, CRAFTED_STORY, "Troops at the front")
        repo.insert_article(conn, story="quiet-harbour", outlet="Delta Wire", title=QUIET,
                            url=None, published_at=None, text="Nothing happened.",
                            content_hash="quiet")
        story_store.touch_story(conn, "quiet-harbour", QUIET)


def story_rows(markup: str) -> list[str]:
    return [text_of(r) for r in re.findall(r'<tr id="story-\d+">(.*?)</tr>', markup, re.S)]


def test_stories_page_lists_newest_activity_first_with_counts_and_links(
    client: Client, service: Service, crafted: Crafted
) -> None:
    stories_beside(service)
    markup = page(client, "/stories")
    quiet, troops = story_rows(markup)
    assert quiet.startswith(QUIET + " quiet-harbour 1 1 ")
    # 5 articles from 4 outlets, 14 to 16 February, both conflicts open
    assert troops.startswith("Troops at the front crafted 5 4 2025-02-14")
    assert "2025-02-16" in troops and " 2 conflicts" in troops
    assert "&lt;b&gt;Quiet&lt;/b&gt;" in markup and "<b>Quiet" not in markup
    for link in ("/?story=crafted", "/?story=crafted&amp;status=open",
                 "/articles?story=crafted", "/api/clusters?story=crafted",
                 "/api/stories/crafted"):
        assert f'href="{link}"' in markup, link
    assert '<a href="/stories" aria-current="page">Stories</a>' in markup
    assert '<a href="/stories" >Stories</a>' in page(client, "/")


def test_stories_page_searches_titles_and_ids_literally(
    client: Client, service: Service, crafted: Crafted
) -> None:
    stories_beside(service)
    assert [r.split()[0] for r in story_rows(page(client, "/stories?q=troops"))] == ["Troops"]
    assert [r.split()[-1] for r in story_rows(page(client, "/stories?q=HARBOUR"))] == ["API"]
    assert "No stories match this search" in text_of(page(client, "/stories?q=100%25"))
    page(client, "/stories?q=" + "x" * 201, status=422)


def test_stories_page_pages_like_the_queue(client: Client, service: Service,
                                           crafted: Crafted) -> None:
    stories_beside(service)
    with service.db.transaction() as conn:
        conn.execute("INSERT INTO stories (id) SELECT 'filler-' || g "
                     "FROM generate_series(1, 101) g")
    first = page(client, "/stories")
    assert len(story_rows(first)) == 100 and "Page 1 of 2" in text_of(first)
    assert 'href="/stories?page=2" rel="next"' in first
    second = client.get("/api/review/stories?page=2").json()
    assert (second["total"], second["pages"], len(second["rows"])) == (103, 2, 3)
    assert second["prev_url"] == "/stories" and second["next_url"] is None
    assert second["rows"][-1]["story"]["id"] == CRAFTED_STORY  # the oldest activity, last


def test_stories_twin_serves_what_the_stories_api_lists(
    client: Client, service: Service, crafted: Crafted
) -> None:
    stories_beside(service)
    twin = client.get("/api/review/stories").json()
    api = client.get("/api/stories").json()["items"]
    assert [r["story"] for r in twin["rows"]] == api
    assert twin["rows"][1]["open_url"] == "/?story=crafted&status=open"


def test_story_menus_name_stories_by_title_on_the_queue_and_the_articles(
    client: Client, service: Service, crafted: Crafted
) -> None:
    stories_beside(service)
    queue = page(client, f"/?story={CRAFTED_STORY}")
    assert '<option value="crafted" selected>Troops at the front (crafted)</option>' in queue
    assert queue.index('value="quiet-harbour"') < queue.index('value="crafted"')
    articles = page(client, "/articles?story=quiet-harbour")
    assert '<option value="quiet-harbour" selected>' in articles
    assert articles.count("<tr>") == 1 + 1
    assert page(client, "/articles?story=").count("<tr>") == 1 + 6
    # a story with no row of its own, or beyond the menu, is still offered when filtered by
    assert '<option value="elsewhere" selected>elsewhere</option>' in page(
        client, "/?story=elsewhere")
    assert client.get("/api/review/articles?story=crafted").json()["story_choices"][0] == {
        "id": "quiet-harbour", "title": QUIET}
