"""``rcml lint --site``: the site check that ``rcml serve`` runs at start, as lint results.

The findings are :func:`rcml.site.load_site`'s, so ``rcml lint --site DIR`` fails (with the default
selection) exactly when ``rcml serve DIR`` refuses to start, with the same findings at the same
lines; the selection and per-file ignores of the configuration then apply as to any file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from rcml.core.options import Limits
from rcml.core.walk import join
from rcml.lint.config import Settings
from rcml.lint.files import TargetError
from rcml.lint.result import FileResult
from rcml.site import load_site


def shown_path(folder: str, relpath: str) -> str:
    """A site file's path as the user would write it, as a walk by ``rcml lint`` shows it:
    ``app/menu.xml`` for ``app/``, ``./app`` or ``app``; ``menu.xml`` for ``.``."""
    return join(os.fspath(Path(folder)), relpath)


def site_results(settings: Settings, limits: Limits) -> Iterator[FileResult]:
    """One result per document and template of each site folder (the documents ``rcml serve``
    counts), and one per media file with a finding, with the settings' selection applied."""
    for folder in settings.site:
        try:
            site = load_site(folder, context=settings.context, limits=limits)
        except OSError as exc:
            raise TargetError(f"{folder}: {exc.strerror or exc}") from None
        media = {r.relpath for r in site.resources.values() if r.kind == "media"}
        for relpath, found in site.findings.items():
            if relpath in media and not found:
                continue  # a media file is checked for its size only, not counted as a document
            path = shown_path(folder, relpath)
            ignored = settings.ignored_for(path)
            kept = tuple(f for f in found if settings.reports(f.code, ignored))
            yield FileResult(path, kept)
