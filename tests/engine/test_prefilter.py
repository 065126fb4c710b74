"""The fast path never hides or changes a finding.

The prefilter (a stricter schema and one walk over the URLs) decides which rules still have to run,
or that none does. Each test compares the prefiltered engine with the same engine running every rule
on every document: the findings must be identical, on the corpus, on generated trees and on
realistic documents, in every context.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import break_document, valid_document
from rcml.core.options import CONTEXTS, Context, Limits
from rcml.engine.engine import _validate
from rcml.engine.parse import parse
from rcml.engine.prefilter import prefilter
from rcml.schema import load_schema
from tests.conftest import CORPUS, corpus_params
from tests.strategies import element_trees

SCHEMA = load_schema()
LIMITS = Limits()


def _same_with_and_without_prefilter(data: bytes, context: Context) -> None:
    prefiltered = _validate(data, context, LIMITS, use_prefilter=True)
    full = _validate(data, context, LIMITS, use_prefilter=False)
    assert prefiltered == full


@pytest.mark.parametrize("row", corpus_params())
def test_prefilter_on_the_corpus(row: dict[str, str]) -> None:
    data = (CORPUS / row["file"]).read_bytes()
    for context in CONTEXTS:
        _same_with_and_without_prefilter(data, context)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(element_trees(max_depth=3), st.sampled_from(CONTEXTS))
def test_prefilter_on_generated_documents(data: bytes, context: Context) -> None:
    _same_with_and_without_prefilter(data, context)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.booleans(), st.sampled_from(CONTEXTS))
def test_prefilter_on_realistic_documents(seed: int, broken: bool, context: Context) -> None:
    """Realistic documents (the benchmark's generator), clean and broken, in every context."""
    rng = random.Random(seed)
    document = valid_document(rng)
    if broken:
        document = break_document(document, rng)
    _same_with_and_without_prefilter(document.encode("utf-8"), context)


URLISH = st.text(
    alphabet=st.sampled_from(list("aZ09-._~!$&'()*+,;=@/?:#%[] \t\\\"<>^`{|}é")), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "/", "http://", "https://x", "ftp://", "HTTP://a"]), URLISH)
def test_prefilter_on_urls(prefix: str, rest: str) -> None:
    """URLs of every shape, in text and in an attribute: same findings with the prefilter."""
    url = (prefix + rest).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    data = (
        f'<Response><Gather action="{url}"><Say>Hi</Say></Gather>'
        f"<Redirect>{url}</Redirect></Response>"
    ).encode()
    _same_with_and_without_prefilter(data, "voice")


def _verdict(data: bytes, context: Context = "voice") -> tuple[bool, bool]:
    root = parse(data, LIMITS).root
    assert root is not None
    verdict = prefilter(root, context, SCHEMA)
    return verdict.schema_clean, verdict.urls_plain


PLAIN = (
    b'<Response><Say voice="woman">Hi</Say><Gather action="/m" numDigits="1">'
    b"<Play>https://example.com/a.wav</Play></Gather>"
    b'<Dial timeout="20"><Client>alice</Client><Number>+15550100</Number></Dial>'
    b"<Hangup/></Response>"
)


def test_plain_documents_take_the_fast_path() -> None:
    """A prefilter that never passes would be useless: plain documents need no rule."""
    assert _verdict(PLAIN) == (True, True)
    assert _validate(PLAIN, "voice", LIMITS, use_prefilter=True) == []


@pytest.mark.parametrize(
    ("data", "verdict"),
    [
        # Relative URLs are plain: Restcomm resolves them against the document's URL.
        (
            b'<Response><Gather action="menu.xml"><Say>Hi</Say></Gather>'
            b"<Redirect>../start.xml?x=1</Redirect></Response>",
            (True, True),
        ),
        # A colon in a relative URL starts a scheme: the rules judge it.
        (b"<Response><Redirect>mailto:ops@example.com</Redirect></Response>", (True, False)),
        # Only a URL is wrong: the schema is proven clean, only the walk's rules run.
        (b"<Response><Play>https://example.com/a b.wav</Play></Response>", (True, False)),
        (b'<Response><Redirect method="GET">ftp://x/y</Redirect></Response>', (True, False)),
        # A comment inside an element may split its text.
        (b"<Response><Say>a<!-- c -->b</Say></Response>", (True, False)),
        # The schema fails, every URL is plain: the URL rules are skipped.
        (b'<Response><Dial timout="10"><Client>a</Client></Dial></Response>', (False, True)),
        # A URL element with a child: its last text run is not the walk's to judge.
        (b"<Response><Play><x/>https://e.com/a b.wav</Play></Response>", (False, False)),
        # USSD documents are never prefiltered (their limits need the whole message).
    ],
)
def test_prefilter_verdicts(data: bytes, verdict: tuple[bool, bool]) -> None:
    assert _verdict(data) == verdict
    _same_with_and_without_prefilter(data, "voice")


def test_ussd_is_never_prefiltered() -> None:
    assert _verdict(b"<Response><UssdMessage>Hi</UssdMessage></Response>", "ussd") == (
        False,
        False,
    )


def test_every_schema_and_tree_rule_says_how_the_prefilter_clears_it() -> None:
    """A new rule without a declaration fails here: the prefilter would skip it unproven."""
    from rcml.engine.prefilter import URL_RULES, WALK_RULES
    from rcml.rules import ALL_RULES

    for rule in ALL_RULES:
        if rule.stage in ("schema", "tree"):
            assert rule.cleared_by is not None, f"{rule.code} does not say how it is cleared"
        else:
            assert rule.cleared_by is None, f"{rule.code} runs outside the prefilter"
    assert {"RCML301", "RCML302", "RCML303"} <= URL_RULES < WALK_RULES
    assert "RCML502" in WALK_RULES - URL_RULES
