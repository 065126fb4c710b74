"""The fast path: prove in C that no tree rule can fire, so clean documents skip the rules.

Most documents a linter or a server sees are clean. For those, running every rule in Python costs
several times more than parsing. So before the rules run, a *stricter* schema is applied: it is
derived, at first use, from ``rcml.xsd`` itself (the one source of truth) by tightening exactly
what the value-level rules check:

* attributes of kind ``seconds`` and ``count`` must be integers >= 1 (RCML211);
* ``hints`` must hold at most 50 comma-separated phrases of at most 100 characters (RCML212);
* URLs, in attributes and in element text, must be plain http(s) URLs, or paths (absolute, or
  relative ones such as ``menu.xml``, which hold no colon that could start a scheme)
  (RCML301, RCML302); anything unusual goes to the rules, which decide. This one is checked in
  Python with one regular expression: libxml2's own cost several times more;
* spoken text, bodies and URLs in element text must not be blank (RCML501);
* ``Gather`` and ``Record`` must have ``action`` (RCML403), and attributes whose empty value
  Restcomm takes as present (``r:empty``) must not be blank (RCML220);
* ``Gather`` children end with a ``Say`` or ``Play``, never a ``Pause`` (RCML411);

* ``Dial`` holds a single ``Conference`` or nouns, never text beside them, never nothing (RCML111,
  RCML112, RCML501); nouns hold one non-blank text, no ``Video`` and no ``name`` (RCML113,
  RCML131, RCML501);
* ``Response`` holds only the verbs of the document's context, ``Hangup`` or ``Redirect`` only as
  the last verb, no ``Reject`` and no ``Sms`` with ``action`` (RCML110, RCML401, RCML402).

A schema cannot make a verb's place depend on its attributes, so the walk also checks that a
top-level ``Dial`` or ``Record`` with ``action`` is the last verb (RCML412).

A schema cannot see comments, which may split an element's text (RCML502), nor a Conference whose
caller waits with a wait document (RCML430: two attributes together); those are checked by the walk
below, with the URLs Restcomm does not resolve (RCML231) or plays by their ending (RCML232). Only
voice and SMS documents are prefiltered: USSD documents need the whole message (RCML503), and
screening and conference-wait documents, which are rare, have rules of their own. Documents that
are fine but unusual (a ``Reject``, a ``Video``, a shorthand ``<Dial>+15550100</Dial>``) simply
take the slow path. The verdict (:class:`Clearance`) has two halves, so the engine runs only the
rules it did not clear: none when both pass, the walk's rules when only the walk fails, all but the
URL rules when only the schema fails. ``tests/engine/test_prefilter.py`` checks, on the corpus and
on generated documents, that the findings are exactly those of a run of every rule.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from rcml.core.options import Context
from rcml.rules import ALL_RULES
from rcml.rules.dial import unplayable, wait_document
from rcml.schema import Schema
from rcml.schema.reader import NOTES, XS

_XS = f"{{{XS}}}"
_PATH_CHARS = r"A-Za-z0-9\-._~!$&'()*+,;=@/?"
_URL_CHARS = _PATH_CHARS + ":"
# The plain URLs the prefilter lets through: an http(s) URL with a host, or a path (absolute, or
# relative without a colon: Restcomm resolves it against the document's own URL), of plain URL
# characters. Checked in Python: libxml2's regular expressions cost far more.
_PLAIN_URL = re.compile(
    rf"[ \t\r\n]*(?:/[{_URL_CHARS}]*|[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9][{_URL_CHARS}]*"
    rf"|[{_PATH_CHARS}]+)[ \t\r\n]*"
)
# The plain URLs of attributes Restcomm uses as written (RCML231): absolute http(s) URLs only.
_ABSOLUTE_URL = re.compile(
    rf"[ \t\r\n]*[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9][{_URL_CHARS}]*[ \t\r\n]*"
)
_STRICT_TYPES = {
    "StrictCount": ("xs:int", [("minInclusive", "1")]),
    # Restcomm counts UTF-16 code units: characters beyond U+FFFF go to the rules.
    "StrictHints": (
        "xs:string",
        [("pattern", "[^,\U00010000-\U0010ffff]{0,100}(,[^,\U00010000-\U0010ffff]{0,100}){0,49}")],
    ),
    # Token white space processing removes exactly what Java's trim() removes.
    "NonBlank": ("xs:token", [("minLength", "1")]),
}
_STRICT_KINDS = {"seconds": "StrictCount", "count": "StrictCount", "hints": "StrictHints"}
_STRICT_TEXT = {"url": "NonBlank", "speech": "NonBlank", "body": "NonBlank"}
_NEEDS_ACTION = ("Gather", "Record")
_ENDS_DOCUMENT = frozenset({"Hangup", "Redirect"})
_REPLACED_BY_ACTION = frozenset({"Dial", "Record"})


def _add_types(root: etree._Element) -> None:
    for name, (base, facets) in _STRICT_TYPES.items():
        simple = etree.SubElement(root, f"{_XS}simpleType", name=name)
        restriction = etree.SubElement(simple, f"{_XS}restriction", base=base)
        for facet, value in facets:
            etree.SubElement(restriction, f"{_XS}{facet}", value=value)


def _tighten(root: etree._Element, context: Context) -> None:
    """Tighten the copied schema in place; each step names the rules it stands for."""
    _tighten_values(root)
    complex_types = {str(t.get("name")): t for t in root.iterfind(f"{_XS}complexType")}
    nouns = _tighten_dial(complex_types["Dial"])
    for noun in nouns:
        _text_only(complex_types[noun])  # RCML113 (no Video), RCML501/502 (one non-blank text)
        _drop_attribute(complex_types[noun], "name")  # RCML131 (name without Video)
    for name in _NEEDS_ACTION:  # RCML403
        action = complex_types[name].find(f"{_XS}attribute[@name='action']")
        if action is not None:
            action.set("use", "required")
    _gather_prompts_last(complex_types["Gather"])  # RCML411
    sms_action = complex_types["Sms"].find(f".//{_XS}attribute[@name='action']")
    if sms_action is not None:  # RCML401: an Sms with action ends the document
        sms_action.getparent().remove(sms_action)  # type: ignore[union-attr]
    _tighten_response(root, complex_types, context)


def _tighten_values(root: etree._Element) -> None:
    """RCML211, RCML212, RCML220, RCML301, RCML302 (attributes); RCML301, RCML302, RCML501
    (text)."""
    for attribute in root.iter(f"{_XS}attribute"):
        strict = _STRICT_KINDS.get(attribute.get(f"{{{NOTES}}}kind") or "")
        if attribute.get(f"{{{NOTES}}}empty"):
            strict = "NonBlank"
        if strict:
            attribute.set("type", strict)
    for ctype in root.iterfind(f"{_XS}complexType"):
        strict = _STRICT_TEXT.get(ctype.get(f"{{{NOTES}}}text") or "")
        extension = ctype.find(f"{_XS}simpleContent/{_XS}extension")
        if strict and extension is not None:
            extension.set("base", strict)


def _gather_prompts_last(gather: etree._Element) -> None:
    """RCML411: children as (Pause*, (Say | Play))*, so the last one is never a Pause."""
    choice = gather.find(f"{_XS}choice")
    assert choice is not None
    by_name = {str(e.get("name")): e for e in choice}
    runs = etree.Element(f"{_XS}sequence", minOccurs="0", maxOccurs="unbounded")
    pauses = copy.deepcopy(by_name["Pause"])
    pauses.set("minOccurs", "0")
    pauses.set("maxOccurs", "unbounded")
    runs.append(pauses)
    prompt = etree.SubElement(runs, f"{_XS}choice")
    prompt.extend(copy.deepcopy(by_name[name]) for name in ("Say", "Play"))
    gather.replace(choice, runs)


def _tighten_dial(dial: etree._Element) -> list[str]:
    """RCML111 (no text beside nouns), RCML112 (a Conference alone), RCML501 (not empty)."""
    choice = dial.find(f"{_XS}choice")
    assert choice is not None
    nouns = [str(e.get("name")) for e in choice]
    dial.set("mixed", "false")
    strict = etree.Element(f"{_XS}choice")
    alone = etree.SubElement(strict, f"{_XS}choice", maxOccurs="unbounded")
    for element in list(choice):
        if element.get("name") == "Conference":
            strict.insert(0, element)
        else:
            alone.append(element)
    dial.replace(choice, strict)
    return nouns


def _drop_attribute(ctype: etree._Element, name: str) -> None:
    """Forbid one attribute (wherever the type declares it): documents with it take the slow
    path."""
    for attribute in ctype.iter(f"{_XS}attribute"):
        if attribute.get("name") == name:
            attribute.getparent().remove(attribute)  # type: ignore[union-attr]
            return




def _text_only(ctype: etree._Element) -> None:
    """Turn a mixed noun into simple content: one non-blank text and its attributes, no child."""
    attributes = [
        child for child in ctype if etree.QName(child).localname in ("attribute", "attributeGroup")
    ]
    for child in list(ctype):
        if etree.QName(child).localname != "annotation":
            ctype.remove(child)
    if "mixed" in ctype.attrib:
        del ctype.attrib["mixed"]
    content = etree.SubElement(ctype, f"{_XS}simpleContent")
    extension = etree.SubElement(content, f"{_XS}extension", base="NonBlank")
    extension.extend(attributes)


def _tighten_response(
    root: etree._Element, complex_types: dict[str, etree._Element], context: Context
) -> None:
    """RCML110 (only this context's verbs), RCML401 (Hangup or Redirect only last), RCML402
    (no Reject at all: the rules judge where it stands)."""
    verbs = root.find(f"{_XS}group[@name='Verbs']/{_XS}choice")
    response = root.find(f"{_XS}element[@name='Response']/{_XS}complexType")
    assert verbs is not None and response is not None
    allowed = [
        element
        for element in verbs
        if context
        in (complex_types[str(element.get("type"))].get(f"{{{NOTES}}}contexts") or "").split()
        and element.get("name") != "Reject"
    ]
    sequence = etree.Element(f"{_XS}sequence")
    middle = etree.SubElement(sequence, f"{_XS}choice", minOccurs="0", maxOccurs="unbounded")
    last = etree.Element(f"{_XS}choice", minOccurs="0")
    for element in allowed:
        target = last if element.get("name") in _ENDS_DOCUMENT else middle
        target.append(copy.deepcopy(element))
    if len(last):
        sequence.append(last)
    for child in list(response):
        response.remove(child)
    response.append(sequence)


@functools.cache
def strict_schema(schema: Schema, context: Context) -> etree.XMLSchema:
    """The stricter schema for one context, derived from ``schema``'s XSD file."""
    tree = etree.parse(schema.path, etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    _add_types(root)
    _tighten(root, context)
    return etree.XMLSchema(tree)


class _Place(NamedTuple):
    """What the walk checks on one element name."""

    relative_ok: tuple[str, ...]  # URL attributes that may be relative (Restcomm resolves them)
    absolute: tuple[str, ...]  # URL attributes Restcomm uses as written: http(s) only (RCML231)
    played: tuple[tuple[str, str], ...]  # (attribute, ending): played when it ends so (RCML232)
    in_text: bool  # the element's text is a URL
    action_last: bool  # with an action, a top-level one must be the last verb (RCML412)


_Places = dict[str, _Place]


@functools.cache
def _url_places(schema: Schema) -> _Places:
    """Where the URLs are (``Schema.url_places``), and what the walk checks of each."""
    places: _Places = {}
    for name, (attributes, in_text) in schema.url_places.items():
        specs = [schema.elements[name].attributes[a] for a in attributes]
        places[name] = _Place(
            relative_ok=tuple(s.name for s in specs if s.resolved),
            absolute=tuple(s.name for s in specs if not s.resolved),
            played=tuple((s.name, s.plays) for s in specs if s.plays),
            in_text=in_text,
            action_last=name in _REPLACED_BY_ACTION,
        )
    return places


def _urls_and_text_are_plain(root: etree._Element, places: _Places) -> bool:
    """Every URL is plain (RCML301, RCML302), no URL in element text holds 'hash' (RCML303), a
    URL Restcomm does not resolve is an absolute one (RCML231), a URL Restcomm plays by its
    ending is no other audio file (RCML232), no comment or processing instruction stands inside
    an element, where it may split the element's text (RCML502), no Conference makes its caller
    wait with a wait document that replaces the Dial's (RCML430), and no top-level Dial or Record
    whose action replaces the document has a verb after it (RCML412).

    An element whose text is a URL must also hold no child: the URL rules read the last text run,
    which the walk does not see then. (The strict schema forbids such children anyway; this keeps
    the verdict sound for documents the strict schema rejects.) One walk over every node: cheaper
    than lxml's tag-filtered iteration or an XPath here; and Python's regular expressions than
    libxml2's.
    """
    plain = _PLAIN_URL.fullmatch
    absolute = _ABSOLUTE_URL.fullmatch
    for node in root.iter():
        tag = node.tag
        place = places.get(tag)
        if place is None:
            if tag.__class__ is not str and node.getparent() is not root:
                return False
            continue
        relative_ok, absolute_only, played, in_text, action_last = place
        for name in relative_ok:
            value = node.get(name)
            if value is not None and plain(value) is None:
                return False
        for name in absolute_only:
            value = node.get(name)
            if value is not None and absolute(value) is None:
                return False
        if in_text:
            text = node.text or ""
            if len(node) or plain(text) is None or "hash" in text:
                return False  # RCML303: 'hash' in a media URL
        if played and not _played_quickly(node, played):
            return False
        if action_last and node.get("action") and _action_not_last(node, root):
            return False
    return True


def _played_quickly(node: etree._Element, played: tuple[tuple[str, str], ...]) -> bool:
    """Whether every played attribute of ``node`` is an audio file Restcomm plays (RCML232) and,
    on a Conference, no wait document replaces the Dial's (RCML430)."""
    waits = True  # a Conference's waitUrl is played, not run
    for name, ending in played:
        value = node.get(name)
        if value is None or _plays_quickly(value, ending):
            continue
        if unplayable(value, ending) is not None:
            return False
        waits = False
    return waits or node.tag != "Conference" or wait_document(node) is None


def _plays_quickly(url: str, ending: str) -> bool:
    """A plain URL whose path, as written, ends with ``ending``: Restcomm plays it (the decoded
    path ends the same way), so the full check of :func:`unplayable` is not needed."""
    return url.partition("?")[0].partition("#")[0].strip(" \t\r\n").lower().endswith(ending)


def _action_not_last(node: etree._Element, root: etree._Element) -> bool:
    """RCML412: ``node``, a Dial or Record with an action, is a top-level verb with another verb
    after it."""
    if node.getparent() is not root:
        return False
    after = node.getnext()
    while after is not None:
        if after.tag.__class__ is str:
            return True
        after = after.getnext()  # a comment or a processing instruction
    return False


@dataclass(frozen=True)
class Clearance:
    """What the fast path proved about one document, so the engine runs only the rules left.

    ``schema_clean``: the strict schema passed, so the document is valid against ``rcml.xsd``
    and no rule can fire but those the walk stands for (``WALK_RULES``). ``urls_plain``: the walk
    passed, so no URL rule (``URL_RULES``) can fire, whatever the schema said; with
    ``schema_clean`` too, no rule at all.
    """

    schema_clean: bool
    urls_plain: bool

    @property
    def clean(self) -> bool:
        """Nothing can be found: the document needs no rule at all."""
        return self.schema_clean and self.urls_plain


# Each rule says how the prefilter clears it (Rule.cleared_by); the sets follow from that.
URL_RULES = frozenset(rule.code for rule in ALL_RULES if rule.cleared_by == "url-walk")
"""What the walk alone proves on any document, whatever the strict schema said."""
WALK_RULES = URL_RULES | frozenset(
    rule.code for rule in ALL_RULES if rule.cleared_by == "url-walk-and-strict-schema"
)
"""What is left to run when the strict schema passed but the walk did not."""
_VERDICTS = {(a, b): Clearance(a, b) for a in (False, True) for b in (False, True)}
# The contexts the fast path serves. USSD rules need the whole message (RCML503, RCML530-532);
# screening and conference-wait documents are rare and have rules of their own (RCML130-133,
# RCML431, RCML432): every rule runs on them.
_PREFILTERED = frozenset({"voice", "sms"})
NOTHING_PROVED = _VERDICTS[False, False]


def prefilter(root: etree._Element, context: Context, schema: Schema) -> Clearance:
    """Run the strict schema and the URL walk on a parsed document.

    The strict schema accepts a subset of what ``schema`` accepts, so passing it also proves the
    document valid against the real XSD: clean documents are validated once, not twice.
    """
    if context not in _PREFILTERED:
        return NOTHING_PROVED
    schema_clean = bool(strict_schema(schema, context).validate(root))
    return _VERDICTS[schema_clean, _urls_and_text_are_plain(root, _url_places(schema))]
