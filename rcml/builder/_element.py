"""The object model: one generic element class under the generated typed facade.

An element is its tag, its attributes (XML name to string, in the order written: schema order when
built, document order when parsed) and its content: a list of child elements, text runs and
comments, in document order. That is all XML can say inside a root element, so a parsed document
is written back exactly (attributes the schema does not know stay in ``attributes``; ``extra``
lists them). Equality compares tag, attributes and content, never source positions.

What each class accepts (children, attributes, text) is read from the schema when the generated
module defines the class (``class Say(Element, tag="Say")``): no second list lives here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Literal, Self, TypedDict, TypeVar, overload

from rcml.builder import _serialise
from rcml.builder._checks import check_finished
from rcml.builder._comment import Comment
from rcml.builder._convert import Converter, attribute_converter, needs_text, text_converter
from rcml.builder._errors import BuildError, ChildNotAllowedError, unknown_name
from rcml.builder._names import method_name, python_name
from rcml.core.document import JAVA_BLANKS
from rcml.core.names import did_you_mean
from rcml.rules.content import EMPTY_TEXT
from rcml.schema import load_schema

if TYPE_CHECKING:
    from rcml.core import Context, Finding

E = TypeVar("E", bound="Element")


# Every element method name of the language, to explain a child asked for in the wrong place.
_ALL_METHODS: dict[str, str] = {method_name(tag): tag for tag in load_schema().elements}


class _Meta:
    """What only some elements have: a source position, comments around a root."""

    __slots__ = ("after", "before", "position")

    def __init__(self) -> None:
        self.position: tuple[int, int] | None = None
        self.before: list[Comment] = []
        self.after: list[Comment] = []

    def __reduce__(self) -> tuple[object, ...]:
        return (_meta, (self.position, self.before, self.after))


def _meta(position: tuple[int, int] | None, before: list[Comment], after: list[Comment]) -> _Meta:
    meta = _Meta()
    meta.position, meta.before, meta.after = position, before, after
    return meta


class Element:
    """One RCML element. Use the generated subclasses (``rcml.Response`` and its methods)."""

    __slots__ = ("_meta", "attributes", "content")

    tag: ClassVar[str] = ""
    # Filled from the schema by __init_subclass__.
    _allowed: ClassVar[frozenset[str]] = frozenset()
    _single: ClassVar[frozenset[str]] = frozenset()
    _converters: ClassVar[dict[str, tuple[str, Converter]]] = {}
    _required: ClassVar[frozenset[str]] = frozenset()
    _text: ClassVar[Converter | None] = None
    _video_name: ClassVar[str | None] = None  # the attribute read only with a child (video-name)

    attributes: dict[str, str]
    content: list[Element | str | Comment]
    _meta: _Meta | None  # always set (None for most elements): an unset slot is slow to test

    def __init_subclass__(cls, tag: str = "", **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not tag:
            return
        cls.tag = tag
        spec = load_schema().elements.get(tag)
        if spec is None:  # an element the schema does not know, met while parsing
            cls._text = text_converter(tag, None)
            return
        cls._allowed = frozenset(spec.children)
        cls._single = spec.single_children
        cls._converters = {
            python_name(name): (name, attribute_converter(tag, attr))
            for name, attr in spec.attributes.items()
        }
        cls._required = frozenset(name for name, attr in spec.attributes.items() if attr.required)
        cls._text = text_converter(tag, spec.text_kind, spec.blank) if spec.text_allowed else None
        cls._video_name = next(
            (name for name, attr in spec.attributes.items() if attr.kind == "video-name"), None
        )

    def __init__(self) -> None:
        raise TypeError(
            "rcml.Element is the common base: build with rcml.Response() and its methods, "
            "or the classes of rcml.builder (Say, Dial, ...)"
        )

    @classmethod
    def _text_converter(cls) -> Converter:
        """The converter of the text given when the element is made (for the generated code):
        it refuses blank text where Restcomm skips or fails on the verb without text."""
        convert = cls._text or _stale(cls.tag, "text")
        return needs_text(cls.tag, convert) if cls.tag in EMPTY_TEXT else convert

    @classmethod
    def _converter(cls, keyword: str) -> Converter:
        """The converter of one keyword (for the generated code). A generated module older than
        the schema still imports, so that the generator itself can run."""
        entry = cls._converters.get(keyword)
        return entry[1] if entry else _stale(cls.tag, keyword)

    # ------------------------------------------------------------------ content

    def append(self, child: E) -> E:
        """Add a child element built elsewhere; it must be allowed here, as with the methods."""
        if not isinstance(child, Element):
            raise BuildError(
                f"<{self.tag}> takes Element children, not {type(child).__name__}",
                element=self.tag,
            )
        if child.tag not in self._allowed:
            raise self._not_allowed(child.tag)
        if child.tag in self._single and any(
            isinstance(c, Element) and c.tag == child.tag for c in self.content
        ):
            raise BuildError(
                f"<{self.tag}> may hold only one <{child.tag}>", element=self.tag, allowed=()
            )
        check_destination(child)
        self.content.append(child)
        return child

    def add_text(self, text: str | int) -> Self:
        """Add a text run (after the children so far); adjacent runs are merged. Text after a
        child or a comment that would make a second non-blank run is refused: Restcomm keeps
        only the last run of an element and drops the others (RCML502)."""
        convert = type(self)._text
        if convert is None:
            raise BuildError(f"<{self.tag}> holds no text", element=self.tag)
        value = convert(text)
        if value:
            content = self.content
            last = content[-1] if content else None
            merging = isinstance(last, str)
            joined = last + value if isinstance(last, str) else value
            if joined.strip(JAVA_BLANKS):
                self._one_run(content[:-1] if merging else content, joined)
            if merging:
                content[-1] = joined
            else:
                content.append(value)
        return self

    def _one_run(self, before: list[Element | str | Comment], run: str) -> None:
        """Refuse ``run`` if a non-blank text run comes before it (split by a child or comment)."""
        earlier = next((i for i in before if isinstance(i, str) and i.strip(JAVA_BLANKS)), None)
        if earlier is not None:
            raise BuildError(
                f"<{self.tag}> already has the text {earlier.strip(JAVA_BLANKS)!r} before a "
                f"child or comment: Restcomm keeps only the last text of an element and would "
                f"drop it for {run.strip(JAVA_BLANKS)!r}; give all the text at once, with "
                "comments outside the element (RCML502)",
                element=self.tag,
            )

    def add_comment(self, text: str) -> Self:
        """Add an XML comment (Restcomm ignores it)."""
        self.content.append(Comment(text))
        return self

    @property
    def text(self) -> str:
        """The element's own text runs, joined ('' when there is none)."""
        return "".join(item for item in self.content if isinstance(item, str))

    @property
    def children(self) -> list[Element]:
        """The child elements, in document order."""
        return [item for item in self.content if isinstance(item, Element)]

    def __iter__(self) -> Iterator[Element]:
        return iter(self.children)

    def find_all(self, kind: type[E]) -> list[E]:
        """Every element of class ``kind`` inside this one, in document order, with its typed
        properties: ``rcml.parse(data).find_all(Gather)``."""
        found: list[E] = []
        for child in self.children:
            if isinstance(child, kind):
                found.append(child)
            found.extend(child.find_all(kind))
        return found

    def find(self, kind: type[E]) -> E | None:
        """The first element of class ``kind`` inside this one (document order), or None."""
        for child in self.children:
            if isinstance(child, kind):
                return child
            inner = child.find(kind)
            if inner is not None:
                return inner
        return None

    # --------------------------------------------------------------- attributes

    def set(self, name: str, value: object) -> Self:
        """Set an attribute by keyword (``finish_on_key``) or XML name (``finishOnKey``), with
        the same checks as the builder methods; ``None`` removes it."""
        entry = self._converters.get(name) or self._converters.get(python_name(name))
        if entry is None:
            raise unknown_name("attribute", name, self.tag, self._converters)
        xml_name, convert = entry
        if value is None:
            if xml_name in self._required:
                raise BuildError(
                    f"{xml_name} is required on <{self.tag}>: Restcomm fails without it "
                    f"(RCML210); give a new value instead of None",
                    element=self.tag,
                    attribute=xml_name,
                )
            self.attributes.pop(xml_name, None)
        else:
            self.attributes[xml_name] = convert(value)
        return self

    def get(self, name: str) -> str | None:
        """The value of an attribute as written, by XML name. (``attributes`` is a plain dict:
        writing to it directly skips the checks, which is how unknown attributes are edited.)"""
        return self.attributes.get(name)

    @property
    def extra(self) -> dict[str, str]:
        """Attributes the schema does not know on this element (kept from parsed documents)."""
        known = {xml for xml, _ in self._converters.values()}
        return {k: v for k, v in self.attributes.items() if k not in known}

    @property
    def comments_before(self) -> list[Comment]:
        """Comments written before this element when it is the root of a document (a parsed
        document's comments before ``<Response>``); ``to_xml()`` writes them, one a line."""
        return self._meta_or_new().before

    @property
    def comments_after(self) -> list[Comment]:
        """Comments written after this element when it is the root of a document."""
        return self._meta_or_new().after

    # ---------------------------------------------------------------- positions

    @property
    def line(self) -> int | None:
        """1-based line of the start tag in the parsed source; None for built elements."""
        meta = self._meta
        return meta.position[0] if meta and meta.position else None

    @property
    def column(self) -> int | None:
        """1-based column of the start tag's ``<`` in the parsed source; None when built."""
        meta = self._meta
        return meta.position[1] if meta and meta.position else None

    def set_position(self, position: tuple[int, int] | None) -> None:
        """Record where the element starts in its source (the parser calls this)."""
        if position is not None:
            self._meta_or_new().position = position

    def _meta_or_new(self) -> _Meta:
        meta = self._meta
        if meta is None:
            meta = self._meta = _Meta()
        return meta

    # ------------------------------------------------------------------- output

    @overload
    def to_xml(
        self,
        *,
        encoding: Literal["utf-8"] = "utf-8",
        xml_declaration: bool = False,
        pretty: bool = False,
    ) -> bytes: ...

    @overload
    def to_xml(
        self, *, encoding: Literal["unicode"], xml_declaration: bool = False, pretty: bool = False
    ) -> str: ...

    def to_xml(
        self,
        *,
        encoding: Literal["utf-8", "unicode"] = "utf-8",
        xml_declaration: bool = False,
        pretty: bool = False,
    ) -> bytes | str:
        """The XML of this element: UTF-8 bytes, or ``str`` with ``encoding="unicode"``.

        ``pretty`` indents elements that hold only elements; an element with text is written on
        one line as it is, so pretty printing never changes what a caller hears.
        """
        check_finished(self)  # a built element that Restcomm cannot run is refused here
        text = _serialise.serialise(self, pretty)
        meta = self._meta
        if meta is not None and (meta.before or meta.after):
            text = _serialise.with_comments(text, meta.before, meta.after, pretty)
        if xml_declaration:
            text = _serialise.DECLARATION + text
        if encoding == "unicode":
            return text
        if encoding != "utf-8":
            raise ValueError(f"encoding must be 'utf-8' or 'unicode', not {encoding!r}")
        return text.encode("utf-8")

    def __str__(self) -> str:
        return _serialise.serialise(self, False)

    def validate(self, *, context: Context | str = "voice") -> list[Finding]:
        """The validator's findings for this element's XML (the same engine as ``rcml lint``).

        Positions in the findings are those of ``to_xml()``'s output, not of a parsed source.
        Unlike ``to_xml()``, it never refuses the element: it reports.
        """
        from rcml.engine.engine import validate

        return validate(_serialise.serialise(self, False).encode("utf-8"), context=context)

    # ------------------------------------------------------------------ protocol

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """The end of a ``with`` block finishes the element: what needs all of it is checked
        (for the elements inside it too)."""
        if exc_type is None:
            check_finished(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Element):
            return NotImplemented
        return (
            self.tag == other.tag
            and self.attributes == other.attributes
            and self.content == other.content
            and _around(self) == _around(other)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        text = str(self)
        return f"<rcml {self.tag} {text if len(text) <= 80 else text[:77] + '...'}>"

    def _not_allowed(self, tag: str) -> ChildNotAllowedError:
        here = sorted(method_name(t) + "()" for t in self._allowed)
        homes = [p for p, s in load_schema().elements.items() if tag in s.children]
        where = f"; <{tag}> goes in " + " or ".join(f"<{p}>" for p in homes) if homes else ""
        listing = ", ".join(here) if here else "no child elements"
        return ChildNotAllowedError(
            f"<{tag}> is not allowed in <{self.tag}> (allowed here: {listing}){where}",
            element=self.tag,
            allowed=here,
        )

    if not TYPE_CHECKING:  # keep type checkers strict: a missing method is a type error there

        def __getattr__(self, name: str) -> object:
            tag = _ALL_METHODS.get(name)
            if tag is not None:
                raise self._not_allowed(tag)
            if name.startswith("_"):
                raise AttributeError(name)
            pool = sorted(method_name(t) for t in self._allowed)
            guess = did_you_mean(name, pool)
            hint = f"; did you mean {guess!r}?" if guess else ""
            listing = ", ".join(f"{m}()" for m in pool) or "no child elements"
            raise ChildNotAllowedError(
                f"{type(self).__name__!r} object has no attribute {name!r}{hint} "
                f"(child methods of <{self.tag}>: {listing})",
                element=self.tag,
                allowed=pool,
                suggestion=guess,
            )


class NoOtherKeywords(TypedDict, total=False):
    """No keyword at all: the type of the generated methods' ``**unknown``.

    With it a type checker reports a misspelt keyword as "Unexpected keyword argument ...; did
    you mean ...?" (with ``**unknown: Never`` it said "expected Never"), and at run time the
    method still receives the misspelt keyword and raises :class:`BuildError` with the same
    suggestion.
    """


def check_destination(noun: Element) -> None:
    """Refuse a noun whose only destination is a ``name`` it has no child to make Restcomm read.

    Restcomm reads a noun's ``name`` (kind ``video-name``) only when the noun holds a ``<Video>``;
    otherwise it uses the text, and with no text a Client, Number, Sip or Uri stalls the call and
    a Conference joins the room "null" (RCML501). The generated noun methods call this when the
    noun is added, before a ``<Video>`` could be; build such a noun with its text as well
    (``client("alice", name="alice").video()``), or build it whole and ``append()`` it.
    """
    name = noun._video_name
    if name is None or name not in noun.attributes:
        return
    if noun.text.strip(" \t\r\n") or any(isinstance(c, Element) for c in noun.content):
        return
    value = noun.attributes[name]
    outcome = (
        "so the room is named 'null', one room for every such call"
        if noun.tag == "Conference"
        else "so it has no destination and the call stalls"
    )
    raise BuildError(
        f"<{noun.tag}> has {name}={value!r} but no text: Restcomm reads {name} only when the "
        f"<{noun.tag}> holds a <Video>, {outcome}; write {method_name(noun.tag)}({value!r}), "
        f"or for video {method_name(noun.tag)}({value!r}, {name}={value!r}).video(...)",
        element=noun.tag,
        attribute=name,
    )


def unknown_attributes(
    tag: str, unknown: Mapping[str, object] | NoOtherKeywords, element: type[Element]
) -> BuildError:
    """The error for keywords a builder call does not take (the first one is reported)."""
    name = next(iter(unknown))
    return unknown_name("attribute", name, tag, element._converters)


def _stale(tag: str, name: str) -> Converter:
    def convert(value: object) -> str:
        raise BuildError(
            f"the schema has no {name} on <{tag}> any more: rcml/builder/_generated.py is stale "
            "(run python -m rcml.builder._generate)",
            element=tag,
            attribute=name,
        )

    return convert


def _around(element: Element) -> tuple[list[Comment], list[Comment]]:
    """The comments before and after a root element (empty lists when there are none)."""
    meta = element._meta
    return (meta.before, meta.after) if meta is not None else ([], [])


class UnknownElement(Element):
    """The base of the classes made for elements the schema does not know (kept from parsing)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[object, ...]:
        return (_unknown_element, (self.tag, self.attributes, self.content, self._meta))


@functools.lru_cache(maxsize=256)
def make_unknown_class(tag: str) -> type[Element]:
    """A class for an element the schema does not know, met while parsing (kept, not checked)."""
    return type(tag, (UnknownElement,), {"__slots__": ()}, tag=tag)


def _unknown_element(
    tag: str,
    attributes: dict[str, str],
    content: list[Element | str | Comment],
    meta: _Meta | None = None,
) -> Element:
    cls = make_unknown_class(tag)
    element = cls.__new__(cls)
    element._meta = meta
    element.attributes = attributes
    element.content = content
    return element
