"""Python names for RCML names: builder methods for elements, keywords for attributes."""

from __future__ import annotations

import keyword
import re


def method_name(tag: str) -> str:
    """The builder method that adds ``tag``: ``UssdMessage`` -> ``ussd_message``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", tag).lower()


def python_name(attribute: str) -> str:
    """The keyword for an XML attribute: ``finishOnKey`` -> ``finish_on_key``, ``from`` ->
    ``from_``."""
    name = method_name(attribute)
    return name + "_" if keyword.iskeyword(name) else name
