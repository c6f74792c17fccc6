"""GET /api/articles: newest first, filtered by story and outlet, paged by cursor."""

from __future__ import annotations

from litestar.testing import TestClient


def _post(client: TestClient, outlet: str, story: str, n: int) -> int:  # type: ignore[type-arg]
    r = client.post("/api/articles", json={
        "outlet": outlet, "story": story,
        "text": f"Officials said {n} ferries were cancelled on the northern route."})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_articles_are_listed_newest_first_with_their_claims(
        client: TestClient) -> None:  # type: ignore[type-arg]
    ids = [_post(client, "A", "s", n) for n in (3, 4, 5)]
    items = client.get("/api/articles").json()["items"]
    assert [a["id"] for a in items] == ids[::-1]
    assert items[0]["claims"][0]["text"].startswith("Officials said 5 ferries")
    assert items[0]["claims"][0]["article_id"] == ids[-1]


def test_articles_are_filtered_by_story_and_outlet(
        client: TestClient) -> None:  # type: ignore[type-arg]
    a = _post(client, "A", "s1", 3)
    b = _post(client, "B", "s1", 4)
    c = _post(client, "A", "s2", 5)

    def ids(query: str) -> list[int]:
        return [x["id"] for x in client.get(f"/api/articles?{query}").json()["items"]]

    assert ids("story=s1") == [b, a]
    assert ids("outlet=A") == [c, a]
    assert ids("story=s1&outlet=A") == [a]
    assert ids("story=nowhere") == []


def test_pages_of_articles_walk_every_article_once(
        client: TestClient) -> None:  # type: ignore[type-arg]
    posted = {_post(client, f"O{i}", "s", i + 3) for i in range(7)}
    seen: list[int] = []
    url = "/api/articles?limit=3"
    while url:
        page = client.get(url).json()
        seen += [a["id"] for a in page["items"]]
        url = f"/api/articles?limit=3&cursor={page['next']}" if page["next"] else ""
    assert seen == sorted(posted, reverse=True)


def test_the_list_follows_new_articles(client: TestClient) -> None:  # type: ignore[type-arg]
    _post(client, "A", "s", 3)
    first = client.get("/api/articles?story=s")
    assert client.get("/api/articles?story=s",
                      headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    _post(client, "B", "s", 4)
    again = client.get("/api/articles?story=s", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200 and len(again.json()["items"]) == 2


def test_a_limit_out_of_range_is_a_problem(client: TestClient) -> None:  # type: ignore[type-arg]
    for limit in (0, 1001, -1):
        r = client.get(f"/api/articles?limit={limit}")
        assert r.status_code in (400, 422)
        assert r.headers["content-type"].startswith("application/problem+json")
