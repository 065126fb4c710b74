"""`rcml lint --fix`'s engine: golden before/after documents for every fixable rule, byte edits
at exact places (CRLF, byte order mark, non-ASCII text, Restcomm's & fix-up), overlapping fixes,
and what a fix refuses to touch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from rcml.core.findings import Finding, Fix, TextEdit
from rcml.core.options import Limits
from rcml.engine import check_document
from rcml.lint.fix import Edit, FixTotals, apply_fixes, edits_of, fix_document, unified_diff
from rcml.rules import ALL_RULES, RULES_BY_CODE
from tests.conftest import CORPUS, corpus_rows
from tests.rules.fixtures import FIXTURES

GOLDEN = Path(__file__).parent / "fixes"
FIXABLE = [rule for rule in ALL_RULES if rule.fix is not None]


def check(data: bytes, context: str = "voice") -> list[Finding]:
    return check_document(data, context, Limits())  # type: ignore[arg-type]


def fixed(data: bytes, *codes: str, unsafe: bool = False) -> bytes:
    """``data`` with the fixes of ``codes`` (every code when none is given) applied."""
    return fix_document(data, check, lambda f: not codes or f.code in codes, unsafe=unsafe).data


def golden(code: str) -> tuple[bytes, bytes, bytes]:
    """The before, after (safe fixes) and unsafe (all fixes) documents of one rule."""
    before = (GOLDEN / f"{code}.before.xml").read_bytes()
    after_file, unsafe_file = GOLDEN / f"{code}.after.xml", GOLDEN / f"{code}.unsafe.xml"
    after = after_file.read_bytes() if after_file.exists() else before
    unsafe = unsafe_file.read_bytes() if unsafe_file.exists() else after
    return before, after, unsafe


@pytest.mark.parametrize("code", [rule.code for rule in FIXABLE])
def test_fixes_give_the_golden_documents(code: str) -> None:
    before, after, unsafe = golden(code)
    assert fixed(before, code) == after
    assert fixed(before, code, unsafe=True) == unsafe


@pytest.mark.parametrize("code", [rule.code for rule in FIXABLE])
def test_fixing_twice_changes_nothing_the_second_time(code: str) -> None:
    _, after, unsafe = golden(code)
    again = fix_document(after, check, lambda f: f.code == code)
    assert (again.data, again.fixed) == (after, 0)
    assert fixed(unsafe, code, unsafe=True) == unsafe


def test_every_fixable_rule_has_golden_files_that_show_its_fixes() -> None:
    files = {path.name.split(".")[0] for path in GOLDEN.glob("*.xml")}
    assert files == {rule.code for rule in FIXABLE}
    for rule in FIXABLE:
        before, after, unsafe = golden(rule.code)
        assert (after != before) == (rule.fix == "safe"), rule.code
        assert unsafe != before, rule.code


def _documents() -> list[bytes]:
    """Every document the tests hold: golden files, rule fixtures, the real corpus."""
    docs = [path.read_bytes() for path in sorted(GOLDEN.glob("*.xml"))]
    docs += [fixture.bad for fixture in FIXTURES.values()]
    docs += [(CORPUS / row["file"]).read_bytes() for row in corpus_rows()]
    return docs


def test_fixes_are_never_safer_than_their_rule_declares() -> None:
    for data in _documents():
        for finding in check(data):
            rule = RULES_BY_CODE[finding.code]
            if finding.fix is not None:
                assert rule.fix is not None, finding
                assert finding.fix.safe is False or rule.fix == "safe", finding


def test_the_real_corpus_fixes_in_one_go_and_keeps_its_text() -> None:
    from tests.lint.test_lint_fix_properties import content

    for row in corpus_rows():
        data = (CORPUS / row["file"]).read_bytes()
        context = row["context"]
        outcome = fix_document(data, lambda d, c=context: check(d, c), lambda f: True, unsafe=True)
        if outcome.data == data:
            continue
        assert content(outcome.data) == content(data), row["file"]
        left = [f for f in check(outcome.data, context) if f.fix is not None]
        assert left == [], row["file"]


# ------------------------------------------------------------------------------ exact places


def test_crlf_lines_and_non_ascii_text_before_the_edit() -> None:
    data = "<Response>\r\n  <Say>héllo 😀</Say><say>x</say>\r\n</Response>\r\n".encode()
    assert fixed(data) == data.replace(b"<say>x</say>", b"<Say>x</Say>")


def test_a_byte_order_mark_is_kept_and_not_counted_in_columns() -> None:
    data = b'\xef\xbb\xbf<Response><Say voice="Man">x</Say></Response>'
    assert fixed(data) == b'\xef\xbb\xbf<Response><Say voice="man">x</Say></Response>'


def test_columns_shifted_by_restcomms_ampersand_fix_up_map_back() -> None:
    data = (
        b'<Response><Dial action="/a?x=1&y=2&amp;z=3" callerid="+1">+1</Dial>'
        b'<Say voice="Man">&</Say></Response>'
    )
    assert fixed(data, "RCML202", "RCML205") == (
        b'<Response><Dial action="/a?x=1&y=2&amp;z=3" callerId="+1">+1</Dial>'
        b'<Say voice="man">&</Say></Response>'
    )
    assert fixed(data) == (
        b'<Response><Dial action="/a?x=1&amp;y=2&amp;z=3" callerId="+1">+1</Dial>'
        b'<Say voice="man">&amp;</Say></Response>'
    )


def test_an_ampersand_in_a_comment_or_cdata_is_left_alone() -> None:
    data = b"<Response><!-- a & b --><Say><![CDATA[x & y]]></Say><Say>T & J</Say></Response>"
    assert fixed(data) == (
        b"<Response><!-- a & b --><Say><![CDATA[x & y]]></Say><Say>T &amp; J</Say></Response>"
    )


def test_a_value_that_needs_a_later_pass_is_fixed_in_it() -> None:
    # the value holds a bare '&': the event list is fixed once the '&' is, in the next pass
    data = (
        b'<Response><Dial><Sip statusCallbackEvent="initiated ringing">a?b&c</Sip></Dial>'
        b"</Response>"
    )
    outcome = fix_document(data, check, lambda f: True)
    assert outcome.data == (
        b'<Response><Dial><Sip statusCallbackEvent="initiated,ringing">a?b&amp;c</Sip></Dial>'
        b"</Response>"
    )
    assert outcome.fixed == 2


def test_nested_elements_of_one_wrong_name_close_in_the_right_places() -> None:
    data = b"<Response><GATHER><say>a</say><say>b</say></GATHER><say/></Response>"
    assert fixed(data) == b"<Response><Gather><Say>a</Say><Say>b</Say></Gather><Say/></Response>"


def test_a_value_written_with_a_reference_or_two_names_that_collide_stay() -> None:
    data = b'<Response><Say voice="M&#97;n">a</Say><Gather numdigits="1" NUMDIGITS="2"/></Response>'
    outcome = fix_document(data, check, lambda f: True)
    assert outcome.data == data
    assert [f.code for f in outcome.findings if f.code in ("RCML202", "RCML205")] == [
        "RCML205",
        "RCML202",
        "RCML202",
    ]


def test_a_fix_that_would_break_the_document_is_not_applied() -> None:
    breaking = Fix((TextEdit(1, 2, "Response", "Response<"),))

    def check_with_a_bad_fix(data: bytes) -> list[Finding]:
        findings = check(data)
        if b"<Response<" not in data:
            findings.append(RULES_BY_CODE["RCML202"].at(1, 1, "bad", fix=breaking))
        return findings

    outcome = fix_document(b"<Response/>", check_with_a_bad_fix, lambda f: True)
    assert outcome.data == b"<Response/>"
    assert outcome.fixed == 0


def test_edits_check_the_text_they_expect() -> None:
    data = b"<Response><say>x</say></Response>"
    assert edits_of(data, Fix((TextEdit(1, 12, "say", "Say"),))) == [Edit(11, 14, b"Say")]
    assert edits_of(data, Fix((TextEdit(1, 13, "say", "Say"),))) is None  # off by one
    assert edits_of(data, Fix((TextEdit(2, 1, "say", "Say"),))) is None  # no such line


def test_overlapping_fixes_are_applied_one_pass_at_a_time() -> None:
    data = b"abcdef"
    first = Fix((TextEdit(1, 2, "bcd", "X"),))
    overlapping = Fix((TextEdit(1, 3, "cd", "Y"),))
    apart = Fix((TextEdit(1, 5, "e", "Z"),))
    assert apply_fixes(data, [overlapping, apart, first]) == (b"aXZf", 2)  # first one first
    shorter = Fix((TextEdit(1, 2, "b", "W"),))
    assert apply_fixes(data, [first, shorter]) == (b"aWcdef", 1)  # one start, one fix
    assert apply_fixes(data, []) == (data, 0)


def test_the_summary_line_says_what_was_fixed_and_what_remains() -> None:
    assert FixTotals().line(diff=False) == "Nothing to fix."
    assert FixTotals(fixed=3, unsafe_left=2).line(diff=False) == (
        "Fixed 3 findings; 2 more are fixable with --unsafe-fixes."
    )
    assert FixTotals(fixed=1).line(diff=True) == "Would fix 1 finding."
    assert FixTotals(unsafe_left=1).line(diff=False) == (
        "No safe fix to apply; 1 finding is fixable with --unsafe-fixes."
    )


def test_unified_diff_marks_a_missing_final_newline() -> None:
    diff = unified_diff("a.xml", b"<Response>\n<say/></Response>", b"<Response>\n<Say/></Response>")
    assert diff == (
        "--- a.xml\n+++ a.xml\n@@ -1,2 +1,2 @@\n <Response>\n-<say/></Response>\n"
        "\\ No newline at end of file\n+<Say/></Response>\n\\ No newline at end of file\n"
    )


def test_a_suppression_on_the_first_line_after_a_byte_order_mark_is_placed_and_fixed() -> None:
    data = b"\xef\xbb\xbf<Response><!-- rcml: disable=RCML401 --><Say>x</Say></Response>"
    assert [(f.code, f.line, f.column) for f in check(data)] == [("RCML009", 1, 11)]
    assert fixed(data) == b"\xef\xbb\xbf<Response><Say>x</Say></Response>"


def test_an_ampersand_left_bare_is_found_after_cdata_and_fixed() -> None:
    data = b"<Response><!-- a & b --><Say><![CDATA[x & y]]></Say><Say>T & J</Say></Response>"
    assert [(f.code, f.column, f.fix is not None) for f in check(data)] == [("RCML001", 60, True)]


def test_standard_input_read_as_a_template_passes_through_unfixed(tmp_path: Path) -> None:
    from rcml.lint.fix import FixMode, fix_results
    from rcml.lint.runner import Job, Options
    from tests.lint.lint_testing import settings

    text = b'<Response><Say voice="Man">{{ "Hi" }}</Say></Response>\n'
    out = io.BytesIO()
    mode = FixMode(stdout=out)
    job = Job("-", "voice", (), text, True)
    [result] = fix_results([job], Options(settings(tmp_path)), mode)
    assert out.getvalue() == text
    assert [f.code for f in result.findings] == ["RCML205"]
    assert mode.totals.templates == ["-"]
