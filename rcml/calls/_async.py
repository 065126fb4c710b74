"""The asyncio client of the Calls API: :class:`AsyncCallsClient`, the blocking one's twin."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from rcml.calls._base import CREATE_DOC, ITER_CALLS_DOC, LIST_CALLS_DOC, Base, CallFilters
from rcml.calls._checks import check_count
from rcml.calls._transport import Operation, run
from rcml.calls.models import Call, Created, Page, Participant, Recording, Update
from rcml.calls.preflight import PreflightReport

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from rcml.builder import CallEvent, HttpMethod


class AsyncCallsClient(Base):
    """The asyncio twin of :class:`~rcml.calls.CallsClient`: the same methods, awaited."""

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
        if self.dry_run:
            self._not_sent(operation)
        return await run(operation, self._wire(self._http, self._fetch))

    async def create_call(
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
        result: Created = await self._run(op)
        return result

    create_call.__doc__ = CREATE_DOC

    async def redirect(
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
        result: Update[Call] = await self._run(self._cancel_op(call_sid, refresh))
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
            self._mute_op(conference_sid, call_sid, mute, refresh)
        )
        return result

    async def get_call(self, call_sid: str) -> Call:
        result: Call = await self._run(self._get_call_op(call_sid))
        return result

    async def list_calls(
        self,
        *,
        page: int | None = None,
        page_size: int | None = None,
        **filters: Unpack[CallFilters],
    ) -> Page[Call]:
        result: Page[Call] = await self._run(self._list_calls_op(page, page_size, filters))
        return result

    list_calls.__doc__ = LIST_CALLS_DOC

    async def iter_calls(
        self, *, page_size: int = 50, limit: int | None = None, **filters: Unpack[CallFilters]
    ) -> AsyncIterator[Call]:
        check_count(page_size, "page_size", minimum=1)
        left = check_count(limit, "limit", minimum=0) if limit is not None else None
        number: int | None = 0
        while number is not None and left != 0:
            page = await self.list_calls(page=number, page_size=page_size, **filters)
            for call in page.items[:left]:
                yield call
            left = None if left is None else max(0, left - len(page.items))
            number = page.next_page

    iter_calls.__doc__ = ITER_CALLS_DOC

    async def get_participant(self, conference_sid: str, call_sid: str) -> Participant:
        result: Participant = await self._run(self._get_participant_op(conference_sid, call_sid))
        return result

    async def list_participants(self, conference_sid: str) -> Page[Participant]:
        result: Page[Participant] = await self._run(self._list_participants_op(conference_sid))
        return result

    async def list_recordings(self, call_sid: str) -> list[Recording]:
        result: list[Recording] = await self._run(self._list_recordings_op(call_sid))
        return result

    async def preflight(
        self, url: str, *, method: HttpMethod = "POST", params: Mapping[str, str] | None = None
    ) -> PreflightReport:
        report: PreflightReport = await self._run(self._preflight_op(url, method, params))
        return report
