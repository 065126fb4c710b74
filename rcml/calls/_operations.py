"""The client's operations, written once as generators of requests (see ``_transport``).

Each function here yields the requests one operation needs and returns its typed result. The
quirks of the Calls API (spec §5) are handled here, not passed on:

* every modify request without ``Mute=true`` un-mutes the call, so a redirect sends ``Mute``
  explicitly and the caller must choose it;
* ``Status=canceled`` does nothing to an answered call, so a cancel reads the call first and
  refuses to send it then (that request would only have un-muted the call);
* the 200 body shows the resource before the change, so the result says so (``before``) and
  reads it again (``after``) only when asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from rcml.calls._secrets import Redactor
from rcml.calls._transport import Incoming, Operation, Outgoing
from rcml.calls.errors import (
    CancelIgnoredError,
    InvalidRequestError,
    PreflightError,
    error_for_status,
)
from rcml.calls.models import (
    Call,
    Created,
    Participant,
    Update,
    error_message,
    read_calls,
    read_participant,
)
from rcml.calls.preflight import (
    PLACEHOLDER_CALL_SID,
    PreflightReport,
    call_parameters,
    fetch_document,
)
from rcml.core import Limits
from rcml.engine.engine import DEFAULT_LIMITS

CANCELABLE = frozenset({"queued", "ringing", "wait-for-answer", "wait_for_answer"})


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


def segment(value: str, what: str) -> str:
    """A SID checked to be one harmless path segment."""
    value = (value or "").strip()
    if not value or any(c in value for c in "/?#%") or any(c.isspace() for c in value):
        raise InvalidRequestError(f"{what} must be a SID such as CA…, got {value!r}")
    return value


def check_url(url: str, what: str = "Url") -> str:
    """An absolute http(s) URL, as Restcomm requires (a relative one gives HTTP 500)."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidRequestError(f"{what} must be an absolute http:// or https:// URL")
    return url


def check_method(method: str | None, what: str = "Method") -> str:
    """GET or POST: Restcomm accepts anything here, then every fetch of the document fails."""
    value = (method or "POST").strip().upper()
    if value not in ("GET", "POST"):
        raise InvalidRequestError(f"{what} must be GET or POST, not {method!r}")
    return value


def _ok(api: Api, out: Outgoing, answer: Incoming) -> bytes:
    if answer.status != 200:
        message = api.redact(error_message(answer.body))
        raise error_for_status(answer.status, message, method=out.method, url=api.redact(out.url))
    return answer.body


def _masked(form: Mapping[str, str], redact: Redactor) -> dict[str, str]:
    return {k: ("***" if k == "Password" else redact(v)) for k, v in form.items()}


def get_call(api: Api, call_sid: str) -> Operation[Call]:
    out = Outgoing("GET", api.url("Calls", segment(call_sid, "CallSid")))
    return read_calls(_ok(api, out, (yield out)))[0]


def get_participant(api: Api, conference_sid: str, call_sid: str) -> Operation[Participant]:
    conf = segment(conference_sid, "ConferenceSid")
    out = Outgoing(
        "GET", api.url("Conferences", conf, "Participants", segment(call_sid, "CallSid"))
    )
    return read_participant(_ok(api, out, (yield out)), conference_sid=conf)


def preflight(
    url: str, method: str, params: Mapping[str, str], limits: Limits
) -> Operation[PreflightReport]:
    """Fetch and judge ``url``; raise PreflightError when Restcomm would not get valid RCML."""
    report = yield from fetch_document(url, method=method, params=params, limits=limits)
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
        report = yield from preflight(form["Url"], form.get("Method", "POST"), params, limits)
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
            status=call.status or "in-progress",
            direction=call.direction or "outbound-api",
            api_version=call.api_version or "2012-04-24",
            caller_name=call.caller_name,
            forwarded_from=call.forwarded_from,
        )
        if call.instance_id:
            params["InstanceId"] = call.instance_id
        params.update(preflight_params or {})
        report = yield from preflight(form["Url"], form.get("Method", "POST"), params, limits)
    out = Outgoing("POST", api.url("Calls", sid), form=form)
    before = read_calls(_ok(api, out, (yield out)))[0]
    after = (yield from get_call(api, sid)) if refresh else None
    return Update(before, after, _masked(form, api.redact), report)


def cancel_call(api: Api, call_sid: str, *, refresh: bool) -> Operation[Update[Call]]:
    """Cancel a call that is not answered yet; refuse (and say why) when it is."""
    sid = segment(call_sid, "CallSid")
    current = yield from get_call(api, sid)
    if (current.status or "").lower() not in CANCELABLE:
        raise CancelIgnoredError(current, sent=False)
    update = yield from modify_call(api, sid, {"Status": "canceled"}, refresh=refresh)
    if (update.before.status or "").lower() not in CANCELABLE:
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
