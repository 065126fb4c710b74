"""The RCML document server as a plain ASGI application.

``RcmlApp`` answers from one checked, immutable :class:`~rcml.site.Site` snapshot (read
once per request from a :class:`~rcml.server.reload.SiteHolder`), so it runs in any ASGI server:
``rcml serve``, ``uvicorn --factory rcml.server:app_from_env``, gunicorn with uvicorn workers.

What it answers:

* ``GET``, ``HEAD`` and ``POST`` (Restcomm's default) for every document, template and media
  file; any other method ``405`` with ``Allow``.
* Static documents: ``200`` with their ETag, ``Cache-Control: no-cache``, and ``304`` on a
  matching ``If-None-Match``. Templates: rendered with the request's values (query string, form
  body over it), validated in every context the site checked them in, ``no-store``; a rendering
  that fails is ``500`` (so Restcomm's FallbackUrl fires) and its findings are logged.
* Anything else is ``404`` with a plain-text body, which can never run as RCML.
* ``/healthz`` (never behind auth) and an HTML index at ``/`` unless the site has ``/index.xml``.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from urllib.parse import quote

from rcml.core import Finding, Limits
from rcml.core.options import Context
from rcml.engine import check_document
from rcml.server.auth import BasicAuth
from rcml.server.http import (
    BadRequest,
    Receive,
    Scope,
    Send,
    header,
    loggable,
    read_body,
    request_values,
    respond,
    safe_route,
)
from rcml.server.index import render_index
from rcml.server.reload import SiteHolder
from rcml.site import Resource, Site
from rcml.templating import TemplateError, render

ALLOWED = "GET, HEAD, POST"
MAX_BODY = 64 * 1024
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
access_log = logging.getLogger("rcml.server.access")
log = logging.getLogger("rcml.server")


CACHED_BODY_MAX = 16 * 1024
_NOSNIFF = (b"x-content-type-options", b"nosniff")
_NO_STORE = (b"cache-control", b"no-store")


@functools.lru_cache(maxsize=4096)
def _cached_errors(document: bytes, context: Context, limits: Limits) -> tuple[Finding, ...]:
    return tuple(f for f in check_document(document, context, limits) if f.is_error)


def rendering_errors(document: bytes, context: Context, limits: Limits) -> tuple[Finding, ...]:
    """The error findings of a rendered document, as the site check finds them at load.

    Validation depends only on the bytes, the context and the limits, so the verdict on a small
    document is remembered (LRU): templates whose output depends on a few choices (``Digits``)
    render the same bytes again and again. Distinct bytes are always validated.
    """
    if len(document) > CACHED_BODY_MAX:
        return tuple(f for f in check_document(document, context, limits) if f.is_error)
    return _cached_errors(document, context, limits)


class Routes:
    """What the app precomputes for one snapshot: the route of each raw path that names a
    resource most plainly, and each static resource's response headers."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.raw: dict[bytes, str] = {}
        for route in site.resources:
            raw = quote(route, safe="/").encode("ascii")
            if safe_route(raw) == route:  # the same answer as parsing the path: a shortcut only
                self.raw[raw] = route
        self.headers = {
            route: [
                (b"content-type", resource.content_type.encode("latin-1")),
                (b"content-length", str(len(resource.body)).encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"etag", resource.etag.encode("latin-1")),
                (b"cache-control", b"no-cache"),
            ]
            for route, resource in site.resources.items()
            if resource.kind != "template"
        }


class RcmlApp:
    """An ASGI application serving one site. ``site`` may be a Site or a SiteHolder."""

    def __init__(
        self,
        site: Site | SiteHolder,
        *,
        auth: BasicAuth | None = None,
        max_body: int = MAX_BODY,
        on_startup: Callable[[], None] | None = None,
        on_shutdown: Callable[[], None] | None = None,
    ) -> None:
        self.holder = site if isinstance(site, SiteHolder) else SiteHolder(site)
        self.auth = auth
        self.max_body = max_body
        self._on_startup = on_startup
        self._on_shutdown = on_shutdown
        self._routes = Routes(self.holder.site)

    def routes(self, site: Site) -> Routes:
        """The tables of ``site``, built once per snapshot (the holder swaps whole snapshots)."""
        routes = self._routes
        if routes.site is not site:
            routes = self._routes = Routes(site)
        return routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self._on_startup is not None:
                    self._on_startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._on_shutdown is not None:
                    self._on_shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        site = self.holder.site  # one snapshot for the whole request
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        if not access_log.isEnabledFor(logging.INFO):  # no clock, no formatting
            await self._answer(site, scope, raw_path, receive, send)
            return
        started = time.perf_counter()
        status, size = await self._answer(site, scope, raw_path, receive, send)
        client = scope.get("client") or ("-", 0)
        access_log.info(
            '%s "%s %s" %d %d %.1fms',
            client[0],
            scope.get("method", "-"),
            loggable(raw_path),
            status,
            size,
            (time.perf_counter() - started) * 1000,
        )

    async def _answer(
        self, site: Site, scope: Scope, raw_path: bytes, receive: Receive, send: Send
    ) -> tuple[int, int]:
        method: str = scope["method"]
        head = method == "HEAD"
        routes = self.routes(site)
        route = routes.raw.get(raw_path) or safe_route(raw_path)
        if route is None:
            return await _plain(send, 404, "not found\n", head)
        if route == "/healthz":
            return await _plain(send, 200, f"ok {site.version}\n", head)
        if self._refused(route, scope):
            assert self.auth is not None
            extra = {"WWW-Authenticate": self.auth.challenge}
            return await _plain(send, 401, "authentication required\n", head, extra)
        if method not in ("GET", "HEAD", "POST"):
            return await _plain(send, 405, "method not allowed\n", head, {"Allow": ALLOWED})
        if route == "/" and "/index.xml" not in site.resources:
            body = render_index(site, self._hidden())
            await respond(send, 200, body, HTML, head=head, extra={"Cache-Control": "no-cache"})
            return 200, len(body)
        resource = site.resources.get("/index.xml" if route == "/" else route)
        if resource is None:
            return await _plain(send, 404, "not found\n", head)
        try:
            body = await read_body(receive, self.max_body) if method == "POST" else b""
        except BadRequest as exc:
            return await _plain(send, exc.status, exc.message + "\n", head)
        if resource.kind == "template":
            return await self._rendered(site, resource, scope, body, send, head)
        return await _static(resource, routes.headers[resource.route], scope, send, head)

    def _refused(self, route: str, scope: Scope) -> bool:
        """Whether the route needs credentials that the request does not carry."""
        if self.auth is None or not self.auth.protects(route):
            return False
        return not self.auth.accepts(header(scope, b"authorization"))

    def _hidden(self) -> tuple[str, ...]:
        return self.auth.prefixes if self.auth is not None else ()

    async def _rendered(
        self, site: Site, resource: Resource, scope: Scope, body: bytes, send: Send, head: bool
    ) -> tuple[int, int]:
        try:
            values = request_values(
                scope.get("query_string", b""), header(scope, b"content-type"), body
            )
        except BadRequest as exc:
            return await _plain(send, exc.status, exc.message + "\n", head)
        assert resource.template is not None
        try:
            document = render(resource.template, values)
        except TemplateError as exc:
            log.error("500 %s: template failed: %s", resource.route, exc.message)
            return await _plain(send, 500, "the document could not be rendered\n", head)
        for context in resource.contexts:
            errors = rendering_errors(document, context, site.limits)
            if errors:
                log.error(
                    "500 %s: rendered document is not valid %s RCML:\n%s",
                    resource.route,
                    context,
                    "\n".join("  " + _one_line(str(f)) for f in errors),
                )
                return await _plain(send, 500, "the rendered document is not valid RCML\n", head)
        # What respond() would send, without building it from a dict on every request.
        headers = [
            (b"content-type", resource.content_type.encode("latin-1")),
            (b"content-length", str(len(document)).encode()),
            _NOSNIFF,
            _NO_STORE,
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head else document})
        return 200, len(document)


def _one_line(text: str) -> str:
    """A finding for the log: a caller's value in it must not start a new log line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


async def _plain(
    send: Send, status: int, text: str, head: bool, extra: dict[str, str] | None = None
) -> tuple[int, int]:
    body = text.encode("utf-8")
    headers = {"Cache-Control": "no-store", **(extra or {})}
    await respond(send, status, body, TEXT, head=head, extra=headers)
    return status, len(body)


def _etag_matches(scope: Scope, etag: str) -> bool:
    value = header(scope, b"if-none-match")
    if value is None:
        return False
    tags = [t.strip().removeprefix("W/") for t in value.decode("latin-1").split(",")]
    return "*" in tags or etag in tags


async def _static(
    resource: Resource, headers: list[tuple[bytes, bytes]], scope: Scope, send: Send, head: bool
) -> tuple[int, int]:
    extra = {"ETag": resource.etag, "Cache-Control": "no-cache"}
    if scope["method"] in ("GET", "HEAD") and _etag_matches(scope, resource.etag):
        await respond(send, 304, resource.body, resource.content_type, head=True, extra=extra)
        return 304, 0
    start = {"type": "http.response.start", "status": 200, "headers": headers}
    await send(start)  # headers built once per snapshot: the hot path of static documents
    await send({"type": "http.response.body", "body": b"" if head else resource.body})
    return 200, len(resource.body)
