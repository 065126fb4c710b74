"""`rcml call …` and `rcml conference …`: the Calls API from the shell, with preflight.

Thin: options in, one client call, readable or JSON output (``_call_output``), exit codes out
(0 done, 1 the operation failed or was refused, 2 a request refused before sending). Errors are
one line. Credentials come from options or the environment (the same variables as
``CallsClient()``) and are never printed, not even in error messages.
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
    NotSent,
    PreflightError,
    preflight,
)
from rcml.calls import settings as env
from rcml.cli._call_output import render

F = TypeVar("F", bound=Callable[..., Any])

_EPILOG = f"""\b
Environment:
  {env.ACCOUNT_SID}  account SID (AC…), or --account-sid
  {env.AUTH_TOKEN}   auth token, or --auth-token (never printed)
  {env.API_URL}      Restcomm base URL, e.g. https://restcomm.example.com/restcomm
"""


def _api_options(command: F) -> F:
    """The options every API command shares: credentials, base URL, timeout, output."""
    options = [
        click.option("--account-sid", envvar=env.ACCOUNT_SID, show_envvar=True,
                     help="Account SID (AC…)."),
        click.option("--auth-token", envvar=env.AUTH_TOKEN, show_envvar=True,
                     help="Auth token. Prefer the environment variable: options show in `ps`."),
        click.option("--api-url", envvar=env.API_URL, show_envvar=True,
                     help="Restcomm base URL, up to /restcomm."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0,
                     show_default=True,
                     help="Most seconds one HTTP request may take, connect to last byte."),
        click.option("--api-format", type=click.Choice(["json", "xml"]), default="json",
                     show_default=True, help="Ask Restcomm for JSON or XML answers."),
        click.option("--format", "output_format", type=click.Choice(["text", "json"]),
                     default="text", show_default=True, help="Output: readable text or JSON."),
        click.option("--dry-run", is_flag=True,
                     help="Print the request as a curl command (token left to "
                          f"${env.AUTH_TOKEN}) and send nothing."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _fail(message: str, code: int) -> NoReturn:
    """One line on stderr, then exit: 2 for a request refused before sending, 1 otherwise."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(code)


def _client(opts: dict[str, Any]) -> CallsClient:
    _, missing = env.resolve(opts["account_sid"], opts["auth_token"], opts["api_url"])
    options = {env.ACCOUNT_SID: "--account-sid", env.AUTH_TOKEN: "--auth-token",
               env.API_URL: "--api-url"}  # fmt: skip
    if missing:
        _fail("missing " + ", ".join(f"{options[name]} (or {name})" for name in missing), 2)
    try:
        return CallsClient(
            opts["account_sid"] or None,
            opts["auth_token"] or None,
            base_url=opts["api_url"] or None,
            timeout=opts["timeout"],
            fetch_timeout=opts["timeout"],
            response_format=opts["api_format"],
            dry_run=opts["dry_run"],
        )
    except InvalidRequestError as exc:
        _fail(str(exc), 2)


def _run(
    opts: dict[str, Any],
    action: Callable[[CallsClient], Any],
    *,
    noun: str = "call",
    dry_note: str | None = None,
) -> None:
    """Run one client action; print its result; turn rcml's errors into exit codes.

    Everything printed passes through the client's redactor: a server may echo a secret in
    any field of its answer. ``dry_note`` is printed (as a shell comment) above a dry run.
    """
    client = _client(opts)
    try:
        with client:
            result = action(client)
    except NotSent as sent:
        if dry_note:
            click.echo(f"# {dry_note}")
        click.echo(sent.curl)
        return
    except InvalidRequestError as exc:
        _fail(client.redact(str(exc)), 2)
    except PreflightError as exc:
        if opts["output_format"] == "json":
            click.echo(client.redact(json.dumps({"preflight": exc.report.to_dict()}, indent=2)))
        _fail(client.redact(str(exc)), 1)
    except CallsError as exc:
        _fail(client.redact(str(exc)), 1)
    click.echo(client.redact(render(result, opts["output_format"], noun)))


_NOT_PREFLIGHTED = "--dry-run: the Url was not preflighted"


def _refresh_option(command: F) -> F:
    return click.option(
        "--refresh",
        is_flag=True,
        help="Read the call again after the change (Restcomm's answer shows it before).",
    )(command)


def _method_option(command: F) -> F:
    return click.option(
        "--method", default="POST", show_default=True,
        help="How Restcomm fetches the Url: GET or POST.",
    )(command)  # fmt: skip


@click.group("call", epilog=_EPILOG)
def call_group() -> None:
    """Create, redirect, end, read and list calls (Restcomm Calls API).

    Before a call is pointed at a Url, the Url is fetched the way Restcomm will fetch it and
    the document is validated (preflight); a Url that would not give valid RCML is refused
    and nothing is sent. --no-preflight skips that check; --dry-run prints the request as a
    curl command and sends nothing.

    \b
    Examples:
      export RCML_ACCOUNT_SID=AC… RCML_AUTH_TOKEN=… RCML_API_URL=https://host/restcomm
      rcml call create --from +15550100 --to client:alice --url https://apps.example/hello.xml
      rcml call redirect CA… https://apps.example/menu.xml --unmute --move-connected-leg
      rcml call hangup CA…
      rcml call list --status in-progress --to 0100
      rcml call get CA… --format json
      rcml call recordings CA…
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
              help="initiated, ringing, answered or completed; repeat for several "
                   "(Restcomm sends all four anyway).")  # fmt: skip
@click.option("--ring-timeout", type=int, help="Seconds to ring (Restcomm's default: 60).")
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
          --url https://apps.example/hello.xml --ring-timeout 20 --format json
    """
    events = list(opts["status_callback_event"]) or None
    _run(opts, lambda c: c.create_call(
        opts["from_"], opts["to"], opts["url"], method=opts["method"],
        fallback_url=opts["fallback_url"], status_callback=opts["status_callback"],
        status_callback_event=events, ring_timeout=opts["ring_timeout"],
        sip_username=opts["sip_username"], sip_password=opts["sip_password"],
        preflight=not opts["no_preflight"],
    ), dry_note=None if opts["no_preflight"] else _NOT_PREFLIGHTED)  # fmt: skip


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
        _fail(
            "choose --mute or --unmute: Restcomm un-mutes the call on every change "
            "without Mute=true",
            2,
        )
    _run(opts, lambda c: c.redirect(
        opts["call_sid"], opts["url"], mute=opts["mute"], method=opts["method"],
        move_connected_leg=opts["move_connected_leg"], fallback_url=opts["fallback_url"],
        preflight=not opts["no_preflight"], refresh=opts["refresh"],
    ), dry_note=None if opts["no_preflight"] else _NOT_PREFLIGHTED)  # fmt: skip


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
    note = "without --dry-run, the call is read first and this is sent only if it rings"
    _run(opts, lambda c: c.cancel(opts["call_sid"], refresh=opts["refresh"]), dry_note=note)


@call_group.command("get", epilog=_EPILOG)
@click.argument("call_sid")
@_api_options
def get_command(**opts: Any) -> None:
    """Show the call CALL_SID (only the fields Restcomm filled in).

    \b
    Examples:
      rcml call get CA…
      rcml call get CA… --format json --api-format xml
    """
    _run(opts, lambda c: c.get_call(opts["call_sid"]))


@call_group.command("list", epilog=_EPILOG)
@click.option("--status", help="in-progress, ringing, completed, … (did-you-mean on typos).")
@click.option("--to", help="Callee, matched at the end: 0100 finds +15550100.")
@click.option("--from", "from_", help="Caller, matched at the end.")
@click.option("--start-date", metavar="YYYY-MM-DD", help="Started on or after this day.")
@click.option("--end-date", metavar="YYYY-MM-DD", help="Ended on or before this day.")
@click.option("--parent-call", help="Legs of this parent call (CA…).")
@click.option("--conference", help="Calls in this conference (CF…).")
@click.option("--sort-by", help="DateCreated, From, To, Direction, Status, Duration or Price.")
@click.option("--desc", "descending", is_flag=True, help="Reverse the order (alone: newest first).")
@click.option("--page", type=int, help="Page number, from 0.")
@click.option("--page-size", type=int, help="Calls per page (Restcomm's default: 50).")
@_api_options
def list_command(**opts: Any) -> None:
    """List the account's calls, filtered and paged by Restcomm (GET …/Calls).

    \b
    Examples:
      rcml call list --status in-progress
      rcml call list --to 0100 --start-date 2024-05-01 --page-size 20 --page 1
      rcml call list --sort-by Duration --desc --format json
    """
    given = {
        "status": opts["status"], "to": opts["to"], "from_": opts["from_"],
        "start_date": opts["start_date"], "end_date": opts["end_date"],
        "parent_call_sid": opts["parent_call"], "conference_sid": opts["conference"],
        "sort_by": opts["sort_by"],
    }  # fmt: skip
    filters: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if opts["descending"]:
        filters["descending"] = True
    _run(opts, lambda c: c.list_calls(
        page=opts["page"], page_size=opts["page_size"], **filters
    ))  # fmt: skip


@call_group.command("recordings", epilog=_EPILOG)
@click.argument("call_sid")
@_api_options
def recordings_command(**opts: Any) -> None:
    """List the recordings of the call CALL_SID (GET …/Calls/CALL_SID/Recordings)."""
    _run(opts, lambda c: c.list_recordings(opts["call_sid"]))


@call_group.command("preflight")
@click.argument("url")
@_method_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter to send, as Restcomm would (CallSid=CA…, From=…).")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Most seconds one HTTP request may take, connect to last byte.")  # fmt: skip
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
            _fail(f"--param takes NAME=VALUE, got {item!r}", 2)
        form[name] = value
    # The method is checked by the preflight itself: a wrong one is a problem in its report.
    report = preflight(url, method=method, params=form, timeout=timeout)  # type: ignore[arg-type]
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
    """List, read, mute and unmute conference participants (Restcomm Participants API).

    \b
    Examples:
      rcml conference participants CF…
      rcml conference participant CF… CA…
      rcml conference mute CF… CA…
      rcml conference unmute CF… CA… --refresh
    """


@conference_group.command("participants", epilog=_EPILOG)
@click.argument("conference_sid")
@_api_options
def participants_command(**opts: Any) -> None:
    """List the calls in the conference CONFERENCE_SID (all of them: Restcomm does not page)."""
    _run(opts, lambda c: c.list_participants(opts["conference_sid"]), noun="participant")


@conference_group.command("participant", epilog=_EPILOG)
@click.argument("conference_sid")
@click.argument("call_sid")
@_api_options
def participant_command(**opts: Any) -> None:
    """Show the participant CALL_SID of CONFERENCE_SID."""
    _run(opts, lambda c: c.get_participant(opts["conference_sid"], opts["call_sid"]))


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
