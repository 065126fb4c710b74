"""The client's operations, written once as generators of requests (see ``_transport``).

Each function here yields the requests one operation needs and returns its typed result. The
quirks of the Calls API are handled here, not passed on:

* every modify request without ``Mute=true`` un-mutes the call, so a redirect sends ``Mute``
  explicitly and the caller must choose it;
* ``Status=canceled`` does nothing to an answered call, so a cancel reads the call first and
  refuses to send it then (that request would only have un-muted the call);
* the 200 body shows the resource before the change, so the result says so (``before``) and
  reads it again (``after``) only when asked;
* reading an unknown call answers 404 (CallsEndpoint.java:201), changing one 406 (line 643):
  both are :class:`~rcml.calls.errors.UnknownCallError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from rcml.calls._checks import segment
from rcml.calls._decode import (
    error_message,
    read_call_page,
    read_calls,
    read_participant,
    read_participant_page,
    read_recordings,
)
from rcml.calls._secrets import Redactor
from rcml.calls._transport import Incoming, Operation, Outgoing
from rcml.calls.errors import (
    CancelIgnoredError,
    PreflightError,
    UnknownCallError,
    error_for_status,
)
from rcml.calls.models import Call, Created, Page, Participant, Recording, Update
from rcml.calls.preflight import (
    PLACEHOLDER_CALL_SID,
    PreflightReport,
    call_parameters,
    fetch_document,
)
from rcml.core import Limits
from rcml.engine.engine import DEFAULT_LIMITS

CANCELABLE = frozenset({"queued", "ringing", "wait-for-answer"})


@dataclass(frozen=True)
class Api:
    """Where the account's resources live, and how to speak about them safely."""

    base_url: str  # ends with /2012-04-24/Accounts/{AccountSid}
    account_sid: str
    suffix: str  # ".json" for JSON answers, "" for XML
    redact: Redactor

    def url(self, *segments: str) -> str:
        path = "/".join(quote(s, safe="") for s in segments)
        return f"{self.base_url}/{path}{self.suffix}"


def _ok(api: Api, out: Outgoing, answer: Incoming, *, read: bool = False) -> bytes:
    """The body of a 200 answer; any other status raises. ``read``: a 404 is an unknown SID."""
    if answer.status != 200:
        message = error_message(answer.body, api.redact)
        url = api.redact(out.url)
        if read and answer.status == 404:
            raise UnknownCallError(404, message, method=out.method, url=url)
        raise error_for_status(answer.status, message, method=out.method, url=url)
    return answer.body


def _masked(form: Mapping[str, str], redact: Redactor) -> dict[str, str]:
    return {k: ("***" if k == "Password" else redact(v)) for k, v in form.items()}


def get_call(api: Api, call_sid: str) -> Operation[Call]:
    out = Outgoing("GET", api.url("Calls", segment(call_sid, "CallSid")))
    return read_calls(_ok(api, out, (yield out), read=True))[0]


def list_calls(api: Api, params: Mapping[str, str]) -> Operation[Page[Call]]:
    """One page of the account's calls; ``params`` are Restcomm's filters and paging."""
    out = Outgoing("GET", api.url("Calls"), params=dict(params))
    return read_call_page(_ok(api, out, (yield out)))


def get_participant(api: Api, conference_sid: str, call_sid: str) -> Operation[Participant]:
    conf = segment(conference_sid, "ConferenceSid")
    out = Outgoing(
        "GET", api.url("Conferences", conf, "Participants", segment(call_sid, "CallSid"))
    )
    return read_participant(_ok(api, out, (yield out), read=True), conference_sid=conf)


def list_participants(api: Api, conference_sid: str) -> Operation[Page[Participant]]:
    """The calls in a conference: Restcomm sends them all at once, whatever the paging."""
    conf = segment(conference_sid, "ConferenceSid")
    out = Outgoing("GET", api.url("Conferences", conf, "Participants"))
    return read_participant_page(_ok(api, out, (yield out)), conference_sid=conf)


def list_recordings(api: Api, call_sid: str) -> Operation[list[Recording]]:
    out = Outgoing("GET", api.url("Calls", segment(call_sid, "CallSid"), "Recordings"))
    return read_recordings(_ok(api, out, (yield out)))


def preflight(
    url: str, method: str, params: Mapping[str, str], limits: Limits, *, fallback: bool = False
) -> Operation[PreflightReport]:
    """Fetch and judge ``url``; raise PreflightError when Restcomm would not get valid RCML.

    ``fallback``: the request names a FallbackUrl (what a failure leads to changes, not the
    verdict: the document the call was pointed at would not run).
    """
    report = yield from fetch_document(
        url, method=method, params=params, limits=limits, fallback=fallback
    )
    if not report.ok:
        raise PreflightError(report)
    return report


def create_call(
    api: Api,
    form: dict[str, str],
    *,
    preflight_on: bool,
    preflight_params: Mapping[str, str] | None,
    limits: Limits,
) -> Operation[Created]:
    report = None
    if preflight_on:
        params = call_parameters(
            call_sid=PLACEHOLDER_CALL_SID,
            account_sid=api.account_sid,
            from_=form["From"],
            to=form["To"],
        )
        params.update(preflight_params or {})
        report = yield from preflight(
            form["Url"], form.get("Method", "POST"), params, limits,
            fallback="FallbackUrl" in form,
        )  # fmt: skip
    out = Outgoing("POST", api.url("Calls"), form=form)
    calls = read_calls(_ok(api, out, (yield out)))
    return Created(tuple(calls), _masked(form, api.redact), report)


def modify_call(
    api: Api,
    call_sid: str,
    form: dict[str, str],
    *,
    refresh: bool,
    preflight_on: bool = False,
    preflight_params: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Operation[Update[Call]]:
    """POST a change to a live call; with ``Url`` and preflight on, check the Url first."""
    sid = segment(call_sid, "CallSid")
    report = None
    if preflight_on and "Url" in form:
        call = yield from get_call(api, sid)
        params = call_parameters(
            call_sid=call.sid or sid,
            account_sid=call.account_sid or api.account_sid,
            from_=call.from_ or "",
            to=call.to or "",
            status=call.state or "in-progress",
            direction=call.direction or "outbound-api",
            api_version=call.api_version or "2012-04-24",
            caller_name=call.caller_name,
            forwarded_from=call.forwarded_from,
        )
        if call.instance_id:
            params["InstanceId"] = call.instance_id
        params.update(preflight_params or {})
        report = yield from preflight(
            form["Url"], form.get("Method", "POST"), params, limits,
            fallback="FallbackUrl" in form,
        )  # fmt: skip
    out = Outgoing("POST", api.url("Calls", sid), form=form)
    before = read_calls(_ok(api, out, (yield out)))[0]
    after = (yield from get_call(api, sid)) if refresh else None
    return Update(before, after, _masked(form, api.redact), report)


def cancel_call(
    api: Api, call_sid: str, *, refresh: bool, read_first: bool = True
) -> Operation[Update[Call]]:
    """Cancel a call that is not answered yet; refuse (and say why) when it is.

    ``read_first=False`` (a dry run only) goes straight to the request that cancels.
    """
    sid = segment(call_sid, "CallSid")
    if read_first:
        current = yield from get_call(api, sid)
        if current.state not in CANCELABLE:
            raise CancelIgnoredError(current, sent=False)
    update = yield from modify_call(api, sid, {"Status": "canceled"}, refresh=refresh)
    if update.before.state not in CANCELABLE:
        raise CancelIgnoredError(update.before, sent=True)
    return update


def set_mute(
    api: Api, conference_sid: str, call_sid: str, mute: bool, *, refresh: bool
) -> Operation[Update[Participant]]:
    conf = segment(conference_sid, "ConferenceSid")
    sid = segment(call_sid, "CallSid")
    form = {"Mute": "true" if mute else "false"}
    out = Outgoing("POST", api.url("Conferences", conf, "Participants", sid), form=form)
    before = read_participant(_ok(api, out, (yield out)), conference_sid=conf)
    after = (yield from get_participant(api, conf, sid)) if refresh else None
    return Update(before, after, form, None)
