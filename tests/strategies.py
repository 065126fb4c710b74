"""Hypothesis strategies shared by the test suite."""

from __future__ import annotations

from hypothesis import strategies as st
from lxml import etree

from rcml.schema import load_schema

_SCHEMA = load_schema()
ELEMENT_NAMES = [*sorted(_SCHEMA.elements), "say", "Speak", "Enqueue", "x:Say", "Foo"]
ATTRIBUTE_NAMES = sorted(
    {name for spec in _SCHEMA.elements.values() for name in spec.attributes}
    | {"timout", "callerid", "hangupOnStar", "Subject", "xml:lang"}
)
ATTRIBUTE_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "true",
            "yes",
            "GET",
            "PUT",
            "0",
            "-1",
            "10",
            "abc",
            "#",
            "*#",
            "man",
            "alice",
            "initiated,ringing",
            "initiated ringing",
            "http://example.com/a b",
            "/next.xml",
            "https://example.com/x.wav?a=1&b=2",
            "ftp://x/y",
            "%zz",
            "en",
            "fr-FR",
            "x" * 120,
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=30),
)
TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "  ",
            "hello",
            "+15550100",
            "alice",
            "client:bob",
            "sip:a@b.com",
            "/audio/x.wav",
            "http://x/a b",
            "<&>\"'",
            "]]>",
            "\U0001f600",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=40),
)


@st.composite
def element_trees(draw: st.DrawFn, max_depth: int = 4, root: str | None = "Response") -> bytes:
    """A serialised tree of RCML-ish elements: real names mostly, some wrong ones, any values."""

    def build(depth: int, name: str) -> etree._Element:
        if ":" in name:
            element = etree.Element("{urn:x}" + name.split(":")[1], nsmap={"x": "urn:x"})
        else:
            element = etree.Element(name)
        for attribute in draw(st.lists(st.sampled_from(ATTRIBUTE_NAMES), max_size=3, unique=True)):
            key = (
                "{http://www.w3.org/XML/1998/namespace}lang"
                if attribute == "xml:lang"
                else (attribute)
            )
            element.set(key, draw(ATTRIBUTE_VALUES))
        element.text = draw(TEXT)
        if depth < max_depth:
            spec = _SCHEMA.elements.get(name)
            likely = list(spec.children) if spec and spec.children else ELEMENT_NAMES
            names = st.one_of(st.sampled_from(likely), st.sampled_from(ELEMENT_NAMES))
            for child_name in draw(st.lists(names, max_size=4)):
                child = build(depth + 1, child_name)
                child.tail = draw(st.sampled_from(["", "\n  ", "x"]))
                element.append(child)
            if draw(st.booleans()):
                element.append(etree.Comment(" note "))
        return element

    top = root or draw(st.sampled_from(ELEMENT_NAMES))
    return etree.tostring(build(0, top), encoding="utf-8")
