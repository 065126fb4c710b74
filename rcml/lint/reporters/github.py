"""``--format github``: GitHub Actions workflow commands, which annotate the pull request.

One ``::error``, ``::warning`` or ``::notice`` line per finding, escaped as the runner expects
(``%``, CR and LF everywhere; ``:`` and ``,`` in properties too), then the summary line.
"""

from __future__ import annotations

from rcml.lint.reporters.base import Reporter, register
from rcml.lint.result import FileResult, Summary

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@register
class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions workflow commands (::error file=...,line=...::message)"

    def file(self, result: FileResult) -> None:
        path = escape_property(result.display)
        if result.read_error is not None:
            message = escape_data(f"cannot read: {result.read_error}")
            self.stream.write(f"::error file={path},title=rcml::{message}\n")
            return
        for f in result.findings:
            hint = f" ({f.hint})" if f.hint else ""
            title = escape_property(f"{f.code} [{f.severity.value}]")
            self.stream.write(
                f"::{_LEVELS[f.severity.value]} file={path},line={f.line},col={f.column},"
                f"title={title}::{escape_data(f.message + hint)}\n"
            )

    def finish(self, summary: Summary) -> None:
        if not self.info.quiet:
            self.stream.write(summary.line() + "\n")
