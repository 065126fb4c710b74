"""What the blocking and the async clients share: settings, checks, and operations as data.

Each public method of the two clients is one line over a ``_…_op`` method here, which checks
every argument (refusing what Restcomm would mishandle, before anything is sent) and returns
the operation (``_operations``) to run. A client made with ``dry_run=True`` runs none: it
raises :class:`~rcml.calls.errors.NotSent` with the first request instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import ssl
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypedDict

import httpx

from rcml.calls import _operations as ops
from rcml.calls import settings as _env
from rcml.calls._checks import (
    CallStatus,
    SortField,
    check_count,
    check_day,
    check_events,
    check_method,
    check_sort,
    check_status,
    check_url,
    segment,
)
from rcml.calls._curl import to_curl
from rcml.calls._operations import Api
from rcml.calls._secrets import Redactor, credential_forms, split_userinfo
from rcml.calls._transport import Operation, Wire
from rcml.calls.errors import InvalidRequestError, NotSent
from rcml.calls.models import Call, Created, Page, Participant, Recording, Update
from rcml.calls.preflight import PreflightReport, fetch_document
from rcml.core import Limits
from rcml.core.names import did_you_mean
from rcml.core.version import VERSION as __version__
from rcml.engine.engine import DEFAULT_LIMITS

if TYPE_CHECKING:
    from rcml.builder import CallEvent, HttpMethod

API_VERSION = "2012-04-24"
USER_AGENT = f"rcml/{__version__}"
Format = Literal["json", "xml"]
_ACCEPT = {"json": "application/json", "xml": "application/xml"}
_ARGUMENT = {
    _env.ACCOUNT_SID: "account_sid",
    _env.AUTH_TOKEN: "auth_token",
    _env.API_URL: "base_url",
}


class CallFilters(TypedDict, total=False):
    """The filters of :meth:`CallsClient.list_calls`, as Restcomm applies them
    (CallsEndpoint.java:237-250; the SQL in call-detail-records.xml).

    ``to`` and ``from_`` match the **end** of the number (Restcomm prepends SQL's ``%``, so
    ``0100`` finds ``+15550100``; ``%`` and ``_`` in them are wildcards too). ``start_date``
    keeps calls that started on or after that day, ``end_date`` those that ended on or before
    it. ``sort_by`` names a field (``DateCreated``, ``From``, ``To``, ``Direction``,
    ``Status``, ``Duration``, ``Price``); ``descending`` reverses it (alone: newest first).
    """

    to: str
    from_: str
    status: CallStatus
    start_date: dt.date | str
    end_date: dt.date | str
    parent_call_sid: str
    conference_sid: str
    sort_by: SortField
    descending: bool


def _fetch_client_args(timeout: float, tls: ssl.SSLContext) -> dict[str, Any]:
    """The httpx options of document fetches: no .netrc, no proxy, no compression, no redirects.

    Restcomm fetches directly; the preflight follows redirects as Restcomm's own client does
    (``rcml.core.download``), so httpx must not follow them itself.
    """
    return {
        "timeout": httpx.Timeout(timeout),
        "follow_redirects": False,
        "trust_env": False,
        "verify": tls,
        "headers": {"User-Agent": f"{USER_AGENT} preflight", "Accept-Encoding": "identity"},
    }


@functools.cache
def fetch_tls() -> ssl.SSLContext:
    """The TLS settings of document fetches: certifi's roots, the environment ignored.

    Built once per process (it takes tens of milliseconds), shared by every fetch client.
    """
    return httpx.create_ssl_context(trust_env=False)


@functools.cache
def _api_tls(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The TLS settings of the API for these SSL_CERT_FILE / SSL_CERT_DIR values; built once."""
    return httpx.create_ssl_context(trust_env=True)


def _url_secrets(url: str) -> list[str]:
    """The secrets a Url carries: its user name, and its password in every shape."""
    _, user, password = split_userinfo(url)
    return [*([user] if user else []), *credential_forms(user, password)]


def _put(form: dict[str, str], key: str, value: str | None) -> None:
    if value is not None and value != "":
        form[key] = value


def _seconds(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidRequestError(f"{what} must be a number of seconds above 0, not {value!r}")
    return float(value)


def call_params(filters: Mapping[str, object]) -> dict[str, str]:
    """Restcomm's query parameters for :class:`CallFilters` (unknown keys refused)."""
    unknown = sorted(set(filters) - set(CallFilters.__annotations__))
    if unknown:
        guess = did_you_mean(unknown[0], CallFilters.__annotations__)
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise InvalidRequestError(f"list_calls has no filter {unknown[0]!r}{hint}")
    params: dict[str, str] = {}
    for key, name in (("to", "To"), ("from_", "From")):
        value = filters.get(key)
        if value is not None:
            if not isinstance(value, str) or not value.strip():
                raise InvalidRequestError(f"{key} takes a non-empty str, not {value!r}")
            params[name] = value.strip()
    if filters.get("status") is not None:
        # Restcomm compares with SQL LIKE and stores a state either as "in-progress" or as
        # "IN_PROGRESS" (VoiceInterpreter.java:1276, Call.java:988): "_" matches either "-".
        params["Status"] = check_status(filters["status"]).replace("-", "_")
    for key, name in (("start_date", "StartTime"), ("end_date", "EndTime")):
        if filters.get(key) is not None:
            params[name] = check_day(filters[key], key)
    for key, name in (("parent_call_sid", "ParentCallSid"), ("conference_sid", "ConferenceSid")):
        if filters.get(key) is not None:
            params[name] = segment(str(filters[key]), key)
    descending = filters.get("descending", False)
    if not isinstance(descending, bool):
        raise InvalidRequestError(f"descending takes a bool, not {descending!r}")
    if filters.get("sort_by") is not None or descending:
        field = check_sort(filters.get("sort_by") or "DateCreated")
        params["SortBy"] = f"{field}:{'desc' if descending else 'asc'}"
    return params


class Base:
    """Configuration, checks and operations shared by the sync and async clients."""

    def __init__(
        self,
        account_sid: str | None = None,
        auth_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = 10.0,
        fetch_timeout: float = 10.0,
        response_format: Format = "json",
        preflight: bool = True,
        limits: Limits = DEFAULT_LIMITS,
        dry_run: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        fetch_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        found, missing = _env.resolve(account_sid, auth_token, base_url)
        if missing:
            raise InvalidRequestError(
                "missing "
                + ", ".join(f"{_ARGUMENT[name]} (or {name})" for name in missing)
            )
        if response_format not in _ACCEPT:
            raise InvalidRequestError("response_format must be 'json' or 'xml'")
        root = check_url(found["base_url"], "the API base URL").rstrip("/")
        if split_userinfo(root)[1] is not None:
            raise InvalidRequestError("put the credentials in account_sid/auth_token, not the URL")
        self.account_sid = segment(found["account_sid"], "the account SID")
        self._token = found["auth_token"]
        self.base_url = root
        self.timeout = _seconds(timeout, "timeout")
        self.fetch_timeout = _seconds(fetch_timeout, "fetch_timeout")
        self.response_format: Format = response_format
        self.preflight_default = preflight
        self.limits = limits
        self.dry_run = dry_run
        # httpx transports of the API and of preflight fetches: an app in this process
        # (httpx.ASGITransport) instead of the network, as tests against a local Restcomm do
        self._transports = (transport, fetch_transport)
        self._redact = Redactor(credential_forms(self.account_sid, self._token))
        self._api = Api(
            base_url=f"{root}/{API_VERSION}/Accounts/{self.account_sid}",
            account_sid=self.account_sid,
            suffix=".json" if response_format == "json" else "",
            redact=self._redact,
        )
        self._open()

    def _open(self) -> None:
        """Prepare the HTTP side (sync or async: the subclass decides)."""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(account_sid={self.account_sid!r}, auth_token='***', "
            f"base_url={self.base_url!r})"
        )

    def redact(self, text: str) -> str:
        """``text`` with this client's secrets masked, in every shape they travel in."""
        return self._redact(text)

    @functools.cached_property
    def _tls(self) -> tuple[ssl.SSLContext, ssl.SSLContext]:
        """TLS settings of the API (which honours SSL_CERT_FILE) and of fetches."""
        env = os.environ
        return _api_tls(env.get("SSL_CERT_FILE"), env.get("SSL_CERT_DIR")), fetch_tls()

    def _client_args(self) -> dict[str, Any]:
        extra = {"transport": self._transports[0]} if self._transports[0] is not None else {}
        return {
            **extra,
            "auth": httpx.BasicAuth(self.account_sid, self._token),
            "timeout": httpx.Timeout(self.timeout),
            "follow_redirects": False,
            "verify": self._tls[0],
            # Restcomm answers JSON to any Accept that mentions json, so ask for one.
            "headers": {"User-Agent": USER_AGENT, "Accept": _ACCEPT[self.response_format]},
        }

    def _fetch_args(self) -> dict[str, Any]:
        args = _fetch_client_args(self.fetch_timeout, self._tls[1])
        if self._transports[1] is not None:
            args["transport"] = self._transports[1]
        return args

    def _wire(self, api: httpx.AsyncClient, fetch: httpx.AsyncClient) -> Wire:
        return Wire(api, fetch, self.timeout, self.fetch_timeout, self._redact)

    def _not_sent(self, operation: Operation[Any]) -> NoReturn:
        """Raise NotSent with the first request of ``operation`` (a dry run sends nothing)."""
        out = next(operation)
        operation.close()
        redact = self._api.redact if out.target == "api" else self._redact
        form = {k: ("***" if k == "Password" else redact(v)) for k, v in (out.form or {}).items()}
        raise NotSent(
            method=out.method,
            url=redact(out.url),
            form=form if out.form is not None else None,
            params=dict(out.params) if out.params is not None else None,
            curl=to_curl(out, account_sid=self.account_sid, redact=redact),
        )

    def _api_with(self, *secrets: str | None) -> Api:
        api = self._api
        return Api(api.base_url, api.account_sid, api.suffix, api.redact.with_secrets(secrets))

    def _use_preflight(self, flag: bool | None) -> bool:
        if self.dry_run:
            return False  # a dry run sends nothing, not even the fetch of the Url
        return self.preflight_default if flag is None else flag

    # ------------------------------------------------------------------ operations as data

    def _create_op(
        self,
        from_: str,
        to: str,
        url: str,
        *,
        method: HttpMethod,
        fallback_url: str | None,
        fallback_method: HttpMethod | None,
        status_callback: str | None,
        status_callback_method: HttpMethod | None,
        status_callback_event: Sequence[CallEvent] | None,
        ring_timeout: int | None,
        sip_username: str | None,
        sip_password: str | None,
        preflight: bool | None,
        preflight_params: Mapping[str, str] | None,
    ) -> Operation[Created]:
        if not from_ or not to or not isinstance(from_, str) or not isinstance(to, str):
            raise InvalidRequestError("from_ and to are required")
        form = {
            "From": from_,
            "To": to,
            "Url": check_url(url),
            "Method": check_method(method),
        }
        _add_callbacks(
            form, fallback_url, fallback_method, status_callback, status_callback_method
        )
        if status_callback_event is not None:
            form["StatusCallbackEvent"] = check_events(status_callback_event)
        if ring_timeout is not None:
            form["Timeout"] = str(check_count(ring_timeout, "ring_timeout", minimum=1))
        _put(form, "Username", sip_username)
        _put(form, "Password", sip_password)
        secrets = (*_url_secrets(url), *credential_forms(sip_username, sip_password))
        return ops.create_call(
            self._api_with(*secrets),
            form,
            preflight_on=self._use_preflight(preflight),
            preflight_params=preflight_params,
            limits=self.limits,
        )

    def _redirect_op(
        self,
        call_sid: str,
        url: str,
        *,
        mute: bool,
        method: HttpMethod,
        move_connected_leg: bool,
        fallback_url: str | None,
        fallback_method: HttpMethod | None,
        status_callback: str | None,
        status_callback_method: HttpMethod | None,
        preflight: bool | None,
        preflight_params: Mapping[str, str] | None,
        refresh: bool,
    ) -> Operation[Update[Call]]:
        if not isinstance(mute, bool):
            raise InvalidRequestError(
                "mute must be True or False: Restcomm un-mutes the call on every modify "
                "request without Mute=true"
            )
        form = {
            "Url": check_url(url),
            "Method": check_method(method),
            "MoveConnectedCallLeg": "true" if move_connected_leg else "false",
            "Mute": "true" if mute else "false",
        }
        _add_callbacks(
            form, fallback_url, fallback_method, status_callback, status_callback_method
        )
        return ops.modify_call(
            self._api_with(*_url_secrets(url)),
            call_sid,
            form,
            refresh=refresh,
            preflight_on=self._use_preflight(preflight),
            preflight_params=preflight_params,
            limits=self.limits,
        )

    def _hangup_op(self, call_sid: str, refresh: bool) -> Operation[Update[Call]]:
        return ops.modify_call(self._api, call_sid, {"Status": "completed"}, refresh=refresh)

    def _cancel_op(self, call_sid: str, refresh: bool) -> Operation[Update[Call]]:
        return ops.cancel_call(self._api, call_sid, refresh=refresh, read_first=not self.dry_run)

    def _mute_op(
        self, conference_sid: str, call_sid: str, mute: bool, refresh: bool
    ) -> Operation[Update[Participant]]:
        if not isinstance(mute, bool):
            raise InvalidRequestError(f"mute must be True or False, not {mute!r}")
        return ops.set_mute(self._api, conference_sid, call_sid, mute, refresh=refresh)

    def _get_call_op(self, call_sid: str) -> Operation[Call]:
        return ops.get_call(self._api, call_sid)

    def _list_calls_op(
        self, page: int | None, page_size: int | None, filters: Mapping[str, object]
    ) -> Operation[Page[Call]]:
        params = call_params(filters)
        if page is not None:
            params["Page"] = str(check_count(page, "page", minimum=0))
        if page_size is not None:
            params["PageSize"] = str(check_count(page_size, "page_size", minimum=1))
        return ops.list_calls(self._api, params)

    def _get_participant_op(self, conference_sid: str, call_sid: str) -> Operation[Participant]:
        return ops.get_participant(self._api, conference_sid, call_sid)

    def _list_participants_op(self, conference_sid: str) -> Operation[Page[Participant]]:
        return ops.list_participants(self._api, conference_sid)

    def _list_recordings_op(self, call_sid: str) -> Operation[list[Recording]]:
        return ops.list_recordings(self._api, call_sid)

    def _preflight_op(
        self, url: str, method: HttpMethod, params: Mapping[str, str] | None
    ) -> Operation[PreflightReport]:
        return fetch_document(url, method=method, params=params, limits=self.limits)


CREATE_DOC = """Start a call from ``from_`` to ``to`` (``+15550100``, ``client:alice``,
        ``sip:alice@host``) running the RCML at ``url``; POST …/Calls.

        The ``url`` is preflighted first unless ``preflight=False`` (raises PreflightError).
        ``ring_timeout`` is how long it rings, in seconds (Restcomm's default is 60,
        CallsEndpoint.java:762). ``method``, ``fallback_method`` and
        ``status_callback_method`` are GET or POST. ``status_callback_event`` is a list of
        events (``["initiated", "answered"]``); it cannot narrow them: Restcomm adds these to
        all four (CallsEndpoint.java:476-519). ``sip_username`` and ``sip_password``
        authenticate a ``sip:`` target. ``preflight_params`` adds to or replaces the
        parameters sent with the preflight fetch (the call does not exist yet, so its CallSid
        there is a placeholder).
        """

LIST_CALLS_DOC = """One page of the account's calls, filtered and sorted by Restcomm; GET …/Calls.

        ``page`` counts from 0, ``page_size`` defaults to 50 (CallsEndpoint.java:352-358);
        asking past the last page is an error (HTTP 400, line 398). The filters are those of
        :class:`CallFilters`. ``Page.next_page`` is the number of the next page, if any.
        """

ITER_CALLS_DOC = """Every call matching the filters, page after page (at most ``limit``)."""


def _add_callbacks(
    form: dict[str, str],
    fallback_url: str | None,
    fallback_method: HttpMethod | None,
    status_callback: str | None,
    status_callback_method: HttpMethod | None,
) -> None:
    """The FallbackUrl and StatusCallback fields (with their methods, POST by default) that a
    create and a change request share, checked."""
    if fallback_url is not None:
        form["FallbackUrl"] = check_url(fallback_url, "fallback_url")
        form["FallbackMethod"] = check_method(fallback_method or "POST", "fallback_method")
    if status_callback is not None:
        form["StatusCallback"] = check_url(status_callback, "status_callback")
        form["StatusCallbackMethod"] = check_method(
            status_callback_method or "POST", "status_callback_method"
        )
