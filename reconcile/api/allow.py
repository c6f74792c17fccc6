"""The Allow header of OPTIONS answers names every method of the path.

Litestar 2 answers OPTIONS with the methods the path had when its first handler was
registered, so a controller's second method on one path (PATCH beside GET on
/api/conflicts/{id}) was missing from it. The app's own map of paths to methods is complete.
"""

from __future__ import annotations

import re

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

_TYPES = re.compile(r":[^}]*}")


def correct_allow(message: Message, scope: Scope) -> None:
    """A before_send hook."""
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    # The map's paths keep their parameters' types ({id:int}); the scope's template does not.
    template = scope.get("path_template", "")
    methods = next((m for path, m in scope["app"].route_handler_method_map.items()
                    if _TYPES.sub("}", path) == template), None)
    headers = MutableScopeHeaders.from_message(message)
    if methods and "allow" in headers:
        headers["allow"] = ", ".join(sorted(methods))
