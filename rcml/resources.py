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
    # An installed wheel on a file system has the folder inside the package, and an editable
    # install is the checkout; importlib.resources (slow to import: tempfile, shutil, ...) would
    # name the same folders, so it is asked only when neither exists (a zipped install).
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    from importlib import resources

    installed = resources.files("rcml") / name
    if installed.is_dir():
        return Path(str(installed))
    raise FileNotFoundError(f"rcml data folder {name!r} is missing from this installation")


def schema_file() -> Path:
    """The path of ``rcml.xsd``."""
    return data_dir("schemas") / "rcml.xsd"
