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

__version__ = "0.1.0"

__all__ = [
    "CONTEXTS",
    "Context",
    "Finding",
    "InvalidDocumentError",
    "Limits",
    "RcmlError",
    "Severity",
    "__version__",
    "assert_valid",
    "is_valid",
    "validate",
    "validate_file",
]
