"""Conversion tables: Python values to attribute and text strings, checked at the call.

Each converter is built once per (element, attribute) at import, with the names it reports baked
in, so a builder call does one dictionary-free function call per attribute it is given. The facts
come from the schema (``SimpleType.accepts``, ``choices``, ``kind``) and from the validator's own
rules (URL syntax, hint limits), so the builder refuses exactly what the validator would report
as an error or as a replaced value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rcml.builder._errors import BuildError, warn
from rcml.builder._names import python_name
from rcml.core.document import JAVA_BLANKS
from rcml.core.names import choices, suggest
from rcml.core.xmlchars import FORBIDDEN
from rcml.rules.content import EMPTY_TEXT
from rcml.rules.dial import unplayable
from rcml.rules.urls import CACHED_MEDIA, cache_mistakes, has_scheme, url_problem
from rcml.rules.values import (
    EMPTY_IN_SHORT,
    LEAST_POSITIVE,
    MAX_HINT_LENGTH,
    MAX_HINTS,
    POSITIVE_KINDS,
    java_length,
    java_split,
)
from rcml.schema import AttributeSpec, SimpleType
from rcml.schema.model import INT_MAX, INT_MIN

Converter = Callable[[object], str]

# URLs that java.net.URI always accepts (url_problem returns None for all of them; a property
# test checks it), so the full check runs only for the rest.
SIMPLE_URL = re.compile(
    r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?)?[A-Za-z0-9._~/-]*(?:\?[A-Za-z0-9._~=&/-]*)?"
)


def _where(element: str, attribute: str | None) -> str:
    return f"{attribute} on <{element}>" if attribute else f"the text of <{element}>"


def _type_error(element: str, attribute: str | None, wanted: str, value: object) -> BuildError:
    return BuildError(
        f"{_where(element, attribute)} takes {wanted}, not {type(value).__name__} {value!r}",
        element=element,
        attribute=attribute,
        allowed=(wanted,),
    )


def check_chars(value: str, element: str, attribute: str | None) -> str:
    """Refuse characters XML cannot carry (they would make the document unparseable)."""
    bad = FORBIDDEN.search(value)
    if bad:
        raise BuildError(
            f"{_where(element, attribute)} holds the control character "
            f"U+{ord(bad.group()):04X} at position {bad.start() + 1}, which XML cannot carry",
            element=element,
            attribute=attribute,
        )
    return value


def _refused(element: str, attribute: str, value: str, allowed: Sequence[str], why: str) -> None:
    listing = f"expected one of {choices(repr(c) for c in allowed)}" if allowed else why
    guess = suggest(value, allowed, attribute) if allowed else None
    hint = f"; did you mean {guess!r}?" if guess else ""
    raise BuildError(
        f"{attribute}={value!r} is not accepted on <{element}>: {listing}{hint}",
        element=element,
        attribute=attribute,
        allowed=allowed,
        suggestion=guess,
    )


def _boolean(element: str, attribute: str) -> Converter:
    def convert(value: object) -> str:
        if value is True:
            return "true"
        if value is False:
            return "false"
        raise _type_error(element, attribute, "bool", value)

    return convert


def _integer(element: str, spec: AttributeSpec) -> Converter:
    attribute, kind = spec.name, spec.type
    plain = not kind.enumeration and not kind.patterns  # only the int range to check
    positive = spec.kind in POSITIVE_KINDS  # seconds and counts: below 1 makes no sense
    lowest = LEAST_POSITIVE if positive else INT_MIN

    def convert(value: object) -> str:
        if plain and type(value) is int and lowest <= value <= INT_MAX:
            return str(value)
        if type(value) is not int and (not isinstance(value, int) or isinstance(value, bool)):
            raise _type_error(element, attribute, "int", value)
        number = int(value)
        if positive and number < LEAST_POSITIVE:
            _below_one(element, spec, number)
        text = str(number)
        if not kind.accepts(text):
            _refused(element, attribute, text, (), f"{kind.doc or kind.name}")
        return text

    return convert


def _below_one(element: str, spec: AttributeSpec, number: int) -> None:
    """A duration or count below 1 (RCML211): Restcomm uses it unchecked. ``loop=0`` only warns:
    it is TwiML's "forever", which Restcomm plays once, a surprise rather than a mistake."""
    name = spec.name
    if name == "loop" and number == 0:
        warn(
            f"loop=0 on <{element}>: Restcomm plays it once, not forever as TwiML does (inside "
            "a <Gather> not at all); give the number of times, such as loop=10"
        )
        return
    unit = "seconds" if spec.kind == "seconds" else "a count"
    default = f" for the default {spec.default}" if spec.default else ""
    raise BuildError(
        f"{name}={number} is not accepted on <{element}>: {unit} from {LEAST_POSITIVE} to "
        f"{INT_MAX} (Restcomm uses the number unchecked); give a positive number, or leave "
        f"{python_name(name)} out{default}",
        element=element,
        attribute=name,
        allowed=(f"{LEAST_POSITIVE}..{INT_MAX}",),
    )


def _string(element: str, attribute: str, kind: SimpleType, url: bool) -> Converter:
    exact = frozenset(kind.choices)
    checked = bool(kind.enumeration or kind.patterns or kind.base == "int")
    why = kind.doc or f"a value of type {kind.name}"

    def convert(value: object) -> str:
        if not isinstance(value, str):
            raise _type_error(element, attribute, "str", value)
        if value in exact:
            return value
        if url and SIMPLE_URL.fullmatch(value):  # the common case, proved safe by the tests
            return value
        if not value.isprintable() and FORBIDDEN.search(value):
            check_chars(value, element, attribute)
        if checked and value not in exact and not kind.accepts(value):
            _refused(element, attribute, value, kind.choices, why)
        if url and value:
            problem = url_problem(value.strip())
            if problem:
                raise BuildError(
                    f"{attribute}={value!r} on <{element}> is not a URL Restcomm can parse: "
                    f"{problem}",
                    element=element,
                    attribute=attribute,
                )
        return value

    return convert


def _joined(
    element: str, attribute: str, words: tuple[str, ...], single: Converter, hints: bool
) -> Converter:
    """A list attribute (events, hints): a str as it is, or a sequence written comma-separated."""

    known = frozenset(words)

    def convert(value: object) -> str:
        if known and isinstance(value, (list, tuple)) and value and _all_in(known, value):
            return ",".join(value)
        if isinstance(value, str):
            text = single(value)
            items = text.split(",")
        elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
            items = [check_chars(str(v), element, attribute) for v in value]
            for item in items:
                if words and item not in words:
                    _refused(element, attribute, item, words, "an unknown word")
                if hints and "," in item:
                    raise BuildError(
                        f"a phrase of {attribute} on <{element}> may not hold a comma: {item!r}",
                        element=element,
                        attribute=attribute,
                    )
            text = ",".join(items)
            if not items and words:  # no events: Restcomm reads none (no hints is harmless)
                _refused(element, attribute, "", words, "give at least one item")
        else:
            raise _type_error(element, attribute, "str or a list of str", value)
        if hints:
            _check_hints(element, attribute, text)
        return text

    return convert


def _all_in(known: frozenset[str], items: list[object] | tuple[object, ...]) -> bool:
    """Whether every item is one of the known words (the fast path of list attributes)."""
    try:
        return known.issuperset(items)
    except TypeError:  # an unhashable item: the slow path says what is wrong
        return False


def _check_hints(element: str, attribute: str, text: str) -> None:
    """The limits exactly as Restcomm counts them (the validator's RCML212 does the same)."""
    phrases = java_split(text.strip(" \t\r\n"), ",")
    if len(phrases) > MAX_HINTS or any(java_length(p) > MAX_HINT_LENGTH for p in phrases):
        raise BuildError(
            f"{attribute} on <{element}> holds {len(phrases)} phrase(s); Restcomm allows at most "
            f"{MAX_HINTS}, each at most {MAX_HINT_LENGTH} characters",
            element=element,
            attribute=attribute,
        )


def _not_blank(element: str, spec: AttributeSpec, convert: Converter) -> Converter:
    """Refuse a blank value where Restcomm takes the attribute as present and fails (r:empty)."""
    fails = EMPTY_IN_SHORT.get(spec.empty or "", "the call fails")
    if spec.kind == "url" and spec.required:
        fix = "give a URL"
    elif spec.kind == "url":
        fix = f"give a URL, or leave {spec.name} out to go on without it"
    else:
        fix = f"give the {spec.name} address"

    def check(value: object) -> str:
        text = convert(value)
        if not text.strip(" \t\r\n"):
            raise BuildError(
                f"{spec.name}={text!r} on <{element}> is empty: Restcomm takes it as present "
                f"and {fails}; {fix}",
                element=element,
                attribute=spec.name,
            )
        return text

    return check


def list_words(kind: SimpleType) -> tuple[str, ...]:
    """The words of a list type whose pattern is ``(a|b)( ?, ?(a|b))*`` (CallEvents)."""
    pattern = kind.patterns[0] if kind.patterns else ""
    match = re.fullmatch(r"\(([\w|]+)\)\( \?, \?\(\1\)\)\*", pattern)
    if not match:
        return ()
    return tuple(match.group(1).split("|"))


def is_boolean(kind: SimpleType) -> bool:
    return set(kind.choices) == {"true", "false"}


def attribute_converter(element: str, spec: AttributeSpec) -> Converter:
    """The converter for one attribute of one element, chosen from its schema type and kind."""
    kind = spec.type
    if is_boolean(kind):
        return _boolean(element, spec.name)
    if kind.base == "int":
        return _integer(element, spec)
    single = _string(element, spec.name, kind, url=spec.kind == "url")
    if spec.empty:
        single = _not_blank(element, spec, single)
    if spec.kind == "events":
        return _joined(element, spec.name, list_words(kind), single, hints=False)
    if spec.kind == "hints":
        return _joined(element, spec.name, (), single, hints=True)
    if spec.kind == "video-name" or not spec.resolved or spec.plays:
        return _restcomm_reading(element, spec, single)
    return single


def _restcomm_reading(element: str, spec: AttributeSpec, single: Converter) -> Converter:
    """A string attribute with a fact about how Restcomm reads it beyond its type: a blank name
    (RCML113), a URL used as written (r:resolve, RCML231), a URL played or fetched by its ending
    (r:plays, RCML232)."""
    name = spec.name
    empty = None
    if spec.kind == "video-name":
        empty = "Restcomm reads a blank name when the noun holds a <Video>, and has no destination"

    def convert(value: object) -> str:
        text = single(value)
        trimmed = text.strip(JAVA_BLANKS)
        if empty and not trimmed:
            raise BuildError(
                f"{name}={text!r} on <{element}>: {empty}; leave the keyword out",
                element=element,
                attribute=name,
            )
        if not spec.resolved and trimmed and not has_scheme(trimmed):
            raise BuildError(
                f"{name}={text!r} on <{element}> is relative: Restcomm does not resolve it "
                "against the document's URL, so it is never requested; write an absolute URL",
                element=element,
                attribute=name,
            )
        if spec.plays and trimmed:
            extension = unplayable(trimmed, spec.plays)
            if extension is not None:
                raise BuildError(
                    f"{name}={text!r} on <{element}>: Restcomm plays only URLs whose path ends "
                    f"in {spec.plays!r} and fetches this .{extension} file as an RCML document, "
                    "which fails",
                    element=element,
                    attribute=name,
                )
        return text

    return convert


# What blank text does where Restcomm uses it unchecked (r:blank).
_BLANK_MEANS = {
    "fails": "Restcomm's interpreter fails on blank text and sends no reply",
    "null": "Restcomm shows blank text as the word 'null'",
}


def text_converter(element: str, text_kind: str | None, blank: str | None = None) -> Converter:
    """The converter for the text of an element: str, or int too for destinations and rooms.
    Where blank text breaks Restcomm (``r:blank``), blank text is refused."""
    numbers = text_kind in ("destination", "room")
    url = text_kind == "url"
    refuse_blank = _BLANK_MEANS.get(blank or "")
    cached = element in CACHED_MEDIA

    def convert(value: object) -> str:
        if isinstance(value, str):
            text = value
        elif numbers and isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        else:
            raise _type_error(element, None, "str or int" if numbers else "str", value)
        if not text.isprintable() and FORBIDDEN.search(text):
            check_chars(text, element, None)
        if refuse_blank and not text.strip(JAVA_BLANKS):
            raise BuildError(f"<{element}> needs text: {refuse_blank}", element=element)
        if cached and cache_mistakes(text.strip(" \t\r\n")):
            raise BuildError(
                f"{text!r} in <{element}> contains 'hash' without a '#' fragment: Restcomm's "
                "media cache takes it for one of its own URLs and fails (the call hangs up); "
                "rename the file or path",
                element=element,
            )
        if url and text.strip() and not SIMPLE_URL.fullmatch(text):
            problem = url_problem(text.strip())
            if problem:
                raise BuildError(
                    f"{text!r} in <{element}> is not a URL Restcomm can parse: {problem}",
                    element=element,
                )
        return text

    return convert


def needs_text(element: str, convert: Converter) -> Converter:
    """The text converter for the first text of a verb Restcomm skips or fails without text
    (``say("")``, ``redirect(" ")``: RCML501). Text added later (``add_text``) may be blank."""
    problem, fix = EMPTY_TEXT[element]

    def check(value: object) -> str:
        text = convert(value)
        if not text.strip(JAVA_BLANKS):
            raise BuildError(
                f"{text!r} is not accepted as the text of <{element}>: {problem}; {fix}",
                element=element,
                allowed=("non-blank text",),
            )
        return text

    return check
