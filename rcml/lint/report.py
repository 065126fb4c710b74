"""``report_text``: a list of results as ``rcml lint`` prints them, in one string.

For callers that hold findings already (``rcml serve`` and ``rcml build`` report a site's findings
this way); ``rcml lint`` itself streams through :mod:`rcml.lint.reporters`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from rcml.lint.reporters.base import RunInfo
from rcml.lint.reporters.text import TextReporter
from rcml.lint.result import FileResult, Summary


def report_text(results: Iterable[FileResult]) -> str:
    """The text report (one line per finding, then the summary line) of ``results``."""
    out = io.StringIO()
    reporter = TextReporter(out, RunInfo())
    summary = Summary()
    reporter.start()
    for result in results:
        summary.add(result)
        reporter.file(result)
    reporter.finish(summary)
    return out.getvalue()
