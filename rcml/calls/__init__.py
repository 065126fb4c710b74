"""The Restcomm Calls API client, with preflight: never send a call to broken RCML.

``CallsClient`` (and ``AsyncCallsClient``) create, redirect, hang up, cancel, read and list
calls, list and mute conference participants, and list a call's recordings. Before a call is
pointed at a ``Url``, the Url is fetched the way Restcomm will fetch it and the answer is
validated (``preflight``); a Url that would not give a valid voice document raises
:class:`PreflightError` and nothing is sent to the API. With no arguments, a client reads its
account from ``RCML_ACCOUNT_SID``, ``RCML_AUTH_TOKEN`` and ``RCML_API_URL``.
"""

from rcml.calls._checks import CallStatus, SortField
from rcml.calls.client import AsyncCallsClient, CallFilters, CallsClient, preflight
from rcml.calls.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    CallCompletedError,
    CallsError,
    CancelIgnoredError,
    ForbiddenError,
    InvalidRequestError,
    NotSent,
    PreflightError,
    RequestTimeoutError,
    ServerError,
    TransportError,
    UnauthorizedError,
    UnexpectedResponseError,
    UnknownCallError,
)
from rcml.calls.models import Call, Created, Page, Participant, Recording, Update
from rcml.calls.preflight import PreflightReport, call_parameters

__all__ = [
    "ApiError",
    "AsyncCallsClient",
    "AuthError",
    "BadRequestError",
    "Call",
    "CallCompletedError",
    "CallFilters",
    "CallStatus",
    "CallsClient",
    "CallsError",
    "CancelIgnoredError",
    "Created",
    "ForbiddenError",
    "InvalidRequestError",
    "NotSent",
    "Page",
    "Participant",
    "PreflightError",
    "PreflightReport",
    "Recording",
    "RequestTimeoutError",
    "ServerError",
    "SortField",
    "TransportError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "UnknownCallError",
    "Update",
    "call_parameters",
    "preflight",
]
