"""Fixtures for the lint tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.lint.lint_testing import DATA


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample tree copied to ``tmp_path/tree``, plus a dangling link ``gone.xml``; the
    current folder is ``tmp_path`` so that reported paths are ``tree/...``."""
    root = tmp_path / "tree"
    shutil.copytree(DATA / "tree", root)
    os.symlink(root / "missing-target", root / "gone.xml")
    monkeypatch.chdir(tmp_path)
    return root
