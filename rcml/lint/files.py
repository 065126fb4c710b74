"""Which files ``rcml lint`` reads: files as given, directories searched, ``-`` for stdin.

Directories are searched (:func:`rcml.core.walk.walk`: sorted, hidden names skipped, links to
folders not followed) for the ``include`` globs (``*.xml`` and ``*.xml.j2`` by default), leaving
out what ``exclude`` matches, the folders of other tools (:data:`SKIPPED_FOLDERS`: virtual
environments, dependencies, build output) and, with ``respect-gitignore`` (the default), what
git ignores. Files whose name starts with ``_`` are partials (as in a site): a walk leaves them
out, since they are checked through the templates that include them. A file found by a walk is
*walked*: it is skipped, not reported, if its root element is not ``<Response>`` (a Maven
``pom.xml``, an Android layout).

A file named on the command line is linted whatever its name, its root element or git says;
only ``exclude`` applies to it, so that a pre-commit hook, which names every changed file,
honours the project's configuration. ``--force-exclude`` treats named files as walked ones
(the pre-commit hook uses it).

Nothing met on the way stops the run or passes in silence: a folder that cannot be listed or a
path that cannot be looked at (no permission, longer than the system allows, a loop of links) is
a problem reported in its place, like a file that cannot be read. Whether a target is a regular
file is decided when it is read (:func:`rcml.core.reading.read_file_and_stat`), so that a pipe
is never opened.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from rcml.core.walk import is_partial, join, walk, without_partials
from rcml.lint.config import Settings
from rcml.lint.patterns import (
    Chain,
    above,
    compile_patterns,
    hidden_or_skipped,
    ignored,
    ignores_the_root,
    matches,
    own,
)
from rcml.lint.result import STDIN, describe_error

TEMPLATE_SUFFIX = ".xml.j2"  # rcml.templating.TEMPLATE_SUFFIX, without importing Jinja2
SKIPPED_FOLDERS = ("venv", "node_modules", "build", "dist", "site-packages")
"""Folders a walk never enters, besides hidden ones (``.git``, ``.venv``, ``.tox``, ``.nox``):
other tools' files. A folder named on the command line is walked all the same."""


class TargetError(Exception):
    """A path given on the command line cannot be used (missing, or a folder with no document)."""


class Targets(NamedTuple):
    """What a run checks: paths in order, the problems met on the way (path: why it cannot be
    linted, each also in ``paths`` at its place), the paths found by a walk, and those of them
    that the folder's listing showed as regular files (read without a ``stat`` first)."""

    paths: list[str]
    problems: dict[str, str]
    walked: set[str]
    listed: set[str]


def plain_suffixes(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """The endings of ``patterns`` when each is ``*`` then a plain ending (``*.xml``,
    ``*.xml.j2``, the default), else None.

    Such a pattern matches, as in ``.gitignore``, a path one of whose names ends so: a file's,
    or a folder's on the way to it. A walk tests that with ``str.endswith`` on each name, instead
    of a pathspec call for each file (a tenth of the time of checking a small document).
    """
    endings = [pattern[1:] for pattern in patterns if pattern.startswith("*")]
    plain = all(ending and not any(c in ending for c in "*?[]/\\!") for ending in endings)
    return tuple(endings) if plain and len(endings) == len(patterns) else None


def _include_filter(patterns: tuple[str, ...]) -> Callable[[str, list[str]], list[str]]:
    """``filter(folder, names)``: the names of a folder's files that ``patterns`` include
    (``folder`` is relative to the configuration, ending with ``/``)."""
    suffixes = plain_suffixes(patterns)
    if suffixes is None:
        spec = compile_patterns(patterns)
        return lambda folder, names: [name for name in names if spec.match_file(folder + name)]

    def by_ending(folder: str, names: list[str]) -> list[str]:
        if any(part.endswith(suffixes) for part in folder.split("/")):
            return names  # inside a folder the patterns match: all of it
        return [name for name in names if name.endswith(suffixes)]

    return by_ending


def _walk(root: str, settings: Settings, targets: Targets) -> int:
    """Add the documents under ``root`` to ``targets``; returns how many were found."""
    included = _include_filter(settings.include)
    exclude = compile_patterns(settings.exclude) if settings.exclude else None
    gitignore = settings.respect_gitignore
    base = settings.relative(root)
    base = "" if base == "." else base + "/"  # folders' paths relative to the configuration
    # named, so walked: the .gitignore files above that ignore the folder itself are left out
    outer = tuple(item for item in above(root) if not ignores_the_root(item)) if gitignore else ()
    chains: dict[str, Chain] = {"": outer}
    count = 0

    def unlistable(path: str, exc: OSError) -> None:
        targets.paths.append(path)
        targets.problems[path] = describe_error(exc)

    for folder in walk(root, on_error=unlistable):
        chain = chains.pop(folder.relative)
        if gitignore:
            chain = own(chain, folder.path, folder.relative)
        prefix = base + folder.relative
        folder.folders[:] = [
            name
            for name in folder.folders
            if name not in SKIPPED_FOLDERS
            and not (exclude and exclude.match_file(f"{prefix}{name}/"))
            and not (chain and ignored(chain, f"{folder.relative}{name}/"))
        ]
        for name in folder.folders:
            chains[f"{folder.relative}{name}/"] = chain
        names = included(prefix, without_partials(folder.files))
        if exclude or chain:
            names = [
                name
                for name in names
                if not (exclude and exclude.match_file(prefix + name))
                and not (chain and ignored(chain, folder.relative + name))
            ]
        head = join(folder.path, "")  # "app/", or "" in the current folder
        found = [head + name for name in names]
        targets.paths.extend(found)
        targets.walked.update(found)
        if folder.others:  # links, pipes, devices: looked at before they are opened
            others = {head + name for name in folder.others}
            targets.listed.update(path for path in found if path not in others)
        else:
            targets.listed.update(found)
        count += len(found)
    return count


def _forced_out(path: str, settings: Settings) -> bool:
    """With ``--force-exclude``: whether a walk would have left the named file ``path`` out."""
    if hidden_or_skipped(settings.relative(path), SKIPPED_FOLDERS):
        return True
    if is_partial(os.path.basename(path)):
        return True
    if not settings.respect_gitignore:
        return False
    folder, name = os.path.split(path)
    folder = folder or "."
    outer = above(folder)
    return any(map(ignores_the_root, outer)) or ignored(own(outer, folder, ""), name)


def collect(paths: list[str], settings: Settings) -> Targets:
    """What ``rcml lint`` checks: the files named by ``paths`` in a stable order without
    duplicates, the problems met on the way (such as ``permission denied`` or ``file name too
    long``), and which files a walk found.

    Raises TargetError for a path that does not exist or a folder holding no document (and no
    problem to report).
    """
    targets = Targets([], {}, set(), set())
    named: set[str] = set()
    for raw in paths:
        if raw == STDIN:
            targets.paths.append(STDIN)
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(raw).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            if not os.path.islink(raw):
                raise TargetError(f"{raw}: no such file or directory") from None
            is_dir = False  # a dangling link: reported when it cannot be read
        except OSError as exc:  # no permission, a loop of links, a name too long
            targets.paths.append(raw)
            targets.problems[raw] = describe_error(exc)
            continue
        except ValueError:  # a NUL byte in the name
            raise TargetError(f"{raw!r}: not a valid path") from None
        if is_dir:
            before = len(targets.problems)
            found = _walk(os.fspath(Path(raw)), settings, targets)  # "./a/" walked as "a"
            if not found and len(targets.problems) == before:
                wanted = " or ".join(settings.include)
                raise TargetError(f"{raw}: no {wanted} documents in this directory")
        elif not matches(settings.exclude, settings.relative(raw)):
            if settings.force_exclude:
                if _forced_out(raw, settings):
                    continue
                targets.walked.add(raw)
            else:
                named.add(raw)
            targets.paths.append(raw)
    if len(paths) > 1 and len(targets.paths) != len(set(targets.paths)):  # the same files twice
        targets.paths[:] = dict.fromkeys(targets.paths)
    targets.walked.difference_update(named)  # named, so linted whatever it holds
    return targets
