"""The validation engine: the hardened parse, the prefilter, the XSD and the rules, in one run.

``rcml.validate()`` (the function) is this package's :func:`validate`.
"""

from rcml.engine.engine import assert_valid, is_valid, validate, validate_file

__all__ = ["assert_valid", "is_valid", "validate", "validate_file"]
