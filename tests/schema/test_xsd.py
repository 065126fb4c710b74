"""The XSD: it loads everywhere, gives the same verdicts in three processors, and is documented."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import xmlschema
from lxml import etree

from rcml.resources import schema_file
from rcml.schema import load_schema
from tests.conftest import CORPUS, corpus_rows

XS = "{http://www.w3.org/2001/XMLSchema}"


@pytest.fixture(scope="module")
def second_opinion() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(schema_file()))


def test_tables_match_xmlschema_reading(second_opinion: xmlschema.XMLSchema10) -> None:
    """Our light reader and xmlschema agree on every element, child and attribute."""
    schema = load_schema()
    seen: dict[str, tuple[set[str], set[str], set[str]]] = {}

    def walk(element: xmlschema.XsdElement) -> None:
        name = element.local_name
        if name in seen:
            return
        children = (
            {child.local_name for child in element.iterchildren()}
            if hasattr(element, "iterchildren")
            else set()
        )
        attributes = set(element.attributes)
        required = {n for n, a in element.attributes.items() if a.use == "required"}
        seen[name] = (children, attributes, required)
        for child in element.iterchildren():
            walk(child)

    walk(second_opinion.elements["Response"])
    assert set(seen) == set(schema.elements)
    for name, (children, attributes, required) in seen.items():
        spec = schema.elements[name]
        assert set(spec.children) == children, name
        assert set(spec.attributes) == attributes, name
        assert {a for a, s in spec.attributes.items() if s.required} == required, name


def test_every_element_and_attribute_is_documented() -> None:
    schema = load_schema()
    for name, spec in schema.elements.items():
        assert spec.doc, f"<{name}> has no xs:documentation"
        for attribute in spec.attributes.values():
            assert attribute.doc, f"{name}@{attribute.name} has no xs:documentation"


def test_schema_is_xsd_1_0_for_lxml() -> None:
    tree = etree.parse(str(schema_file()))
    assert tree.getroot().tag == f"{XS}schema"
    etree.XMLSchema(tree)  # raises if libxml2 cannot compile it


def _verdicts(path: str, second_opinion: xmlschema.XMLSchema10) -> tuple[object, object, object]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.parse(path, parser)
    except etree.XMLSyntaxError:
        return ("not-xml",) * 3
    by_lxml = load_schema().xsd.validate(tree)
    by_xmlschema = second_opinion.is_valid(tree)
    result = subprocess.run(
        ["xmllint", "--noout", "--schema", str(schema_file()), path],
        capture_output=True,
        check=False,
    )
    by_xmllint = result.returncode == 0
    return by_lxml, by_xmlschema, by_xmllint


@pytest.mark.skipif(
    shutil.which("xmllint") is None, reason="xmllint is missing (CI installs libxml2-utils)"
)
@pytest.mark.skipif(not corpus_rows(), reason=f"the corpus is not at {CORPUS}")
def test_three_processors_agree_on_the_corpus(second_opinion: xmlschema.XMLSchema10) -> None:
    disagreements = []
    valid = 0
    for row in corpus_rows():
        verdicts = _verdicts(str(CORPUS / row["file"]), second_opinion)
        if len(set(verdicts)) != 1:
            disagreements.append((row["file"], verdicts))
        valid += verdicts[0] is True
    assert disagreements == []
    assert valid > 200  # most of the corpus is valid RCML: the schema is not vacuous
