"""The fast path never hides a finding: when the screen says clean, the rules find nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcml.schema import load_schema
from rcml.validate.document import Document
from rcml.validate.engine import _tree_findings
from rcml.validate.options import CONTEXTS, Limits
from rcml.validate.parse import parse
from rcml.validate.screen import looks_clean
from tests.conftest import CORPUS, corpus_params
from tests.strategies import element_trees

SCHEMA = load_schema()


def _screen_agrees(data: bytes, context: str) -> bool | None:
    """None when the screen does not apply; else whether the screen's promise holds."""
    parsed = parse(data, Limits())
    if parsed.root is None:
        return None
    if not looks_clean(parsed.root, parsed.text, context, SCHEMA):  # type: ignore[arg-type]
        return None
    assert SCHEMA.xsd.validate(parsed.root.getroottree()), "strict schema passed, XSD failed"
    doc = Document(parsed.root, parsed.text, context, SCHEMA)  # type: ignore[arg-type]
    return _tree_findings(doc) == []


@pytest.mark.parametrize("row", corpus_params())
def test_screen_on_the_corpus(row: dict[str, str]) -> None:
    data = (CORPUS / row["file"]).read_bytes()
    for context in CONTEXTS:
        assert _screen_agrees(data, context) in (None, True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(element_trees(max_depth=3), st.sampled_from(CONTEXTS))
def test_screen_on_generated_documents(data: bytes, context: str) -> None:
    assert _screen_agrees(data, context) in (None, True)


def test_screen_passes_plain_documents() -> None:
    """A screen that never passes would be useless: plain documents must take the fast path."""
    data = (
        b'<Response><Say voice="woman">Hi</Say><Gather action="/m" numDigits="1">'
        b"<Play>https://example.com/a.wav</Play></Gather>"
        b'<Dial timeout="20"><Client>alice</Client><Number>+15550100</Number></Dial>'
        b"<Hangup/></Response>"
    )
    assert _screen_agrees(data, "voice") is True


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.booleans(), st.sampled_from(CONTEXTS))
def test_screen_on_realistic_documents(seed: int, broken: bool, context: str) -> None:
    """Realistic documents (the benchmark's generator), clean and broken, in every context."""
    import random

    from benchmarks.corpus import break_document, valid_document

    rng = random.Random(seed)
    document = valid_document(rng)
    if broken:
        document = break_document(document, rng)
    assert _screen_agrees(document.encode("utf-8"), context) in (None, True)
