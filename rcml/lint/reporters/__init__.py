"""The registry of output formats (``--format``): one module, one reporter, loaded when used.

Each module registers its reporter class with :func:`rcml.lint.reporters.base.register` on import;
``FORMATS`` names the modules so that choosing a format imports only that one (JSON, XML and the
rules' documentation are not loaded for a text run).
"""

from __future__ import annotations

import importlib

from rcml.lint.reporters.base import REPORTERS, Reporter, RunInfo, register

FORMATS: dict[str, str] = {
    "text": "rcml.lint.reporters.text",
    "json": "rcml.lint.reporters.data",
    "sarif": "rcml.lint.reporters.sarif",
    "junit": "rcml.lint.reporters.junit",
    "github": "rcml.lint.reporters.github",
}


def reporter_class(name: str) -> type[Reporter]:
    """The reporter for ``--format name`` (KeyError for an unknown name)."""
    if name not in REPORTERS:
        importlib.import_module(FORMATS[name])
    return REPORTERS[name]


def all_reporters() -> dict[str, type[Reporter]]:
    """Every registered reporter, by name: the built-in ones first, in ``FORMATS`` order."""
    return {name: reporter_class(name) for name in FORMATS} | REPORTERS


__all__ = ["FORMATS", "REPORTERS", "Reporter", "RunInfo", "all_reporters", "register"]
