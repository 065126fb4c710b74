"""The directory walk finds exactly what ``os.walk`` and the globs say, in the same order; it
leaves out other tools' folders and what git ignores; paths print as given."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pathspec import GitIgnoreSpec

from rcml.lint import CommandLine, resolve_settings
from rcml.lint.config import Settings
from rcml.lint.files import SKIPPED_FOLDERS, TargetError, collect, plain_suffixes
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
    "src/dist/gen.xml",
    "node_modules/pkg/gen.xml",
    "venv/lib/site-packages/gen.xml",
    ".git/config.xml",
    ".venv/gen.xml",
    "folder.xml/inside.xml",  # a folder whose name matches: walked into, not linted
    "folder.xml/inside.txt",  # ... and, as in .gitignore, what it holds matches "*.xml"
    "m/" + "n" * 40 + ".xml",
    "_partial.xml",  # partials: checked through the templates that include them
    "app/deep/_header.xml.j2",
]


def _oracle(folder: Path, settings: Settings) -> list[str]:
    """What the walk must find, written the slow and obvious way: ``os.walk``, and each path
    matched whole against the globs."""
    include = GitIgnoreSpec.from_lines(settings.include)
    exclude = GitIgnoreSpec.from_lines(settings.exclude)
    found = []
    for root, dirs, files in os.walk(folder):
        base = settings.relative(root)
        prefix = "" if base == "." else base + "/"
        dirs[:] = [
            d
            for d in sorted(dirs)
            if not d.startswith(".")
            and d not in SKIPPED_FOLDERS
            and not exclude.match_file(prefix + d + "/")
        ]
        for name in sorted(files):
            relative = prefix + name
            if (
                not name.startswith((".", "_"))
                and include.match_file(relative)
                and not exclude.match_file(relative)
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


def _settings(**command_line: object) -> Settings:
    return resolve_settings(CommandLine(**command_line), CODES, isolated=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("include", "exclude"),
    [
        (None, ()),
        (None, ("build", "*.j2")),
        (("*.rcml", "*l"), ()),
        (("*.xml", "*.XML"), ("z",)),
        (("*.rcml", "site/app/**/*.xml"), ()),
        (("*.x?l", "[ab].*"), ("z/",)),
        (("site/app/*.rcml",), ()),
        (("*",), ("m/**",)),
        (("*", "!*.txt"), ("/site/z", "deep/")),
    ],
)
def test_walk_finds_what_os_walk_and_the_globs_find(
    folder: Path,
    include: tuple[str, ...] | None,
    exclude: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(folder.parent)
    settings = _settings(exclude=exclude)
    if include is not None:
        settings = settings._replace(include=include)
    for start in ("site", str(folder), "site/"):
        found = collect([start], settings).paths
        assert found == _oracle(Path(start), settings)
        assert all(os.path.lexists(p) for p in found)


@pytest.mark.parametrize(
    ("patterns", "endings"),
    [
        (("*.xml", "*.xml.j2"), (".xml", ".xml.j2")),
        (("*l",), ("l",)),
        (("*.xml", "a/*.xml"), None),
        (("*",), None),
        (("*.x?l",), None),
        (("*[.]xml",), None),
        (("x.xml",), None),
        (("!*.xml",), None),
    ],
)
def test_plain_suffixes(patterns: tuple[str, ...], endings: tuple[str, ...] | None) -> None:
    assert plain_suffixes(patterns) == endings


def test_default_walk_exactly(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    assert collect(["site"], _settings()).paths == [
        "site/a.xml",
        "site/alias.xml",
        "site/b.xml.j2",
        "site/dangling.xml",
        "site/app/deep/three.xml",
        "site/folder.xml/inside.txt",
        "site/folder.xml/inside.xml",
        "site/m/" + "n" * 40 + ".xml",
        "site/z/y.xml",
    ]


def test_the_current_folder_prints_without_dot_slash(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    expected = ["a.xml", "alias.xml", "b.xml.j2", "dangling.xml", "app/deep/three.xml"]
    for start in (".", "./"):
        assert collect([start], _settings()).paths[:5] == expected
    assert collect(["./z"], _settings()).paths == ["z/y.xml"]
    assert collect(["./z/y.xml"], _settings()).paths == ["./z/y.xml"]  # named: as given


def test_skipped_folders_are_walked_when_named(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    assert collect(["build"], _settings()).paths == ["build/gen.xml"]
    assert collect(["node_modules/pkg/gen.xml"], _settings()).paths == ["node_modules/pkg/gen.xml"]


def test_several_paths_keep_their_order_without_duplicates(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    targets = collect(["site/z/y.xml", "site/z", "site/a.xml"], _settings())
    assert targets.paths == ["site/z/y.xml", "site/a.xml"]
    assert targets.walked == set()  # named first: linted whatever it holds


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_gitignore_files_are_respected_deepest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*.out.xml\n/top.xml\n",
            "top.xml": "",
            "keep.xml": "",
            "a.out.xml": "",
            "generated/x.xml": "",
            "app/top.xml": "",  # "/top.xml" is anchored to the root's folder
            "app/.gitignore": "local.xml\n!b.out.xml\n",
            "app/local.xml": "",
            "app/b.out.xml": "",  # taken back by the deeper file
            "app/c.out.xml": "",
            "other/local.xml": "",  # app's .gitignore does not reach here
        },
    )
    monkeypatch.chdir(tmp_path)
    found = collect(["."], _settings()).paths
    assert found == ["keep.xml", "app/b.out.xml", "app/top.xml", "other/local.xml"]
    everything = collect(["."], _settings(respect_gitignore=False)).paths
    assert len(everything) == 9
    assert collect(["generated/x.xml"], _settings()).paths == ["generated/x.xml"]  # named


def test_gitignore_above_the_walked_folder_counts_up_to_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "*.xml\n",  # outside the repository: not read
            "repo/.gitignore": "app/skip.xml\nold/\n",
            "repo/.git/info/exclude": "private.xml\n",
            "repo/app/skip.xml": "",
            "repo/app/private.xml": "",
            "repo/app/old/x.xml": "",
            "repo/app/keep.xml": "",
        },
    )
    monkeypatch.chdir(tmp_path / "repo")
    assert collect(["app"], _settings()).paths == ["app/keep.xml"]
    monkeypatch.chdir(tmp_path / "repo" / "app")
    assert collect(["."], _settings()).paths == ["keep.xml"]


def test_force_exclude_filters_named_files_as_a_walk_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "ignored.xml\n",
            ".git/HEAD": "",
            "ignored.xml": "",
            "menu.xml": "",
            "pom.xml": "",
            "build/gen.xml": "",
            ".github/x.xml": "",
            "_partial.xml.j2": "",
        },
    )
    monkeypatch.chdir(tmp_path)
    named = ["ignored.xml", "menu.xml", "pom.xml", "build/gen.xml", ".github/x.xml"]
    named.append("_partial.xml.j2")
    assert collect(named, _settings()).paths == named
    assert collect(named, _settings()).walked == set()
    forced = collect(named, _settings(force_exclude=True))
    assert forced.paths == ["menu.xml", "pom.xml"]
    assert forced.walked == {"menu.xml", "pom.xml"}  # and so skipped if not RCML


def test_a_folder_without_documents_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(TargetError, match=r"no \*.xml or \*.xml.j2 documents"):
        collect([str(tmp_path)], _settings())


def test_a_gitignored_folder_named_on_the_command_line_is_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(
        tmp_path,
        {
            ".git/HEAD": "",
            ".gitignore": "generated/\n*.tmp.xml\nonly-a-folder.xml/\n",
            "generated/a.xml": "",
            "generated/sub/b.xml": "",
            "generated/.gitignore": "sub/\n",
            "only-a-folder.xml": "",  # a pattern ending with "/" names folders only, as in git
        },
    )
    monkeypatch.chdir(tmp_path)
    assert collect(["."], _settings()).paths == ["only-a-folder.xml"]
    assert collect(["generated"], _settings()).paths == ["generated/a.xml"]
    assert collect(["generated/sub"], _settings()).paths == ["generated/sub/b.xml"]
    forced = collect(["generated/a.xml", "only-a-folder.xml"], _settings(force_exclude=True))
    assert forced.paths == ["only-a-folder.xml"]
