"""The review dashboard: server-rendered pages over the same store the API uses.

`dashboard(token, secure_cookies)` gives the app factory what to register: the page routes
(with the session cookie, HTML errors and the Content-Security-Policy scoped to them, so API
clients never see cookies or CSRF), the JSON twins of the pages, the static files and the
template engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Router
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from reconcile.dashboard.actions import ActionController, SignInController
from reconcile.dashboard.api import ReviewDataController
from reconcile.dashboard.auth import LiveSessions, session_middleware
from reconcile.dashboard.feeds import FeedPagesController
from reconcile.dashboard.figures import interval_text
from reconcile.dashboard.responses import HTML_HANDLERS, SECURITY_HEADERS
from reconcile.dashboard.text import when
from reconcile.dashboard.views import PageController
from reconcile.domain import format_number

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@dataclass(frozen=True)
class Dashboard:
    routers: list[Router]
    template_config: TemplateConfig[JinjaTemplateEngine]


def environment() -> Environment:
    """Jinja with autoescape on for every template (outlet names and article text are untrusted)
    and undefined names as errors, so a typo in a template fails a test instead of a page."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda x: format_number(float(x)) if x is not None else "—"
    env.filters["when"] = when
    env.filters["interval"] = interval_text
    return env


def dashboard(token: str | None, secure_cookies: bool = False) -> Dashboard:
    headers = [ResponseHeader(name=k, value=v) for k, v in SECURITY_HEADERS.items()]
    pages = Router(
        path="/", route_handlers=[PageController, ActionController, SignInController,
                                   FeedPagesController],
        middleware=[session_middleware(token, secure_cookies), LiveSessions],
        exception_handlers=HTML_HANDLERS,
        response_headers=headers, include_in_schema=False,
    )
    static = create_static_files_router(
        path="/static", directories=[STATIC], name="dashboard-static",
        cache_control=CacheControlHeader(max_age=3600), include_in_schema=False,
    )
    data = Router(path="/", route_handlers=[ReviewDataController], tags=["review dashboard"])
    return Dashboard(
        routers=[pages, data, static],
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(
            environment())),
    )
