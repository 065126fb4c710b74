"""As strict as the builder: typed values, did-you-mean, the account from the environment.

The words come from the builder's own types (``HttpMethod``, ``CallEvent``, generated from
the schema); a test checks that the client accepts exactly those.
"""

from __future__ import annotations

from typing import get_args

import pytest

from rcml.builder import CallEvent, HttpMethod
from rcml.calls import AsyncCallsClient, CallsClient, InvalidRequestError

from .conftest import ACCOUNT, TOKEN
from .fake_restcomm import FakeRestcomm, make_sid

URL = "https://apps.example/hello.xml"


def _create(client: CallsClient, **kwargs: object) -> dict[str, str]:
    client.create_call("+15550100", "client:alice", URL, preflight=False, **kwargs)  # type: ignore[arg-type]
    return {}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        # A bare string was sent letter by letter before ("i,n,i,t,i,a,t,e,d, ,r,…").
        ({"status_callback_event": "initiated ringing"},
         "status_callback_event takes a list of events such as ['initiated', 'ringing'], "
         "not str 'initiated ringing'"),
        ({"status_callback_event": "answered"}, "takes a list of events"),
        ({"status_callback_event": ["answerd"]},
         "status_callback_event='answerd' is not accepted: expected 'initiated', 'ringing', "
         "'answered' or 'completed'; did you mean 'answered'?"),
        ({"status_callback_event": ["initiated", "ringing "]}, "did you mean 'ringing'?"),
        ({"status_callback_event": []}, "status_callback_event is empty"),
        ({"method": "POTS"}, "method='POTS' is not accepted: expected 'GET' or 'POST'; "
                             "did you mean 'POST'?"),
        ({"method": "PUT"}, "method='PUT' is not accepted"),
        ({"fallback_url": URL, "fallback_method": "GETT"}, "did you mean 'GET'?"),
        ({"status_callback": URL, "status_callback_method": "DELETE"},
         "status_callback_method='DELETE' is not accepted"),
        ({"ring_timeout": 0}, "ring_timeout must be between 1 and 2147483647, not 0"),
        ({"ring_timeout": True}, "ring_timeout takes an int, not bool"),
        ({"ring_timeout": "30"}, "ring_timeout takes an int, not str"),
    ],
)  # fmt: skip
def test_values_restcomm_would_mishandle_are_refused(
    client: CallsClient, restcomm: FakeRestcomm, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        _create(client, **kwargs)
    assert message in str(caught.value)
    assert restcomm.requests == []


def test_the_words_are_the_builders(client: CallsClient, restcomm: FakeRestcomm) -> None:
    for method in get_args(HttpMethod):
        _create(client, method=method.lower())  # any case, sent as written in the schema
        assert restcomm.posts()[-1].form["Method"] == method
    _create(client, status_callback=URL, status_callback_event=list(get_args(CallEvent)))
    assert restcomm.posts()[-1].form["StatusCallbackEvent"] == ",".join(get_args(CallEvent))


def test_ring_timeout_is_the_ring_time(client: CallsClient, restcomm: FakeRestcomm) -> None:
    _create(client, ring_timeout=25)
    assert restcomm.posts()[-1].form["Timeout"] == "25"
    with pytest.raises(TypeError, match="timeout"):
        _create(client, timeout=25)  # one name per idea: timeout is HTTP's, on the client


def test_redirect_methods_are_checked(client: CallsClient, restcomm: FakeRestcomm) -> None:
    with pytest.raises(InvalidRequestError, match="did you mean 'POST'"):
        client.redirect(make_sid("CA", 1), URL, mute=False, method="PSOT", preflight=False)  # type: ignore[arg-type]
    assert restcomm.requests == []


# ------------------------------------------------------------------ the account


def test_no_arguments_reads_the_environment(
    restcomm: FakeRestcomm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RCML_ACCOUNT_SID", ACCOUNT)
    monkeypatch.setenv("RCML_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("RCML_API_URL", restcomm.base_url)
    call = restcomm.add_call()
    with CallsClient() as client:
        assert client.get_call(call.sid).sid == call.sid
    assert AsyncCallsClient().base_url == restcomm.base_url
    # An argument wins over its variable.
    monkeypatch.setenv("RCML_AUTH_TOKEN", "wrong")
    with CallsClient(auth_token=TOKEN) as client:
        assert client.get_call(call.sid).sid == call.sid


def test_a_missing_setting_names_the_argument_and_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("RCML_ACCOUNT_SID", "RCML_AUTH_TOKEN", "RCML_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RCML_ACCOUNT_SID", ACCOUNT)
    with pytest.raises(InvalidRequestError) as caught:
        CallsClient()
    assert str(caught.value) == (
        "missing auth_token (or RCML_AUTH_TOKEN), base_url (or RCML_API_URL)"
    )


@pytest.mark.parametrize("timeout", [0, -1, True, "10"])
def test_http_timeouts_are_positive_seconds(restcomm: FakeRestcomm, timeout: object) -> None:
    with pytest.raises(InvalidRequestError, match="timeout must be a number of seconds"):
        CallsClient(ACCOUNT, TOKEN, base_url=restcomm.base_url, timeout=timeout)  # type: ignore[arg-type]
