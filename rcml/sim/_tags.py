"""Restcomm's RCML parser as a model: the tree of tags it builds and the verbs it hands out.

Restcomm does not run the document the validator sees; it runs what its own parser makes of it
(Parser.java, Tag.java, TagIterator.java), and the differences decide what a caller hears:

* the body is trimmed and a regex escapes some bare ``&`` first (Parser.java:94); what still
  fails to parse is a ``ParserFailed``, and the call hangs up (VoiceInterpreter.java:768);
* names are local names, so ``<x:Say>`` is a Say; of two attributes with the same local name the
  last wins (Parser.java:105-118); attribute values are trimmed;
* an element's text is its *last* non-blank run, trimmed (Parser.java:208-215);
* every element of the tree, root included, is visited depth first, and each one whose name is a
  verb is handed to the interpreter, except a verb that is a direct child of the verb handed out
  just before (Parser.java:120-146): Say inside Gather runs as part of the Gather, a Say two
  levels down runs on its own;
* a Gather whose ``hints`` hold more than 50 phrases, or one longer than 100 characters, fails
  the parser when it is reached (Parser.java:131-142).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from rcml.core.download import parse_prepared
from rcml.core.javatext import JAVA_TRIM
from rcml.schema import load_schema

# Verbs.java:30-47: the schema's verbs, and two names Restcomm reserves but never runs.
RESERVED_VERBS = frozenset({"Enqueue", "Leave"})
VERBS = load_schema().verb_set | RESERVED_VERBS
MAX_HINTS = 50
MAX_HINT_LENGTH = 100


class ParserFailed(Exception):
    """What Restcomm's parser reports: the document (or a Gather's hints) cannot be run."""


@dataclass(eq=False)
class Tag:
    """One element as Restcomm's parser keeps it (compared by identity, as in Java)."""

    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    children: list[Tag] = field(default_factory=list)
    line: int = 0  # where it starts in the document (0: made by Restcomm, not written)

    def attr(self, name: str) -> str | None:
        """The attribute's trimmed value, or None when it is absent."""
        return self.attributes.get(name)

    def child(self, name: str) -> Tag | None:
        """The first direct child called ``name``."""
        for child in self.children:
            if child.name == name:
                return child
        return None


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _tag(element: etree._Element, lead: int) -> Tag:
    attributes = {_local(str(k)): str(v).strip(JAVA_TRIM) for k, v in element.attrib.items()}
    run = element.text
    text = run.strip(JAVA_TRIM) if run and run.strip(" \t\r\n") else None
    children = []
    for child in element:
        run = child.tail
        if run and run.strip(" \t\r\n"):
            text = run.strip(JAVA_TRIM)  # the last run wins
        if isinstance(child.tag, str):
            children.append(_tag(child, lead))
    source: object = element.sourceline
    line = (source if isinstance(source, int) else 0) + lead
    return Tag(_local(str(element.tag)), attributes, text, children, line)


def parse(body: str) -> Tag:
    """The tree Restcomm builds from a downloaded body (ParserFailed when it does not parse)."""
    try:
        root = parse_prepared(body)
    except ValueError as exc:
        raise ParserFailed(str(exc)) from None
    except etree.XMLSyntaxError as exc:
        raise ParserFailed(f"not well-formed: {exc.msg}") from None
    return tree(root, body)


def tree(root: etree._Element, body: str) -> Tag:
    """The tree of a body already parsed (by the downloader's XML check: the same text gives
    the same tree, Downloader.java:160-174)."""
    # Lines as the author counts them: the blank lines trimmed off the top still count.
    lead = body[: len(body) - len(body.lstrip(JAVA_TRIM))].count("\n")
    return _tag(root, lead)


def verbs(root: Tag) -> Iterator[Tag]:
    """The verbs in the order Restcomm's parser hands them out (ParserFailed on bad hints)."""
    stack = [root]
    current: Tag | None = None
    while stack:
        tag = stack.pop()
        stack.extend(reversed(tag.children))
        if tag.name not in VERBS:
            continue
        if current is not None and any(tag is child for child in current.children):
            continue
        if tag.name == "Gather":
            _check_hints(tag.attr("hints"))
        current = tag
        yield tag


def _check_hints(hints: str | None) -> None:
    if not hints:
        return
    phrases = hints.split(",")
    if len(phrases) > MAX_HINTS:
        raise ParserFailed("HotWords limit exceeded. There are more than 50 phrases")
    if any(len(phrase) > MAX_HINT_LENGTH for phrase in phrases):
        raise ParserFailed("HotWords limit exceeded. Hint with more than 100 characters found")
