"""Hostile input: each classic payload ends in a clear finding, bounded memory, no traceback."""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

import rcml
from rcml.cli import cli

CANARY = "CANARY-7f3a9c-SECRET"


def codes(data: bytes | str, **kwargs: object) -> list[str]:
    return [f.code for f in rcml.validate(data, **kwargs)]  # type: ignore[arg-type]


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(CANARY)
    return path


def test_external_entity_never_reads_the_file(secret_file: Path, tmp_path: Path) -> None:
    doc = (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret_file}">]>\n'
        "<Response><Say>&x;</Say></Response>"
    )
    findings = rcml.validate(doc)
    assert [f.code for f in findings] == ["RCML002"]
    assert (findings[0].line, findings[0].column) == (2, 1)
    assert all(CANARY not in str(f) and CANARY not in (f.hint or "") for f in findings)
    target = tmp_path / "xxe.xml"
    target.write_text(doc)
    for fmt in ("text", "json"):
        result = CliRunner().invoke(cli, ["lint", "--format", fmt, str(target)])
        assert result.exit_code == 1
        assert CANARY not in result.output


def test_doctype_behind_comments_is_still_refused(secret_file: Path) -> None:
    doc = f'<!-- hi --><?pi x?>\n  <!DOCTYPE r SYSTEM "file://{secret_file}"><Response/>'
    assert codes(doc) == ["RCML002"]


def test_billion_laughs_is_refused_cheaply() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    doc = f"<!DOCTYPE lolz [{entities}]><Response><Say>&lol9;</Say></Response>"
    tracemalloc.start()
    try:
        assert codes(doc) == ["RCML002"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_quadratic_blowup_is_refused() -> None:
    entity = "a" * 50_000
    doc = f'<!DOCTYPE r [<!ENTITY a "{entity}">]><Response><Say>{"&a;" * 10_000}</Say></Response>'
    assert codes(doc) == ["RCML002"]


def test_external_dtd_is_refused_without_network() -> None:
    doc = '<!DOCTYPE Response SYSTEM "http://127.0.0.1:9/rcml.dtd"><Response/>'
    assert codes(doc) == ["RCML002"]


def test_entity_reference_without_doctype_is_a_syntax_error() -> None:
    assert codes("<Response><Say>&nbsp;</Say></Response>") == ["RCML001"]


def test_xinclude_is_not_processed(secret_file: Path) -> None:
    doc = (
        '<Response xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<xi:include href="{secret_file}" parse="text"/></Response>'
    )
    findings = rcml.validate(doc)
    assert findings and all(CANARY not in str(f) for f in findings)
    assert "RCML101" in [f.code for f in findings]


def test_5000_deep_nesting() -> None:
    doc = "<Response>" + "<a>" * 5000 + "</a>" * 5000 + "</Response>"
    findings = rcml.validate(doc)
    assert [f.code for f in findings] == ["RCML005"]


def test_depth_cap_is_configurable() -> None:
    doc = "<Response><Dial><Client>alice</Client></Dial></Response>"
    assert codes(doc, limits=rcml.Limits(max_depth=2)) == ["RCML005"]
    assert codes(doc, limits=rcml.Limits(max_depth=3)) == []


def test_10_mb_document_is_refused_before_parsing() -> None:
    doc = b"<Response>" + b"<Say>hello</Say>" * 700_000 + b"</Response>"
    assert len(doc) > 10_000_000
    tracemalloc.start()
    try:
        findings = rcml.validate(doc)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [f.code for f in findings] == ["RCML004"]
    assert findings[0].message == "the document is over the size limit of 1,048,576 bytes"
    assert peak < 1_000_000  # nothing was copied or parsed


def test_size_cap_is_configurable() -> None:
    assert codes("<Response/>", limits=rcml.Limits(max_bytes=5)) == ["RCML004"]
    with pytest.raises(ValueError):
        rcml.Limits(max_bytes=0)


def test_validate_file_reads_no_more_than_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"<Response>" + b" " * 2_000_000 + b"</Response>")
    assert [f.code for f in rcml.validate_file(path)] == ["RCML004"]


@pytest.mark.parametrize("seed", range(20))
def test_binary_garbage(seed: int) -> None:
    data = random.Random(seed).randbytes(2048)
    findings = rcml.validate(data)
    assert findings and findings[0].code in ("RCML001", "RCML003", "RCML006")
    assert all(f.is_error for f in findings)


def test_empty_and_blank_documents() -> None:
    assert codes(b"") == ["RCML006"]
    assert codes(" \n\t ") == ["RCML006"]
    assert codes(b"\xef\xbb\xbf") == ["RCML006"]


@pytest.mark.parametrize(
    "data",
    [
        "<Response/>".encode("utf-16"),
        b'<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>caf\xe9</Say></Response>',
        b"<Response><Say>\xff\xfe</Say></Response>",
    ],
    ids=["utf-16-bom", "latin-1-declared", "invalid-utf-8"],
)
def test_only_utf8_is_read(data: bytes) -> None:
    assert codes(data) == ["RCML003"]


def test_utf8_bom_and_leading_space_are_accepted_like_restcomm() -> None:
    assert codes(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?><Response/>') == []
    findings = rcml.validate('\n\n  <?xml version="1.0"?>\n<Response>\n<Say></Say></Response>')
    assert [(f.code, f.line) for f in findings] == [("RCML501", 5)]


def test_control_characters_are_not_xml() -> None:
    assert codes("<Response><Say>a\x01b</Say></Response>") == ["RCML001"]


def test_json_output_of_hostile_input_is_valid_json(tmp_path: Path) -> None:
    path = tmp_path / "garbage.xml"
    path.write_bytes(random.Random(1).randbytes(512))
    result = CliRunner().invoke(cli, ["lint", "--format", "json", str(path)])
    assert result.exit_code == 1
    items = json.loads(result.output)
    assert items and items[0]["severity"] == "error"


# Restcomm's fix-up of bare '&' (Parser.java:94): Java's regular expression, then a strict parse.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<Response><Say>AT&T-Mobile;</Say></Response>", [("RCML007", 18)]),
        ("<Response><Say>Tom &amp; Jerry & co</Say></Response>", [("RCML007", 32)]),
        ("<Response><Dial><Sip>s?a=1&b=2</Sip></Dial></Response>", [("RCML007", 27)]),
        ("<Response><Dial><Sip>s?a=1&b=2&c=3</Sip></Dial></Response>", [("RCML001", 31)]),
        ("<Response><Say>a & payments;</Say></Response>", [("RCML001", 18)]),
        ("<Response><Say>a &copy=1</Say></Response>", [("RCML007", 18)]),
    ],
    ids=[
        "at-and-t",
        "after-an-entity",
        "one-per-run",
        "second-left-bare",
        "word-then-semicolon",
        "looks-like-entity",
    ],
)
def test_bare_ampersands_follow_restcomms_fix_up(
    text: str, expected: list[tuple[str, int]]
) -> None:
    findings = rcml.validate(text)
    assert [(f.code, f.column) for f in findings] == expected
    assert all(
        f.severity.value == ("error" if f.code == "RCML001" else "warning") for f in findings
    )


@pytest.mark.parametrize("name", ["ISO-8859-1", "us-ascii", "windows-1252", "latin1", "Shift_JIS"])
def test_a_non_utf8_declaration_on_plain_ascii_is_harmless(name: str) -> None:
    doc = f'<?xml version="1.0" encoding="{name}"?>\n<Response><Say voice="x">hi</Say></Response>'
    assert [(f.code, f.line, f.column) for f in rcml.validate(doc.encode())] == [("RCML205", 2, 16)]


@pytest.mark.parametrize(
    "data",
    [
        '<?xml version="1.0" encoding="US-ASCII"?><Response><Say>café</Say></Response>'.encode(),
        b'<?xml version="1.0" encoding="UTF-16"?><Response><Say>hi</Say></Response>',
        b'<?xml version="1.0" encoding="x-unknown"?><Response><Say>hi</Say></Response>',
    ],
    ids=["non-ascii-text", "utf-16-declared", "unknown-name"],
)
def test_a_declaration_restcomms_check_refuses_is_an_error(data: bytes) -> None:
    assert [(f.code, f.column) for f in rcml.validate(data)] == [("RCML003", 31)]


@pytest.mark.parametrize(
    "data",
    [
        '<Response xmlns="http://www.twilio.com/2010/twiml"><Say>hi</Say></Response>',
        '<r:Response xmlns:r="urn:r"><r:Say r:voice="woman">hi</r:Say></r:Response>',
    ],
)
def test_namespaces_are_ignored_like_restcomm(data: str) -> None:
    assert rcml.validate(data) == []
