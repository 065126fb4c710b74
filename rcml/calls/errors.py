"""The Calls client's exceptions: one per way a request can fail, all under ``rcml.RcmlError``.

HTTP errors from the Calls API map to one class per status, so callers can
``except UnknownCallError`` instead of comparing numbers. Every message is built here from
masked data: no exception text or repr ever holds an auth token or a password.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rcml.core.errors import RcmlError

if TYPE_CHECKING:
    from rcml.calls.models import Call
    from rcml.calls.preflight import PreflightReport


class CallsError(RcmlError):
    """The root of everything the Calls client raises on purpose."""


class InvalidRequestError(CallsError, ValueError):
    """A request the client refuses to send, because Restcomm would accept it and then fail.

    Examples: a relative ``Url`` (Restcomm answers 500), a ``Method`` other than GET or POST
    (Restcomm accepts it, then every fetch of the document fails).
    """


class TransportError(CallsError):
    """The request did not get an HTTP answer (connection refused, DNS, TLS...)."""


class RequestTimeoutError(TransportError):
    """No answer within the client's timeout.

    A POST that timed out may or may not have reached Restcomm; the client never retries it.
    """


class ApiError(CallsError):
    """The Calls API answered with a status other than 200.

    ``status`` is the HTTP status, ``api_message`` the message Restcomm put in the body (from
    ``<RestcommResponse><Message>``, a JSON ``message``, or the text), ``url`` the masked URL.
    """

    status: int = 0

    def __init__(self, status: int, api_message: str, *, method: str, url: str) -> None:
        self.status = status
        self.api_message = api_message
        self.method = method
        self.url = url
        meaning = _MEANINGS.get(status, "unexpected status")
        detail = f": {api_message}" if api_message else ""
        super().__init__(f"{method} {url} failed with HTTP {status} ({meaning}){detail}")


class BadRequestError(ApiError):
    """400: a required parameter is missing (``From can not be null.``) or a SID is malformed."""


class AuthError(ApiError):
    """401 or 403: the account SID and auth token were refused, or lack the permission."""


class UnauthorizedError(AuthError):
    """401: wrong or missing account SID / auth token."""


class ForbiddenError(AuthError):
    """403: the credentials are valid but not for this account or operation."""


class UnknownCallError(ApiError):
    """Restcomm has no call (or participant) with this SID: 406 on a change, 404 on a read."""


class CallCompletedError(ApiError):
    """410: the call is already completed; it can no longer be modified."""


class ServerError(ApiError):
    """500 (or another 5xx): Restcomm failed; its message is in ``api_message``."""


class UnexpectedResponseError(CallsError):
    """A 200 answer whose body the client cannot read as what it asked for."""


class NotSent(CallsError):
    """What a client made with ``dry_run=True`` raises instead of sending anything.

    ``method``, ``url``, ``form`` and ``params`` describe the request it would have sent
    (secrets masked); ``curl`` is the same as a ``curl`` command line, the auth token left to
    the shell as ``$RCML_AUTH_TOKEN``. Nothing else is sent either: no preflight fetch, and no
    read of the call first (a cancel sends its request whatever the call's state).
    """

    def __init__(
        self,
        *,
        method: str,
        url: str,
        form: Mapping[str, str] | None,
        params: Mapping[str, str] | None,
        curl: str,
    ) -> None:
        self.method = method
        self.url = url
        self.form = dict(form) if form is not None else None
        self.params = dict(params) if params is not None else None
        self.curl = curl
        super().__init__(curl)


class CancelIgnoredError(CallsError):
    """``Status=canceled`` does nothing to an answered call; the client says so.

    ``call`` is the call as read when the refusal was decided. ``sent`` tells whether the
    cancel request was sent (only when the call was answered between the read and the request;
    that request also un-muted the call, as every modify request without ``Mute=true`` does).
    """

    def __init__(self, call: Call, *, sent: bool) -> None:
        self.call = call
        self.sent = sent
        what = "was sent but did nothing" if sent else "was not sent"
        status = call.state or "in an unknown state"
        ended = status in ("completed", "canceled", "busy", "failed", "no-answer", "not-found")
        advice = "it has already ended" if ended else "use hangup to end it"
        super().__init__(
            f"call {call.sid} is {status}: Status=canceled only ends queued or ringing calls, "
            f"so the cancel {what}; {advice}"
        )


class PreflightError(CallsError):
    """The ``Url`` would not give Restcomm a valid voice document; nothing was sent to the API.

    ``report`` holds what was fetched and why it was refused (``report.problems``) and the
    validator's findings (``report.findings``).
    """

    def __init__(self, report: PreflightReport) -> None:
        self.report = report
        super().__init__(report.summary())


_MOVED = "redirected: not followed with credentials; use the final URL (often https://) as base"
_MEANINGS = {
    301: _MOVED,
    302: _MOVED,
    307: _MOVED,
    308: _MOVED,
    400: "bad request",
    401: "unauthorized: check the account SID and auth token",
    403: "forbidden: these credentials may not do this",
    404: "not found: no such call or participant, or a wrong API base URL or account SID",
    406: "unknown call: no call or participant with this SID",
    410: "the call is already completed",
    500: "Restcomm server error",
}


def error_for_status(status: int, api_message: str, *, method: str, url: str) -> ApiError:
    """The exception for one non-200 answer of the Calls API."""
    cls: type[ApiError]
    if status == 400:
        cls = BadRequestError
    elif status == 401:
        cls = UnauthorizedError
    elif status == 403:
        cls = ForbiddenError
    elif status == 406:
        cls = UnknownCallError
    elif status == 410:
        cls = CallCompletedError
    elif status >= 500:
        cls = ServerError
    else:
        cls = ApiError
    return cls(status, api_message, method=method, url=url)
