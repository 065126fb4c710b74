"""The fast path: prove in C that no tree rule can fire, so clean documents skip the rules.

Most documents a linter or a server sees are clean. For those, running every rule in Python costs
several times more than parsing. So before the rules run, a *stricter* schema is applied: it is
derived, at first use, from ``rcml.xsd`` itself (the one source of truth) by tightening exactly
what the value-level rules check:

* attributes of kind ``seconds`` and ``count`` must be integers >= 1 (RCML211);
* ``hints`` must hold at most 50 comma-separated phrases of at most 100 characters (RCML212);
* URLs, in attributes and in element text, must be plain http(s) URLs or plain relative paths
  (RCML301, RCML302); anything unusual goes to the rules, which decide;
* spoken text, bodies and URLs in element text must not be blank (RCML501);
* ``Gather`` and ``Record`` must have ``action`` (RCML403);
* ``Response`` may hold only the verbs of the document's context (RCML110).

What a schema cannot say (the order of verbs, text beside nouns in ``Dial``, a ``Video`` without a
``name``, comments splitting text, USSD limits) is checked by a few cheap lines below. If the
screen passes, the rules cannot find anything; if it fails, the rules run and say what and where.
``tests/validate/test_screen.py`` checks that promise on the corpus and on generated documents.
"""

from __future__ import annotations

import copy
import functools

from lxml import etree

from rcml.schema import Schema
from rcml.schema._reader import NOTES, XS
from rcml.validate.options import Context

_XS = f"{{{XS}}}"
_URL_CHARS = r"A-Za-z0-9\-._~!$&'()*+,;=@/?"
_STRICT_TYPES = {
    "StrictCount": ("xs:int", [("minInclusive", "1")]),
    "StrictHints": ("xs:string", [("pattern", "[^,]{0,100}(,[^,]{0,100}){0,49}")]),
    "StrictUrl": (
        "xs:string",
        [
            (
                "pattern",
                r"\s*([Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?"
                rf"([/?][{_URL_CHARS}:]*)?|[{_URL_CHARS}]+)\s*",
            )
        ],
    ),
    "NonBlank": ("xs:string", [("pattern", r"[\s\S]*\S[\s\S]*")]),
}
_STRICT_KINDS = {
    "seconds": "StrictCount",
    "count": "StrictCount",
    "hints": "StrictHints",
    "url": "StrictUrl",
}
_STRICT_TEXT = {"url": "StrictUrl", "speech": "NonBlank", "body": "NonBlank"}
_NEEDS_ACTION = ("Gather", "Record")
_ENDS_DOCUMENT = frozenset({"Hangup", "Redirect"})


def _add_types(root: etree._Element) -> None:
    for name, (base, facets) in _STRICT_TYPES.items():
        simple = etree.SubElement(root, f"{_XS}simpleType", name=name)
        restriction = etree.SubElement(simple, f"{_XS}restriction", base=base)
        for facet, value in facets:
            etree.SubElement(restriction, f"{_XS}{facet}", value=value)


def _tighten(root: etree._Element, context: Context) -> None:
    for attribute in root.iter(f"{_XS}attribute"):
        strict = _STRICT_KINDS.get(attribute.get(f"{{{NOTES}}}kind") or "")
        if strict:
            attribute.set("type", strict)
    for ctype in root.iterfind(f"{_XS}complexType"):
        name = ctype.get("name")
        strict = _STRICT_TEXT.get(ctype.get(f"{{{NOTES}}}text") or "")
        extension = ctype.find(f"{_XS}simpleContent/{_XS}extension")
        if strict and extension is not None:
            extension.set("base", strict)
        if name in _NEEDS_ACTION:
            action = ctype.find(f"{_XS}attribute[@name='action']")
            if action is not None:
                action.set("use", "required")
    verbs = root.find(f"{_XS}group[@name='Verbs']/{_XS}choice")
    assert verbs is not None
    for element in list(verbs):
        verb_type = root.find(f"{_XS}complexType[@name='{element.get('type')}']")
        notes = verb_type.get(f"{{{NOTES}}}contexts") if verb_type is not None else None
        if context not in (notes or "").split():
            verbs.remove(element)


@functools.cache
def strict_schema(schema: Schema, context: Context) -> etree.XMLSchema:
    """The stricter schema for one context, derived from ``schema``'s XSD file."""
    tree = copy.deepcopy(
        etree.parse(schema.path, etree.XMLParser(resolve_entities=False, no_network=True))
    )
    root = tree.getroot()
    _add_types(root)
    _tighten(root, context)
    return etree.XMLSchema(tree)


def _flow_is_plain(root: etree._Element, verbs: frozenset[str]) -> bool:
    """No verb after one that ends the document; no Reject after a verb that answers."""
    answered = False
    ended = False
    for child in root:
        tag = child.tag
        if tag not in verbs:
            continue
        if ended:
            return False
        if tag == "Reject" and answered:
            return False
        if tag in _ENDS_DOCUMENT or (tag == "Sms" and child.get("action") is not None):
            ended = True
        if tag != "Pause" and tag != "Reject":
            answered = True
    return True


def _dials_are_plain(root: etree._Element, nouns: frozenset[str]) -> bool:
    """Every Dial and noun has its destination in one place, and no Conference is mixed."""
    for dial in root.iter("Dial"):
        children = len(dial)
        text = dial.text
        if children == 0:
            if not text or not text.strip():
                return False
            continue
        if text and text.strip():
            return False
        conference = False
        for child in dial:
            if child.tag == "Conference":
                conference = True
            if (child.tail and child.tail.strip()) or child.tag not in nouns:
                return False
        if conference and children > 1:
            return False
    for noun in root.iter(*nouns):
        if len(noun) or not noun.text or not noun.text.strip():
            return False
    return True


def looks_clean(root: etree._Element, context: Context, schema: Schema) -> bool:
    """True only if the document is schema-valid and no tree rule can report anything for it.

    The strict schema accepts a subset of what ``schema`` accepts, so passing it also proves the
    document valid against the real XSD: clean documents are validated once, not twice.
    """
    if context == "ussd":
        return False
    if not strict_schema(schema, context).validate(root.getroottree()):
        return False
    for node in root.iter(etree.Comment, etree.ProcessingInstruction, "Video"):
        if node.tag == "Video" or node.getparent() is not root:
            return False
    return _flow_is_plain(root, schema.verb_set) and _dials_are_plain(root, schema.noun_set)
