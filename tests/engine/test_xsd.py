"""libxml2's schema messages, translated: they agree with the schema rules, and none is lost."""

from __future__ import annotations

import pytest
from lxml import etree

import rcml
from rcml.core.document import Document
from rcml.core.options import Limits
from rcml.engine.parse import parse
from rcml.engine.xsd import _translate
from rcml.schema import load_schema
from tests.rules.fixtures import FIXTURES

SCHEMA = load_schema()
INVALID = [
    code
    for code, fixture in sorted(FIXTURES.items())
    if (root := parse(fixture.bad, Limits()).root) is not None
    and not SCHEMA.xsd.validate(etree.ElementTree(root))
]


def _doc(data: bytes) -> Document:
    parsed = parse(data, Limits())
    assert parsed.root is not None
    return Document(parsed.root, parsed.text, "voice", SCHEMA)


def test_fixtures_cover_the_xsd_stage() -> None:
    assert len(INVALID) >= 12


@pytest.mark.parametrize("code", INVALID)
def test_every_libxml2_message_translates_to_a_schema_rule_finding(code: str) -> None:
    data = FIXTURES[code].bad
    doc = _doc(data)
    assert not SCHEMA.xsd.validate(doc.root.getroottree())
    translated = list(_translate(doc, SCHEMA.xsd.error_log))
    assert translated, "libxml2 said something"
    assert all(f.code != "RCML100" for f in translated), translated
    reported = set(rcml.validate(data, context=FIXTURES[code].context))
    assert set(translated) <= reported


def test_untranslatable_message_is_passed_on_in_plain_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rcml.engine import xsd

    monkeypatch.setattr(xsd, "classify_element", lambda doc, element: None)
    doc = _doc(b"<Response>\n  <Frobnicate/>\n</Response>")
    assert not SCHEMA.xsd.validate(doc.root.getroottree())
    (finding,) = _translate(doc, SCHEMA.xsd.error_log)
    assert finding.code == "RCML100"
    assert (finding.line, finding.column) == (2, 3)
    assert finding.message.startswith("element 'Frobnicate': This element is not expected")
    assert finding.element == "/Response/Frobnicate[1]"
