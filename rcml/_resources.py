"""Locate the data that ships with rcml: the XSD and the bundled templates.

In an installed wheel both folders live inside the package (``rcml/schemas``, ``rcml/templates``).
In a source checkout they stay at the top of the repository, where they are edited, so that there
is only ever one copy of each file in git.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``schemas`` or ``templates``), installed or in the checkout."""
    inside = _PACKAGE_DIR / name  # an installed wheel, on a file system: no importlib needed
    if inside.is_dir():
        return inside
    from importlib import resources  # slow to import (tempfile, shutil, ...): only if needed

    installed = resources.files("rcml") / name
    if installed.is_dir():
        return Path(str(installed))
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"rcml data folder {name!r} is missing from this installation")


def schema_file() -> Path:
    """The path of ``rcml.xsd``."""
    return data_dir("schemas") / "rcml.xsd"
