"""The directory walk finds exactly what ``os.walk`` and the globs say, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rcml.lint import CommandLine, collect_targets, resolve_settings
from rcml.lint._globs import any_match, compile_glob
from rcml.lint.config import Settings
from rcml.rules import RULES_BY_CODE

CODES = list(RULES_BY_CODE)

NAMES = [
    "a.xml",
    "b.xml.j2",
    "c.XML",
    "d.txt",
    ".hidden.xml",
    "z/y.xml",
    "z/x.rcml",
    "app/one.rcml",
    "app/deep/two.rcml",
    "app/deep/three.xml",
    "build/gen.xml",
    "src/build/gen.xml",
    ".git/config.xml",
    "folder.xml/inside.xml",  # a folder whose name matches: walked into, not linted
    "m/" + "n" * 40 + ".xml",
]


def _oracle(folder: Path, settings: Settings) -> list[str]:
    """What the walk must find, written the slow and obvious way: ``os.walk`` and a glob per
    name."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = settings.relative(root)
        prefix = "" if base == "." else base + "/"
        dirs[:] = [
            d
            for d in sorted(dirs)
            if not d.startswith(".") and not any_match(settings.exclude, prefix + d, folders=True)
        ]
        for name in sorted(files):
            relative = prefix + name
            wanted = any(
                compile_glob(p).match(name) if "/" not in p else any_match((p,), relative)
                for p in settings.include
            )
            if (
                not name.startswith(".")
                and wanted
                and not any_match(settings.exclude, relative, folders=True)
            ):
                found.append(os.path.join(root, name))
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name in NAMES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("<Response/>")
    os.symlink(root / "app", root / "linked")  # a link to a folder: listed, never followed
    os.symlink(root / "nowhere", root / "dangling.xml")  # found; reading it fails later
    os.symlink(root / "a.xml", root / "alias.xml")
    return root


@pytest.mark.parametrize(
    ("include", "exclude"),
    [
        (None, ()),
        (None, ("build", "*.j2")),
        (("*.rcml", "site/app/**/*.xml"), ()),
        (("*.x?l", "[ab].*"), ("z/",)),
        (("site/app/*.rcml",), ()),
        (("*",), ("m/**",)),
    ],
)
def test_walk_finds_what_os_walk_and_the_globs_find(
    folder: Path,
    include: tuple[str, ...] | None,
    exclude: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(folder.parent)
    settings = resolve_settings(CommandLine(exclude=exclude), CODES, isolated=True)
    if include is not None:
        settings = settings._replace(include=include)
    for start in ("site", str(folder), "site/"):
        found = [t.path for t in collect_targets([start], settings)]
        assert found == _oracle(Path(start), settings)
        assert all(os.path.lexists(p) for p in found)


def test_default_walk_exactly(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    settings = resolve_settings(CommandLine(), CODES, isolated=True)
    assert [t.path for t in collect_targets(["site"], settings)] == [
        "site/a.xml",
        "site/alias.xml",
        "site/b.xml.j2",
        "site/dangling.xml",
        "site/app/deep/three.xml",
        "site/build/gen.xml",
        "site/folder.xml/inside.xml",
        "site/m/" + "n" * 40 + ".xml",
        "site/src/build/gen.xml",
        "site/z/y.xml",
    ]


def test_several_paths_keep_their_order_without_duplicates(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    settings = resolve_settings(CommandLine(), CODES, isolated=True)
    found = [t.path for t in collect_targets(["site/z/y.xml", "site/z", "site/a.xml"], settings)]
    assert found == ["site/z/y.xml", "site/a.xml"]
