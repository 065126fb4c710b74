"""The validation engine: the hardened parse, the prefilter, the XSD and the rules, in one run.

``rcml.validate()`` (the function) is this package's :func:`validate`; :func:`check_document` is
the same run with the document's suppression comments applied, which is what every command
(lint, serve, build) reports.
"""

from rcml.engine.engine import assert_valid, is_valid, validate, validate_file
from rcml.engine.suppress import check_document

__all__ = ["assert_valid", "check_document", "is_valid", "validate", "validate_file"]
