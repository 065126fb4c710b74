"""A tiny ASGI application whose every answer is set by the test: status, headers, body.

The site server (`rcml serve`'s app) always answers well; Restcomm's HTTP quirks show with
answers it never gives (a 404 with an empty body, a 302 to a POST, a 401 challenge, a
text/plain document), so those cases run against this app instead.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

XML = "text/xml"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    content_type: str | None = XML
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    user: str | None = None  # Basic credentials "user:password" this route asks for


@dataclass
class App:
    """Answers each path from ``routes``; records what it was asked."""

    routes: Mapping[str, Answer]
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        assert scope["type"] == "http"
        message = await receive()
        headers = {bytes(k).decode(): bytes(v).decode() for k, v in scope["headers"]}
        self.seen.append({"method": scope["method"], "path": scope["path"],
                          "query": scope["query_string"].decode(), "headers": headers,
                          "body": message.get("body", b"").decode()})
        answer = self.routes.get(scope["path"], Answer(404, "text/plain", "not found"))
        if answer.user is not None:
            token = "Basic " + base64.b64encode(answer.user.encode()).decode()
            if headers.get("authorization") != token:
                answer = Answer(401, "text/plain", "", (("www-authenticate", 'Basic realm="x"'),))
        body = answer.body.encode()
        out = [(b"content-length", str(len(body)).encode())]
        if answer.content_type is not None:
            out.append((b"content-type", answer.content_type.encode()))
        out += [(k.encode(), v.encode()) for k, v in answer.headers]
        await send({"type": "http.response.start", "status": answer.status, "headers": out})
        await send({"type": "http.response.body", "body": body})


def response(verbs: str) -> str:
    return f"<Response>{verbs}</Response>"
