"""The registry of output formats (``--format``); each module registers one reporter."""

from rcml.lint.reporters import data, github, junit, sarif, text
from rcml.lint.reporters.base import REPORTERS, Reporter, RunInfo, register

_FORMATS = (text, data, sarif, junit, github)  # each module registers its reporter on import

__all__ = ["REPORTERS", "Reporter", "RunInfo", "register"]
