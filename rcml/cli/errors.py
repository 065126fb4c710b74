"""The one way a command refuses: ``Error: <one line>`` on standard error and exit status 2.

Click's ``UsageError`` prints the usage banner first, which helps with a wrong option but hides
the point when the options were right and the world was not (a folder that does not exist, a
port another program holds): those are :class:`CommandError`.
"""

from __future__ import annotations

from pathlib import Path

import click


class CommandError(click.ClickException):
    """A one-line ``Error: ...`` and exit status 2, without the usage banner."""

    exit_code = 2


def require_folder(path: Path) -> None:
    """Raise :class:`CommandError` unless ``path`` is a folder."""
    if not path.exists():
        raise CommandError(f"{path}: no such folder")
    if not path.is_dir():
        raise CommandError(f"{path}: not a folder")
