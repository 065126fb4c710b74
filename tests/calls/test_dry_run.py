"""--dry-run (and ``dry_run=True``): the request as a curl command, and nothing sent at all."""

from __future__ import annotations

import shlex

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings

from rcml.calls import CallsClient, NotSent
from rcml.cli import cli

from ..strategies import CALLS_SHELL_TEXT
from .conftest import ACCOUNT, DOC_PASSWORD, DOC_USER, TOKEN, DocServer
from .fake_restcomm import FakeRestcomm, make_sid

API = f"/restcomm/2012-04-24/Accounts/{ACCOUNT}"
SID = make_sid("CA", 1)


@pytest.fixture
def dry(restcomm: FakeRestcomm, docs: DocServer) -> object:
    def invoke(*args: str) -> Result:
        env = {"RCML_ACCOUNT_SID": ACCOUNT, "RCML_AUTH_TOKEN": TOKEN,
               "RCML_API_URL": restcomm.base_url}  # fmt: skip
        result = CliRunner().invoke(cli, [*args, "--dry-run"], env=env)
        assert result.exit_code == 0, result.output
        assert TOKEN not in result.output
        assert restcomm.requests == [] and docs.seen == []  # nothing sent, not even preflight
        return result

    return invoke


def test_create_prints_curl_golden(dry: object, restcomm: FakeRestcomm, docs: DocServer) -> None:
    url = docs.url("/valid.xml", userinfo=f"{DOC_USER}:{DOC_PASSWORD}")
    result = dry("call", "create", "--from", "+15550100", "--to", "sip:bob@sip.example.com",  # type: ignore[operator]
                 "--url", url, "--ring-timeout", "20", "--sip-password", "sip-s3cret")
    assert result.stdout == (
        "# --dry-run: the Url was not preflighted\n"
        f'curl -u "{ACCOUNT}:$RCML_AUTH_TOKEN" \\\n'
        f"  {restcomm.base_url}/2012-04-24/Accounts/{ACCOUNT}/Calls.json \\\n"
        "  --data-urlencode From=+15550100 \\\n"
        "  --data-urlencode To=sip:bob@sip.example.com \\\n"
        f"  --data-urlencode 'Url=http://***@127.0.0.1:{docs.port}/valid.xml' \\\n"
        "  --data-urlencode Method=POST \\\n"
        "  --data-urlencode Timeout=20 \\\n"
        "  --data-urlencode 'Password=***'\n"
    )
    assert DOC_PASSWORD not in result.output and "sip-s3cret" not in result.output


@pytest.mark.parametrize(
    ("args", "method", "path", "fields"),
    [
        (("call", "hangup", SID), "", f"/Calls/{SID}.json", ["Status=completed"]),
        (("call", "redirect", SID, "https://a.example/n.xml", "--mute"), "", f"/Calls/{SID}.json",
         ["Url=https://a.example/n.xml", "Method=POST", "MoveConnectedCallLeg=false",
          "Mute=true"]),
        (("call", "get", SID), "", f"/Calls/{SID}.json", []),
        (("call", "list", "--status", "in-progress", "--to", "0100"), "-G", "/Calls.json",
         ["To=0100", "Status=in_progress"]),
        (("call", "recordings", SID), "", f"/Calls/{SID}/Recordings.json", []),
        (("conference", "mute", make_sid("CF", 2), SID), "",
         f"/Conferences/{make_sid('CF', 2)}/Participants/{SID}.json", ["Mute=true"]),
        (("conference", "participants", make_sid("CF", 2)), "",
         f"/Conferences/{make_sid('CF', 2)}/Participants.json", []),
    ],
)  # fmt: skip
def test_every_api_command_has_a_dry_run(
    dry: object, restcomm: FakeRestcomm, args: tuple[str, ...], method: str, path: str,
    fields: list[str],
) -> None:  # fmt: skip
    result = dry(*args)  # type: ignore[operator]
    words = shlex.split(result.stdout.replace("\\\n", " "), comments=True)
    expected = ["curl", "-u", f"{ACCOUNT}:$RCML_AUTH_TOKEN", *method.split()]
    expected.append(f"{restcomm.base_url}/2012-04-24/Accounts/{ACCOUNT}{path}")
    for field in fields:
        expected += ["--data-urlencode", field]
    assert words == expected


def test_cancel_dry_run_says_the_call_is_read_first(dry: object) -> None:
    result = dry("call", "cancel", SID)  # type: ignore[operator]
    assert result.stdout.startswith("# without --dry-run, the call is read first")
    assert "--data-urlencode Status=canceled" in result.stdout


def test_library_dry_run_raises_not_sent(restcomm: FakeRestcomm, docs: DocServer) -> None:
    client = CallsClient(ACCOUNT, TOKEN, base_url=restcomm.base_url, dry_run=True)
    with client, pytest.raises(NotSent) as caught:
        client.create_call("+1", "client:a", docs.url("/valid.xml"), sip_password="pw-123")
    sent = caught.value
    assert (sent.method, sent.url) == ("POST", f"{restcomm.base_url}/2012-04-24/Accounts/"
                                                f"{ACCOUNT}/Calls.json")  # fmt: skip
    assert sent.form == {"From": "+1", "To": "client:a", "Url": docs.url("/valid.xml"),
                         "Method": "POST", "Password": "***"}  # fmt: skip
    assert str(sent) == sent.curl and "pw-123" not in sent.curl
    assert restcomm.requests == [] and docs.seen == []


@settings(max_examples=50, deadline=None)
@given(value=CALLS_SHELL_TEXT)
def test_any_value_survives_the_shell(value: str) -> None:
    """Whatever a value holds (quotes, $, spaces, newlines), the shell reads it back whole."""
    client = CallsClient(ACCOUNT, TOKEN, base_url="http://127.0.0.1:9/restcomm", dry_run=True)
    with client, pytest.raises(NotSent) as caught:
        client.create_call(value or "x", "client:a", "https://a.example/x.xml")
    words = shlex.split(caught.value.curl.replace(" \\\n  ", " "))
    assert words[words.index("--data-urlencode") + 1] == f"From={value or 'x'}"
