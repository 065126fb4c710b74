"""Helpers for the lint tests (a module with a unique name, importable from any test file here)."""

from __future__ import annotations

import os
from pathlib import Path

from rcml.lint import CommandLine, Settings, resolve_settings
from rcml.rules import RULES_BY_CODE

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


def settings(cwd: Path, **command_line: object) -> Settings:
    """Settings for a run in ``cwd`` that ignores every configuration file."""
    return resolve_settings(
        CommandLine(**command_line),  # type: ignore[arg-type]
        list(RULES_BY_CODE),
        isolated=True,
        cwd=cwd,
    )


def check_golden(name: str, actual: str) -> None:
    """Compare with ``golden/name``; RCML_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("RCML_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
