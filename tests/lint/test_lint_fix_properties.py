"""Properties of ``rcml lint --fix`` on documents written as people write them: the fixed file is
well-formed (when the original was, or only its bare '&' were wrong), keeps every text and
comment, has no fixable finding left, and a second run changes nothing."""

from __future__ import annotations

import re
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from rcml.core.findings import Finding
from rcml.core.options import Limits
from rcml.engine import check_document
from rcml.engine.parse import parse
from rcml.lint.fix import Outcome, fix_document
from rcml.schema import load_schema
from tests.strategies import fixable_documents

_URL_TEXT = {name for name, spec in load_schema().elements.items() if spec.text_kind == "url"}


def check(data: bytes) -> list[Finding]:
    return check_document(data, "voice", Limits())


_LITERAL_OR_BARE_AMPERSAND = re.compile(
    r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>)"
    r"|&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)",
    re.DOTALL,
)


def content(data: bytes) -> list[tuple[str, str | None, str | None]]:
    """Every node's kind, text and tail, in document order, as the author wrote them: a bare
    '&' in text or a value is a literal '&', comments and CDATA sections are as written. What
    fixes may change is left out: suppression comments (RCML009 edits or removes them), the
    escapes of URL elements' text (``<Play>``, ``<Redirect>``: escaping a URL is RCML301's fix),
    white space alone."""
    text = _LITERAL_OR_BARE_AMPERSAND.sub(
        lambda m: m.group(1) or "&amp;", data.decode("utf-8").lstrip("\ufeff \t\r\n")
    )
    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    for comment in list(root.iter(etree.Comment)):
        if (comment.text or "").strip().startswith("rcml:"):
            _drop(comment)
    nodes = [
        *reversed(list(root.itersiblings(preceding=True))),
        *root.iter(),
        *root.itersiblings(),
    ]
    found = []
    for node in nodes:
        value = node.text
        if isinstance(node.tag, str):
            kind = "element"
            if etree.QName(node).localname in _URL_TEXT and value is not None:
                value = unquote(value)
        else:
            kind = "comment" if isinstance(node, etree._Comment) else "pi"
        tail = node.tail if node is not root else None
        found.append((kind, _blank_as_none(value), _blank_as_none(tail)))
    return found


def _drop(node: etree._Element) -> None:
    """Remove a suppression comment, keeping the text after it (its fix removes it)."""
    parent = node.getparent()
    assert parent is not None
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (node.tail or "")
    else:
        parent.text = (parent.text or "") + (node.tail or "")
    parent.remove(node)


def _blank_as_none(text: str | None) -> str | None:
    """White space alone is no text to Restcomm (and a removed comment takes its line with it)."""
    return text if text and text.strip() else None


@settings(max_examples=60, deadline=None)
@given(fixable_documents(), st.booleans())
def test_a_fixed_document_keeps_its_text_and_has_nothing_left_to_fix(
    data: bytes, unsafe: bool
) -> None:
    outcome = fix_document_all(data, unsafe)
    left = [f for f in check(outcome.data) if f.fix is not None and (f.fix.safe or unsafe)]
    assert left == []
    if parse(outcome.data, Limits()).root is None:
        # a document that does not parse gets at most its bare '&' escaped (RCML001)
        assert outcome.data.replace(b"&amp;", b"&") == data.replace(b"&amp;", b"&")
        return
    assert content(outcome.data) == content(data)
    again = fix_document_all(outcome.data, unsafe)
    assert (again.data, again.fixed) == (outcome.data, 0)


def fix_document_all(data: bytes, unsafe: bool) -> Outcome:
    return fix_document(data, check, lambda f: True, unsafe=unsafe)
