from __future__ import annotations

import pytest

from reconcile.errors import FetchFailed
from reconcile.web.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    MAX_REDIRECTS,
    USER_AGENT,
    Fetcher,
    is_public,
)
from tests.webserver import Route, serve

HTML = "<html><body><p>hello</p></body></html>"


def _names(mapping: dict[str, str]) -> object:
    def resolver(host: str, port: int) -> list[str]:
        return [mapping.get(host, host)]
    return resolver


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.216.34", True), ("2606:4700::1111", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("::1", False), ("fe80::1", False), ("fc00::1", False),
    ("0.0.0.0", False), ("100.64.0.1", False), ("224.0.0.1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
])
def test_only_public_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_a_host_resolving_to_a_private_address_is_refused_without_the_setting() -> None:
    with serve({"/a": Route(HTML)}) as site:
        fetcher = Fetcher(resolver=_names({"news.test": "127.0.0.1"}))
        url = site.url("/a").replace("127.0.0.1", "news.test")
        with pytest.raises(FetchFailed, match="RECONCILE_FETCH_ALLOW_PRIVATE") as caught:
            fetcher.get(url, HTML_TYPES)
        assert caught.value.extra["errors"][0]["field"] == "url"
        assert site.requests == []


def test_the_connection_goes_to_the_checked_address_under_the_host_name() -> None:
    with serve({"/a": Route(HTML)}) as site:
        fetcher = Fetcher(resolver=_names({"news.test": "127.0.0.1"}), allow_private=True)
        url = site.url("/a").replace("127.0.0.1", "news.test")
        fetched = fetcher.get(url, HTML_TYPES)
        assert fetched.body == HTML.encode() and fetched.url == url
        headers = site.requests[0][1]
        assert headers["Host"] == url.split("/")[2]
        assert headers["User-Agent"] == USER_AGENT


def test_each_redirect_is_checked_again() -> None:
    with serve({"/a": Route(status=302, headers={"Location": "/b"}),
                "/b": Route(HTML)}) as site:
        port = site.base.rsplit(":", 1)[1]
        site.routes["/b"] = Route(status=302, headers={
            "Location": f"http://intranet.test:{port}/c"})
        fetcher = Fetcher(resolver=_names({"news.test": "127.0.0.1",
                                           "intranet.test": "127.0.0.2"}),
                          allowed=lambda address: address == "127.0.0.1")
        with pytest.raises(FetchFailed, match=r"intranet\.test resolves to a private"):
            fetcher.get(f"http://news.test:{port}/a", HTML_TYPES)
        assert site.hits("/c") == 0


def test_redirects_are_followed_up_to_the_limit() -> None:
    routes = {f"/{i}": Route(status=301, headers={"Location": f"/{i + 1}"})
              for i in range(MAX_REDIRECTS + 1)}
    routes[f"/{MAX_REDIRECTS}"] = Route(HTML)
    with serve(routes) as site:
        fetcher = Fetcher(allow_private=True)
        assert fetcher.get(site.url("/0"), HTML_TYPES).url == site.url(f"/{MAX_REDIRECTS}")
        routes[f"/{MAX_REDIRECTS}"] = Route(status=301, headers={
            "Location": f"/{MAX_REDIRECTS + 1}"})
        with pytest.raises(FetchFailed, match="redirects"):
            fetcher.get(site.url("/0"), HTML_TYPES)


def test_an_error_status_is_refused_naming_it() -> None:
    with serve({}) as site, pytest.raises(FetchFailed, match="404"):
        Fetcher(allow_private=True).get(site.url("/missing"), HTML_TYPES)


def test_a_body_of_another_type_is_refused() -> None:
    with serve({"/x.pdf": Route(b"%PDF-1.4", headers={"Content-Type": "application/pdf"})}
               ) as site, pytest.raises(FetchFailed, match="application/pdf, not"):
        Fetcher(allow_private=True).get(site.url("/x.pdf"), HTML_TYPES)


def test_a_body_over_the_size_limit_is_refused() -> None:
    with serve({"/big": Route("x" * 5000)}) as site, pytest.raises(FetchFailed, match="limit"):
        Fetcher(allow_private=True, max_bytes=1000).get(site.url("/big"), HTML_TYPES)


def test_an_unreachable_host_is_refused() -> None:
    with serve({}) as site:
        closed = site.base
    with pytest.raises(FetchFailed, match="cannot connect"):
        Fetcher(allow_private=True).get(closed + "/a", HTML_TYPES)


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "http:///a"])
def test_only_http_urls_with_a_host_are_fetched(url: str) -> None:
    with pytest.raises(FetchFailed, match="only http and https"):
        Fetcher().get(url, HTML_TYPES)


def test_a_conditional_get_of_an_unchanged_feed_has_no_body() -> None:
    rss = Route("<rss/>", headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})
    with serve({"/feed": rss}) as site:
        fetcher = Fetcher(allow_private=True)
        first = fetcher.get(site.url("/feed"), FEED_TYPES)
        assert first.etag == '"v1"' and not first.not_modified
        again = fetcher.get(site.url("/feed"), FEED_TYPES, etag=first.etag)
        assert again.not_modified and again.body == b""
        assert site.requests[1][1]["If-None-Match"] == '"v1"'
