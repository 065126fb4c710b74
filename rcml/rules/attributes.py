"""Schema-stage attribute rules: names Restcomm does not read, and values it does not accept.

Like the structure rules, these run only when the XSD rejects a document; ``classify_attribute``
is shared with the translation of libxml2's messages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from lxml import etree

from rcml.core.document import Document
from rcml.core.findings import Finding, Fix, Severity
from rcml.core.names import TWIML_ATTRIBUTES, choices, did_you_mean, same_but_case
from rcml.rules._fixes import remove_attribute, rename_attribute, replace_value
from rcml.rules.base import Rule
from rcml.schema import AttributeSpec, ElementSpec, Schema, SimpleType


class _AttributeRule(Rule):
    """Shared check(): classify every attribute of every known element, keep this rule's code."""

    stage = "schema"

    def check(self, doc: Document) -> Iterator[Finding]:
        return (f for f in attribute_findings(doc) if f.code == self.code)


def attribute_findings(doc: Document) -> list[Finding]:
    """Every attribute finding of the document, computed once for all attribute rules."""
    found: list[Finding] | None = doc.shared.get("attribute-findings")
    if found is None:
        found = []
        schema = doc.schema
        required = _with_required(schema)
        for element in doc.elements:
            spec = schema.elements.get(element.tag)
            if spec is None:
                continue
            known = spec.attributes
            items: list[tuple[str, str]] = element.items()  # type: ignore[assignment]  # parsed: str
            for name, value in items:
                attribute = known.get(name)
                if attribute is not None and attribute.type.accepts(value):
                    continue  # the common case, decided without building anything
                finding = classify_attribute(doc, element, spec, str(name))
                if finding is not None:
                    found.append(finding)
            if spec.name in required:
                found.extend(_missing(doc, element, spec))
        doc.shared["attribute-findings"] = found
    return found


@functools.cache
def _with_required(schema: Schema) -> frozenset[str]:
    """The elements that have a required attribute."""
    return frozenset(tag for tag in schema.elements if schema.required_attributes(tag))


class UnknownAttribute(_AttributeRule):
    """An attribute Restcomm does not read on this element.

    What it does
    Reports attribute names that the element does not have, with the closest real name.

    Why it matters
    Restcomm ignores unknown attributes, so the setting the author wanted silently has no effect
    (`timout="10"` rings for the default 30 seconds).

    Example
        <Response><Dial timout="10">+15550100</Dial></Response>

    Use instead
        <Response><Dial timeout="10">+15550100</Dial></Response>
    """

    code = "RCML201"
    cleared_by = "strict-schema"
    name = "unknown-attribute"
    severity = Severity.WARNING
    fix = "unsafe"
    fix_note = "Renames the attribute to the closest real name, when there is one."


class AttributeWrongCase(_AttributeRule):
    """An attribute written in the wrong case: attribute names are case-sensitive.

    What it does
    Reports `callerid`, `FinishOnKey`, `Subject` and the like, which differ from a real attribute
    only by case.

    Why it matters
    Restcomm looks attributes up by their exact name and ignores these, so the value has no
    effect.

    Example
        <Response><Dial callerid="+15550199">+15550100</Dial></Response>

    Use instead
        <Response><Dial callerId="+15550199">+15550100</Dial></Response>
    """

    code = "RCML202"
    cleared_by = "strict-schema"
    name = "attribute-wrong-case"
    severity = Severity.WARNING
    fix = "safe"
    fix_note = "Writes the attribute name in its right case."


class TwimlOnlyAttribute(_AttributeRule):
    """A TwiML attribute that Restcomm does not implement (portability note).

    What it does
    Reports attributes that exist in TwiML or in Restcomm's documentation but that Restcomm's
    interpreter never reads: `hangupOnStar`, `sendDigits`, `answerOnBridge`, `trim` ...

    Why it matters
    The document runs, but without the behaviour the attribute asks for. Common when porting
    TwiML to Restcomm.

    Example
        <Response><Dial hangupOnStar="true">+15550100</Dial></Response>

    Use instead
        <Response><Dial>+15550100</Dial></Response>
    """

    code = "RCML203"
    cleared_by = "strict-schema"
    name = "twiml-only-attribute"
    severity = Severity.INFO
    fix = "unsafe"
    fix_note = "Removes the attribute (Restcomm runs the document the same; TwiML would not)."


class InvalidBoolean(_AttributeRule):
    """A boolean attribute whose value Restcomm reads as false.

    What it does
    Reports boolean values other than `true` or `false` (any case).

    Why it matters
    Restcomm uses Java's `parseBoolean`: only `true` is true. `yes`, `1` or `on` silently mean
    false, the opposite of what was meant.

    Example
        <Response><Record playBeep="yes"/></Response>

    Use instead
        <Response><Record playBeep="true"/></Response>
    """

    code = "RCML204"
    cleared_by = "strict-schema"
    name = "invalid-boolean"
    severity = Severity.WARNING
    fix = "unsafe"
    fix_note = "Writes `yes`, `on`, `1` as `true` and `no`, `off`, `0` as `false`."


class InvalidValue(_AttributeRule):
    """A value outside the set Restcomm accepts: Restcomm replaces it by its default.

    What it does
    Reports enumerated values Restcomm does not know (`voice="alice"`, `method="PUT"`,
    `media="audio"`, `reason="declined"`), with the closest accepted value. Where Restcomm does
    not replace the value but fails with it (a Dial noun's `method`), the finding is an error;
    a Dial noun's `statusCallbackMethod` is used as written too, and its callbacks fail.

    Why it matters
    Restcomm replaces the value by its default and logs a warning notification nobody reads: the
    caller hears a man's voice, the action is POSTed.

    Example
        <Response><Say voice="alice">Hello</Say></Response>

    Use instead
        <Response><Say voice="woman">Hello</Say></Response>
    """

    code = "RCML205"
    cleared_by = "strict-schema"
    name = "invalid-value"
    severity = Severity.WARNING
    fix = "safe"
    fix_note = (
        "A value that differs from an accepted one only by case (`Man`, `vga`) is written in that "
        "one's case; the closest accepted value, when there is one, is an unsafe fix."
    )


class InvalidInteger(_AttributeRule):
    """A number attribute whose value is not an integer: Restcomm uses its default.

    What it does
    Reports values of integer attributes (`timeout`, `loop`, `length`, `maxLength` ...) that Java's
    `Integer.parseInt` rejects: words, decimals, units, numbers out of range.

    Why it matters
    Restcomm keeps the default instead (`timeout="10s"` rings for 30 seconds).

    Example
        <Response><Dial timeout="10s">+15550100</Dial></Response>

    Use instead
        <Response><Dial timeout="10">+15550100</Dial></Response>
    """

    code = "RCML206"
    cleared_by = "strict-schema"
    name = "invalid-integer"
    severity = Severity.WARNING
    fix = "unsafe"
    fix_note = "Drops a unit of seconds after a number of seconds (`10s`, `10 sec`)."


class InvalidKeys(_AttributeRule):
    """A key list (`finishOnKey`, `startInputKey`) that is not 1 to 12 keys of 0-9, * and #.

    What it does
    Reports empty key lists and lists with other characters or more than twelve keys.

    Why it matters
    Restcomm falls back to `#` (an empty `finishOnKey` does not disable the key, unlike TwiML), so
    the caller's key press does something else than intended.

    Example
        <Response><Gather finishOnKey="" action="/pin"/></Response>

    Use instead
        <Response><Gather finishOnKey="#" action="/pin"/></Response>
    """

    code = "RCML207"
    cleared_by = "strict-schema"
    name = "invalid-keys"
    severity = Severity.WARNING


class InvalidEvents(_AttributeRule):
    """A `statusCallbackEvent` that is not a comma-separated list of known events.

    What it does
    Reports lists separated by spaces (TwiML's form), unknown or wrongly cased events.

    Why it matters
    Restcomm removes white space and splits on commas, so `"initiated ringing"` becomes one
    unknown event and no status callback fires at all.

    Example
        <Client statusCallback="https://app.example.com/events"
          statusCallbackEvent="initiated ringing answered completed">alice</Client>

    Use instead
        <Client statusCallback="https://app.example.com/events"
          statusCallbackEvent="initiated,ringing,answered,completed">alice</Client>
    """

    code = "RCML208"
    cleared_by = "strict-schema"
    name = "invalid-events"
    severity = Severity.WARNING
    fix = "safe"
    fix_note = (
        "A list of known events (in any case, separated by spaces or commas) is written as "
        "Restcomm reads it: in lower case, separated by commas."
    )


class UnknownTtsLanguage(_AttributeRule):
    """A `<Say>` language that Restcomm's text-to-speech engine does not have: it speaks English.

    What it does
    Reports `language` values outside the VoiceRSS engine's list that Restcomm ships with
    (`en`, `en-gb`, `fr`, `de`, `es`, `pt-br`, `zh-cn` ...; case-sensitive).

    Why it matters
    Restcomm silently falls back to `en`, without even a notification, and reads the text with
    English pronunciation.

    Example
        <Response><Say language="fr-FR">Bonjour</Say></Response>

    Use instead
        <Response><Say language="fr">Bonjour</Say></Response>
    """

    code = "RCML209"
    cleared_by = "strict-schema"
    name = "unknown-tts-language"
    severity = Severity.WARNING
    fix = "safe"
    fix_note = (
        "A language that differs from one of the engine's only by case (`en-GB`) is written in "
        "that one's case; the closest language (`fr-FR` to `fr`) is an unsafe fix."
    )


class MissingRequiredAttribute(_AttributeRule):
    """An attribute without which Restcomm fails is missing.

    What it does
    Reports `<Email>` without `to` or `from`, and `<UssdCollect>` without `action`.

    Why it matters
    The e-mail is never sent and the voice document stalls there; without `action` the USSD
    interpreter fails while it builds the menu (UssdInterpreter.java:907), so the subscriber gets
    no reply at all.

    Example
        <Response><Email to="ops@example.com">Call from {{From}}</Email></Response>

    Use instead
        <Response><Email to="ops@example.com" from="pbx@example.com">Call</Email></Response>
    """

    code = "RCML210"
    cleared_by = "strict-schema"
    name = "missing-required-attribute"
    severity = Severity.ERROR


def _missing(doc: Document, element: etree._Element, spec: ElementSpec) -> Iterator[Finding]:
    for name, attribute in spec.attributes.items():
        if attribute.required and name not in element.attrib:
            yield MissingRequiredAttribute().report(
                doc, element, f"<{element.tag}> needs a {name!r} attribute", f'add {name}="..."'
            )


def missing_attribute(doc: Document, element: etree._Element, name: str) -> Finding:
    """The finding for a required attribute that libxml2 reports missing."""
    return MissingRequiredAttribute().report(
        doc, element, f"<{element.tag}> needs a {name!r} attribute", f'add {name}="..."'
    )


def classify_attribute(
    doc: Document, element: etree._Element, spec: ElementSpec, name: str
) -> Finding | None:
    """The finding for one attribute of a known element, if its name or value is wrong."""
    if name.startswith("{"):
        return _namespaced(doc, element, name)
    attribute = spec.attributes.get(name)
    tag = spec.name
    if attribute is None:
        right = same_but_case(name, spec.attributes)
        if right is not None:
            return AttributeWrongCase().report(
                doc,
                element,
                f"Restcomm ignores {name!r} on <{tag}>: attribute names are case-sensitive",
                f"write {right!r}",
                attribute=name,
                fix=rename_attribute(doc, element, name, right),
            )
        note = TWIML_ATTRIBUTES.get(name)
        if note is not None:
            return TwimlOnlyAttribute().report(
                doc,
                element,
                f"Restcomm ignores {name!r} on <{tag}> ({note})",
                f"remove {name!r}",
                attribute=name,
                fix=remove_attribute(doc, element, name, safe=False),
            )
        guess = did_you_mean(name, spec.attributes)
        return UnknownAttribute().report(
            doc,
            element,
            f"<{tag}> has no attribute {name!r}; Restcomm ignores it",
            f"did you mean {guess!r}?" if guess else f"known: {', '.join(spec.attributes)}",
            attribute=name,
            fix=rename_attribute(doc, element, name, guess, safe=False) if guess else None,
        )
    value = element.get(name) or ""
    if attribute.type.accepts(value):
        return None
    return _value_finding(doc, element, attribute, value)


def _namespaced(doc: Document, element: etree._Element, name: str) -> Finding:
    """An attribute with a namespace prefix: no RCML attribute has one."""
    qname = etree.QName(name)
    prefixes = [p for p, uri in (element.nsmap or {}).items() if uri == qname.namespace and p]
    shown = f"{prefixes[0]}:{qname.localname}" if prefixes else qname.localname
    return UnknownAttribute().report(
        doc,
        element,
        f"<{element.tag}> has no attribute {shown!r}; RCML attributes have no namespace",
        f"write {qname.localname!r} without a prefix",
        attribute=qname.localname,
    )


def _fallback(attribute: AttributeSpec) -> str:
    if attribute.default is None:
        return "Restcomm ignores it"
    return f"Restcomm uses {attribute.default!r} instead"


def _value_finding(
    doc: Document, element: etree._Element, attribute: AttributeSpec, value: str
) -> Finding:
    name, tag, vtype = attribute.name, element.tag, attribute.type
    where = f"{name}={value!r} on <{tag}>"
    if vtype.name == "Boolean":
        return InvalidBoolean().report(
            doc,
            element,
            f"{where}: Restcomm reads anything but 'true' as false",
            "write 'true' or 'false'",
            attribute=name,
            fix=_value_fix(doc, element, name, _BOOLEANS.get(value.strip().lower()), safe=False),
        )
    if vtype.base == "int":
        return InvalidInteger().report(
            doc,
            element,
            f"{where} is not an integer; {_fallback(attribute)}",
            "write a whole number, such as '10'",
            attribute=name,
            fix=_value_fix(doc, element, name, _seconds(attribute, value), safe=False),
        )
    if attribute.kind == "keys":
        return InvalidKeys().report(
            doc,
            element,
            f"{where} is not 1 to 12 keys of 0-9, * and #; Restcomm uses '#'",
            "write keys such as '#' or '*#'" + (" or '-1' for none" if tag == "Record" else ""),
            attribute=name,
        )
    if attribute.kind == "events":
        return InvalidEvents().report(
            doc,
            element,
            f"{where} is not a comma-separated list of initiated, ringing, "
            "answered, completed; no status callback fires",
            "separate events with commas: 'initiated,ringing,answered,completed'",
            attribute=name,
            fix=_value_fix(doc, element, name, _events(vtype, value)),
        )
    if attribute.kind == "tts-language":
        guess = did_you_mean(value, vtype.enumeration) or (
            value.split("-")[0].lower()
            if value.split("-")[0].lower() in vtype.enumeration
            else None
        )
        right = same_but_case(value.strip(), vtype.enumeration)
        return UnknownTtsLanguage().report(
            doc,
            element,
            f"{where}: the text-to-speech engine has no such language; Restcomm speaks it as 'en'",
            f"did you mean {guess!r}?"
            if guess
            else f"choose one of {', '.join(vtype.enumeration)}",
            attribute=name,
            fix=_value_fix(doc, element, name, right or guess, safe=right is not None),
        )
    allowed = vtype.choices
    guess = did_you_mean(value, allowed) if allowed else None
    right = same_but_case(value.strip(), allowed)
    fix = _value_fix(doc, element, name, right or guess, safe=right is not None)
    if attribute.fails_when_invalid:
        return InvalidValue().report(
            doc,
            element,
            f"{where} is not accepted; Restcomm fails the request",
            f"write {choices(repr(a) for a in allowed)}" if allowed else None,
            attribute=name,
            severity=Severity.ERROR,
            fix=fix,
        )
    if attribute.invalid == "no-callback":
        # VoiceInterpreter.java:2380-2382 passes it on unchecked; Call.java:611 requests the
        # callback with it and the Downloader refuses any method but GET and POST.
        return InvalidValue().report(
            doc,
            element,
            f"{where} is not accepted; Restcomm uses it as written and every status callback "
            "of this leg fails",
            f"write {choices(repr(a) for a in allowed)}" if allowed else None,
            attribute=name,
        )
    hint = (
        f"did you mean {guess!r}?"
        if guess
        else (f"write {choices(repr(a) for a in allowed)}" if allowed else vtype.doc or None)
    )
    return InvalidValue().report(
        doc,
        element,
        f"{where} is not accepted; {_fallback(attribute)}",
        hint,
        attribute=name,
        fix=fix,
    )


_BOOLEANS = {"yes": "true", "on": "true", "1": "true", "no": "false", "off": "false", "0": "false"}
_SECONDS = re.compile(r"\s*([+-]?[0-9]+)\s*(?:s|secs?|seconds?)\s*", re.IGNORECASE)
_LIST_PATTERN = re.compile(r"\(([\w|]+)\)\( \?, \?\(\1\)\)\*")


def _value_fix(
    doc: Document, element: etree._Element, name: str, new: str | None, *, safe: bool = True
) -> Fix | None:
    return None if new is None else replace_value(doc, element, name, new, safe=safe)


def _seconds(attribute: AttributeSpec, value: str) -> str | None:
    """The number of ``10s`` or ``10 seconds``, for an attribute that counts seconds."""
    match = _SECONDS.fullmatch(value) if attribute.kind == "seconds" else None
    return match.group(1) if match else None


def _events(vtype: SimpleType, value: str) -> str | None:
    """``value`` as the comma-separated list Restcomm reads, when every item of it is a known
    event (in any case, separated by commas or white space); else None. The events are the words
    of the type's pattern, ``(a|b)( ?, ?(a|b))*``."""
    pattern = _LIST_PATTERN.fullmatch(vtype.patterns[0]) if vtype.patterns else None
    if pattern is None:
        return None
    known = {word.lower(): word for word in pattern.group(1).split("|")}
    items = [item for item in re.split(r"[\s,]+", value) if item]
    if not items or any(item.lower() not in known for item in items):
        return None
    return ",".join(known[item.lower()] for item in items)


RULES: tuple[type[Rule], ...] = (
    UnknownAttribute,
    AttributeWrongCase,
    TwimlOnlyAttribute,
    InvalidBoolean,
    InvalidValue,
    InvalidInteger,
    InvalidKeys,
    InvalidEvents,
    UnknownTtsLanguage,
    MissingRequiredAttribute,
)
