"""The findings cache never touches what is not its own, and trusts nothing it did not write.

Files are located through ``Cache(...).path``, wherever a version of rcml keeps them."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rcml.cli import cli
from rcml.core.options import Limits
from rcml.lint import lint_paths
from rcml.lint.cache import FOLDER, Cache
from rcml.lint.runner import Job
from tests.lint.lint_testing import settings

OLD = time.time() - 60
BAD = "<Response><Hangup/><Say>x</Say></Response>\n"
WARN = '<Response><Say voice="alice">x</Say></Response>\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """40 documents with findings, written a minute ago (so that their stats are recorded)."""
    monkeypatch.chdir(tmp_path)
    for i in range(40):
        path = tmp_path / "docs" / f"d{i:02d}.xml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(WARN if i % 3 == 0 else BAD)
        os.utime(path, (OLD, OLD))
    return tmp_path


def _lint(cwd: Path, **options: Any) -> str:
    out = io.StringIO()
    lint_paths(["docs"], settings(cwd), out, cache=True, **options)
    return out.getvalue()


def _cache(cwd: Path, folder: Path | None = None) -> Cache:
    return Cache(folder or cwd / FOLDER, Limits())


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every name under ``folder``, with its bytes (or where a link points)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def _git(cwd: Path, *args: str) -> str:
    environment = os.environ | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cache_dir_in_a_project_deletes_and_hides_nothing(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "lint-notes.json").write_text('{"mine": true}')
    (tree / "lint-0badcafe.json").write_text("[]")
    has_git = shutil.which("git") is not None
    if has_git:
        _git(tree, "init", "-q", ".")
    for version in ("v1", "v2"):  # a second rcml version: its stale cache goes, nothing else
        monkeypatch.setattr("rcml.lint.cache.fingerprint", lambda version=version: version)
        args = ["lint", "--cache-dir", ".", "-o", "lint-report.json", "--format", "json", "docs"]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 1
        report = json.loads((tree / "lint-report.json").read_text())
        assert len(report) == 40 and {item["code"] for item in report} == {"RCML205", "RCML401"}
        assert _cache(tree, tree).get(Job("docs/d01.xml", "voice")) is not None
    assert (tree / "lint-notes.json").read_text() == '{"mine": true}'
    assert (tree / "lint-0badcafe.json").read_text() == "[]"
    assert not (tree / ".gitignore").exists()
    own = _cache(tree, tree).path.parent
    assert own != tree and [p.name for p in own.glob("lint-*.json")] == ["lint-v2.json"]
    assert (own / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55\n"
    )
    if has_git:  # the project is as visible to git as before; the cache is not
        status = _git(tree, "status", "--porcelain", "--untracked-files=all").splitlines()
        assert sorted(status) == sorted(
            ["?? lint-0badcafe.json", "?? lint-notes.json", "?? lint-report.json"]
            + [f"?? docs/d{i:02d}.xml" for i in range(40)]
        )


def test_a_folder_the_cache_did_not_make_is_left_alone(tree: Path) -> None:
    folder = tree / "mine"
    own = _cache(tree, folder).path.parent
    own.mkdir(parents=True)
    (own / "lint-12345678.json").write_text("my own notes")
    (own / "notes.txt").write_text("x")
    before = _snapshot(folder)
    first = _lint(tree, cache_dir=folder)
    assert _snapshot(folder) == before
    assert _lint(tree, cache_dir=folder) == first == _lint(tree)


def test_a_linked_cache_folder_is_not_written_through(tree: Path) -> None:
    _lint(tree)
    own = _cache(tree).path.parent
    elsewhere = tree / "elsewhere"
    shutil.copytree(own, elsewhere)  # the tag too: only the link makes it not the cache's own
    for stale in elsewhere.glob("lint-*.json"):
        stale.unlink()
    shutil.rmtree(own)
    os.symlink(elsewhere, own)
    before = _snapshot(elsewhere)
    (tree / "docs" / "d01.xml").write_text(WARN)  # something to record
    _lint(tree)
    assert _snapshot(elsewhere) == before


def test_links_planted_in_the_cache_folder_are_replaced_not_written_through(tree: Path) -> None:
    _lint(tree)
    cache_file = _cache(tree).path
    victim = tree / "victim"
    victim.write_text("precious")
    cache_file.unlink()
    os.symlink(victim, cache_file)
    _lint(tree)
    assert victim.read_text() == "precious"
    assert not cache_file.is_symlink() and json.loads(cache_file.read_text())["files"]


def test_a_deeply_nested_cache_file_is_ignored(tree: Path) -> None:
    first = _lint(tree)
    _cache(tree).path.write_text("[" * 200_000)
    assert _lint(tree) == first
    assert _cache(tree).get(Job("docs/d01.xml", "voice")) is not None  # written again


@contextlib.contextmanager
def _released(fifo: Path, deadline: float = 10.0) -> Iterator[None]:
    """Past ``deadline`` seconds, give a reader stuck on ``fifo`` an end of file."""
    stop = threading.Event()
    until = time.monotonic() + deadline

    def release() -> None:
        while not stop.wait(0.05):
            if time.monotonic() > until:
                with contextlib.suppress(OSError):
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    assert time.monotonic() < until, "the cache waited on a named pipe"


def test_a_named_pipe_in_place_of_the_cache_file_is_not_read(tree: Path) -> None:
    first = _lint(tree)
    cache_file = _cache(tree).path
    cache_file.unlink()
    os.mkfifo(cache_file)
    with _released(cache_file):
        assert _lint(tree) == first



Damage = Callable[[list[Any]], Any]
DAMAGES: dict[str, Damage] = {
    "negative line": lambda f: [[-1, *f[0][1:]]],
    "column 0": lambda f: [[f[0][0], 0, *f[0][2:]]],
    "line as text": lambda f: [[str(f[0][0]), *f[0][1:]]],
    "line as boolean": lambda f: [[True, *f[0][1:]]],
    "line as float": lambda f: [[1.5, *f[0][1:]]],
    "line past any document": lambda f: [[10**12, *f[0][1:]]],
    "unknown code": lambda f: [[*f[0][:2], "RCML999", *f[0][3:]]],
    "code as number": lambda f: [[*f[0][:2], 401, *f[0][3:]]],
    "unknown severity": lambda f: [[*f[0][:3], "fatal", *f[0][4:]]],
    "message as number": lambda f: [[*f[0][:4], 7, *f[0][5:]]],
    "element as null": lambda f: [[*f[0][:5], None, f[0][6]]],
    "hint as list": lambda f: [[*f[0][:6], ["x"]]],
    "six fields": lambda f: [f[0][:6]],
    "a string of findings": lambda f: "RCML401",
    "an empty object": lambda f: {},
    "nested lists": lambda f: [[[[[f[0]]]]]],
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_malformed_recorded_finding_is_a_miss(tree: Path, damage: str) -> None:
    first = _lint(tree)
    cache_file = _cache(tree).path
    data = json.loads(cache_file.read_text())
    key = str(tree / "docs" / "d01.xml")
    data["findings"][key] = DAMAGES[damage](data["findings"][key])
    cache_file.write_text(json.dumps(data))
    assert _cache(tree).get(Job("docs/d01.xml", "voice")) is None
    assert _cache(tree).get(Job("docs/d02.xml", "voice")) is not None  # the rest still holds
    assert _lint(tree) == first
