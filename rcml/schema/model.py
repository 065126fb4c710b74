"""Plain, immutable descriptions of the RCML schema's elements, attributes and value types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_SPACES = re.compile(r"[ \t\r\n]+")
_MAX_VERDICTS = 4096  # per type: bounded, whatever the documents hold


@dataclass(frozen=True)
class SimpleType:
    """An attribute or text value type: an XSD restriction of string, token or int."""

    name: str
    base: str  # "string", "token" or "int"
    enumeration: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    doc: str = ""
    words: tuple[str, ...] = ()  # r:values: the words a case-insensitive pattern spells
    # Verdicts already given: documents repeat the same few values ("true", "POST", "30").
    _verdicts: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    @property
    def choices(self) -> tuple[str, ...]:
        """The closed set of values, for enumerations and word patterns; empty otherwise."""
        return self.enumeration or self.words

    def normalise(self, value: str) -> str:
        """Apply XSD white-space processing: tokens and ints are collapsed, strings kept."""
        if self.base == "string":
            return value
        return _SPACES.sub(" ", value).strip(" ")

    def accepts(self, value: str) -> bool:
        """Whether an XSD processor accepts ``value`` for this type (same answer as libxml2)."""
        verdict = self._verdicts.get(value)
        if verdict is None:
            verdict = self._judge(value)
            if len(self._verdicts) < _MAX_VERDICTS:
                self._verdicts[value] = verdict
        return verdict

    def _judge(self, value: str) -> bool:
        value = self.normalise(value)
        if self.base == "int":
            if not _INT_RE.match(value):
                return False
            if not INT_MIN <= int(value) <= INT_MAX:
                return False
        if self.enumeration and value not in self.enumeration:
            return False
        return all(p.fullmatch(value) for p in self._compiled)

    @cached_property
    def _compiled(self) -> tuple[re.Pattern[str], ...]:
        """The patterns (anchored, as XSD's are), compiled when a first value needs them: a
        process that meets only valid documents never does."""
        return tuple(re.compile(p) for p in self.patterns)


@dataclass(frozen=True)
class AttributeSpec:
    """One attribute of one element, with what Restcomm does with it."""

    name: str
    type: SimpleType
    required: bool = False
    default: str | None = None
    kind: str | None = None  # r:kind: url, keys, seconds, count, events, hints, ...
    fails_when_invalid: bool = False  # r:invalid="fails"
    empty: str | None = None  # r:empty: what a present but empty value does ("stalls", ...)
    doc: str = ""
    invalid: str | None = None  # r:invalid: what an invalid value does ("fails", "no-callback")
    resolved: bool = True  # r:resolve="no": a URL Restcomm uses as written, never resolved
    plays: str | None = None  # r:plays: the path ending that makes Restcomm play a URL


@dataclass(frozen=True)
class ElementSpec:
    """One RCML element: its children, attributes, text and the documents it may appear in."""

    name: str
    children: tuple[str, ...]  # allowed child elements, in schema order
    single_children: frozenset[str]  # children allowed at most once
    attributes: dict[str, AttributeSpec]
    text_allowed: bool  # simple or mixed content
    text_kind: str | None  # r:text: what the text means, when it means something
    contexts: frozenset[str]  # r:contexts: where Restcomm runs this verb; empty for nouns
    is_verb: bool
    doc: str = ""
    blank: str | None = None  # r:blank: what blank text does ("fails", "null")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per loaded XSD
class Schema:
    """The whole language: the compiled XSD and its tables."""

    xsd: etree.XMLSchema
    root: str
    elements: dict[str, ElementSpec]
    types: dict[str, SimpleType]
    path: str

    @cached_property
    def verbs(self) -> tuple[str, ...]:
        """Every verb name, in schema order."""
        return tuple(name for name, spec in self.elements.items() if spec.is_verb)

    @cached_property
    def verb_set(self) -> frozenset[str]:
        return frozenset(self.verbs)

    @cached_property
    def nouns(self) -> tuple[str, ...]:
        """The nouns of Dial, in schema order."""
        return self.elements["Dial"].children

    @cached_property
    def noun_set(self) -> frozenset[str]:
        return frozenset(self.nouns)

    @cached_property
    def kinded_attributes(self) -> dict[str, dict[str, AttributeSpec]]:
        """element -> {attribute -> spec} for the attributes that have an r:kind."""
        table: dict[str, dict[str, AttributeSpec]] = {}
        for element in self.elements.values():
            kinded = {n: a for n, a in element.attributes.items() if a.kind}
            if kinded:
                table[element.name] = kinded
        return table

    @cached_property
    def url_places(self) -> dict[str, tuple[tuple[str, ...], bool]]:
        """element -> (its URL attributes, whether its text is a URL), for the elements that
        hold a URL: where the URL rules and the validator's prefilter look."""
        table: dict[str, tuple[tuple[str, ...], bool]] = {}
        for element in self.elements.values():
            names = tuple(n for n, a in element.attributes.items() if a.kind == "url")
            in_text = element.text_kind == "url"
            if names or in_text:
                table[element.name] = (names, in_text)
        return table

    @cached_property
    def unresolved_urls(self) -> dict[str, tuple[str, ...]]:
        """element -> its URL attributes that Restcomm uses as written (r:resolve="no")."""
        table: dict[str, tuple[str, ...]] = {}
        for element in self.elements.values():
            names = tuple(n for n, a in element.attributes.items() if not a.resolved)
            if names:
                table[element.name] = names
        return table

    def tags_with_kind(self, *kinds: str) -> frozenset[str]:
        """Elements that have an attribute of one of these r:kinds."""
        return frozenset(
            tag
            for tag, attributes in self.kinded_attributes.items()
            if any(a.kind in kinds for a in attributes.values())
        )

    def attributes_with_kind(self, tag: str, *kinds: str) -> tuple[AttributeSpec, ...]:
        """The attributes of ``tag`` of one of these r:kinds (memoised: rules ask per element)."""
        key = (tag, kinds)
        found = self._kind_memo.get(key)
        if found is None:
            attributes = self.kinded_attributes.get(tag, {}).values()
            found = self._kind_memo[key] = tuple(a for a in attributes if a.kind in kinds)
        return found

    def required_attributes(self, tag: str) -> tuple[str, ...]:
        """The names of the attributes ``tag`` must have (memoised: rules ask per element)."""
        found = self._required_memo.get(tag)
        if found is None:
            spec = self.elements.get(tag)
            attributes = spec.attributes.items() if spec is not None else ()
            found = self._required_memo[tag] = tuple(n for n, a in attributes if a.required)
        return found

    @cached_property
    def _required_memo(self) -> dict[str, tuple[str, ...]]:
        return {}

    @cached_property
    def _kind_memo(self) -> dict[tuple[str, tuple[str, ...]], tuple[AttributeSpec, ...]]:
        return {}
