"""The vocabulary every layer shares: findings, severities, contexts, limits, the document view.

Nothing here knows a rule or the engine; rules, the engine and everything above import from here.
``rcml.core.download`` and ``rcml.core.uri`` model how Restcomm fetches a URL (the request, the
redirects, the answers it accepts), with no HTTP client: the simulator and the Calls client's
preflight both run them.
"""

from rcml.core.errors import InvalidDocumentError, RcmlError
from rcml.core.findings import Finding, Severity
from rcml.core.options import CONTEXTS, Context, Limits, check_context

__all__ = [
    "CONTEXTS",
    "Context",
    "Finding",
    "InvalidDocumentError",
    "Limits",
    "RcmlError",
    "Severity",
    "check_context",
]
