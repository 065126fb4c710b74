"""libxml2's schema messages, translated: they agree with the schema rules, and none is lost."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import rcml
from benchmarks.corpus import break_document, valid_document
from rcml.core.document import Document
from rcml.core.options import CONTEXTS, Limits
from rcml.engine.parse import local_names, parse
from rcml.engine.xsd import _translate, schema_rule_findings
from rcml.rules import rules_of_stage
from rcml.schema import load_schema
from tests.conftest import CORPUS, corpus_rows
from tests.rules.fixtures import FIXTURES
from tests.strategies import element_trees, fixable_documents

SCHEMA = load_schema()
SCHEMA_RULES = rules_of_stage("schema")
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



def _schema_rules_by_family_and_by_rule(data: bytes, context: str) -> bool:
    """Compare, on one document, ``schema_rule_findings`` (each family of rules judged once)
    with every schema rule's own ``check()``, finding for finding, fixes included; True when
    they found something."""
    parsed = parse(data, Limits())
    if parsed.root is None:
        return False
    local_names(parsed)
    docs = [
        Document(parsed.root, parsed.text, context, SCHEMA, parsed.amp_fixes)  # type: ignore[arg-type]
        for _ in range(2)
    ]
    by_family = schema_rule_findings(docs[0])
    by_rule = [finding for rule in SCHEMA_RULES for finding in rule().check(docs[1])]
    assert sorted((f, repr(f.fix)) for f in by_family) == sorted(
        (f, repr(f.fix)) for f in by_rule
    )
    return bool(by_rule)


def test_schema_rules_judged_by_family_on_fixtures_and_corpus() -> None:
    documents = [(f.bad, f.context) for f in FIXTURES.values()]
    documents += [((CORPUS / row["file"]).read_bytes(), row["context"]) for row in corpus_rows()]
    found = [_schema_rules_by_family_and_by_rule(data, context) for data, context in documents]
    assert sum(found) >= 30


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(element_trees(max_depth=3), fixable_documents()), st.sampled_from(CONTEXTS))
def test_schema_rules_judged_by_family_on_generated_documents(data: bytes, context: str) -> None:
    _schema_rules_by_family_and_by_rule(data, context)


def _elements_named_by_messages(data: bytes) -> int:
    """Each libxml2 message names its element and line; where that names one element, it is the
    element the message's XPath selects (the translation looks it up without the XPath)."""
    from rcml.engine.xsd import _NAMED, _Messages

    parsed = parse(data, Limits())
    if parsed.root is None:
        return 0
    local_names(parsed)
    tree = parsed.root.getroottree()
    if SCHEMA.xsd.validate(tree):
        return 0
    messages = _Messages(Document(parsed.root, parsed.text, "voice", SCHEMA))
    checked = 0
    for entry in SCHEMA.xsd.error_log:  # type: ignore[attr-defined]
        named = _NAMED.match(entry.message)
        if named is None or not entry.path:
            continue
        name = named.group("element").rpartition("}")[2]
        by_name = messages.element_at(None, entry.line, name)
        if by_name is not None:
            assert tree.xpath(entry.path)[0] is by_name, entry.message  # type: ignore[index]
            checked += 1
    return checked


def test_messages_name_their_element_on_fixtures_and_corpus() -> None:
    documents = [f.bad for f in FIXTURES.values()]
    documents += [(CORPUS / row["file"]).read_bytes() for row in corpus_rows()]
    assert sum(_elements_named_by_messages(data) for data in documents) >= 20


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_messages_name_their_element_on_realistic_documents(seed: int) -> None:
    rng = random.Random(seed)
    _elements_named_by_messages(break_document(valid_document(rng), rng).encode("utf-8"))
