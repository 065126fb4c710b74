"""rcml: generate, lint and serve RCML, the Restcomm Markup Language.

The public API is what this module exports; everything else may change.
"""

from rcml.errors import InvalidDocumentError, RcmlError
from rcml.validate import (
    CONTEXTS,
    Context,
    Finding,
    Limits,
    Severity,
    assert_valid,
    is_valid,
    validate,
    validate_file,
)

# isort: split
# The builder after the validator: rcml.rules and rcml.validate import each other in that order.
from rcml.builder import BuildError, ChildNotAllowedError, Element, Response, parse

__version__ = "0.1.0"

__all__ = [
    "CONTEXTS",
    "BuildError",
    "ChildNotAllowedError",
    "Context",
    "Element",
    "Finding",
    "InvalidDocumentError",
    "Limits",
    "RcmlError",
    "Response",
    "Severity",
    "__version__",
    "assert_valid",
    "is_valid",
    "parse",
    "validate",
    "validate_file",
]
