"""One HTTP client for every page and feed the service fetches, safe to point at any URL.

Whoever may post an article or register a feed chooses what this server fetches, so every
fetch is bounded (connect and read timeouts, a total deadline, a size limit, a redirect
limit), checked (http or https only, the content type it asked for) and, unless
RECONCILE_FETCH_ALLOW_PRIVATE is set, kept off this machine and its network: each hop's host
is resolved once, every address it resolves to must be public, and the connection goes to that
checked address (Host header and TLS server name kept), so a name that resolves to a public
address when checked cannot point to a private one when connected (DNS rebinding). Redirects
are followed here, hop by hop, through the same check.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from reconcile import __version__
from reconcile.errors import FetchFailed

log = logging.getLogger(__name__)

USER_AGENT = (f"reconcile/{__version__} (news claim reconciliation; fetches pages and feeds "
              "its users submit)")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/x-rss+xml"})
MAX_REDIRECTS = 5
CONNECT_TIMEOUT_S = 5.0

Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (the system resolver)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses,
    and for IPv6 forms that embed one (IPv4-mapped, 6to4 and the like)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class Fetched:
    """A response that passed every check: 200, an accepted type, within the size limit."""

    url: str  # where it was found, after redirects
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a conditional GET answered 304: no body


class Fetcher:
    """Thread-safe: one per process, shared by the API's handlers and the feed poller."""

    def __init__(self, *, timeout_s: float = 10.0, max_bytes: int = 5_000_000,
                 allow_private: bool = False, resolver: Resolver = resolve,
                 allowed: Callable[[str], bool] = is_public) -> None:
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.resolver = resolver
        self.allowed = allowed
        # No environment proxies: the connection must go to the address checked here. No
        # kept-alive connections: one to a checked address must not carry another host's request.
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s)),
            follow_redirects=False, trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, accept: Collection[str], *, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """The body at `url`, following up to MAX_REDIRECTS redirects; FetchFailed says why
        not. With `etag`/`last_modified` (a conditional GET) an unchanged resource comes back
        with not_modified=True and no body."""
        deadline = time.monotonic() + self.timeout_s
        headers = {"Accept": ", ".join(sorted(accept)) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            response = self._send(url, headers)
            try:
                if response.has_redirect_location:
                    location = response.headers.get("location", "")
                    url = urljoin(url, location)
                    continue
                if response.status_code == 304 and (etag or last_modified):
                    return Fetched(url, "", b"", etag, last_modified, not_modified=True)
                if response.status_code != 200:
                    raise FetchFailed(f"{url} answered {response.status_code} "
                                      f"{response.reason_phrase}".rstrip())
                content_type = response.headers.get("content-type", "").split(";")[0].strip()
                if content_type.lower() not in accept:
                    raise FetchFailed(f"{url} is {content_type or 'of no stated type'}, not "
                                      f"{' or '.join(sorted(accept))}")
                body = self._read(response, url, deadline)
                return Fetched(url, content_type.lower(), body, response.headers.get("etag"),
                               response.headers.get("last-modified"))
            finally:
                response.close()
        raise FetchFailed(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _send(self, url: str, headers: dict[str, str]) -> httpx.Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchFailed(f"{url}: only http and https URLs with a host are fetched")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self._address(parts.hostname, port)
        host = f"[{address}]" if ":" in address else address
        pinned = urlunsplit((parts.scheme, f"{host}:{port}", parts.path or "/", parts.query, ""))
        request = self.client.build_request(
            "GET", pinned, headers={**headers, "Host": parts.netloc.rpartition("@")[2]},
            extensions={"sni_hostname": parts.hostname})
        try:
            return self.client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise FetchFailed(f"{url}: no answer within {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(f"{url}: cannot connect ({type(exc).__name__})") from exc

    def _address(self, host: str, port: int) -> str:
        """The address to connect to: the first one `host` resolves to, when all are allowed."""
        addresses = self.resolver(host, port)
        if not addresses:
            raise FetchFailed(f"cannot resolve {host}")
        if not self.allow_private:
            blocked = [a for a in addresses if not self.allowed(a)]
            if blocked:
                log.warning("fetch refused", extra={"action": "fetch", "host": host,
                                                    "address": blocked[0]})
                raise FetchFailed(f"{host} resolves to a private or local address ({blocked[0]});"
                                  " set RECONCILE_FETCH_ALLOW_PRIVATE=1 to fetch from it")
        return addresses[0]

    def _read(self, response: httpx.Response, url: str, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchFailed(f"{url} is {declared} bytes; the limit is {self.max_bytes}")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchFailed(f"{url} is over the limit of {self.max_bytes} bytes")
                # A server trickling bytes stays under every read timeout: the deadline is total.
                if time.monotonic() > deadline:
                    raise FetchFailed(f"{url}: not received within {self.timeout_s:g} s")
                chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise FetchFailed(f"{url}: the transfer failed ({type(exc).__name__})") from exc
        return b"".join(chunks)
