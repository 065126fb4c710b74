"""The asyncio client runs the same operations as the blocking one (driven by asyncio.run)."""

from __future__ import annotations

import asyncio

import pytest

from rcml.calls import AsyncCallsClient, CancelIgnoredError, PreflightError, UnknownCallError

from .conftest import ACCOUNT, TOKEN, DocServer
from .fake_restcomm import FakeRestcomm, make_sid


def _client(restcomm: FakeRestcomm, **options: object) -> AsyncCallsClient:
    return AsyncCallsClient(ACCOUNT, TOKEN, base_url=restcomm.base_url, timeout=5, **options)


def test_async_redirect_with_preflight_and_refresh(restcomm: FakeRestcomm, docs: DocServer) -> None:
    call = restcomm.add_call(muted=True)

    async def scenario() -> None:
        async with _client(restcomm) as client:
            update = await client.redirect(call.sid, docs.url("/valid.xml"), mute=True,
                                           refresh=True)  # fmt: skip
            assert update.preflight is not None and update.preflight.ok
            assert update.after is not None and update.after.sid == call.sid
            with pytest.raises(PreflightError, match="HTTP 404"):
                await client.redirect(call.sid, docs.url("/nope.xml"), mute=False)

    asyncio.run(scenario())
    assert [p.form.get("Url") for p in restcomm.posts()] == [docs.url("/valid.xml")]
    assert docs.seen[0].form["CallSid"] == call.sid and call.muted is True


def test_async_create_hangup_cancel_mute_and_errors(
    restcomm: FakeRestcomm, docs: DocServer
) -> None:
    conference = make_sid("CF", 9)
    ringing = restcomm.add_call(status="ringing")
    talking = restcomm.add_call(conference_sid=conference)

    async def scenario() -> None:
        async with _client(restcomm, response_format="xml") as client:
            created = await client.create_call("+1", "client:bob", docs.url("/valid.xml"))
            assert created.call.to == "client:bob"
            update = await client.cancel(ringing.sid, refresh=True)
            assert update.after is not None and update.after.status == "canceled"
            with pytest.raises(CancelIgnoredError):
                await client.cancel(talking.sid)
            muted = await client.mute(conference, talking.sid)
            assert muted.before.muted is False
            assert (await client.get_participant(conference, talking.sid)).muted is True
            await client.unmute(conference, talking.sid)
            ended = await client.hangup(talking.sid)
            assert ended.before.status == "in-progress"
            assert (await client.get_call(talking.sid)).status == "completed"
            with pytest.raises(UnknownCallError):
                await client.get_call(make_sid("CA", 0xDEAD))
            report = await client.preflight(docs.url("/page.txt"))
            assert not report.ok

    asyncio.run(scenario())
    assert (ringing.status, talking.status, talking.muted) == ("canceled", "completed", False)
