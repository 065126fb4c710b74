"""Validation: the hardened parser, the XSD and the rules, behind one engine."""

from rcml.validate.engine import assert_valid, is_valid, validate, validate_file
from rcml.validate.findings import Finding, Severity
from rcml.validate.options import CONTEXTS, Context, Limits

__all__ = [
    "CONTEXTS",
    "Context",
    "Finding",
    "Limits",
    "Severity",
    "assert_valid",
    "is_valid",
    "validate",
    "validate_file",
]
