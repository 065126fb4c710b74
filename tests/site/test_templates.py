"""Templates: rendered with each sample set, findings mapped back to the template's lines."""

from __future__ import annotations

from rcml.core.findings import Finding
from rcml.core.options import Limits
from rcml.engine import check_document
from rcml.site.templates import LineMap, TemplateSources, check_template


def lint(text: str, partials: dict[str, str] | None = None) -> list[Finding]:
    sources = TemplateSources(partials or {})
    check = check_template(
        "t.xml.j2", text.encode(), sources, lambda out: check_document(out, "voice", Limits())
    )
    return list(check.findings)


def test_a_valid_template_has_no_finding() -> None:
    text = '{#- rcml-samples: [{"F": "+1"}] -#}\n<Response><Say>{{ F }}</Say></Response>\n'
    assert lint(text) == []


def test_findings_on_lines_without_jinja_keep_line_and_column() -> None:
    text = (
        '{#- rcml-samples: [{"F": "+1"}] -#}\n'
        "<Response>\n"
        "  {% if F %}\n"
        "  <Say>{{ F }}</Say>\n"
        "  {% endif %}\n"
        "  <Hangup/>\n"
        '  <Say voice="alice">x</Say>\n'
        "</Response>\n"
    )
    found = [(f.line, f.column, f.code, f.message) for f in lint(text)]
    assert [(line, column, code) for line, column, code, _ in found] == [
        (7, 3, "RCML401"),
        (7, 8, "RCML205"),
    ]
    assert "output line" not in found[1][3]


def test_findings_after_jinja_on_the_line_say_where_they_came_from() -> None:
    text = (
        '{#- rcml-samples: [{"V": "hi"}] -#}\n'
        "<Response><Say>{{ V }}</Say><Hangup/><Say>x</Say></Response>\n"
    )
    (finding,) = lint(text)
    assert (finding.line, finding.column, finding.code) == (2, 1, "RCML401")
    assert finding.message.endswith("(output line 1)")


def test_attributes_before_any_jinja_keep_their_column() -> None:
    text = (
        '{#- rcml-samples: [{"V": "x"}] -#}\n'
        '<Response><Say voice="alice">{{ V }}</Say></Response>\n'
    )
    (finding,) = lint(text)
    assert (finding.line, finding.column, finding.code) == (2, 16, "RCML205")


def test_each_sample_set_is_checked_and_shared_findings_reported_once() -> None:
    text = (
        '{#- rcml-samples: [{"T": "5"}, {"T": "soon"}, {"T": "later"}] -#}\n'
        '<Response><Say voice="alice">x</Say><Pause length="{{ T }}"/></Response>\n'
    )
    found = [(f.code, f.message) for f in lint(text)]
    assert [code for code, _ in found] == ["RCML205", "RCML206", "RCML206"]
    assert "(with sample set" not in found[0][1]  # every set has it: said once, no set named
    assert "length='later'" in found[1][1] and found[1][1].endswith("(with sample set 3)")
    assert "length='soon'" in found[2][1] and found[2][1].endswith("(with sample set 2)")


def test_a_missing_value_is_a_template_error_at_its_line() -> None:
    text = (
        '{#- rcml-samples: [{"A": "1"}, {"B": "2"}] -#}\n'
        "<Response>\n<Say>{{ A }}</Say>\n</Response>\n"
    )
    (finding,) = lint(text)
    assert (finding.line, finding.code) == (3, "RCML604")
    assert finding.message == "rendering with sample set 2 failed: missing value: 'A' is undefined"
    assert finding.hint is not None and "A is defined" in finding.hint


def test_syntax_errors_and_bad_sample_declarations() -> None:
    (syntax,) = lint("<Response>\n{% if %}\n</Response>\n")
    assert (syntax.line, syntax.code) == (2, "RCML604")
    (samples,) = lint("\n{#- rcml-samples: [1, 2] -#}\n<Response/>\n")
    assert (samples.line, samples.code) == (2, "RCML604")
    assert "array of objects" in samples.message


def test_a_sandbox_violation_is_a_finding_not_a_crash() -> None:
    (finding,) = lint("<Response><Say>{{ ''.__class__.__mro__ }}</Say></Response>\n")
    assert finding.code == "RCML604"


def test_a_template_that_is_not_utf8() -> None:
    (finding,) = check_template(
        "t.xml.j2", b"<Response>\xff</Response>", TemplateSources({}), lambda out: []
    ).findings
    assert finding.code == "RCML003"


def test_line_map_aligns_output_with_template() -> None:
    lines = LineMap("a\n{% x %}\nb {{ v }}\nc\n", "a\nb 1\nc\n")
    assert lines.position(1, 1) == (1, True)
    assert lines.position(2, 1) == (3, True)  # "b " is the same in both, up to column 1
    assert lines.position(2, 3) == (3, True)  # where {{ v }} starts
    assert lines.position(2, 4) == (3, False)  # after it: unknown
    assert lines.position(3, 1) == (4, True)


def test_an_undefined_name_in_a_test_suggests_is_defined_or_default() -> None:
    (finding,) = lint("<Response>\n{% if From %}<Say>{{ From }}</Say>{% endif %}\n</Response>\n")
    assert (finding.line, finding.code) == (2, "RCML604")
    assert finding.hint is not None
    assert "{% if From is defined %}" in finding.hint and "default" in finding.hint


def test_include_extends_and_import_load_partials_from_the_sources() -> None:
    partials = {
        "_say.xml.j2": "<Say>{{ who }}</Say>",
        "_macros.xml.j2": "{% macro hang() %}<Hangup/>{% endmacro %}",
        "_base.xml.j2": "<Response>{% block body %}{% endblock %}</Response>",
    }
    text = (
        '{#- rcml-samples: [{"who": "you"}] -#}\n'
        '{% extends "_base.xml.j2" %}{% import "_macros.xml.j2" as m %}\n'
        '{% block body %}{% include "_say.xml.j2" %}{{ m.hang() }}{% endblock %}\n'
    )
    assert lint(text, partials) == []


def test_a_missing_include_is_a_finding_at_its_line() -> None:
    (finding,) = lint('<Response>\n{% include "_nope.xml.j2" %}\n</Response>\n')
    assert (finding.line, finding.code) == (2, "RCML604")
    assert "_nope.xml.j2: the site has no such template" in finding.message


def test_an_error_inside_a_partial_names_the_partial_and_points_at_the_include() -> None:
    partials = {"_say.xml.j2": "\n<Say>{{ missing }}</Say>"}
    (finding,) = lint('<Response>\n\n{% include "_say.xml.j2" %}\n</Response>\n', partials)
    assert (finding.line, finding.code) == (3, "RCML604")
    assert "in _say.xml.j2 line 2" in finding.message


def test_nothing_outside_the_sources_can_be_loaded() -> None:
    for name in ("/etc/passwd", "../t.xml.j2", "../../etc/hostname"):
        (finding,) = lint(f'<Response>{{% include "{name}" %}}</Response>\n')
        assert finding.code == "RCML604", name
