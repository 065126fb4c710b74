"""Attribute values read the way Restcomm's Java reads them."""

from __future__ import annotations

import re

from rcml.sim._tags import Tag

_JAVA_INT = re.compile(r"[+-]?[0-9]+\Z")
_KEYS = re.compile(r"[*#0-9]{1,12}\Z")  # BaseVoiceInterpreter.java:156
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def java_int(text: str) -> int | None:
    """Integer.parseInt: an optional sign and ASCII digits in the int range, else None."""
    if not _JAVA_INT.match(text):
        return None
    value = int(text)
    return value if INT_MIN <= value <= INT_MAX else None


def parse_boolean(text: str) -> bool:
    """Boolean.parseBoolean: only ``true``, in any case, is true."""
    return text.lower() == "true"


def keys_valid(text: str) -> bool:
    """The pattern Restcomm accepts for finishOnKey and startInputKey: 1-12 of 0-9 * #."""
    return bool(_KEYS.match(text))


def present(verb: Tag, name: str) -> str | None:
    """The attribute's value when it is present and not empty (the usual Java guard)."""
    value = verb.attr(name)
    return value if value else None
