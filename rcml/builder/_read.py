"""Typed reading of attribute values: what the generated properties (``gather.num_digits``)
return for the string an element holds.

A value of the attribute's type (as the schema and Restcomm read it: ``" 5 "`` is 5, ``"TRUE"``
is True) comes back as ``int``, ``bool`` or a list of words; any other value comes back as the
string written, so nothing is lost and an invalid document stays readable; an absent attribute
is None. The string itself is always in ``element.attributes``.
"""

from __future__ import annotations

from collections.abc import Callable

from rcml.schema import SimpleType, load_schema


def _kind(element: str, attribute: str) -> SimpleType | None:
    spec = load_schema().elements.get(element)
    attr = spec.attributes.get(attribute) if spec is not None else None
    return attr.type if attr is not None else None


def int_reader(element: str, attribute: str) -> Callable[[str | None], int | str | None]:
    """``"30"`` -> 30; a value that is not an int of the attribute's type stays as written."""
    kind = _kind(element, attribute)

    def read(value: str | None) -> int | str | None:
        if value is None or kind is None or not kind.accepts(value):
            return value
        return int(kind.normalise(value))

    return read


def bool_reader(element: str, attribute: str) -> Callable[[str | None], bool | str | None]:
    """``"true"`` (any case) -> True, ``"false"`` -> False; anything else stays as written."""
    kind = _kind(element, attribute)

    def read(value: str | None) -> bool | str | None:
        if value is None or kind is None or not kind.accepts(value):
            return value
        return kind.normalise(value).lower() == "true"

    return read


def list_reader(element: str, attribute: str) -> Callable[[str | None], list[str] | str | None]:
    """``"initiated, answered"`` -> ``["initiated", "answered"]``, when every word is one the
    attribute takes; anything else stays as written."""
    kind = _kind(element, attribute)

    def read(value: str | None) -> list[str] | str | None:
        if value is None or kind is None or not kind.accepts(value):
            return value
        return [word.strip(" ") for word in kind.normalise(value).split(",")]

    return read
