"""Linting: find files, validate each one (in parallel if asked), hand the results to a reporter.

``lint_paths`` is the library entry point behind ``rcml lint``; the CLI only parses options.
"""

from rcml.lint.api import lint_paths
from rcml.lint.config import CommandLine, ConfigError, Settings, resolve_settings
from rcml.lint.files import TargetError
from rcml.lint.result import STDIN, FileResult, Summary

__all__ = [
    "STDIN",
    "CommandLine",
    "ConfigError",
    "FileResult",
    "Settings",
    "Summary",
    "TargetError",
    "lint_paths",
    "resolve_settings",
]
