"""rcml: generate, lint and serve RCML, the Restcomm Markup Language.

The public API is what this module exports; everything else may change.
"""

from typing import TYPE_CHECKING, Any

from rcml.core import CONTEXTS, Context, Finding, Limits, Severity
from rcml.core.errors import InvalidDocumentError, RcmlError
from rcml.core.version import VERSION
from rcml.engine import assert_valid, is_valid, validate, validate_file

if TYPE_CHECKING:
    from rcml.builder import (
        BuildError,
        BuildWarning,
        ChildNotAllowedError,
        Element,
        Response,
        parse,
    )

__version__ = VERSION

# The builder's names are loaded on first use (PEP 562): `rcml lint` never needs the builder, and
# importing it costs every command's start-up about 15 ms.
_BUILDER_NAMES = frozenset(
    {"BuildError", "BuildWarning", "ChildNotAllowedError", "Element", "Response", "parse"}
)


def __getattr__(name: str) -> Any:
    if name in _BUILDER_NAMES or name == "builder":
        import rcml.builder  # also binds rcml.builder, as the eager import did

        value = rcml.builder if name == "builder" else getattr(rcml.builder, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rcml' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_BUILDER_NAMES})


__all__ = [
    "CONTEXTS",
    "BuildError",
    "BuildWarning",
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
