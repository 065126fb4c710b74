"""Glob patterns for configuration: ``*`` within a folder, ``**`` across folders.

A pattern with a ``/`` is matched against the path relative to the configuration's folder
(``waits/*.xml``, ``legacy/**``); a pattern without one is matched against the file name alone
(``*.xml.j2``), wherever the file is. ``fnmatch`` is not used because its ``*`` crosses folders.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """A regular expression matching what ``pattern`` matches."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, relative: str, *, folders: bool = False) -> bool:
    """True when ``relative`` (a POSIX path, relative to the config folder) matches ``pattern``.

    A pattern naming a folder (``legacy/``, ``vendor/**``) matches everything inside it. With
    ``folders``, a pattern without ``/`` (``build``) also matches any folder on the way.
    """
    pattern = pattern.removeprefix("./")
    stripped = pattern.rstrip("/")
    if "/" not in stripped:
        regex = compile_glob(stripped)
        parts = relative.split("/")
        return any(regex.match(part) for part in (parts if folders else parts[-1:]))
    if compile_glob(stripped).match(relative):
        return True
    return compile_glob(stripped + "/**").match(relative) is not None


def any_match(patterns: tuple[str, ...], relative: str, *, folders: bool = False) -> bool:
    return any(glob_match(p, relative, folders=folders) for p in patterns)
