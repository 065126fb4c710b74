"""``rcml lint --site``: the site check that ``rcml serve`` runs at start, as lint results.

The findings are :func:`rcml.site.load_site`'s, so ``rcml lint --site DIR`` fails (with the default
selection) exactly when ``rcml serve DIR`` refuses to start, with the same findings at the same
lines; the selection and per-file ignores of the configuration then apply as to any file.
"""

from __future__ import annotations

from collections.abc import Iterator

from rcml.core.options import Limits
from rcml.lint.config import Settings
from rcml.lint.files import TargetError
from rcml.lint.result import FileResult
from rcml.site import load_site


def shown_path(folder: str, relpath: str) -> str:
    """A site file's path as the user would write it: ``app/menu.xml``, never ``./menu.xml``."""
    if folder in (".", "./", ""):
        return relpath
    return folder.rstrip("/") + "/" + relpath


def site_results(settings: Settings, limits: Limits) -> Iterator[FileResult]:
    """One result per file of each site folder, with the settings' selection applied."""
    for folder in settings.site:
        try:
            site = load_site(folder, context=settings.context, limits=limits)
        except OSError as exc:
            raise TargetError(f"{folder}: {exc.strerror or exc}") from None
        for relpath, found in site.findings.items():
            path = shown_path(folder, relpath)
            ignored = settings.ignored_for(path)
            kept = tuple(f for f in found if settings.reports(f.code, ignored))
            yield FileResult(path, kept)
