"""`rcml serve`: check a site and serve it with uvicorn, reloading on SIGHUP or on change."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rcml.core.options import CONTEXTS
from rcml.resources import data_dir
from rcml.server import BasicAuth, RcmlApp, Reloader, SiteHolder, load_site
from rcml.server.auth import ENV_AUTH
from rcml.server.guard import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_REQUEST_TIMEOUT,
    ConnectionLimits,
    fit_descriptor_limit,
    guarded,
)
from rcml.site import Site, site_report

if TYPE_CHECKING:  # uvicorn is imported only when a server starts (keeps `rcml` start-up fast)
    import uvicorn

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _load(root: Path, context: str, base_url: str | None) -> Site:
    try:
        return load_site(root, context=context, base_url=base_url)
    except OSError as exc:
        raise click.UsageError(f"{root}: {exc.strerror or exc}") from None


def bind(host: str, port: int) -> socket.socket:
    """The listening socket (a deep backlog: a burst of calls must not see refused connects)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def uvicorn_config(
    app: Any, log_level: str, limits: ConnectionLimits | None = None
) -> uvicorn.Config:
    """How `rcml serve` runs an app (the benchmark's floor server runs the same): uvicorn's
    HTTP protocol under the connection limits of :mod:`rcml.server.guard`."""
    import uvicorn

    return uvicorn.Config(
        app,
        log_config=None,
        access_log=False,  # uvicorn's would log query strings; ours leaves them out
        log_level=log_level,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=5,  # idle after an answer; the guard bounds idle before a request
        server_header=False,
        lifespan="on",
        http=guarded(protocol_class("auto"), limits or ConnectionLimits()),
    )


def protocol_class(http: Any) -> type[asyncio.Protocol]:
    """The class uvicorn runs for its ``http`` setting (a class, or a name such as "auto"),
    looked up in uvicorn's own table of names, as ``uvicorn --http NAME`` does."""
    if not isinstance(http, str):
        return http  # type: ignore[no-any-return]
    from uvicorn.config import HTTP_PROTOCOLS
    from uvicorn.importer import import_from_string

    found: type[asyncio.Protocol] = import_from_string(HTTP_PROTOCOLS.get(http, http))
    return found


@click.command("serve")
@click.argument(
    "directory",
    required=False,
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    envvar="RCML_PORT",
    show_envvar=True,
    type=click.IntRange(0, 65535),
    help="0: any free.",
)
@click.option(
    "--base-url",
    help="The public URL of the site (https://rcml.example.com/app/): absolute links under it "
    "are checked like relative ones.",
)
@click.option(
    "--context",
    type=click.Choice(CONTEXTS),
    default="voice",
    show_default=True,
    help="Kind of the site's documents (links give their targets their own context).",
)
@click.option("--reload", "watch", is_flag=True, help="Reload when a file of the site changes.")
@click.option(
    "--auth",
    envvar=ENV_AUTH,
    metavar="USER:TOKEN",
    help=f"Require HTTP Basic auth (or set {ENV_AUTH}). Never logged.",
)
@click.option(
    "--auth-prefix",
    multiple=True,
    metavar="/PATH",
    help="Require auth only under these path prefixes (repeatable; default: the whole site).",
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_REQUEST_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Close a connection that has not sent a whole request this long after it opened or "
    "began the request (idle and half-sent connections).",
)
@click.option(
    "--max-connections",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_CONNECTIONS,
    show_default=True,
    metavar="N",
    help="Open connections at most; one more closes the one quiet longest.",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
)
def serve_command(
    directory: Path | None,
    host: str,
    port: int,
    base_url: str | None,
    context: str,
    watch: bool,
    auth: str | None,
    auth_prefix: tuple[str, ...],
    request_timeout: float,
    max_connections: int,
    log_level: str,
) -> None:
    """Serve a site of RCML documents, templates and media, every one checked first.

    DIRECTORY holds *.xml documents, *.xml.j2 templates (served without .j2) and .wav, .mp3,
    .mp4 media; without it the bundled demo site is served. If any document, template or link
    has an error, the findings are printed as `rcml lint` prints them and nothing is served
    (exit 1). Send SIGHUP (or use --reload) to load the site again: a new version with an error
    is refused and the last good one keeps serving.

    Templates are rendered with the request's query string and form body (the form body wins
    on a clash; Restcomm's literal "null" counts as absent), and every rendering is validated
    before it is sent: an invalid one is answered 500, so Restcomm's FallbackUrl fires.

    \b
    Examples:
      rcml serve                              the demo site on http://127.0.0.1:8080/
      rcml serve site/ --port 9000 --reload
      rcml serve site/ --auth "$ACCOUNT_SID:$AUTH_TOKEN" --auth-prefix /private
      kill -HUP <pid>                         reload after a deploy
    For several worker processes, run the same app under uvicorn or gunicorn:
      RCML_SITE=site/ uvicorn --factory rcml.server:app_from_env --workers 4
    """
    import uvicorn

    root = directory if directory is not None else data_dir("templates")
    try:
        credentials = BasicAuth.parse(auth, auth_prefix) if auth else None
    except ValueError as exc:
        raise click.UsageError(f"--auth: {exc}") from None
    site = _load(root, context, base_url)
    if site.has_errors:
        click.echo(site_report(site), nl=False)
        click.echo(f"rcml serve: {root}: {site.error_count()} error(s); not serving", err=True)
        raise SystemExit(1)
    if any(site.findings.values()):  # warnings and notes: shown, but they do not stop the site
        click.echo(site_report(site), nl=False, err=True)
    for slip in credentials.case_slips(site.resources) if credentials else ():
        click.echo(f"rcml serve: warning: --auth-prefix {slip}", err=True)
    logging.basicConfig(level=log_level.upper(), format=LOG_FORMAT, stream=sys.stderr)
    holder = SiteHolder(site)
    reloader = Reloader(
        holder, lambda: load_site(root, context=context, base_url=base_url), watch=watch
    )
    app = RcmlApp(holder, auth=credentials, on_startup=reloader.start, on_shutdown=reloader.stop)
    cap = fit_descriptor_limit(max_connections)
    if cap < max_connections:
        click.echo(
            f"rcml serve: warning: --max-connections lowered to {cap} (the limit on open files)",
            err=True,
        )
    limits = ConnectionLimits(request_timeout=request_timeout, max_connections=cap)
    server = uvicorn.Server(uvicorn_config(app, log_level, limits))
    sock = bind(host, port)
    # Before the URL is printed: whoever reads it may signal at once.
    _handle_signals(server, reloader)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{sock.getsockname()[1]}/"
    documents = len(site.documents())
    click.echo(f"rcml: serving {documents} document(s) from {root} at {url} (Ctrl-C to stop)")
    sys.stdout.flush()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _handle_signals(server: uvicorn.Server, reloader: Reloader) -> None:
    """Signal handlers that only write a byte or set a flag: a handler runs between any two
    bytecodes of the main thread, even inside another handler, so one that takes a lock (as
    ``threading.Event.set`` does) can wait for good on the lock its interrupted self holds.

    SIGHUP asks for a reload. SIGINT and SIGTERM stop the server; uvicorn puts its own handlers
    in while it runs and, when it stops, raises the signal again: these then end in exit 0.
    """

    def stop(*_: object) -> None:
        server.should_exit = True

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: reloader.request())
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
