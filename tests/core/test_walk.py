"""The one folder walker: what it lists, in which order, and what it leaves out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcml.core.walk import Folder, is_partial, walk, without_partials


def _reference(root: str, inside_only: bool) -> list[Folder]:
    """The walk as its docstring describes it, one ``lstat`` per name."""
    real_root = os.path.realpath(root)
    seen = {real_root}
    result: list[Folder] = []
    pending = [(root, "")]
    while pending:
        path, relative = pending.pop()
        folders: list[str] = []
        files: list[str] = []
        others: list[str] = []
        links: list[str] = []
        for name in sorted(os.listdir(path)):
            if name.startswith("."):
                continue
            full = os.path.join(path, name)
            mode = os.lstat(full).st_mode
            if stat.S_ISREG(mode):
                files.append(name)
            elif stat.S_ISDIR(mode):
                folders.append(name)
            elif not os.path.isdir(full):  # a link to a file, a dangling link, a pipe
                files.append(name)
                others.append(name)
            elif inside_only:  # a link to a folder: walked once, and only inside the root
                links.append(name)
        if inside_only:
            seen.update(os.path.realpath(os.path.join(path, name)) for name in folders)
            for name in links:  # after the real folders of the same listing
                real = os.path.realpath(os.path.join(path, name))
                if real not in seen and (real + os.sep).startswith(real_root + os.sep):
                    seen.add(real)
                    folders.append(name)
            folders.sort()
        result.append(Folder(path, relative, folders, files, others))
        joined = path + os.sep if path not in (".", "") else ""
        pending.extend((joined + name, f"{relative}{name}/") for name in reversed(folders))
    return result


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "menus" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    for name in ("b.xml", "a.xml", "_header.xml.j2", ".env", "Z.xml", "menus/m.xml"):
        (root / name).write_text("<Response/>")
    (root / "menus" / "deep" / "d.xml").write_text("<Response/>")
    (root / ".git" / "config").write_text("")
    (root / "link.xml").symlink_to(root / "a.xml")
    (root / "dangling.xml").symlink_to(root / "missing.xml")
    (root / "again").symlink_to(root / "menus")  # the same folder twice: walked as menus
    (root / "outside").symlink_to(tmp_path)  # a folder outside the root
    os.mkfifo(root / "pipe.xml")
    return root


@pytest.mark.parametrize("inside_only", [False, True])
def test_the_walk_lists_what_its_docstring_says(tree: Path, inside_only: bool) -> None:
    walked = list(walk(str(tree), inside_only=inside_only))
    assert walked == _reference(str(tree), inside_only)
    top = walked[0]
    assert top.files == [
        "Z.xml", "_header.xml.j2", "a.xml", "b.xml", "dangling.xml", "link.xml", "pipe.xml"
    ]  # fmt: skip
    assert top.others == ["dangling.xml", "link.xml", "pipe.xml"]
    assert top.folders == ["menus"]
    assert [folder.relative for folder in walked] == ["", "menus/", "menus/deep/"]


def test_the_current_folder_is_walked_with_bare_names(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    walked = list(walk("."))
    assert [folder.path for folder in walked] == [".", "menus", "menus/deep"]
    assert walked == _reference(".", inside_only=False)


@settings(max_examples=25, deadline=None)
@given(st.sets(st.text("ab_.-Z9", min_size=1, max_size=6), max_size=12))
def test_names_come_sorted_without_hidden_ones(
    tmp_path_factory: pytest.TempPathFactory, names: set[str]
) -> None:
    root = tmp_path_factory.mktemp("names")
    names = {name for name in names if name not in (".", "..")}
    for name in names:
        (root / name).write_text("")
    (top,) = walk(str(root))
    assert top.files == sorted(name for name in names if not name.startswith("."))
    assert without_partials(top.files) == [name for name in top.files if not is_partial(name)]
