"""The review dashboard in a real Chromium: the seeds, the queue, a conflict, decisions.

The server runs the whole app (uvicorn, the real model, PostgreSQL with the seeds loaded) with
RECONCILE_API_TOKEN set, so signing in takes a name and the token. Screenshots of the queue
and of a conflict are saved under tests/browser/screenshots/ (ignored by git) for a person to
look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reconcile.models import ArticleIn
from tests.browser.conftest import Live, Watched
from tests.browser.harness import CHROMIUM, SEED_STORY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"{CHROMIUM} is not installed (apt-get install -y chromium)"),
]

REVIEWER = "Dana Reviewer"
EVIL_OUTLET = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def sign_in(page: Page, live: Live, name: str = REVIEWER, then: str = "/") -> None:
    page.goto(f"/signin?next={then}")
    page.get_by_label("Reviewer name").fill(name)
    page.get_by_label("Service token").fill(live.token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".who")).to_contain_text(f"Reviewing as {name}")


def queue_row(page: Page, text: str) -> object:
    return page.locator("#queue tbody tr").filter(has_text=text)


def test_the_queue_shows_the_two_seed_conflicts_side_by_side(
    watched: Watched, screenshots: Path
) -> None:
    page = watched.page
    page.goto(f"/?story={SEED_STORY}")
    expect(page).to_have_title(re.compile("Conflicts"))
    rows = page.locator("#queue tbody tr")
    # The page shows what its JSON twin says, row by row and side by side.
    twin = page.request.get(f"/api/review/queue?story={SEED_STORY}").json()
    expect(rows).to_have_count(len(twin["rows"]))
    for data in twin["rows"]:
        row = page.locator(f"#conflict-row-{data['id']}")
        expect(row.locator("a.open")).to_have_text(data["subject"])
        sides = row.locator(".side")
        expect(sides).to_have_count(len(data["positions"]))
        for i, side in enumerate(data["positions"]):
            expect(sides.nth(i)).to_contain_text(side["range"])
            expect(sides.nth(i)).to_contain_text(", ".join(side["outlets"]))
            if side["difference"]:
                expect(sides.nth(i)).to_contain_text(side["difference"])
            expect(sides.nth(i).locator(".tick")).to_have_count(1 if side["consensus"] else 0)
    # The seeds' two conflicts (seeds/README.md): 11,000 vs 12,000 troops, and a quote
    # credited to Kondratenko by most outlets but to Spohr by the Eastbridge Chronicle.
    numeric = rows.filter(has=page.get_by_role("link", name="troops", exact=True))
    expect(numeric).to_have_count(1)
    expect(numeric.locator(".side").nth(0)).to_contain_text("11,000")
    expect(numeric.locator(".side").nth(0)).to_contain_text("The Harbour Gazette")
    expect(numeric.locator(".side").nth(1)).to_contain_text("12,000")
    expect(numeric.locator(".side").nth(1)).to_contain_text("The Meridian Post")
    # The ✓ marks the side holding truth discovery's consensus, 11,000 troops.
    expect(numeric.locator(".side").nth(0).locator(".tick")).to_have_attribute(
        "title", "consensus: 11,000 troops")
    expect(numeric.locator(".side").nth(1).locator(".tick")).to_have_count(0)
    expect(numeric.locator(".side").nth(1)).to_contain_text("+1,000 (+9.1%)")
    attribution = rows.filter(has_text="We believe")
    expect(attribution).to_have_count(1)
    expect(attribution).to_contain_text("Kondratenko")
    expect(attribution).to_contain_text("Spohr")
    expect(attribution).to_contain_text("Eastbridge Chronicle")
    expect(attribution.locator(".tick")).to_have_count(0)  # attributions have no value
    # Open conflicts first, most severe first.
    severities = [float(s) for s in rows.locator(".sev .num").all_inner_texts()]
    assert severities == sorted(severities, reverse=True)
    expect(page.locator("#status-tabs")).to_contain_text(f"Open {rows.count()}")
    expect(page.get_by_role("link", name="This queue as JSON")).to_have_attribute(
        "href", f"/api/review/queue?story={SEED_STORY}")
    expect(page.locator("#shortcuts")).to_contain_text("next / previous conflict")
    page.screenshot(path=str(screenshots / "queue.png"), full_page=True)
    assert watched.errors == []


def test_twenty_conflicts_fit_on_a_laptop_screen(watched: Watched) -> None:
    page = watched.page
    page.goto(f"/?story={SEED_STORY}")
    row = page.locator("#queue tbody tr").first.bounding_box()
    table = page.locator("#queue tbody").bounding_box()
    assert row is not None and table is not None
    assert table["y"] + 20 * row["height"] <= 900, (table["y"], row["height"])


def test_search_and_filters_narrow_the_queue(watched: Watched) -> None:
    page = watched.page
    page.goto("/")
    page.get_by_label("Search claim text").fill("withdrawal")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.locator("#queue tbody tr")).to_contain_text("We believe")
    page.goto("/")
    page.get_by_label("Kind").select_option("numeric")
    page.get_by_label("Outlet").select_option("The Meridian Post")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.locator("#queue tbody tr")).to_contain_text("12,000")
    assert watched.errors == []


def test_the_stories_page_finds_a_story_and_opens_its_conflicts(watched: Watched) -> None:
    page = watched.page
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories").click()
    expect(page).to_have_title(re.compile("Stories"))
    twin = page.request.get("/api/review/stories").json()
    expect(page.locator("#stories tbody tr")).to_have_count(len(twin["rows"]))
    page.get_by_label("Search titles and ids").fill(SEED_STORY)
    page.get_by_role("button", name="Search").click()
    row = page.locator("#stories tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(SEED_STORY)
    row.get_by_role("link", name="conflicts").click()
    expect(page).to_have_url(re.compile(rf"/\?story={SEED_STORY}$"))
    expect(page.get_by_label("Story")).to_have_value(SEED_STORY)
    expect(page.locator("#queue tbody tr")).to_have_count(
        len(page.request.get(f"/api/review/queue?story={SEED_STORY}").json()["rows"]))
    assert watched.errors == []


def test_outlets_and_sources_show_truths_reliability(watched: Watched,
                                                     screenshots: Path) -> None:
    """Before any review decision: the seeds' outlets as truth discovery scores them."""
    page = watched.page
    page.goto("/outlets")
    twin = page.request.get("/api/review/outlets").json()["outlets"]
    api = {s["name"]: s for s in page.request.get("/api/sources?kind=outlet").json()["items"]}
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(len(twin))
    for data in twin:
        row = rows.filter(has=page.get_by_role("link", name=data["outlet"], exact=True))
        expected = api.get(data["outlet"])
        if expected is None:
            expect(row).to_contain_text("—")
            continue
        expect(row.locator(".rel .num")).to_have_text(f"{expected['reliability']:.2f}")
        expect(row).to_contain_text(f"{expected['agree']} of {expected['compared']}")
    meridian = api["The Meridian Post"]["reliability"]
    harbour = api["The Harbour Gazette"]["reliability"]
    assert meridian < harbour
    # The bar says the same: Meridian's is shorter.
    bars = {name: page.locator("table.list tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)).locator(".rel rect.fill")
        for name in ["The Meridian Post", "The Harbour Gazette"]}
    widths = {n: float(b.get_attribute("width") or 0) for n, b in bars.items()}
    assert widths["The Meridian Post"] < widths["The Harbour Gazette"]
    page.screenshot(path=str(screenshots / "outlets.png"), full_page=True)
    page.get_by_role("link", name="The Meridian Post", exact=True).click()
    expect(page.locator("#reliability")).to_contain_text(f"{meridian:.2f}")
    expect(page.locator("#reliability")).to_contain_text("agrees with the consensus on 0 of 1")
    expect(page.locator(".claims-list")).to_contain_text("against the consensus (11,000 troops)")
    page.goto("/sources")
    expect(page.locator("table.list")).to_contain_text("Kondratenko")
    page.screenshot(path=str(screenshots / "sources.png"), full_page=True)
    assert watched.errors == []


def test_open_a_conflict_and_resolve_it_with_a_value_and_a_note(
    watched: Watched, live: Live, screenshots: Path
) -> None:
    page = watched.page
    sign_in(page, live)
    page.goto(f"/?story={SEED_STORY}")
    page.get_by_role("link", name="troops", exact=True).click()
    expect(page.locator("h1")).to_contain_text("troops: 11,000 vs 12,000")
    twin = page.request.get(page.url.replace("/conflicts/", "/api/review/conflicts/")).json()
    # Every claim side by side, its sentence in context, figure and source highlighted.
    columns = page.locator(".column")
    expect(columns).to_have_count(len(twin["columns"]))
    for i, column in enumerate(twin["columns"]):
        expect(columns.nth(i).locator(".card")).to_have_count(len(column["cards"]))
    meridian = page.locator(".card").filter(has_text="The Meridian Post")
    expect(meridian.locator("mark.m-figure")).to_have_text("12,000")
    expect(meridian.locator("mark.m-source").first).to_contain_text("South Korean")
    expect(meridian.locator(".context")).to_contain_text("Ukrainian officials")  # a neighbour
    expect(meridian.get_by_role("link", name=re.compile("^Article"))).to_have_attribute(
        "href", re.compile(r"^/articles/\d+#claim-\d+$"))
    # The consensus is truth discovery's: 11,000 troops, backed by three outlets.
    consensus = page.locator("#consensus")
    expect(consensus.locator("#consensus-value")).to_have_text("11,000 troops")
    expect(consensus).to_contain_text("backed by 3 outlets: Northern Ledger, The Continental "
                                      "Dispatch, The Harbour Gazette")
    expect(consensus).not_to_contain_text("accepted by a reviewer")
    expect(columns.nth(0).locator("h3 .tick")).to_have_text("✓ consensus")
    expect(columns.nth(1).locator("h3")).to_contain_text("+1,000 (+9.1%) vs consensus")
    chart = page.locator("svg.chart")
    expect(chart.locator("circle.dot")).to_have_count(len(twin["conflict"]["claims"]))
    expect(chart.locator("text.tick-label").first).to_be_visible()
    expect(chart.locator("line.marker")).to_have_count(1)
    expect(chart.locator("text.band-label")).to_have_text("consensus 11,000")
    expect(page.locator("ol.timeline li")).to_have_count(len(twin["timeline"]))
    page.screenshot(path=str(screenshots / "conflict.png"), full_page=True)

    # Resolve without a full reload: a marker set on this window must survive the action.
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Accepted value").fill("12,000")
    page.get_by_label("Note: why this answer").fill("The defence ministry's final count is 12,000.")
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("#review-status")).to_have_text("resolved")
    expect(page.locator("#status-badge")).to_contain_text("resolved")
    expect(page.locator("#flash")).to_have_text("Resolved conflict.")
    entry = page.locator("ol.audit > li").first
    expect(entry).to_contain_text(REVIEWER)
    expect(entry).to_contain_text("resolved")
    expect(entry).to_contain_text("status: open → resolved")
    expect(entry).to_contain_text("accepted value: — → 12,000")
    expect(page.locator("#review-accepted")).to_have_text("12,000")
    # The accepted value is now the consensus, swapped in with the decision.
    expect(consensus.locator("#consensus-value")).to_have_text("12,000 troops")
    expect(consensus).to_contain_text("accepted by a reviewer")
    expect(consensus).to_contain_text("reported by 1 outlet: The Meridian Post")
    expect(columns.nth(1).locator("h3 .tick")).to_have_text("✓ accepted")
    expect(columns.nth(0).locator("h3 .tick")).to_have_count(0)
    expect(chart.locator("text.band-label")).to_have_text("accepted 12,000")
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(screenshots / "conflict-resolved.png"), full_page=True)

    # Stored, with who, when and what before and after.
    page.reload()
    expect(page.locator("#review-status")).to_have_text("resolved")
    expect(page.locator("#consensus")).to_contain_text("12,000 troops · accepted by a reviewer")
    conflict_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    data = page.request.get(f"/api/conflicts/{conflict_id}").json()
    (event,) = data["events"]
    assert event["actor"] == REVIEWER and event["action"] == "resolved"
    assert event["before"]["status"] == "open" and event["after"]["accepted_value"] == 12000
    assert data["note"] == "The defence ministry's final count is 12,000."
    cluster = page.request.get(f"/api/clusters/{data['cluster_id']}").json()
    (estimate,) = [c for c in cluster["consensus"] if c["measure"] == "troops"]
    assert estimate["value"] == 12000 and estimate["ground_truth"] is True
    # On the queue the ✓ has moved to the accepted side.
    page.goto(f"/?story={SEED_STORY}&kind=numeric")
    sides = page.locator(f"#conflict-row-{conflict_id} .side")
    expect(sides.nth(1).locator(".tick")).to_have_attribute(
        "title", "accepted by a reviewer: 12,000 troops")
    expect(sides.nth(0).locator(".tick")).to_have_count(0)
    assert watched.errors == []


def test_keyboard_shortcuts_move_and_decide(watched: Watched, live: Live) -> None:
    page = watched.page
    sign_in(page, live, name="Kim")
    page.goto(f"/?story={SEED_STORY}&q=withdrawal")
    row = page.locator("#queue tbody tr").first
    expect(row).to_contain_text("We believe")
    page.locator("body").press("j")
    expect(row).to_have_class(re.compile(r"\bcurrent\b"))
    expect(row.locator("a.open")).to_be_focused()
    page.keyboard.press("d")
    expect(row.locator(".badge")).to_have_text("dismissed")
    expect(page.locator("#flash")).to_have_text("Dismissed conflict.")
    expect(page.locator("#status-tabs")).to_contain_text("Dismissed 1")

    # On the conflict: c confirms, and the audit trail shows both decisions.
    page.keyboard.press("o")
    expect(page.locator("h1")).to_contain_text("We believe")
    page.wait_for_load_state()  # the shortcuts' script runs once the document is parsed
    page.keyboard.press("c")
    expect(page.locator("#review-status")).to_have_text("confirmed")
    entries = page.locator("ol.audit > li")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("Kim confirmed")
    expect(entries.nth(1)).to_contain_text("Kim dismissed")
    # r jumps to the resolve form; ? hides the shortcut list.
    page.keyboard.press("r")
    expect(page.get_by_label("Credit the statement to")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_hidden()
    assert watched.errors == []


def test_bulk_confirm_from_the_queue(watched: Watched, live: Live) -> None:
    base = {"story": "bulk-check", "published_at": "2025-03-01T09:00:00Z"}
    live.service.ingestor.ingest(ArticleIn.model_validate({**base, "outlet": "North Desk",
        "text": "The storm destroyed 12 houses in the valley. Officials said 40 ferries were "
                "cancelled across the strait."}))
    live.service.ingestor.ingest(ArticleIn.model_validate({**base, "outlet": "South Desk",
        "text": "The storm destroyed 30 houses in the valley. Officials said 55 ferries were "
                "cancelled across the strait."}))
    page = watched.page
    sign_in(page, live, name="Lee")
    page.goto("/?story=bulk-check")
    rows = page.locator("#queue tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_label("Select all conflicts on this page").check()
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(rows.locator(".badge")).to_have_text(["confirmed", "confirmed"])
    expect(page.locator("#flash")).to_have_text("Confirmed 2 conflicts.")
    expect(page.locator("#status-tabs")).to_contain_text("Confirmed 2")
    assert watched.errors == []


def test_a_script_in_an_outlet_name_is_shown_as_text(watched: Watched, live: Live) -> None:
    base = {"story": "xss-check", "published_at": "2025-03-01T09:00:00Z"}
    live.service.ingestor.ingest(ArticleIn.model_validate({**base, "outlet": EVIL_OUTLET,
        "text": "Officials said 40 ferries were cancelled on Monday <b>because</b> of the storm."}))
    live.service.ingestor.ingest(ArticleIn.model_validate({**base, "outlet": "Calm Courier",
        "text": "Officials said 55 ferries were cancelled on Monday because of the storm."}))
    page = watched.page
    page.goto("/?story=xss-check")
    row = page.locator("#queue tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("<script>window.__pwned = 1</script>")
    row.locator("a.open").click()
    expect(page.locator(".card").first).to_contain_text("<script>window.__pwned = 1</script>")
    expect(page.locator(".card").first).to_contain_text("<b>because</b>")
    page.goto("/outlets")
    expect(page.locator("table")).to_contain_text("<img src=x onerror=")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main script, main img").count() == 0
    assert watched.errors == []


def test_every_page_links_to_its_json(watched: Watched, screenshots: Path) -> None:
    page = watched.page
    page.goto(f"/?story={SEED_STORY}")
    cluster = page.request.get(f"/api/review/queue?story={SEED_STORY}").json()["rows"][0]
    page.goto(cluster["url"])
    cluster_url = page.locator(".facts a", has_text="cluster").get_attribute("href")
    article_url = page.locator(".card a", has_text="Article").first.get_attribute("href")
    assert cluster_url and article_url
    for path, shot in [("/", None), (cluster_url, "cluster"), (article_url, "article"),
                       ("/articles", None), ("/outlets", None), ("/sources", None),
                       ("/stories", None),
                       ("/outlet?name=The+Meridian+Post", None)]:
        page.goto(path)
        link = page.locator("footer a", has_text="This page as JSON")
        href = link.get_attribute("href")
        assert href is not None and href.startswith("/api/review/")
        assert page.request.get(href).ok
        if shot:
            page.screenshot(path=str(screenshots / f"{shot}.png"), full_page=True)
    assert watched.errors == []


def test_controls_are_labelled_and_focus_starts_at_the_skip_link(watched: Watched,
                                                                 live: Live) -> None:
    page = watched.page
    sign_in(page, live, name="Ari")
    unlabelled = """() => Array.from(document.querySelectorAll(
        'input:not([type=hidden]), select, textarea, button')).filter(el =>
        !(el.labels && el.labels.length) && !el.getAttribute('aria-label') &&
        !el.textContent.trim()).map(el => el.outerHTML)"""
    page.goto(f"/?story={SEED_STORY}")
    assert page.evaluate(unlabelled) == []
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.locator("#queue a.open").first.click()
    assert page.evaluate(unlabelled) == []
    assert page.locator("html").get_attribute("lang") == "en"
    assert watched.errors == []
