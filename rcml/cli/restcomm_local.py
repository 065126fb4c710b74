"""`rcml restcomm-local`: a local Restcomm answering the Calls API, on calls run offline.

Without a subcommand it serves (uvicorn, public API only); `clock` and `transcript` talk to a
running one with the account settings `rcml call` uses. Tokens are never printed or logged.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from rcml.calls import settings as env
from rcml.cli.serve import LOG_FORMAT, bind

ENV_ACCOUNTS = "RCML_LOCAL_ACCOUNTS"


def _accounts(given: tuple[str, ...]) -> dict[str, str]:
    """--account values, else RCML_LOCAL_ACCOUNTS, else the client's RCML_ACCOUNT_SID/TOKEN."""
    specs = list(given)
    if not specs and os.environ.get(ENV_ACCOUNTS):
        specs = os.environ[ENV_ACCOUNTS].replace(",", " ").split()
    accounts: dict[str, str] = {}
    for spec in specs:
        sid, sep, token = spec.partition(":")
        if not sep or not sid or not token:
            raise click.UsageError("--account takes SID:TOKEN (both non-empty)")
        accounts[sid.strip()] = token
    if not accounts and os.environ.get(env.ACCOUNT_SID) and os.environ.get(env.AUTH_TOKEN):
        accounts[os.environ[env.ACCOUNT_SID]] = os.environ[env.AUTH_TOKEN]
    if not accounts:
        raise click.UsageError(
            f"no account: give --account SID:TOKEN, or set {ENV_ACCOUNTS}, or "
            f"{env.ACCOUNT_SID} and {env.AUTH_TOKEN}"
        )
    return accounts


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.group("restcomm-local", invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback unless you mean otherwise).")
@click.option("--port", default=8090, show_default=True, type=click.IntRange(0, 65535),
              help="0: any free port (the URL is printed).")
@click.option("--account", "accounts", multiple=True, metavar="SID:TOKEN",
              help=f"An account (repeatable); or {ENV_ACCOUNTS}=SID:TOKEN,…; or "
                   f"{env.ACCOUNT_SID} and {env.AUTH_TOKEN}. Never printed.")
@click.option("--clock", type=click.Choice(["virtual", "real"]), default="virtual",
              show_default=True,
              help="virtual: time moves only when told (clock --advance); real: wall time.")
@click.option("--callees", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML or JSON file: what each called number does.")
@click.option("--max-live-calls", default=100, show_default=True, type=click.IntRange(1),
              help="Calls running at once; a create beyond it answers 503.")
@click.option("--max-body", default=65536, show_default=True, type=click.IntRange(1),
              help="Largest request body, in bytes (beyond: 413).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]),
              default="info", show_default=True)
@click.pass_context
def restcomm_local_group(ctx: click.Context, /, **opts: Any) -> None:
    """Serve Restcomm's Calls API locally: calls placed through it run offline.

    Calls created through the API ring the party the --callees table scripts, then run their
    Url in rcml's simulator of Restcomm's interpreter, fetching it over HTTP as Restcomm would
    (serve your documents with `rcml serve`). Redirect, move the connected leg, hang up,
    cancel, mute and unmute act on the running call as Restcomm's do; `rcml call` and
    `rcml conference` work against it unchanged. Time is virtual unless --clock real.

    \b
    Examples:
      export RCML_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef RCML_AUTH_TOKEN=secret
      export RCML_API_URL=http://127.0.0.1:8090/restcomm
      rcml serve templates/ &                       # the documents, on :8080
      rcml restcomm-local --callees callees.toml &
      rcml call create --from +16175551212 --to sip:alice@127.0.0.1 \\
          --url http://127.0.0.1:8080/hello-play.xml
      rcml restcomm-local clock --advance 3         # virtual time: let 3 seconds pass
      rcml restcomm-local transcript CA…            # what the call did
    """
    if ctx.invoked_subcommand is not None:
        return
    _serve(**opts)


def _serve(host: str, port: int, accounts: tuple[str, ...], clock: str, callees: Path | None,
           max_live_calls: int, max_body: int, log_level: str) -> None:  # fmt: skip
    import uvicorn

    from rcml.local import CalleeError, Callees, LocalRestcomm, LocalRestcommApp, load_callees

    table = Callees()
    if callees is not None:
        try:
            table = load_callees(callees)
        except CalleeError as exc:
            raise click.UsageError(f"--callees: {exc}") from None
    try:
        local = LocalRestcomm(_accounts(accounts), callees=table, clock=clock,  # type: ignore[arg-type]
                              max_live_calls=max_live_calls,
                              epoch=datetime.now(UTC).replace(microsecond=0))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    app = LocalRestcommApp(local, max_body=max_body)
    logging.basicConfig(level=log_level.upper(), format=LOG_FORMAT, stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its lines quote URLs, credentials too
    sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/restcomm"
    if not _loopback(host):
        click.echo(f"rcml restcomm-local: listening on {host}, not loopback: anyone who can "
                   "reach it with an account's token can place calls", err=True)  # fmt: skip
    names = ", ".join(local.accounts)
    click.echo(f"rcml: local Restcomm at {url} (clock: {clock}; accounts: {names}) "
               "(Ctrl-C to stop)")  # fmt: skip
    sys.stdout.flush()
    signal.signal(signal.SIGINT, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: None)
    config = uvicorn.Config(app, log_config=None, access_log=False, log_level=log_level,
                            lifespan="on", server_header=False,
                            timeout_graceful_shutdown=5)  # fmt: skip
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        app.close()


def _remote_options(command: Any) -> Any:
    for option in reversed([
        click.option("--account-sid", envvar=env.ACCOUNT_SID, show_envvar=True),
        click.option("--auth-token", envvar=env.AUTH_TOKEN, show_envvar=True,
                     help="Prefer the environment variable: options show in `ps`."),
        click.option("--api-url", envvar=env.API_URL, show_envvar=True,
                     help="The local Restcomm, up to /restcomm."),
    ]):  # fmt: skip
        command = option(command)
    return command


def _settings(opts: dict[str, Any]) -> tuple[str, str, str]:
    found, missing = env.resolve(opts["account_sid"], opts["auth_token"], opts["api_url"])
    if missing:
        click.echo(f"Error: missing {', '.join(missing)}", err=True)
        raise SystemExit(2)
    return found["base_url"], found["account_sid"], found["auth_token"]


@restcomm_local_group.command("clock")
@click.option("--advance", type=click.FloatRange(min=0), metavar="SECONDS",
              help="Let this much virtual time pass first.")
@_remote_options
def clock_command(advance: float | None, **opts: Any) -> None:
    """Show a running local Restcomm's clock; --advance moves a virtual one forward."""
    from rcml.local.remote import RemoteError, clock

    try:
        state = clock(*_settings(opts), advance=advance)
    except RemoteError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"{state['clock']} clock at {state['now']:g} s ({state['time']}); "
               f"{state['live_calls']} live call(s)")  # fmt: skip


@restcomm_local_group.command("transcript")
@click.argument("call_sid")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@_remote_options
def transcript_command(call_sid: str, output_format: str, **opts: Any) -> None:
    """Print what the call CALL_SID did so far: each fetch, verb, change and hang-up."""
    from rcml.local.remote import RemoteError, transcript

    try:
        text = transcript(*_settings(opts), call_sid, as_json=output_format == "json")
    except RemoteError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(1) from None
    if output_format == "json":
        text = json.dumps(json.loads(text), indent=2)
    click.echo(text.rstrip("\n"))
