"""The Calls API clients: :class:`CallsClient` (blocking) and :class:`AsyncCallsClient`.

Both build the same forms and run the same operations (``_operations``); only the httpx client
differs. Timeouts are explicit (``timeout`` for the API, ``fetch_timeout`` for preflight
fetches) and nothing is retried: a POST that timed out may have been applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, Self

import httpx

from rcml.calls import _operations as ops
from rcml.calls._operations import Api, check_method, check_url
from rcml.calls._secrets import Redactor, split_userinfo
from rcml.calls._transport import Operation, run_async, run_sync
from rcml.calls.errors import InvalidRequestError
from rcml.calls.models import Call, Created, Participant, Update
from rcml.calls.preflight import PreflightReport, fetch_document
from rcml.core import Limits
from rcml.core.version import VERSION as __version__
from rcml.engine.engine import DEFAULT_LIMITS

API_VERSION = "2012-04-24"
USER_AGENT = f"rcml/{__version__}"
Format = Literal["json", "xml"]
_ACCEPT = {"json": "application/json", "xml": "application/xml"}


def _put(form: dict[str, str], key: str, value: str | None) -> None:
    if value is not None and value != "":
        form[key] = value


def _fetch_client_args(timeout: float) -> dict[str, Any]:
    """The httpx options of document fetches: no .netrc, no proxy, no compression, no redirects.

    Restcomm fetches directly and follows redirects by hand; so does the preflight.
    """
    return {
        "timeout": httpx.Timeout(timeout),
        "follow_redirects": False,
        "trust_env": False,
        "headers": {"User-Agent": f"{USER_AGENT} preflight", "Accept-Encoding": "identity"},
    }


class _Base:
    """Configuration and form building shared by the sync and async clients."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        base_url: str,
        timeout: float = 10.0,
        fetch_timeout: float = 10.0,
        response_format: Format = "json",
        preflight: bool = True,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        if response_format not in _ACCEPT:
            raise InvalidRequestError("response_format must be 'json' or 'xml'")
        if not account_sid or not auth_token:
            raise InvalidRequestError("an account SID and an auth token are required")
        root = check_url(base_url, "the API base URL").rstrip("/")
        if split_userinfo(root)[1] is not None:
            raise InvalidRequestError("put the credentials in account_sid/auth_token, not the URL")
        self.account_sid = ops.segment(account_sid, "the account SID")
        self._token = auth_token
        self.base_url = root
        self.timeout = timeout
        self.fetch_timeout = fetch_timeout
        self.response_format: Format = response_format
        self.preflight_default = preflight
        self.limits = limits
        self._redact = Redactor([auth_token])
        self._api = Api(
            base_url=f"{root}/{API_VERSION}/Accounts/{self.account_sid}",
            account_sid=self.account_sid,
            suffix=".json" if response_format == "json" else "",
            redact=self._redact,
        )
        self._open()

    def _open(self) -> None:
        """Create the HTTP clients (sync or async: the subclass decides)."""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(account_sid={self.account_sid!r}, auth_token='***', "
            f"base_url={self.base_url!r})"
        )

    def _client_args(self) -> dict[str, Any]:
        return {
            "auth": httpx.BasicAuth(self.account_sid, self._token),
            "timeout": httpx.Timeout(self.timeout),
            "follow_redirects": False,
            # Restcomm answers JSON to any Accept that mentions json (spec §5), so ask for one.
            "headers": {"User-Agent": USER_AGENT, "Accept": _ACCEPT[self.response_format]},
        }

    def _fetch_args(self) -> dict[str, Any]:
        return _fetch_client_args(self.fetch_timeout)

    def _api_with(self, *secrets: str | None) -> Api:
        api = self._api
        return Api(api.base_url, api.account_sid, api.suffix, api.redact.with_secrets(secrets))

    def _use_preflight(self, flag: bool | None) -> bool:
        return self.preflight_default if flag is None else flag

    # ------------------------------------------------------------------ operations as data

    def _create_op(
        self,
        from_: str,
        to: str,
        url: str,
        *,
        method: str,
        fallback_url: str | None,
        fallback_method: str | None,
        status_callback: str | None,
        status_callback_method: str | None,
        status_callback_event: Sequence[str] | None,
        timeout: int | None,
        sip_username: str | None,
        sip_password: str | None,
        preflight: bool | None,
        preflight_params: Mapping[str, str] | None,
    ) -> Operation[Created]:
        if not from_ or not to:
            raise InvalidRequestError("From and To are required")
        form = {"From": from_, "To": to, "Url": check_url(url), "Method": check_method(method)}
        if fallback_url is not None:
            _put(form, "FallbackUrl", check_url(fallback_url, "FallbackUrl"))
            _put(form, "FallbackMethod", check_method(fallback_method, "FallbackMethod"))
        if status_callback is not None:
            _put(form, "StatusCallback", check_url(status_callback, "StatusCallback"))
            _put(form, "StatusCallbackMethod", check_method(status_callback_method))
        if status_callback_event:
            form["StatusCallbackEvent"] = ",".join(status_callback_event)
        if timeout is not None:
            form["Timeout"] = str(int(timeout))
        _put(form, "Username", sip_username)
        _put(form, "Password", sip_password)
        secrets = (sip_password, *split_userinfo(url)[1:])
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
        method: str,
        move_connected_leg: bool,
        fallback_url: str | None,
        fallback_method: str | None,
        status_callback: str | None,
        status_callback_method: str | None,
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
        if fallback_url is not None:
            form["FallbackUrl"] = check_url(fallback_url, "FallbackUrl")
            form["FallbackMethod"] = check_method(fallback_method, "FallbackMethod")
        if status_callback is not None:
            form["StatusCallback"] = check_url(status_callback, "StatusCallback")
            form["StatusCallbackMethod"] = check_method(status_callback_method)
        return ops.modify_call(
            self._api_with(*split_userinfo(url)[1:]),
            call_sid,
            form,
            refresh=refresh,
            preflight_on=self._use_preflight(preflight),
            preflight_params=preflight_params,
            limits=self.limits,
        )

    def _hangup_op(self, call_sid: str, refresh: bool) -> Operation[Update[Call]]:
        return ops.modify_call(self._api, call_sid, {"Status": "completed"}, refresh=refresh)


_CREATE_DOC = """Start a call from ``from_`` to ``to`` (``+15550100``, ``client:alice``,
        ``sip:alice@host``) running the RCML at ``url``; POST …/Calls.

        The ``url`` is preflighted first unless ``preflight=False`` (raises PreflightError).
        ``timeout`` is the ring time in seconds (Restcomm's default is 60).
        ``status_callback_event`` cannot narrow the events: Restcomm adds these to all four
        (initiated, ringing, answered, completed). ``sip_username`` and
        ``sip_password`` authenticate a ``sip:`` target. ``preflight_params`` adds to or replaces
        the parameters sent with the preflight fetch (the call does not exist yet, so its
        CallSid there is a placeholder).
        """


class CallsClient(_Base):
    """A blocking client of the Restcomm Calls API. Use it as a context manager, or ``close()``.

    >>> with CallsClient("AC…", token, base_url="https://host/restcomm") as client:
    ...     client.redirect("CA…", "https://apps.example/next.xml", mute=False)
    """

    def _open(self) -> None:
        self._http = httpx.Client(**self._client_args())
        self._fetch = httpx.Client(**self._fetch_args())

    def close(self) -> None:
        self._http.close()
        self._fetch.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _run(self, operation: Operation[Any]) -> Any:
        return run_sync(operation, self._http, self._fetch, self._redact)

    def create_call(
        self,
        from_: str,
        to: str,
        url: str,
        *,
        method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        status_callback_event: Sequence[str] | None = None,
        timeout: int | None = None,
        sip_username: str | None = None,
        sip_password: str | None = None,
        preflight: bool | None = None,
        preflight_params: Mapping[str, str] | None = None,
    ) -> Created:
        op = self._create_op(
            from_, to, url, method=method, fallback_url=fallback_url,
            fallback_method=fallback_method, status_callback=status_callback,
            status_callback_method=status_callback_method,
            status_callback_event=status_callback_event, timeout=timeout,
            sip_username=sip_username, sip_password=sip_password, preflight=preflight,
            preflight_params=preflight_params,
        )  # fmt: skip
        result: Created = self._run(op)
        return result

    create_call.__doc__ = _CREATE_DOC

    def redirect(
        self,
        call_sid: str,
        url: str,
        *,
        mute: bool,
        method: str = "POST",
        move_connected_leg: bool = False,
        fallback_url: str | None = None,
        fallback_method: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        preflight: bool | None = None,
        preflight_params: Mapping[str, str] | None = None,
        refresh: bool = False,
    ) -> Update[Call]:
        """Point a live call at new RCML; POST …/Calls/{CallSid} with ``Url``.

        ``mute`` is required: Restcomm un-mutes the call on every modify request without
        ``Mute=true``. Without ``move_connected_leg`` Restcomm **hangs up** the other leg of a
        bridged call; with it, that leg runs the same Url too. The Url is preflighted with the
        call's own parameters unless ``preflight=False``. ``refresh`` reads the call again.
        """
        op = self._redirect_op(
            call_sid, url, mute=mute, method=method, move_connected_leg=move_connected_leg,
            fallback_url=fallback_url, fallback_method=fallback_method,
            status_callback=status_callback, status_callback_method=status_callback_method,
            preflight=preflight, preflight_params=preflight_params, refresh=refresh,
        )  # fmt: skip
        result: Update[Call] = self._run(op)
        return result

    def hangup(self, call_sid: str, *, refresh: bool = False) -> Update[Call]:
        """End a call whatever its state (``Status=completed``)."""
        result: Update[Call] = self._run(self._hangup_op(call_sid, refresh))
        return result

    def cancel(self, call_sid: str, *, refresh: bool = False) -> Update[Call]:
        """End a call that is not answered yet (``Status=canceled``).

        Restcomm ignores a cancel of an answered call, so this reads the call first and raises
        CancelIgnoredError instead of sending a request that does nothing.
        """
        result: Update[Call] = self._run(ops.cancel_call(self._api, call_sid, refresh=refresh))
        return result

    def mute(
        self, conference_sid: str, call_sid: str, *, refresh: bool = False
    ) -> Update[Participant]:
        """Mute a conference participant (only in-progress calls are affected)."""
        return self.set_mute(conference_sid, call_sid, True, refresh=refresh)

    def unmute(
        self, conference_sid: str, call_sid: str, *, refresh: bool = False
    ) -> Update[Participant]:
        """Unmute a conference participant."""
        return self.set_mute(conference_sid, call_sid, False, refresh=refresh)

    def set_mute(
        self, conference_sid: str, call_sid: str, mute: bool, *, refresh: bool = False
    ) -> Update[Participant]:
        result: Update[Participant] = self._run(
            ops.set_mute(self._api, conference_sid, call_sid, mute, refresh=refresh)
        )
        return result

    def get_call(self, call_sid: str) -> Call:
        """Read one call."""
        result: Call = self._run(ops.get_call(self._api, call_sid))
        return result

    def get_participant(self, conference_sid: str, call_sid: str) -> Participant:
        """Read one conference participant."""
        result: Participant = self._run(ops.get_participant(self._api, conference_sid, call_sid))
        return result

    def preflight(
        self, url: str, *, method: str = "POST", params: Mapping[str, str] | None = None
    ) -> PreflightReport:
        """Fetch ``url`` as Restcomm would and judge it; never raises for what it finds."""
        report: PreflightReport = self._run(
            fetch_document(url, method=method, params=params, limits=self.limits)
        )
        return report


class AsyncCallsClient(_Base):
    """The asyncio twin of :class:`CallsClient`: the same methods, awaited."""

    def _open(self) -> None:
        self._http = httpx.AsyncClient(**self._client_args())
        self._fetch = httpx.AsyncClient(**self._fetch_args())

    async def aclose(self) -> None:
        await self._http.aclose()
        await self._fetch.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def _run(self, operation: Operation[Any]) -> Any:
        return await run_async(operation, self._http, self._fetch, self._redact)

    async def create_call(
        self,
        from_: str,
        to: str,
        url: str,
        *,
        method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        status_callback_event: Sequence[str] | None = None,
        timeout: int | None = None,
        sip_username: str | None = None,
        sip_password: str | None = None,
        preflight: bool | None = None,
        preflight_params: Mapping[str, str] | None = None,
    ) -> Created:
        op = self._create_op(
            from_, to, url, method=method, fallback_url=fallback_url,
            fallback_method=fallback_method, status_callback=status_callback,
            status_callback_method=status_callback_method,
            status_callback_event=status_callback_event, timeout=timeout,
            sip_username=sip_username, sip_password=sip_password, preflight=preflight,
            preflight_params=preflight_params,
        )  # fmt: skip
        result: Created = await self._run(op)
        return result

    create_call.__doc__ = _CREATE_DOC

    async def redirect(
        self,
        call_sid: str,
        url: str,
        *,
        mute: bool,
        method: str = "POST",
        move_connected_leg: bool = False,
        fallback_url: str | None = None,
        fallback_method: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        preflight: bool | None = None,
        preflight_params: Mapping[str, str] | None = None,
        refresh: bool = False,
    ) -> Update[Call]:
        """See :meth:`CallsClient.redirect`."""
        op = self._redirect_op(
            call_sid, url, mute=mute, method=method, move_connected_leg=move_connected_leg,
            fallback_url=fallback_url, fallback_method=fallback_method,
            status_callback=status_callback, status_callback_method=status_callback_method,
            preflight=preflight, preflight_params=preflight_params, refresh=refresh,
        )  # fmt: skip
        result: Update[Call] = await self._run(op)
        return result

    async def hangup(self, call_sid: str, *, refresh: bool = False) -> Update[Call]:
        result: Update[Call] = await self._run(self._hangup_op(call_sid, refresh))
        return result

    async def cancel(self, call_sid: str, *, refresh: bool = False) -> Update[Call]:
        result: Update[Call] = await self._run(
            ops.cancel_call(self._api, call_sid, refresh=refresh)
        )
        return result

    async def mute(
        self, conference_sid: str, call_sid: str, *, refresh: bool = False
    ) -> Update[Participant]:
        return await self.set_mute(conference_sid, call_sid, True, refresh=refresh)

    async def unmute(
        self, conference_sid: str, call_sid: str, *, refresh: bool = False
    ) -> Update[Participant]:
        return await self.set_mute(conference_sid, call_sid, False, refresh=refresh)

    async def set_mute(
        self, conference_sid: str, call_sid: str, mute: bool, *, refresh: bool = False
    ) -> Update[Participant]:
        result: Update[Participant] = await self._run(
            ops.set_mute(self._api, conference_sid, call_sid, mute, refresh=refresh)
        )
        return result

    async def get_call(self, call_sid: str) -> Call:
        result: Call = await self._run(ops.get_call(self._api, call_sid))
        return result

    async def get_participant(self, conference_sid: str, call_sid: str) -> Participant:
        result: Participant = await self._run(
            ops.get_participant(self._api, conference_sid, call_sid)
        )
        return result

    async def preflight(
        self, url: str, *, method: str = "POST", params: Mapping[str, str] | None = None
    ) -> PreflightReport:
        report: PreflightReport = await self._run(
            fetch_document(url, method=method, params=params, limits=self.limits)
        )
        return report


def preflight(
    url: str,
    *,
    method: str = "POST",
    params: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    limits: Limits = DEFAULT_LIMITS,
) -> PreflightReport:
    """Fetch ``url`` as Restcomm would and judge it, without any account: a standalone check.

    ``params`` are the form parameters to send (see :func:`call_parameters`); nothing is raised
    for what the fetch finds: read ``report.ok`` and ``report.summary()``.
    """
    with httpx.Client(**_fetch_client_args(timeout)) as fetch:
        report: PreflightReport = run_sync(
            fetch_document(url, method=method, params=params, limits=limits),
            fetch,
            fetch,
            Redactor(),
        )
    return report
