"""`rcml call …` and `rcml conference …`: the Calls API from the shell, with preflight.

Thin: options in, one client call, readable or JSON output, exit codes out (0 done, 1 the
operation failed or was refused, 2 usage errors). Credentials come from options or the
environment and are never printed, not even in error messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from rcml.calls import (
    CallsClient,
    CallsError,
    InvalidRequestError,
    PreflightError,
    PreflightReport,
    preflight,
)
from rcml.calls.models import Call, Created, Participant, Update

F = TypeVar("F", bound=Callable[..., Any])

_EPILOG = """\b
Environment:
  RCML_ACCOUNT_SID  account SID (AC…), or --account-sid
  RCML_AUTH_TOKEN   auth token, or --auth-token (never printed)
  RCML_API_URL      Restcomm base URL, e.g. https://restcomm.example.com/restcomm
"""


def _api_options(command: F) -> F:
    """The options every API command shares: credentials, base URL, timeout, output."""
    options = [
        click.option("--account-sid", envvar="RCML_ACCOUNT_SID", show_envvar=True,
                     help="Account SID (AC…)."),
        click.option("--auth-token", envvar="RCML_AUTH_TOKEN", show_envvar=True,
                     help="Auth token. Prefer the environment variable: options show in `ps`."),
        click.option("--api-url", envvar="RCML_API_URL", show_envvar=True,
                     help="Restcomm base URL, up to /restcomm."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0,
                     show_default=True,
                     help="Most seconds one HTTP request may take, connect to last byte."),
        click.option("--api-format", type=click.Choice(["json", "xml"]), default="json",
                     show_default=True, help="Ask Restcomm for JSON or XML answers."),
        click.option("--format", "output_format", type=click.Choice(["text", "json"]),
                     default="text", show_default=True, help="Output: readable text or JSON."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _client(opts: dict[str, Any]) -> CallsClient:
    missing = [
        f"--{name.replace('_', '-')} (or {env})"
        for name, env in (
            ("account_sid", "RCML_ACCOUNT_SID"),
            ("auth_token", "RCML_AUTH_TOKEN"),
            ("api_url", "RCML_API_URL"),
        )
        if not opts.get(name)
    ]
    if missing:
        _fail(f"missing {', '.join(missing)}", 2)
    try:
        return CallsClient(
            opts["account_sid"],
            opts["auth_token"],
            base_url=opts["api_url"],
            timeout=opts["timeout"],
            fetch_timeout=opts["timeout"],
            response_format=opts["api_format"],
        )
    except InvalidRequestError as exc:
        _fail(str(exc), 2)


def _fail(message: str, code: int) -> NoReturn:
    """One line on stderr, then exit: 2 for a request refused before sending, 1 otherwise."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(code)


def _run(opts: dict[str, Any], action: Callable[[CallsClient], Any]) -> None:
    """Run one client action; print its result; turn rcml's errors into exit codes.

    Everything printed passes through the client's redactor: a server may echo a secret in
    any field of its answer.
    """
    client = _client(opts)
    try:
        with client:
            result = action(client)
    except InvalidRequestError as exc:
        _fail(client.redact(str(exc)), 2)
    except PreflightError as exc:
        if opts["output_format"] == "json":
            click.echo(client.redact(json.dumps({"preflight": exc.report.to_dict()}, indent=2)))
        _fail(client.redact(str(exc)), 1)
    except CallsError as exc:
        _fail(client.redact(str(exc)), 1)
    click.echo(client.redact(_render(result, opts["output_format"])))


def _render(result: Any, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(result.to_dict(), indent=2, sort_keys=False)
    return _text(result)


def _call_line(call: Call) -> str:
    route = f"{call.from_ or '?'} -> {call.to or '?'}"
    return f"{call.sid}  {call.status or '?'}  {call.direction or '?'}  {route}"


def _participant_line(p: Participant) -> str:
    muted = {True: "muted", False: "not muted", None: "mute unknown"}[p.muted]
    return f"{p.sid}  in {p.conference_sid or '?'}  {muted}"


def _line(item: Call | Participant) -> str:
    return _call_line(item) if isinstance(item, Call) else _participant_line(item)


def _text(result: Any) -> str:
    lines: list[str] = []
    report: PreflightReport | None = getattr(result, "preflight", None)
    if report is not None:
        lines.append(report.summary())
        lines += [f"  note: {note}" for note in report.notes]
    if isinstance(result, Created):
        lines += ["created: " + _call_line(call) for call in result.calls]
    elif isinstance(result, Update):
        sent = " ".join(f"{k}={v}" for k, v in result.sent.items())
        lines.append(f"sent:   {sent}")
        lines.append(f"before: {_line(result.before)}")
        if result.after is not None:
            lines.append(f"after:  {_line(result.after)}")
        else:
            lines.append(
                "(Restcomm answers with the state before the change; --refresh reads it again)"
            )
    elif isinstance(result, Call | Participant):
        lines.append(_line(result))
        if isinstance(result, Call):
            lines += [
                f"  created {result.date_created}, started {result.start_time}, "
                f"duration {result.duration}s, caller name {result.caller_name}",
                f"  uri {result.uri}",
            ]
    return "\n".join(lines)


def _refresh_option(command: F) -> F:
    return click.option(
        "--refresh",
        is_flag=True,
        help="Read the call again after the change (Restcomm's answer shows it before).",
    )(command)


def _method_option(command: F) -> F:
    return click.option(
        "--method", type=click.Choice(["GET", "POST"], case_sensitive=False), default="POST",
        show_default=True, help="How Restcomm fetches the Url.",
    )(command)  # fmt: skip


@click.group("call", epilog=_EPILOG)
def call_group() -> None:
    """Create, redirect, end and read live calls (Restcomm Calls API).

    Before a call is pointed at a Url, the Url is fetched the way Restcomm will fetch it and
    the document is validated (preflight); a Url that would not give valid RCML is refused
    and nothing is sent. --no-preflight skips that check.

    \b
    Examples:
      export RCML_ACCOUNT_SID=AC… RCML_AUTH_TOKEN=… RCML_API_URL=https://host/restcomm
      rcml call create --from +15550100 --to client:alice --url https://apps.example/hello.xml
      rcml call redirect CA… https://apps.example/menu.xml --unmute --move-connected-leg
      rcml call hangup CA…
      rcml call cancel CA…
      rcml call get CA… --format json
      rcml call preflight https://apps.example/hello.xml
    """


@call_group.command("create", epilog=_EPILOG)
@click.option("--from", "from_", required=True, help="Caller: a number, client:NAME or sip:…")
@click.option("--to", required=True, help="Callee: +15550100, client:alice, sip:alice@host.")
@click.option("--url", required=True, help="The RCML Url (credentials may be embedded).")
@_method_option
@click.option("--fallback-url", help="Url used when the first fetch of --url fails.")
@click.option("--status-callback", help="Url told of each call-state change.")
@click.option("--status-callback-event", multiple=True,
              help="initiated, ringing, answered, completed (all four are sent).")  # fmt: skip
@click.option("--ring-timeout", type=click.IntRange(min=1), help="Seconds to ring (default 60).")
@click.option("--sip-username", help="SIP auth user for a sip: target.")
@click.option("--sip-password", envvar="RCML_SIP_PASSWORD", help="SIP auth password.")
@click.option("--no-preflight", is_flag=True, help="Do not fetch and validate the Url first.")
@_api_options
def create_command(**opts: Any) -> None:
    """Start a call that runs the RCML at --url (POST …/Calls).

    The Url is first fetched as Restcomm will fetch it and validated; a Url that would not
    give a valid voice document is refused (exit 1) and no call is made.

    \b
    Examples:
      rcml call create --from +15550100 --to +15550199 --url https://apps.example/hello.xml
      rcml call create --from +15550100 --to client:alice --url https://u:p@apps.example/a.xml
      rcml call create --from +15550100 --to sip:bob@sip.example.com --method GET \\
          --url https://apps.example/hello.xml --format json
    """
    events = list(opts["status_callback_event"]) or None
    _run(opts, lambda c: c.create_call(
        opts["from_"], opts["to"], opts["url"], method=opts["method"],
        fallback_url=opts["fallback_url"], status_callback=opts["status_callback"],
        status_callback_event=events, timeout=opts["ring_timeout"],
        sip_username=opts["sip_username"], sip_password=opts["sip_password"],
        preflight=not opts["no_preflight"],
    ))  # fmt: skip


@call_group.command("redirect", epilog=_EPILOG)
@click.argument("call_sid")
@click.argument("url")
@click.option("--mute/--unmute", "mute", default=None,
              help="Required: Restcomm un-mutes on any change without Mute=true.")  # fmt: skip
@_method_option
@click.option("--move-connected-leg", is_flag=True,
              help="Move the bridged leg too; without it Restcomm hangs it up.")  # fmt: skip
@click.option("--fallback-url", help="Url used when the fetch of URL fails.")
@click.option("--no-preflight", is_flag=True, help="Do not fetch and validate the Url first.")
@_refresh_option
@_api_options
def redirect_command(**opts: Any) -> None:
    """Point the live call CALL_SID at new RCML at URL (POST …/Calls/CALL_SID).

    Choose --mute or --unmute: Restcomm un-mutes the call on every change that does not say
    Mute=true, so the mute state after a redirect is always an explicit choice here.

    \b
    Examples:
      rcml call redirect CA… https://apps.example/menu.xml --unmute
      rcml call redirect CA… https://apps.example/hold.xml --mute --move-connected-leg
    """
    if opts["mute"] is None:
        raise click.UsageError(
            "choose --mute or --unmute: Restcomm un-mutes the call on every change "
            "without Mute=true"
        )
    _run(opts, lambda c: c.redirect(
        opts["call_sid"], opts["url"], mute=opts["mute"], method=opts["method"],
        move_connected_leg=opts["move_connected_leg"], fallback_url=opts["fallback_url"],
        preflight=not opts["no_preflight"], refresh=opts["refresh"],
    ))  # fmt: skip


@call_group.command("hangup", epilog=_EPILOG)
@click.argument("call_sid")
@_refresh_option
@_api_options
def hangup_command(**opts: Any) -> None:
    """End the call CALL_SID, whatever its state (Status=completed).

    \b
    Example:
      rcml call hangup CA… --refresh
    """
    _run(opts, lambda c: c.hangup(opts["call_sid"], refresh=opts["refresh"]))


@call_group.command("cancel", epilog=_EPILOG)
@click.argument("call_sid")
@_refresh_option
@_api_options
def cancel_command(**opts: Any) -> None:
    """End the call CALL_SID if it is not answered yet (Status=canceled).

    Restcomm ignores a cancel of an answered call; this command reads the call first and
    fails (exit 1) with an explanation instead.
    """
    _run(opts, lambda c: c.cancel(opts["call_sid"], refresh=opts["refresh"]))


@call_group.command("get", epilog=_EPILOG)
@click.argument("call_sid")
@_api_options
def get_command(**opts: Any) -> None:
    """Show the call CALL_SID.

    \b
    Examples:
      rcml call get CA…
      rcml call get CA… --format json --api-format xml
    """
    _run(opts, lambda c: c.get_call(opts["call_sid"]))


@call_group.command("preflight")
@click.argument("url")
@_method_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter to send, as Restcomm would (CallSid=CA…, From=…).")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def preflight_command(
    url: str, method: str, params: tuple[str, ...], timeout: float, output_format: str
) -> None:
    """Fetch URL as Restcomm would and validate the voice document; no account needed.

    Exits 0 when Restcomm would get a valid document, 1 when not.

    \b
    Examples:
      rcml call preflight https://apps.example/hello.xml
      rcml call preflight --method GET --param From=+15550100 https://user:pw@apps.example/a.xml
    """
    form: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param takes NAME=VALUE, got {item!r}")
        form[name] = value
    report = preflight(url, method=method, params=form, timeout=timeout)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(report.summary())
        for note in report.notes:
            click.echo(f"  note: {note}")
        for finding in report.findings:
            if not finding.is_error:
                click.echo(f"  {finding.severity}: {finding}")
    if not report.ok:
        raise SystemExit(1)


@click.group("conference", epilog=_EPILOG)
def conference_group() -> None:
    """Mute and unmute conference participants (Restcomm Participants API).

    \b
    Examples:
      rcml conference mute CF… CA…
      rcml conference unmute CF… CA… --refresh
    """


def _mute_command(name: str, mute: bool, doc: str) -> click.Command:
    @click.argument("conference_sid")
    @click.argument("call_sid")
    @_refresh_option
    @_api_options
    def command(**opts: Any) -> None:
        _run(opts, lambda c: c.set_mute(
            opts["conference_sid"], opts["call_sid"], mute, refresh=opts["refresh"]
        ))  # fmt: skip

    command.__doc__ = doc
    return click.command(name, epilog=_EPILOG)(command)


conference_group.add_command(
    _mute_command("mute", True, "Mute the participant CALL_SID of CONFERENCE_SID (Mute=true).")
)
conference_group.add_command(
    _mute_command("unmute", False, "Unmute the participant CALL_SID of CONFERENCE_SID.")
)
