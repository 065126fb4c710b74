"""Property tests: whatever the builder accepts is valid RCML and survives a round trip."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import rcml
from rcml.builder import Element
from rcml.builder._convert import SIMPLE_URL
from rcml.core import CONTEXTS
from rcml.rules.urls import url_problem
from tests.strategies import (
    BuilderCall,
    builder_hostile_text,
    builder_programs,
    builder_spoken_text,
    builder_voice_programs,
    element_trees,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _build(program: list[BuilderCall]) -> rcml.Response:
    response = rcml.Response()
    for call in program:
        call.apply(response)
    return response


@SETTINGS
@given(builder_voice_programs())
def test_built_voice_documents_have_no_error(program: list[BuilderCall]) -> None:
    response = _build(program)
    errors = [f for f in response.validate() if f.is_error]
    assert errors == [], response.to_xml(encoding="unicode")


@pytest.mark.parametrize("context", [c for c in CONTEXTS if c != "voice"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_built_documents_of_every_context_have_no_error(context: str, data: st.DataObject) -> None:
    response = _build(data.draw(builder_programs(context)))
    errors = [f for f in response.validate(context=context) if f.is_error]
    assert errors == [], response.to_xml(encoding="unicode")


@SETTINGS
@given(builder_voice_programs())
def test_parse_of_output_equals_the_model(program: list[BuilderCall]) -> None:
    response = _build(program)
    assert rcml.parse(response.to_xml()) == response
    assert rcml.parse(str(response)) == response
    assert rcml.parse(response.to_xml(xml_declaration=True)) == response


def _without_layout(element: Element) -> list[object]:
    """Content with the white space pretty printing adds (between elements only) removed."""
    if any(isinstance(item, str) and item.strip() for item in element.content):
        return list(element.content)
    return [
        _without_layout(item) if isinstance(item, Element) else item
        for item in element.content
        if not (isinstance(item, str) and not item.strip())
    ]


@SETTINGS
@given(builder_voice_programs())
def test_pretty_printing_never_changes_text(program: list[BuilderCall]) -> None:
    response = _build(program)
    pretty = rcml.parse(response.to_xml(pretty=True))
    assert _without_layout(pretty) == _without_layout(response)


@SETTINGS
@given(builder_spoken_text(), builder_hostile_text())
def test_hostile_strings_survive_as_text(text: str, value: str) -> None:
    response = rcml.Response()
    response.say(text)
    response.dial(caller_id=value).client("alice")
    parsed = rcml.parse(response.to_xml())
    assert parsed.children[0].text == text
    assert parsed.children[1].get("callerId") == value
    assert parsed == response


@given(st.from_regex(SIMPLE_URL, fullmatch=True))
def test_the_fast_url_path_accepts_only_urls_the_rule_accepts(url: str) -> None:
    assert url_problem(url.strip()) is None


def _c14n(data: bytes) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return etree.tostring(root.getroottree(), method="c14n", with_comments=True)


@SETTINGS
@given(element_trees())
def test_any_document_that_parses_is_written_back_as_it_was(data: bytes) -> None:
    try:
        document = rcml.parse(data)
    except rcml.InvalidDocumentError as error:  # only for what the hardened parser refuses
        assert any(f.is_error for f in error.findings)
        return
    assert _c14n(document.to_xml()) == _c14n(data)
    assert rcml.parse(document.to_xml()) == document
