"""Property tests: whatever the builder accepts is valid RCML and survives a round trip, and
what it refuses the validator reports."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

import rcml
from rcml.builder import Element
from rcml.builder._convert import SIMPLE_URL
from rcml.builder._names import method_name, python_name
from rcml.core import CONTEXTS
from rcml.rules.urls import url_problem
from rcml.schema import load_schema
from tests.strategies import (
    BuilderCall,
    BuilderOneCall,
    builder_hostile_text,
    builder_one_call,
    builder_programs,
    builder_spoken_text,
    builder_voice_programs,
    element_trees,
)

NOUNS = load_schema().noun_set
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


def _add(response: rcml.Response, call: BuilderOneCall, *, changed: bool = True) -> Element:
    """Make the call (a noun in a new Dial); the BuildError, if any, goes to the caller."""
    parent: Element = response.dial() if call.tag in NOUNS else response
    args, keywords = call.arguments(changed=changed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rcml.BuildWarning)  # loop=0: accepted, with a warning
        added: Element = getattr(parent, method_name(call.tag))(*args, **keywords)
    return added


@SETTINGS
@given(builder_one_call())
def test_what_the_builder_refuses_the_validator_reports(call: BuilderOneCall) -> None:
    response = rcml.Response()
    try:
        _add(response, call)
        response.to_xml()  # refused at the call, or when finished
    except rcml.BuildError as error:
        refused: rcml.BuildError | None = error
    else:
        refused = None
    event("refused" if refused else "accepted")
    if refused is None:  # accepted: nothing the validator calls an error
        errors = [f for f in response.validate() if f.is_error]
        assert errors == [], response.to_xml(encoding="unicode")
        return
    # Refused: the same element written anyway (the checks bypassed) gets a finding about it.
    response = rcml.Response()
    element = _add(response, call, changed=False)
    name = ""
    if call.changed == "text":
        element.content = [str(call.value)]
    else:
        spec = load_schema().elements[call.tag]
        name = next(n for n in spec.attributes if python_name(n) == call.changed)
        element.attributes[name] = _raw(call.value)
    path = "/Response/Dial[1]/" if call.tag in NOUNS else "/Response/"
    here = [f for f in response.validate() if f.element == f"{path}{call.tag}[1]"]
    assert any(name in f.message for f in here), (str(refused), here)


def _raw(value: object) -> str:
    """The attribute string the builder would have written for ``value``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)
