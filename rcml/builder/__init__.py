"""Build RCML in Python, and read it back: a typed object model generated from the schema.

``Response()`` has one method per verb; each returns the new element, which has one method per
child the schema allows in it. Every keyword is checked at the call. ``parse()`` reads a document
back into the same model, keeping source positions; each element has a typed property per
attribute (``gather.num_digits``).
"""

from rcml.builder._comment import Comment
from rcml.builder._element import Element
from rcml.builder._errors import BuildError, BuildWarning, ChildNotAllowedError
from rcml.builder._generated import *  # noqa: F403
from rcml.builder._generated import __all__ as _generated_all
from rcml.builder._parse import parse

__all__ = [
    "BuildError",
    "BuildWarning",
    "ChildNotAllowedError",
    "Comment",
    "Element",
    "parse",
    *_generated_all,
]
