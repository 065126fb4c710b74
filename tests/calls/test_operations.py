"""Operations are generators of requests: driven here by hand, without any network."""

from __future__ import annotations

import json

import pytest

from rcml.calls import CancelIgnoredError
from rcml.calls._operations import Api, cancel_call
from rcml.calls._secrets import Redactor
from rcml.calls._transport import Incoming

from .fake_restcomm import FakeCall, call_json, make_sid

API = Api("http://127.0.0.1:9/restcomm/2012-04-24/Accounts/AC1", "AC1", ".json", Redactor())
SID = make_sid("CA", 1)


def _answer(status: str) -> Incoming:
    body = json.dumps(call_json(FakeCall(SID, "AC1", "+1", "client:a", status=status)))
    return Incoming(200, {"content-type": "application/json"}, body.encode())


def test_cancel_reads_first_then_posts_status_canceled() -> None:
    op = cancel_call(API, SID, refresh=False)
    first = next(op)
    assert (first.method, first.url, first.form) == (
        "GET",
        f"{API.base_url}/Calls/{SID}.json",
        None,
    )
    second = op.send(_answer("ringing"))
    assert (second.method, second.form) == ("POST", {"Status": "canceled"})
    with pytest.raises(StopIteration) as done:
        op.send(_answer("ringing"))
    assert done.value.value.before.status == "ringing"


def test_cancel_raced_by_an_answer_says_it_did_nothing() -> None:
    """Ringing when read, answered when the cancel arrived: Restcomm ignored it; we say so."""
    op = cancel_call(API, SID, refresh=False)
    next(op)
    op.send(_answer("ringing"))
    with pytest.raises(CancelIgnoredError) as caught:
        op.send(_answer("in-progress"))  # the 200 body: the call as it was when handled
    assert caught.value.sent is True
    assert "the cancel was sent but did nothing; use hangup to end it" in str(caught.value)
