"""The Restcomm Calls API client, with preflight: never send a call to broken RCML.

``CallsClient`` (and ``AsyncCallsClient``) create, redirect, hang up and cancel calls and mute
conference participants. Before a call is pointed at a ``Url``, the Url is fetched the way
Restcomm will fetch it and the answer is validated (``preflight``); a Url that would not give a
valid voice document raises :class:`PreflightError` and nothing is sent to the API.
"""

from rcml.calls.client import AsyncCallsClient, CallsClient, preflight
from rcml.calls.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    CallCompletedError,
    CallsError,
    CancelIgnoredError,
    ForbiddenError,
    InvalidRequestError,
    PreflightError,
    RequestTimeoutError,
    ServerError,
    TransportError,
    UnauthorizedError,
    UnexpectedResponseError,
    UnknownCallError,
)
from rcml.calls.models import Call, Created, Participant, Update
from rcml.calls.preflight import PreflightReport, call_parameters

__all__ = [
    "ApiError",
    "AsyncCallsClient",
    "AuthError",
    "BadRequestError",
    "Call",
    "CallCompletedError",
    "CallsClient",
    "CallsError",
    "CancelIgnoredError",
    "Created",
    "ForbiddenError",
    "InvalidRequestError",
    "Participant",
    "PreflightError",
    "PreflightReport",
    "RequestTimeoutError",
    "ServerError",
    "TransportError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "UnknownCallError",
    "Update",
    "call_parameters",
    "preflight",
]
