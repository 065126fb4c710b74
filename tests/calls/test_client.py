"""The client against the fake Restcomm: requests sent, results read, errors, and the quirks."""

from __future__ import annotations

import base64

import pytest

from rcml.calls import (
    ApiError,
    BadRequestError,
    CallCompletedError,
    CallsClient,
    CancelIgnoredError,
    ForbiddenError,
    InvalidRequestError,
    RequestTimeoutError,
    ServerError,
    TransportError,
    UnauthorizedError,
    UnknownCallError,
)

from .conftest import ACCOUNT, TOKEN, Doc, DocServer
from .fake_restcomm import FakeRestcomm, make_sid

API_PATH = f"/restcomm/2012-04-24/Accounts/{ACCOUNT}"


def test_create_call_posts_the_form_with_basic_auth(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    created = client.create_call("+15550100", "sip:alice@127.0.0.1", docs.url("/valid.xml"))
    post = restcomm.posts()[-1]
    assert post.path == f"{API_PATH}/Calls.json"
    assert post.form == {
        "From": "+15550100",
        "To": "sip:alice@127.0.0.1",
        "Url": docs.url("/valid.xml"),
        "Method": "POST",
    }
    assert post.headers["content-type"] == "application/x-www-form-urlencoded; charset=UTF-8"
    expected = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    assert post.headers["authorization"] == f"Basic {expected}"
    assert len(created.calls) == 1
    call = created.call
    assert call.sid in restcomm.calls
    assert (call.status, call.from_, call.to) == ("queued", "+15550100", "sip:alice@127.0.0.1")
    assert created.preflight is not None and created.preflight.ok


def test_create_call_sends_optional_parameters(client: CallsClient, restcomm: FakeRestcomm) -> None:
    client.create_call(
        "+15550100",
        "client:alice",
        "https://apps.example/hello.xml",
        method="get",
        fallback_url="https://apps.example/sorry.xml",
        status_callback="https://apps.example/status",
        status_callback_event=["ringing", "answered"],
        ring_timeout=30,
        sip_username="bob",
        sip_password="sip-pa55",
        preflight=False,
    )
    assert restcomm.posts()[-1].form == {
        "From": "+15550100",
        "To": "client:alice",
        "Url": "https://apps.example/hello.xml",
        "Method": "GET",
        "FallbackUrl": "https://apps.example/sorry.xml",
        "FallbackMethod": "POST",
        "StatusCallback": "https://apps.example/status",
        "StatusCallbackMethod": "POST",
        "StatusCallbackEvent": "ringing,answered",
        "Timeout": "30",
        "Username": "bob",
        "Password": "sip-pa55",
    }


def test_create_call_result_never_holds_the_sip_password(client: CallsClient) -> None:
    created = client.create_call(
        "+15550100",
        "sip:alice@host",
        "https://u:url-pa55@apps.example/a.xml",
        sip_password="sip-pa55",
        preflight=False,
    )
    text = repr(created) + str(created.to_dict())
    assert "sip-pa55" not in text and "url-pa55" not in text
    assert created.sent["Password"] == "***"
    assert created.sent["Url"] == "https://***@apps.example/a.xml"


def test_xml_answers_are_read_like_json(
    xml_client: CallsClient, client: CallsClient, restcomm: FakeRestcomm
) -> None:
    call = restcomm.add_call(status="ringing")
    from_xml, from_json = xml_client.get_call(call.sid), client.get_call(call.sid)
    assert restcomm.requests[-2].path == f"{API_PATH}/Calls/{call.sid}"
    assert restcomm.requests[-1].path == f"{API_PATH}/Calls/{call.sid}.json"
    # Only the URIs (".json" suffix) and price (XML only) differ between the two formats.
    assert from_xml.price == "0.0" and from_json.price is None
    same = ("sid", "status", "from_", "to", "direction", "date_created", "start_time", "duration")
    assert all(getattr(from_xml, f) == getattr(from_json, f) for f in same)
    assert from_xml.uri is not None and from_json.uri == from_xml.uri + ".json"


def test_xml_create_answer_under_xstream_root_is_read(
    xml_client: CallsClient, restcomm: FakeRestcomm
) -> None:
    created = xml_client.create_call("+1", "client:bob", "https://a.example/x.xml", preflight=False)
    assert created.call.sid in restcomm.calls and created.call.to == "client:bob"


def test_redirect_sends_url_method_mute_and_leg_choice(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    call = restcomm.add_call()
    client.redirect(call.sid, "https://apps.example/next.xml", mute=True, preflight=False)
    assert restcomm.posts()[-1].form == {
        "Url": "https://apps.example/next.xml",
        "Method": "POST",
        "MoveConnectedCallLeg": "false",
        "Mute": "true",
    }
    assert (call.url, call.muted) == ("https://apps.example/next.xml", True)


def test_redirect_moves_or_hangs_up_the_connected_leg(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    a, b = restcomm.add_call(), restcomm.add_call()
    a.connected_to = b.sid
    client.redirect(a.sid, "https://apps.example/n.xml", mute=False, move_connected_leg=True,
                    preflight=False)  # fmt: skip
    assert (b.status, b.url) == ("in-progress", "https://apps.example/n.xml")
    client.redirect(a.sid, "https://apps.example/m.xml", mute=False, preflight=False)
    assert b.status == "completed"


def test_redirect_requires_an_explicit_mute_choice(client: CallsClient) -> None:
    with pytest.raises(TypeError):
        client.redirect("CA1", "https://a.example/x.xml")  # type: ignore[call-arg]
    with pytest.raises(InvalidRequestError, match="un-mutes"):
        client.redirect("CA1", "https://a.example/x.xml", mute=None)  # type: ignore[arg-type]


def test_quirk_any_modify_without_mute_true_unmutes(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    call = restcomm.add_call(muted=True)
    client.redirect(call.sid, "https://apps.example/n.xml", mute=True, preflight=False)
    assert call.muted is True  # the explicit choice kept it muted
    client.redirect(call.sid, "https://apps.example/n.xml", mute=False, preflight=False)
    assert call.muted is False


def test_quirk_answer_shows_the_call_before_the_change(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    call = restcomm.add_call(status="in-progress")
    update = client.hangup(call.sid)
    assert restcomm.posts()[-1].form == {"Status": "completed"}
    assert update.before.status == "in-progress" and update.after is None
    assert call.status == "completed"


def test_refresh_reads_the_new_state(client: CallsClient, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call(status="ringing")
    update = client.hangup(call.sid, refresh=True)
    assert update.before.status == "ringing"
    assert update.after is not None and update.after.status == "completed"
    assert [r.method for r in restcomm.requests] == ["POST", "GET"]


def test_cancel_ends_a_ringing_call(client: CallsClient, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call(status="ringing")
    update = client.cancel(call.sid, refresh=True)
    assert restcomm.posts()[-1].form == {"Status": "canceled"}
    assert update.before.status == "ringing"
    assert update.after is not None and update.after.status == "canceled"


def test_quirk_cancel_of_an_answered_call_is_refused_and_not_sent(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    call = restcomm.add_call(status="in-progress", muted=True)
    with pytest.raises(CancelIgnoredError) as caught:
        client.cancel(call.sid)
    assert caught.value.sent is False and caught.value.call.status == "in-progress"
    assert "Status=canceled only ends queued or ringing calls" in str(caught.value)
    assert "use hangup" in str(caught.value)
    assert restcomm.posts() == []  # nothing sent: it would only have un-muted the call
    assert (call.status, call.muted) == ("in-progress", True)


def test_cancel_of_an_ended_call_says_it_has_ended(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    call = restcomm.add_call(status="completed")
    with pytest.raises(CancelIgnoredError, match="it has already ended"):
        client.cancel(call.sid)


def test_mute_and_unmute_a_participant(client: CallsClient, restcomm: FakeRestcomm) -> None:
    conference, parent = make_sid("CF", 7), make_sid("CA", 0xFFFF)
    call = restcomm.add_call(conference_sid=conference, parent_call_sid=parent)
    update = client.mute(conference, call.sid, refresh=True)
    post = restcomm.posts()[-1]
    assert post.path == f"{API_PATH}/Conferences/{conference}/Participants/{call.sid}.json"
    assert post.form == {"Mute": "true"}
    assert update.before.muted is False  # the answer shows the participant before the change
    assert update.after is not None and update.after.muted is True
    # In JSON Restcomm puts the parent call's SID in conference_sid; the client puts it back.
    assert update.before.conference_sid == conference
    assert update.before.raw["conference_sid"] == parent
    client.unmute(conference, call.sid)
    assert restcomm.posts()[-1].form == {"Mute": "false"} and call.muted is False


def test_participant_in_xml(xml_client: CallsClient, restcomm: FakeRestcomm) -> None:
    conference = make_sid("CF", 8)
    call = restcomm.add_call(conference_sid=conference, muted=True)
    participant = xml_client.get_participant(conference, call.sid)
    assert (participant.sid, participant.conference_sid, participant.muted) == (
        call.sid,
        conference,
        True,
    )
    assert participant.start_conference_on_enter is True
    assert participant.end_conference_on_exit is False


@pytest.mark.parametrize(
    ("status", "message", "error"),
    [
        (400, "Bad call SID", BadRequestError),
        (406, "", UnknownCallError),  # Restcomm's 406 has no body (CallsEndpoint.java:643)
        (410, "Call is already completed.", CallCompletedError),
        (500, "Boom: media server unreachable", ServerError),
    ],
)
def test_error_statuses_map_to_exceptions(
    client: CallsClient, restcomm: FakeRestcomm, status: int, message: str, error: type[ApiError]
) -> None:
    call = restcomm.add_call()
    sid = {400: "CA-not-a-sid", 406: make_sid("CA", 0xDEAD)}.get(status, call.sid)
    if status == 410:
        call.status = "completed"
    if status == 500:
        restcomm.fail_next = (500, message)
    with pytest.raises(error) as caught:
        client.hangup(sid)
    assert caught.value.status == status and caught.value.api_message == message
    assert f"HTTP {status}" in str(caught.value) and message in str(caught.value)


def test_missing_parameter_gives_bad_request(client: CallsClient, restcomm: FakeRestcomm) -> None:
    # The client checks From/To itself; the fake's own 400 is reached with a raw empty From.
    with pytest.raises(InvalidRequestError, match="from_ and to are required"):
        client.create_call("", "client:alice", "https://a.example/x.xml", preflight=False)
    assert restcomm.requests == []


def test_wrong_token_is_unauthorized_and_never_shown(restcomm: FakeRestcomm) -> None:
    bad = CallsClient(ACCOUNT, "wrong-token-123", base_url=restcomm.base_url)
    with bad, pytest.raises(UnauthorizedError) as caught:
        bad.get_call(make_sid("CA", 1))
    assert caught.value.status == 401
    assert "wrong-token-123" not in str(caught.value) + repr(caught.value) + repr(bad)


def test_valid_credentials_without_permission_are_forbidden(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    restcomm.suspended = True
    with pytest.raises(ForbiddenError) as caught:
        client.get_call(make_sid("CA", 1))
    assert caught.value.status == 403


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"url": "/relative.xml"}, "absolute"),
        ({"url": "ftp://host/x.xml"}, "absolute"),
        ({"method": "PUT"}, "expected .GET. or .POST."),
    ],
)
def test_requests_restcomm_would_break_on_are_refused_locally(
    client: CallsClient, restcomm: FakeRestcomm, kwargs: dict[str, str], match: str
) -> None:
    args = {"url": "https://a.example/x.xml", "method": "POST", **kwargs}
    with pytest.raises(InvalidRequestError, match=match):
        client.redirect(make_sid("CA", 1), args["url"], mute=False, method=args["method"])
    assert restcomm.requests == []


@pytest.mark.parametrize("sid", ["", "CA1/../../x", "CA 1", "CA1?x=1"])
def test_sids_must_be_one_path_segment(client: CallsClient, sid: str) -> None:
    with pytest.raises(InvalidRequestError, match="must be a SID"):
        client.get_call(sid)


def test_connection_refused_is_a_transport_error() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        base = f"http://127.0.0.1:{port}/restcomm"
        with (
            CallsClient(ACCOUNT, TOKEN, base_url=base) as c,
            pytest.raises(TransportError) as caught,
        ):
            c.get_call(make_sid("CA", 1))
    assert TOKEN not in str(caught.value)


def test_timeout_is_explicit_and_post_is_not_retried() -> None:
    import socket

    with socket.socket() as sock:  # listens but never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        port = sock.getsockname()[1]
        base = f"http://127.0.0.1:{port}/restcomm"
        client = CallsClient(ACCOUNT, TOKEN, base_url=base, timeout=0.2)
        with client, pytest.raises(RequestTimeoutError, match="not retried"):
            client.hangup(make_sid("CA", 1))
        # Exactly one connection attempt reached the socket: no blind retry.
        sock.settimeout(0)
        accepted = []
        while True:
            try:
                accepted.append(sock.accept()[0])
            except BlockingIOError:
                break
        for conn in accepted:
            conn.close()
        assert len(accepted) == 1


def test_repr_masks_the_token(client: CallsClient) -> None:
    assert TOKEN not in repr(client) and "auth_token='***'" in repr(client)


def test_base_url_with_credentials_is_refused() -> None:
    with pytest.raises(InvalidRequestError, match="not the URL"):
        CallsClient(ACCOUNT, TOKEN, base_url="https://AC1:tok@host/restcomm")


def test_api_redirects_are_not_followed_with_credentials(docs: DocServer) -> None:
    docs.docs[
        "/restcomm/2012-04-24/Accounts/" + ACCOUNT + "/Calls/" + make_sid("CA", 1) + ".json"
    ] = Doc(status=301, location="https://127.0.0.1:1/elsewhere", body=b"")
    base = docs.url("/restcomm")
    with CallsClient(ACCOUNT, TOKEN, base_url=base) as c, pytest.raises(ApiError) as caught:
        c.get_call(make_sid("CA", 1))
    assert caught.value.status == 301 and "use the final URL" in str(caught.value)
    assert len(docs.seen) == 1
