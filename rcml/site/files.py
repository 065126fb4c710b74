"""Which files of a folder a site is made of: a careful walk that never leaves the root.

Dotfiles and dot-folders are skipped, and so is anything whose real path (after following
symlinks) is outside the root, so a symlink cannot smuggle ``/etc/passwd`` into a site. Names
that no request could safely reach (a backslash, a control character) are skipped too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rcml.templating import TEMPLATE_SUFFIX

Kind = Literal["document", "template", "media"]

MEDIA_TYPES: dict[str, str] = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
}
XML_TYPE = "application/xml; charset=utf-8"
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\\]")


@dataclass(frozen=True, order=True)
class SiteFile:
    """One file that the site serves: its path under the root and the route it answers at."""

    route: str  # "/dir/name.xml" (a template answers without its ".j2")
    relpath: str  # "dir/name.xml.j2", with "/" separators
    kind: Kind
    path: Path


def kind_of(name: str) -> Kind | None:
    """What a file is by its name, or None when the site does not serve it."""
    lower = name.lower()
    if lower.endswith(TEMPLATE_SUFFIX):
        return "template"
    if lower.endswith(".xml"):
        return "document"
    if os.path.splitext(lower)[1] in MEDIA_TYPES:
        return "media"
    return None


def content_type(relpath: str) -> str:
    """The Content-Type a file is served with (documents and templates: XML, UTF-8)."""
    return MEDIA_TYPES.get(os.path.splitext(relpath.lower())[1], XML_TYPE)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(root)
    except OSError:
        return False


def site_files(root: Path) -> list[SiteFile]:
    """Every file the site under ``root`` serves, sorted by route."""
    real_root = root.resolve(strict=True)
    found: list[SiteFile] = []
    seen = {real_root}  # real folders already walked: a symlink loop is walked once
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = Path(folder)
        keep = []
        for name in sorted(dirs):
            sub = here / name
            if name.startswith(".") or _UNSAFE_NAME.search(name) or not _inside(sub, real_root):
                continue
            real = sub.resolve()
            if real not in seen:
                seen.add(real)
                keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            kind = kind_of(name)
            path = here / name
            if (
                kind is None
                or name.startswith(".")
                or _UNSAFE_NAME.search(name)
                or not path.is_file()
                or not _inside(path, real_root)
            ):
                continue
            relpath = path.relative_to(root).as_posix()
            route = "/" + (relpath[: -len(".j2")] if kind == "template" else relpath)
            found.append(SiteFile(route, relpath, kind, path))
    found.sort()
    return found
