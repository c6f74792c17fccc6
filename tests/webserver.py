"""A local HTTP server in a thread, for tests that fetch pages and feeds: nothing leaves the
machine. Routes map a path to (status, headers, body); every request is recorded."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {
        "Content-Type": "text/html; charset=utf-8"})


@dataclass
class Served:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Served]:
    served = Served("", routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.requests.append((self.path, dict(self.headers.items())))
            route = served.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            body = route.body.encode() if isinstance(route.body, str) else route.body
            etag = route.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def page(*, outlet: str, title: str, published: str | None, paragraphs: list[str]) -> str:
    """A news page as sites publish them: the article inside menus, a cookie banner, "most
    read" links, a footer and scripts, each full of words and figures of its own."""
    meta = [f'<meta property="og:site_name" content="{outlet}">',
            f'<meta property="og:title" content="{title}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
{"".join(meta)}
<script>window.dataLayer = [{{"section": "world", "visits": 99999}}];</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe for 1 dollar</a></li>
</ul></nav></header>
<div id="cookie-banner" class="cookie-consent"><p>We and our 743 partners use cookies to
personalise content. Accept to continue reading.</p><button>Accept all</button>
<button>Manage preferences</button></div>
<main><article>
<h1>{title}</h1>
<p class="byline">By Staff Reporter</p>
{body}
</article></main>
<aside class="most-read"><h2>Most read</h2><ol>
<li><a href="/a">Storm leaves 5,000 homes without power in the valley</a></li>
<li><a href="/b">Lottery winner claims 45 million prize after six weeks</a></li>
<li><a href="/c">Mayor resigns after 18 months in office amid protests</a></li>
</ol></aside>
<footer><p>Copyright 2025 {outlet}. All rights reserved. 221 Harbour Road, 12 floors of news.
</p><a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
<script>console.log("loaded 77 modules in 350 ms");</script>
</body></html>"""


BOILERPLATE = ("Home", "Subscribe", "cookies", "Accept all", "Most read", "Storm leaves",
               "Lottery", "Mayor resigns", "Copyright", "Privacy", "dataLayer", "modules",
               "Staff Reporter")
