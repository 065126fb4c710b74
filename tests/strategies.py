"""Hypothesis strategies shared by the test suite (one clearly named family per area)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st
from lxml import etree

from rcml.builder._convert import is_boolean, list_words
from rcml.builder._element import method_name, python_name
from rcml.rules.dial import unplayable
from rcml.rules.values import LEAST_POSITIVE, POSITIVE_KINDS
from rcml.schema import AttributeSpec, ElementSpec, load_schema
from rcml.schema.model import INT_MAX, INT_MIN

_SCHEMA = load_schema()
# Characters lxml can store: no surrogates, no control characters, not U+FFFE or U+FFFF.
_XML_TEXT_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
)
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
    st.text(alphabet=_XML_TEXT_CHARS, max_size=30),
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
    st.text(alphabet=_XML_TEXT_CHARS, max_size=40),
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


# ------------------------------------------------------------------------------------ builder

# Strings that break naive XML writers: markup, quotes, CDATA ends, entities, non-BMP, new lines.
BUILDER_HOSTILE_PIECES = [
    "<",
    ">",
    "&",
    "&amp;",
    '"',
    "'",
    "]]>",
    "<![CDATA[",
    "<!--",
    "-->",
    "<Dial>+15550100</Dial>",
    "\r\n",
    "\r",
    "\t",
    "\U0001f600",
    "\U00010348",
    "é",
    "\u2028",
    "\xa0",
]

_BUILDER_XML_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs",),
    exclude_characters="".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
    + "\ufffe\uffff",
)


def builder_hostile_text() -> st.SearchStrategy[str]:
    """Any text XML can carry, leaning on pieces that break naive writers."""
    return st.lists(
        st.one_of(st.sampled_from(BUILDER_HOSTILE_PIECES), st.text(_BUILDER_XML_CHARS, max_size=8)),
        max_size=6,
    ).map("".join)


def builder_spoken_text() -> st.SearchStrategy[str]:
    """Text with something in it besides white space (Restcomm skips blank text)."""
    return builder_hostile_text().filter(lambda s: s.strip() != "")


_BUILDER_URL_SAFE = string.ascii_letters + string.digits + "-._~"


def builder_urls() -> st.SearchStrategy[str]:
    """URLs java.net.URI parses: relative paths and http(s) URLs, with queries and escapes."""
    segment = st.text(_BUILDER_URL_SAFE, min_size=1, max_size=8)
    path = st.lists(segment, min_size=1, max_size=3).map(lambda p: "/" + "/".join(p))
    escaped = st.sampled_from(["%20", "%C3%A9", "%2F"])
    query = st.lists(st.tuples(segment, st.one_of(segment, escaped)), max_size=3).map(
        lambda q: ("?" + "&".join(f"{k}={v}" for k, v in q)) if q else ""
    )
    host = st.sampled_from(["", "http://example.com", "https://127.0.0.1:8080"])
    # 'hash' in a media URL makes Restcomm's cache fail (RCML303): the builder refuses it.
    return st.tuples(host, path, query).map("".join).filter(lambda url: "hash" not in url)


def builder_attribute_value(attr: AttributeSpec) -> st.SearchStrategy[Any]:
    """A Python value the builder's type for ``attr`` allows and Restcomm reads as written."""
    kind = attr.type
    if is_boolean(kind):
        return st.booleans()
    if kind.base == "int":  # seconds and counts below 1 are refused (RCML211)
        return st.integers(LEAST_POSITIVE if attr.kind in POSITIVE_KINDS else INT_MIN, INT_MAX)
    if attr.kind == "events":
        words = list_words(kind)
        return st.one_of(
            st.lists(st.sampled_from(words), min_size=1, max_size=4),
            st.sampled_from(words),
        )
    if attr.kind == "hints":
        phrase = st.text(string.ascii_letters + " ", min_size=1, max_size=20).filter(str.strip)
        return st.lists(phrase, min_size=1, max_size=5)
    if kind.choices:
        return st.sampled_from(kind.choices)
    if kind.patterns:
        return st.from_regex(kind.patterns[0], fullmatch=True)
    if attr.kind == "url" and not attr.resolved:  # used as written: absolute only (RCML231)
        return builder_urls().filter(lambda u: u.startswith("http"))
    if attr.kind == "url" and attr.plays:  # no audio file that would be run as RCML (RCML232)
        ending = attr.plays
        return builder_urls().filter(lambda u: unplayable(u, ending) is None)
    if attr.kind == "url":
        return builder_urls()
    if attr.empty:  # blank is refused: Restcomm takes it as present and fails
        return builder_spoken_text()
    return builder_hostile_text()


def builder_keywords(spec: ElementSpec, skip: tuple[str, ...] = ()) -> st.SearchStrategy[dict]:
    """Keyword arguments for a builder call: every required attribute, any optional ones."""
    required = {
        python_name(n): builder_attribute_value(a)
        for n, a in spec.attributes.items()
        if a.required and n not in skip
    }
    optional = {
        python_name(n): builder_attribute_value(a)
        for n, a in spec.attributes.items()
        if not a.required and n not in skip
    }
    return st.fixed_dictionaries(required, optional=optional)


@dataclass
class BuilderCall:
    """One builder call: ``parent.<method>(text, **keywords)``, then the calls inside it."""

    tag: str
    text: Any = None
    keywords: dict[str, Any] = field(default_factory=dict)
    inside: list[BuilderCall] = field(default_factory=list)

    def apply(self, parent: Any) -> Any:
        method = getattr(parent, method_name(self.tag))
        args = () if self.text is None else (self.text,)
        child = method(*args, **self.keywords)
        with child:
            for call in self.inside:
                call.apply(child)
        return child


def _builder_text_for(spec: ElementSpec) -> st.SearchStrategy[Any]:
    if spec.text_kind == "url":
        return builder_urls()
    if spec.text_kind in ("destination", "room"):
        return st.one_of(builder_spoken_text(), st.integers(0, 10**12))
    return builder_spoken_text()


@st.composite
def _builder_noun(draw: st.DrawFn, tag: str) -> BuilderCall:
    schema = load_schema()
    spec = schema.elements[tag]
    # With a Video child the destination is the name attribute (RCML113): only nouns with one.
    video = "Video" in spec.children and "name" in spec.attributes and draw(st.booleans())
    keywords = draw(builder_keywords(spec, skip=("name",)))
    if video:
        keywords["name"] = draw(builder_spoken_text())
    call = BuilderCall(tag, draw(_builder_text_for(spec)), keywords)
    if video:
        call.inside.append(
            BuilderCall("Video", None, draw(builder_keywords(schema.elements["Video"])))
        )
    return call


# What a call-screening document may not hold although its verbs run there: a Gather never
# delivers its input (RCML431) and its spoken prompts hang up on a cache miss (RCML132); Pauses
# of a drawn length could outlast Restcomm's 60 seconds (RCML432).
_SCREENING_SKIPS = {"Gather": ("action",), "Pause": ("length",)}


@st.composite
def _builder_verb(draw: st.DrawFn, tag: str, last: bool, context: str = "voice") -> BuilderCall:
    schema = load_schema()
    spec = schema.elements[tag]
    skip: tuple[str, ...] = ("action",) if tag == "Sms" and not last else ()  # Sms action ends
    if context == "screening":
        skip += _SCREENING_SKIPS.get(tag, ())
    call = BuilderCall(tag, None, draw(builder_keywords(spec, skip=skip)))
    if tag == "Dial":
        nouns = [n for n in spec.children if n != "Conference"]
        choice = draw(st.sampled_from(["text", "conference", "nouns"]))
        if choice == "text":
            call.text = draw(_builder_text_for(spec))
        elif choice == "conference":  # a Conference stands alone (RCML112)
            call.inside = [draw(_builder_noun("Conference"))]
        else:
            tags = draw(st.lists(st.sampled_from(nouns), min_size=1, max_size=3))
            call.inside = [draw(_builder_noun(t)) for t in tags]
    elif spec.children:  # Gather: prompts, never ending with a Pause (RCML411)
        prompts = [t for t in spec.children if context != "screening" or t != "Say"]
        tags = draw(st.lists(st.sampled_from(prompts), max_size=3))
        if tags and tags[-1] == "Pause":
            tags.append(draw(st.sampled_from([t for t in prompts if t != "Pause"])))
        call.inside = [draw(_builder_verb(t, last=False, context=context)) for t in tags]
    elif spec.text_allowed:
        call.text = draw(_builder_text_for(spec))
    return call


_BUILDER_TERMINAL = ("Hangup", "Redirect", "Sms")  # nothing after them runs (Sms: with an action)


@st.composite
def builder_programs(draw: st.DrawFn, context: str = "voice") -> list[BuilderCall]:
    """A document of ``context`` as builder calls: any verbs Restcomm runs there, in an order
    where each one runs (Reject only first; Hangup, Redirect and Sms with action only last)."""
    schema = load_schema()
    verbs = [v for v in schema.verbs if context in schema.elements[v].contexts]
    if context == "ussd":
        return draw(_builder_ussd_program())
    middle = [v for v in verbs if v not in (*_BUILDER_TERMINAL[:2], "Reject")]
    calls: list[BuilderCall] = []
    if "Reject" in verbs and draw(st.booleans()) and draw(st.booleans()):
        calls.append(draw(_builder_verb("Reject", last=False)))
    # A wait document needs something to play (RCML130).
    least = 1 if context == "conference-wait" else 0
    for tag in draw(st.lists(st.sampled_from(middle), min_size=least, max_size=6)):
        calls.append(draw(_builder_verb(tag, last=False, context=context)))
    # A screening document cannot hand over to another one (RCML431).
    ends = [
        t for t in _BUILDER_TERMINAL if t in verbs and (context, t) != ("screening", "Redirect")
    ]
    end = draw(st.sampled_from([None, *ends]))
    if end is not None:
        calls.append(draw(_builder_verb(end, last=True, context=context)))
    return calls


def builder_voice_programs() -> st.SearchStrategy[list[BuilderCall]]:
    return builder_programs("voice")


# Values a user may well pass, right or wrong: the builder must refuse exactly those the
# validator reports (builder_one_call).
_BUILDER_WRONG_WORDS = ["", " ", "alice", "Woman", "PUT", "get", "audio", "dtmf speech", "x"]
_BUILDER_WRONG_URLS = ["", " ", "http://x y", "/hash.wav", "/hash.wav#1", "ftp://a/b", "%zz", "a b"]


def _builder_any_value(attr: AttributeSpec) -> st.SearchStrategy[Any]:
    """Any value of the Python type the builder's keyword for ``attr`` takes, right or wrong."""
    kind = attr.type
    if is_boolean(kind):
        return st.booleans()
    if kind.base == "int":
        extremes = st.sampled_from([INT_MIN - 1, INT_MIN, INT_MAX, INT_MAX + 1])
        return st.one_of(st.integers(-3, 12), extremes)
    if attr.kind == "events":
        word = st.sampled_from([*list_words(kind), "rang", "Ringing", ""])
        return st.one_of(st.lists(word, max_size=3), word, st.just("initiated ringing"))
    if attr.kind == "hints":
        # A phrase in a list holds no comma: the builder refuses one as a phrase the XML cannot
        # keep whole, which the validator cannot see. A string may hold commas.
        phrase = st.one_of(st.text("ab ", max_size=6), st.just("x" * 101))
        return st.one_of(st.lists(phrase, max_size=52), st.text("ab ,", max_size=8), phrase)
    if kind.choices:
        return st.sampled_from([*kind.choices, *_BUILDER_WRONG_WORDS])
    if kind.patterns:
        right = st.from_regex(kind.patterns[0], fullmatch=True)
        return st.one_of(right, st.text("0#*x -", max_size=14))
    if attr.kind == "url":
        return st.one_of(builder_urls(), st.sampled_from(_BUILDER_WRONG_URLS))
    return st.one_of(builder_hostile_text(), st.sampled_from(["", " "]))


def _builder_any_text(spec: ElementSpec) -> st.SearchStrategy[Any]:
    if spec.text_kind == "url":
        return st.one_of(builder_urls(), st.sampled_from(_BUILDER_WRONG_URLS))
    if spec.text_kind in ("destination", "room"):
        return st.one_of(builder_hostile_text(), st.integers(0, 10**6), st.sampled_from(["", " "]))
    return st.one_of(builder_hostile_text(), st.sampled_from(["", " \n", "\t"]))


@dataclass
class BuilderOneCall:
    """One builder call that adds ``tag`` (to a ``<Dial>`` for a noun): ``text`` and
    ``keywords`` make a valid element, except that ``changed`` (a keyword, or "text") is
    ``value`` in the call."""

    tag: str
    text: Any
    keywords: dict[str, Any]
    changed: str
    value: Any

    def arguments(self, *, changed: bool = True) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The call's arguments, with the changed value or without it (the valid element)."""
        keywords = dict(self.keywords)
        text = self.text
        if changed and self.changed == "text":
            text = self.value
        elif changed:
            keywords[self.changed] = self.value
        return (() if text is None else (text,)), keywords


@st.composite
def builder_one_call(draw: st.DrawFn) -> BuilderOneCall:
    """A call to one voice verb or Dial noun where one keyword or the text may be wrong."""
    schema = load_schema()
    tags = sorted(
        t
        for t, e in schema.elements.items()
        if ("voice" in e.contexts or t in schema.noun_set) and (e.attributes or e.text_allowed)
    )
    tag = draw(st.sampled_from(tags))
    spec = schema.elements[tag]
    optional = tuple(n for n, a in spec.attributes.items() if not a.required)
    keywords = draw(builder_keywords(spec, skip=optional))  # the required ones
    text = draw(_builder_text_for(spec)) if spec.text_allowed else None
    if tag == "Dial":
        text = "+15550100"
    names = [python_name(n) for n in spec.attributes]
    changed = draw(st.sampled_from(names + (["text"] if spec.text_allowed else [])))
    if changed == "text":
        value = draw(_builder_any_text(spec))
    else:
        xml = next(n for n in spec.attributes if python_name(n) == changed)
        value = draw(_builder_any_value(spec.attributes[xml]))
    return BuilderOneCall(tag, text, keywords, changed, value)


_BUILDER_USSD_LINE = st.text(
    string.ascii_letters + string.digits + " .&<>", min_size=1, max_size=12
)


@st.composite
def _builder_ussd_program(draw: st.DrawFn) -> list[BuilderCall]:
    """A USSD menu: at most one Language first, short lines (under Restcomm's 80 characters in
    any language), at most one UssdCollect, last."""
    schema = load_schema()
    calls: list[BuilderCall] = []
    if draw(st.booleans()):
        calls.append(BuilderCall("Language", draw(st.sampled_from(["en", "fr", "de"]))))
    lines = draw(st.lists(_BUILDER_USSD_LINE.filter(str.strip), max_size=3))
    calls += [BuilderCall("UssdMessage", line) for line in lines]
    if draw(st.booleans()):
        keywords = draw(builder_keywords(schema.elements["UssdCollect"]))
        inner = draw(st.lists(_BUILDER_USSD_LINE.filter(str.strip), max_size=2))
        calls.append(
            BuilderCall(
                "UssdCollect", None, keywords, [BuilderCall("UssdMessage", t) for t in inner]
            )
        )
    return calls


# ------------------------------------------------------------------------------------ lint --fix

# Names as people mistype them: wrong case, typos, TwiML; with the real ones, mostly.
FIX_ELEMENT_NAMES = [*sorted(_SCHEMA.elements), *("say", "PLAY", "gather", "DIAL", "Gahter")]
FIX_ATTRIBUTE_NAMES = [
    *ATTRIBUTE_NAMES,
    *("callerid", "TIMEOUT", "maxlength", "numdigits", "Voice", "Action", "timout", "voise"),
    *("hangupOnStar", "trim"),
]
# Attribute values as written between quotes (no quote, no '<'): values with fixes, values
# written with references, a bare '&', line breaks, non-ASCII text.
FIX_RAW_VALUES = [
    *("Man", "WOMAN", "mann", "alice", "AUDIO_ONLY", "vga", "Linear", "en-GB", "fr-FR", "PT-BR"),
    *("initiated ringing", "Initiated, Completed", "initiated\n  ringing", "initiated queued"),
    *("yes", "0", "maybe", "10s", "30 seconds", "2x", "10", "true", "POST", "#"),
    *("/a b.wav", "http://x/a b", " /menu choice ", "/menu|x", "/next?a=1&b=2", "/n?a=1&amp;b=2"),
    *("M&#97;n", "caf\u00e9 \U0001f600", "", " "),
]
# Names with values that go together, so that values are judged where they mean something.
FIX_PAIRS = [
    *(("voice", "Man"), ("voice", "mann"), ("media", "AUDIO_ONLY"), ("language", "en-GB")),
    *(("language", "fr-FR"), ("statusCallbackEvent", "initiated ringing"), ("playBeep", "yes")),
    *(("timeout", "10s"), ("maxLength", "30 seconds"), ("action", "/menu choice")),
    *(("callerid", "+15550100"), ("numdigits", "1"), ("resolution", "vga"), ("record", "0")),
]
# Element text as written: plain, non-ASCII, bare '&', references, URLs, a comment, CDATA.
FIX_RAW_TEXTS = [
    *("", "Hello", "h\u00e9llo w\u00f6rld \U0001f600", "Tom & Jerry;", "a &amp; b", "+15550100"),
    *("https://example.com/a b.wav", "\n    /audio/good bye.wav\n  ", "/x.wav", "alice"),
    *("<!-- a & b -->", "<![CDATA[x & y]]>", "x<!-- note -->y", "/a b.wav<!-- c -->"),
    *("\n  <!-- rcml: disable=RCML205 -->\n  ", "<!-- rcml: disable=RCML2O5, RCML401 x -->"),
    *("a <!-- rcml: disable-file=RCML403 --> b",),
]


@st.composite
def fixable_documents(draw: st.DrawFn, max_depth: int = 3) -> bytes:
    """RCML as people write it, byte for byte: CRLF or LF, a byte order mark or not, either
    quote, attributes over several lines, comments and CDATA, non-ASCII text before what needs
    fixing, bare '&', and names and values that ``rcml lint --fix`` knows how to fix."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))

    def element(depth: int, name: str, indent: str) -> str:
        pairs = st.one_of(
            st.sampled_from(FIX_PAIRS),
            st.tuples(st.sampled_from(FIX_ATTRIBUTE_NAMES), st.sampled_from(FIX_RAW_VALUES)),
        )
        attributes = ""
        for attribute, raw in draw(st.lists(pairs, max_size=3, unique_by=lambda p: p[0])):
            quote = draw(st.sampled_from(['"', "'"]))
            space = draw(st.sampled_from([" ", " ", newline + indent + "    ", "\t"]))
            value = raw.replace("\n", newline)
            attributes += f"{space}{attribute}={quote}{value}{quote}"
        spec = _SCHEMA.elements.get(name)
        likely = list(spec.children) if spec and spec.children else FIX_ELEMENT_NAMES
        children = draw(
            st.lists(
                st.one_of(st.sampled_from(likely), st.sampled_from(FIX_ELEMENT_NAMES)),
                max_size=3 if depth < max_depth else 0,
            )
        )
        text = draw(st.sampled_from(FIX_RAW_TEXTS)).replace("\n", newline)
        if not children and not text and draw(st.booleans()):
            return f"<{name}{attributes}/>"
        inner = text + "".join(
            newline + indent + "  " + element(depth + 1, child, indent + "  ") for child in children
        )
        close = draw(st.sampled_from(["", " "]))
        return f"<{name}{attributes}>{inner}{newline + indent if children else ''}</{name}{close}>"

    body = element(0, "Response", "")
    head = draw(st.sampled_from(["", f'<?xml version="1.0" encoding="UTF-8"?>{newline}']))
    comment = draw(st.sampled_from(["", f"<!-- {draw(st.sampled_from(FIX_RAW_VALUES))} -->"]))
    bom = "\ufeff" if draw(st.integers(0, 9)) == 0 else ""
    return (bom + head + comment + body + newline).encode("utf-8")


# -------------------------------------------------------------------------------------- calls

# Any JSON value, nested a little: what a careless or hostile Calls API might put in a field.
CALLS_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)
# Form values as a shell must carry them back whole: quotes, $, spaces, new lines, non-ASCII.
CALLS_SHELL_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))

# ---------------------------------------------------------------------------------- simulator


def sim_inputs() -> st.SearchStrategy[Any]:
    """A caller's answer to a Gather (rcml.sim.Input)."""
    from rcml.sim import Input

    keys = st.text(alphabet="0123456789*#", min_size=1, max_size=6)
    return st.one_of(
        st.builds(Input, st.just("digits"), keys),
        st.builds(Input, st.just("speech"), st.sampled_from(["sales", "support", "yes"])),
        st.sampled_from([Input("timeout"), Input("hangup")]),
    )


def sim_scripts() -> st.SearchStrategy[Any]:
    """A whole scripted caller (rcml.sim.Script), with a callee for screening documents."""
    from rcml.sim import DialOutcome, Recording, Script

    outcomes = st.one_of(
        st.sampled_from([DialOutcome("busy"), DialOutcome("no-answer"), DialOutcome("failed")]),
        st.builds(DialOutcome, st.just("answered"), st.integers(0, 120).map(float),
                  st.integers(1, 3)),
    )
    takes = st.builds(Recording, st.integers(0, 30).map(float),
                      st.sampled_from([None, "#", "*", "5"]), st.booleans())
    callee = st.builds(Script, st.lists(sim_inputs(), max_size=2).map(tuple))
    return st.builds(
        Script,
        inputs=st.lists(sim_inputs(), max_size=4).map(tuple),
        dials=st.lists(outcomes, max_size=3).map(tuple),
        records=st.lists(takes, max_size=2).map(tuple),
        hangup_at=st.one_of(st.none(), st.integers(0, 3000).map(float)),
        callee=st.one_of(st.none(), callee),
    )
