"""The blocking client of the Calls API (:class:`CallsClient`), and :func:`preflight`.

It builds the same operations as the async client (``_base``) and runs them on the same async
driver, on a private event loop, so that ``timeout`` bounds each whole request (from
connecting to the last byte of the answer). Nothing is retried: a POST that timed out may
have been applied.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from rcml.calls._async import AsyncCallsClient
from rcml.calls._base import (
    CREATE_DOC,
    ITER_CALLS_DOC,
    LIST_CALLS_DOC,
    Base,
    CallFilters,
    _fetch_client_args,
    fetch_tls,
)
from rcml.calls._checks import check_count
from rcml.calls._secrets import Redactor
from rcml.calls._transport import LoopThread, Operation, Wire, run
from rcml.calls.models import Call, Created, Page, Participant, Recording, Update
from rcml.calls.preflight import PreflightReport, fetch_document
from rcml.core import Limits
from rcml.engine.engine import DEFAULT_LIMITS

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from rcml.builder import CallEvent, HttpMethod

__all__ = ["AsyncCallsClient", "CallFilters", "CallsClient", "preflight"]


class CallsClient(Base):
    """A blocking client of the Restcomm Calls API. Use it as a context manager, or ``close()``.

    With no arguments, the account comes from ``RCML_ACCOUNT_SID``, ``RCML_AUTH_TOKEN`` and
    ``RCML_API_URL``, as for the ``rcml call`` commands. ``dry_run=True`` sends nothing: each
    method raises :class:`~rcml.calls.NotSent` with the request (and its ``curl``) instead.
    ``transport`` and ``fetch_transport`` (httpx async transports) replace the network for the
    API and for preflight fetches: ``httpx.ASGITransport(app)`` reaches an app in this process,
    such as a local Restcomm (:mod:`rcml.local`) in a test.
    It runs the async client's code on a private event loop in a helper thread (started on
    first use), so that ``timeout`` can bound each whole request.

    >>> with CallsClient() as client:
    ...     client.redirect("CA…", "https://apps.example/next.xml", mute=False)
    """

    def _open(self) -> None:
        self._loop = LoopThread()
        self._clients: tuple[httpx.AsyncClient, httpx.AsyncClient] | None = None
        # An unclosed client does not leave its thread behind.
        self._finalizer = weakref.finalize(self, self._loop.stop)

    def close(self) -> None:
        """Close the connections and stop the helper thread (a later call starts them again)."""
        clients, self._clients = self._clients, None
        if clients is not None:

            async def close_all() -> None:
                for client in clients:
                    await client.aclose()

            self._loop.run(close_all)
        self._loop.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _run(self, operation: Operation[Any]) -> Any:
        if self.dry_run:
            self._not_sent(operation)

        async def drive() -> Any:
            if self._clients is None:  # made on the loop that will use them
                self._clients = (
                    httpx.AsyncClient(**self._client_args()),
                    httpx.AsyncClient(**self._fetch_args()),
                )
            return await run(operation, self._wire(*self._clients))

        return self._loop.run(drive)

    def create_call(
        self,
        from_: str,
        to: str,
        url: str,
        *,
        method: HttpMethod = "POST",
        fallback_url: str | None = None,
        fallback_method: HttpMethod | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        status_callback_event: Sequence[CallEvent] | None = None,
        ring_timeout: int | None = None,
        sip_username: str | None = None,
        sip_password: str | None = None,
        preflight: bool | None = None,
        preflight_params: Mapping[str, str] | None = None,
    ) -> Created:
        op = self._create_op(
            from_, to, url, method=method, fallback_url=fallback_url,
            fallback_method=fallback_method, status_callback=status_callback,
            status_callback_method=status_callback_method,
            status_callback_event=status_callback_event, ring_timeout=ring_timeout,
            sip_username=sip_username, sip_password=sip_password, preflight=preflight,
            preflight_params=preflight_params,
        )  # fmt: skip
        result: Created = self._run(op)
        return result

    create_call.__doc__ = CREATE_DOC

    def redirect(
        self,
        call_sid: str,
        url: str,
        *,
        mute: bool,
        method: HttpMethod = "POST",
        move_connected_leg: bool = False,
        fallback_url: str | None = None,
        fallback_method: HttpMethod | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
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
        result: Update[Call] = self._run(self._cancel_op(call_sid, refresh))
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
            self._mute_op(conference_sid, call_sid, mute, refresh)
        )
        return result

    def get_call(self, call_sid: str) -> Call:
        """Read one call."""
        result: Call = self._run(self._get_call_op(call_sid))
        return result

    def list_calls(
        self,
        *,
        page: int | None = None,
        page_size: int | None = None,
        **filters: Unpack[CallFilters],
    ) -> Page[Call]:
        result: Page[Call] = self._run(self._list_calls_op(page, page_size, filters))
        return result

    list_calls.__doc__ = LIST_CALLS_DOC

    def iter_calls(
        self, *, page_size: int = 50, limit: int | None = None, **filters: Unpack[CallFilters]
    ) -> Iterator[Call]:
        check_count(page_size, "page_size", minimum=1)
        left = check_count(limit, "limit", minimum=0) if limit is not None else None
        number: int | None = 0
        while number is not None and left != 0:
            page = self.list_calls(page=number, page_size=page_size, **filters)
            yield from page.items[:left]
            left = None if left is None else max(0, left - len(page.items))
            number = page.next_page

    iter_calls.__doc__ = ITER_CALLS_DOC

    def get_participant(self, conference_sid: str, call_sid: str) -> Participant:
        """Read one conference participant."""
        result: Participant = self._run(self._get_participant_op(conference_sid, call_sid))
        return result

    def list_participants(self, conference_sid: str) -> Page[Participant]:
        """The calls in a conference, all in one page (Restcomm sends them all at once)."""
        result: Page[Participant] = self._run(self._list_participants_op(conference_sid))
        return result

    def list_recordings(self, call_sid: str) -> list[Recording]:
        """The recordings of a call (possibly none)."""
        result: list[Recording] = self._run(self._list_recordings_op(call_sid))
        return result

    def preflight(
        self, url: str, *, method: HttpMethod = "POST", params: Mapping[str, str] | None = None
    ) -> PreflightReport:
        """Fetch ``url`` as Restcomm would and judge it; never raises for what it finds."""
        report: PreflightReport = self._run(self._preflight_op(url, method, params))
        return report


def preflight(
    url: str,
    *,
    method: HttpMethod = "POST",
    params: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    limits: Limits = DEFAULT_LIMITS,
) -> PreflightReport:
    """Fetch ``url`` as Restcomm would and judge it, without any account: a standalone check.

    ``params`` are the form parameters to send (see :func:`call_parameters`); nothing is raised
    for what the fetch finds: read ``report.ok`` and ``report.summary()``.
    """
    operation = fetch_document(url, method=method, params=params, limits=limits)

    async def drive() -> PreflightReport:
        async with httpx.AsyncClient(**_fetch_client_args(timeout, fetch_tls())) as fetch:
            result: PreflightReport = await run(
                operation, Wire(fetch, fetch, timeout, timeout, Redactor())
            )
            return result

    loop = LoopThread()
    try:
        return loop.run(drive)
    finally:
        loop.stop()
