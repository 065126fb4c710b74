"""Encodings cannot smuggle a DTD: only UTF-8 reaches the parser, which loads no DTD whatever the
bytes claim, and no input makes the validator raise or wait."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rcml
from rcml.engine.parse import _parser
from tests.strategies import element_trees

ROOT = Path(__file__).resolve().parents[2]
WIDE = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
NAMES = {"utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "utf-32-le": "UTF-32LE"}
NAMES["utf-32-be"] = "UTF-32BE"
# /dev/stdin is /dev/null under pytest's capture; from a terminal (-s) a regression would wait.
STDIN = ["/dev/stdin"] if not os.isatty(0) else []


def codes(data: bytes | str) -> list[str]:
    return [f.code for f in rcml.validate(data)]


class FifoWatch:
    """A FIFO that records whether anything opened it for reading, and never lets it block: a
    thread keeps trying to open the writing end (which succeeds only while a reader waits), and
    closes it at once, so a reader sees an empty file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.opened = threading.Event()
        self._stop = threading.Event()
        os.mkfifo(path)
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader
                continue
            self.opened.set()
            os.close(fd)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def fifo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FifoWatch]:
    watch = FifoWatch(tmp_path_factory.mktemp("fifo") / "dtd")
    yield watch
    watch.close()
    assert not watch.opened.is_set(), "something opened the FIFO named as a DTD"


@pytest.fixture(scope="module")
def local_dtd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dtd") / "x.dtd"
    path.write_text('<!ATTLIST Response leaked CDATA "yes">')
    return path


def _doc(declared: str | None, system: str | None, body: str = "<Response/>") -> str:
    head = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else ""
    doctype = f'<!DOCTYPE Response SYSTEM "{system}">\n' if system else ""
    return head + doctype + body


@pytest.mark.parametrize("encoding", WIDE)
@pytest.mark.parametrize("declared", [None, "UTF-16", "UTF-32", "UTF-8"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_wide_encodings_are_refused_before_parsing(
    encoding: str, declared: str | None, bom: bool, local_dtd: Path
) -> None:
    text = _doc(declared, str(local_dtd), '<Response><Pause length="x"/></Response>')
    data = ("\ufeff" + text if bom else text).encode(encoding)
    (finding,) = rcml.validate(data)
    assert (finding.code, finding.line, finding.column) == ("RCML003", 1, 1)
    expected = "byte order mark" if bom else f"is in {NAMES[encoding]} (without a byte order mark)"
    assert expected in finding.message


def test_a_nul_byte_is_not_utf8_and_is_located() -> None:
    (finding,) = rcml.validate(b"<Response>\n  <Say>a\x00b</Say>\n</Response>")
    assert (finding.code, finding.line, finding.column) == ("RCML003", 2, 9)
    assert "NUL" in finding.message


def test_ebcdic_is_named() -> None:
    data = '<?xml version="1.0" encoding="EBCDIC-US"?><Response/>'.encode("cp500")
    (finding,) = rcml.validate(data)
    assert finding.code == "RCML003" and "EBCDIC" in finding.message


@pytest.mark.parametrize("declared", ["UTF-16", "ebcdic-cp-us", "bogus"])
def test_a_declared_encoding_other_than_utf8_is_reported_at_its_name(declared: str) -> None:
    data = _doc(declared, None).encode("ascii")
    (finding,) = rcml.validate(data)
    assert (finding.code, finding.line, finding.column) == ("RCML003", 1, 31)
    assert repr(declared) in finding.message


def test_an_ascii_superset_declared_is_read_as_utf8() -> None:
    assert codes(_doc("ISO-8859-1", None).encode("ascii")) == []
    assert codes(_doc("ISO-8859-1", None, "<Response><Say>café</Say></Response>").encode()) == [
        "RCML003"
    ]


def test_a_lone_surrogate_in_text_is_a_finding_with_its_position() -> None:
    (finding,) = rcml.validate("<Response>\n  <Say>caf\udce9</Say>\n</Response>")
    assert (finding.code, finding.line, finding.column) == ("RCML003", 2, 11)
    assert "U+DCE9" in finding.message
    assert not rcml.is_valid("<Response><Say>\ud800</Say></Response>")


def test_the_parser_loads_no_dtd_even_when_handed_a_doctype(
    fifo: FifoWatch, local_dtd: Path
) -> None:
    """Below the DOCTYPE refusal, the parser itself must not read the DTD a DOCTYPE names
    (lxml's ``collect_ids=False`` once made libxml2 load it: files, FIFOs, /dev/stdin)."""
    from lxml import etree

    for system in (local_dtd, fifo.path):
        data = _doc("UTF-8", str(system)).encode()
        root = etree.fromstring(data, _parser())
        assert root.get("leaked") is None
    assert not fifo.opened.is_set()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=element_trees(max_depth=2),
    encoding=st.sampled_from(WIDE),
    bom=st.booleans(),
    declared=st.sampled_from([None, "UTF-8", "UTF-16", "UTF-32", "ISO-8859-1"]),
    system=st.sampled_from(["local", "fifo", None, *STDIN]),
)
def test_any_document_in_any_wide_encoding_is_one_rcml003(
    body: bytes,
    encoding: str,
    bom: bool,
    declared: str | None,
    system: str | None,
    fifo: FifoWatch,
    local_dtd: Path,
) -> None:
    target = {"local": str(local_dtd), "fifo": str(fifo.path)}.get(system or "", system)
    text = _doc(declared, target, body.decode("utf-8"))
    data = ("\ufeff" + text if bom else text).encode(encoding)
    assert codes(data) == ["RCML003"]
    assert not fifo.opened.is_set()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=64), st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00<"]))
def test_no_bytes_make_validate_raise(noise: bytes, start: bytes) -> None:
    findings = rcml.validate(start + b'<?xml version="1.0" encoding="UTF-16"?>' + noise)
    assert findings and findings[0].is_error


# Every way a document reaches the parser, each with the worst of the old payloads: UTF-16 without
# a byte order mark, a declaration, and a DTD on standard input, which the parent never writes.
_PROBE = textwrap.dedent(
    """
    import sys, rcml
    from rcml.builder import parse as builder_parse
    from rcml import InvalidDocumentError
    from rcml.calls._decode import error_message, xml_records
    from rcml.calls.errors import UnexpectedResponseError

    head = '<?xml version="1.0" encoding="{enc}"?><!DOCTYPE Response SYSTEM "{dtd}">'
    for dtd in ("/dev/stdin", sys.argv[1]):
        for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"):
            data = (head.format(enc=enc[:6].upper(), dtd=dtd) + "<Response/>").encode(enc)
            print(enc, [f.code for f in rcml.validate(data)])
            try:
                builder_parse(data)
            except InvalidDocumentError:
                pass
            try:
                xml_records(data)
            except UnexpectedResponseError:
                pass
            error_message(data)
    print("done")
    """
)


def test_a_dtd_on_stdin_or_a_fifo_never_blocks(tmp_path: Path) -> None:
    """In a child process, with a deadline, so that a regression fails instead of hanging."""
    fifo = tmp_path / "dtd"
    os.mkfifo(fifo)
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-c", _PROBE, str(fifo)],
        stdin=subprocess.PIPE,  # held open, never written: a reader would wait for ever
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    ) as child:
        try:
            out, err = child.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            pytest.fail("validating a document whose DTD is /dev/stdin or a FIFO blocked")
    assert child.returncode == 0, err
    lines = out.splitlines()
    assert lines[-1] == "done"
    assert sorted(set(lines[:-1])) == [
        "utf-16-be ['RCML003']",
        "utf-16-le ['RCML003']",
        "utf-32-be ['RCML003']",
        "utf-32-le ['RCML003']",
        "utf-8 ['RCML002']",
    ]
    assert time.monotonic() - started < 30


def test_a_schema_run_that_raises_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from lxml import etree

    from rcml.engine import engine

    def explode(*args: object) -> None:
        raise etree.XMLSchemaValidateError("Internal error in XML Schema validation.")

    monkeypatch.setattr(engine, "prefilter", explode)
    findings = rcml.validate('<Response><Pause length="x"/></Response>')
    assert [f.code for f in findings] == ["RCML000", "RCML206"]
    assert "Internal error in XML Schema validation" in findings[0].message


def test_lint_reports_a_utf16_document_with_a_fifo_dtd_in_one_line(
    tmp_path: Path, fifo: FifoWatch
) -> None:
    from click.testing import CliRunner

    from rcml.cli import cli

    text = _doc("UTF-16", str(fifo.path), '<Response><Pause length="x"/></Response>')
    (tmp_path / "a.xml").write_bytes(text.encode("utf-16-le"))
    result = CliRunner().invoke(cli, ["lint", "--no-config", str(tmp_path / "a.xml")])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{tmp_path / 'a.xml'}:1:1: RCML003 [error] the document is in UTF-16LE (without a byte "
        "order mark) (save the file as UTF-8)"
    )
    assert not fifo.opened.is_set()
