"""`rcml restcomm-local`: usage errors are one line (exit 2), failures exit 1, no secret shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli
from rcml.cli.restcomm_local import _accounts, _loopback

from .conftest import ACCOUNT, TOKEN

CLEAN = {"RCML_LOCAL_ACCOUNTS": "", "RCML_ACCOUNT_SID": "", "RCML_AUTH_TOKEN": "",
         "RCML_API_URL": ""}  # fmt: skip


def _run(*args: str, **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["restcomm-local", *args], env={**CLEAN, **env})
    return result.exit_code, result.output


def test_it_is_listed_and_explains_itself() -> None:
    listing = CliRunner().invoke(cli, ["--help"])
    assert "  restcomm-local " in listing.output
    code, text = _run("--help")
    assert code == 0 and "--callees" in text and "clock" in text and "transcript" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "no account: give --account SID:TOKEN"),
        (("--account", "ACxyz"), "--account takes SID:TOKEN"),
        (("--account", "nope:tok"), "'nope' is not an account SID"),
        (("--account", f"{ACCOUNT}:{TOKEN}", "--callees", "missing.toml"), "--callees: "),
        (("--account", f"{ACCOUNT}:{TOKEN}", "--clock", "fast"), "'fast' is not one of"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, text = _run(*args)
    assert code == 2 and message in text
    assert TOKEN not in text


def test_a_bad_callee_table_names_the_file_and_the_entry(tmp_path: Path) -> None:
    table = tmp_path / "callees.toml"
    table.write_text('[numbers."+1"]\naction = "maybe"\n', encoding="utf-8")
    code, text = _run("--account", f"{ACCOUNT}:{TOKEN}", "--callees", str(table))
    assert code == 2 and "callees.toml: numbers.+1: action 'maybe'" in text


def test_accounts_come_from_options_then_the_list_then_the_clients_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RCML_LOCAL_ACCOUNTS", f"{ACCOUNT}:a, AC{'1' * 32}:b")
    monkeypatch.setenv("RCML_ACCOUNT_SID", "ACignored")
    monkeypatch.setenv("RCML_AUTH_TOKEN", "ignored")
    assert _accounts((f"{ACCOUNT}:x",)) == {ACCOUNT: "x"}
    assert _accounts(()) == {ACCOUNT: "a", f"AC{'1' * 32}": "b"}
    monkeypatch.setenv("RCML_LOCAL_ACCOUNTS", "")
    assert _accounts(()) == {"ACignored": "ignored"}


def test_only_loopback_addresses_count_as_loopback() -> None:
    assert [_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "10.0.0.2")] == [
        True, True, True, False, False]


def test_clock_and_transcript_need_the_account_and_fail_in_one_line() -> None:
    assert _run("clock") == (2, "Error: missing RCML_ACCOUNT_SID, RCML_AUTH_TOKEN, RCML_API_URL\n")
    env = {"RCML_ACCOUNT_SID": ACCOUNT, "RCML_AUTH_TOKEN": TOKEN,
           "RCML_API_URL": "http://127.0.0.1:9/restcomm"}  # nothing listens on port 9
    for args in (("clock", "--advance", "1"), ("transcript", "CA1")):
        code, text = _run(*args, **env)
        assert code == 1 and text.startswith("Error: ") and text.count("\n") == 1
        assert TOKEN not in text
    assert _run("transcript", "CA/../x", **env)[1] == "Error: 'CA/../x' is not a call SID\n"
