"""Linting: find documents, validate each one, hand the results to a reporter."""

from rcml.lint.files import STDIN, LintTarget, collect_targets
from rcml.lint.runner import FileResult, lint_targets

__all__ = ["STDIN", "FileResult", "LintTarget", "collect_targets", "lint_targets"]
