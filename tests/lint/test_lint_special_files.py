"""Targets that are not plain documents: pipes, sockets, devices, paths longer than the system
allows, loops of links, trees deeper than Python's stack, folders that cannot be listed. Each is
reported where it was met, in every format, and never blocks or stops the run."""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli
from rcml.lint import lint_paths
from rcml.lint.reporters import FORMATS
from tests.lint.lint_testing import settings

DEADLINE = 10.0  # seconds: a run that reads a pipe blocks for ever; this turns it into a failure
DOC = "<Response><Say>Hi</Say></Response>\n"
BAD = "<Response><Hangup/><Say>x</Say></Response>\n"
PIPE = "not a regular file (a named pipe)"


@contextlib.contextmanager
def unblocked(fifo: Path) -> Iterator[None]:
    """Past :data:`DEADLINE`, open ``fifo`` for writing and close it at once, so that a reader
    stuck on it (the bug) gets an empty file and the test fails instead of hanging."""
    stop = threading.Event()
    deadline = time.monotonic() + DEADLINE

    def release() -> None:
        while not stop.wait(0.05):
            if time.monotonic() > deadline:
                with contextlib.suppress(OSError):  # ENXIO: nobody reads it (yet)
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    assert time.monotonic() - started < DEADLINE, "a run waited on a named pipe"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """docs/ with a document, a broken document and a named pipe called like a document."""
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.xml").write_text(DOC)
    (docs / "b.xml").write_text(BAD)
    os.mkfifo(docs / "pipe.xml")
    return tmp_path


def _lint(paths: list[str], cwd: Path, output_format: str = "text", **options: object) -> tuple:
    out = io.StringIO()
    summary = lint_paths(paths, settings(cwd), out, output_format=output_format, **options)
    return out.getvalue(), summary.exit_code


def test_a_named_pipe_on_the_command_line_is_reported_not_read(tree: Path) -> None:
    """In a subprocess with a wall-clock timeout: the old code blocked on it for ever."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from rcml.cli import main; main()", "lint", "docs/pipe.xml"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert time.monotonic() - started < DEADLINE
    assert done.returncode == 2 and done.stderr == ""
    assert done.stdout.splitlines()[0] == f"docs/pipe.xml: cannot read: {PIPE}"


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_a_named_pipe_met_in_a_walk_is_reported_in_every_format(
    tree: Path, output_format: str
) -> None:
    with unblocked(tree / "docs" / "pipe.xml"):
        text, code = _lint(["docs"], tree, output_format)
    assert code == 2  # like any file that cannot be read
    assert PIPE in text and "RCML401" in text  # and the other files are checked


def test_a_named_pipe_among_many_files_with_cache_and_workers(tree: Path) -> None:
    for i in range(40):
        (tree / "docs" / f"d{i:02d}.xml").write_text(DOC)
    with unblocked(tree / "docs" / "pipe.xml"):
        first = _lint(["docs"], tree, cache=True, jobs=2, min_parallel=0)
        second = _lint(["docs"], tree, cache=True, jobs=2, min_parallel=0)
    assert first == second
    assert f"docs/pipe.xml: cannot read: {PIPE}\n" in first[0] and first[1] == 2


def test_sockets_and_devices_are_reported_not_read(tree: Path) -> None:
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind("docs/socket.xml")
        with unblocked(tree / "docs" / "pipe.xml"):
            text, code = _lint(["docs", os.devnull], tree)
    finally:
        listener.close()
    assert "docs/socket.xml: cannot read: not a regular file (a socket)\n" in text
    assert f"{os.devnull}: cannot read: not a regular file (a character device)\n" in text
    assert code == 2


def test_a_path_longer_than_the_system_allows_is_reported(tree: Path) -> None:
    long = "a/" * 3000 + "x.xml"
    result = CliRunner().invoke(cli, ["lint", long, "docs/a.xml"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == f"{long}: cannot read: file name too long"


def _descend(top: Path, names: list[str], document: str) -> None:
    """Make top/names[0]/names[1]/.../x.xml, however long the whole path (one folder at a
    time, relative to the last)."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("x.xml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, document.encode())
        os.close(out)
    finally:
        os.close(fd)


def _remove_chain(top: Path, names: list[str]) -> None:
    """Undo :func:`_descend` without recursion (``shutil.rmtree`` recurses once per level)."""
    fds = [os.open(top, os.O_RDONLY)]
    try:
        for name in names:
            fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
        os.unlink("x.xml", dir_fd=fds[-1])
        for name, parent in zip(reversed(names), reversed(fds[:-1]), strict=True):
            os.rmdir(name, dir_fd=parent)
    finally:
        for fd in fds:
            os.close(fd)


def test_a_folder_deeper_than_the_system_allows_is_reported_where_met(tree: Path) -> None:
    names = [f"{i:02d}" + "f" * 200 for i in range(25)]  # 5,000 characters in all
    _descend(tree / "docs", names, BAD)
    try:
        with unblocked(tree / "docs" / "pipe.xml"):
            text, code = _lint(["docs"], tree)
    finally:
        _remove_chain(tree / "docs", names)
    too_long = [line for line in text.splitlines() if line.endswith(": file name too long")]
    assert len(too_long) == 1 and too_long[0].startswith("docs/00f")
    assert len(too_long[0]) > 4096 - 50 and code == 2
    assert "docs/b.xml:1:20: RCML401" in text  # the rest of the tree is still checked


def test_a_tree_deeper_than_pythons_stack_is_walked(tmp_path: Path) -> None:
    """A path of 2,000 characters can be 1,000 folders deep, Python's default stack; here the
    stack is made shallower than the tree (making a thousand folders takes seconds)."""
    (tmp_path / "warm.xml").write_text(DOC)
    _lint([str(tmp_path / "warm.xml")], tmp_path)  # imports done before the stack is cut short
    names = ["d"] * 200
    _descend(tmp_path, names, BAD)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 150)
    try:
        text, code = _lint([str(tmp_path)], tmp_path)
    finally:
        sys.setrecursionlimit(limit)
        _remove_chain(tmp_path, names)
    assert code == 1 and "/d/d/x.xml:1:20: RCML401 [error]" in text


def test_loops_of_links_are_reported_and_the_walk_ends(tree: Path) -> None:
    docs = tree / "docs"
    os.symlink("self.xml", docs / "self.xml")
    os.symlink("ping.xml", docs / "pong.xml")
    os.symlink("pong.xml", docs / "ping.xml")
    os.symlink("..", docs / "up")  # a link to a folder: never followed
    with unblocked(docs / "pipe.xml"):
        text, code = _lint(["docs", "docs/self.xml"], tree)
    loops = [line for line in text.splitlines() if "too many levels of symbolic links" in line]
    assert [line.split(":")[0] for line in loops] == [
        "docs/ping.xml",
        "docs/pong.xml",
        "docs/self.xml",
    ]
    assert code == 2
    summary = "6 document(s) checked: 1 error(s), 0 warning(s), 0 note(s), 4 unreadable\n"
    assert text.endswith(summary)


def test_a_folder_that_cannot_be_listed_is_reported_where_met(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "docs" / "locked").mkdir()
    (tree / "docs" / "locked" / "hidden.xml").write_text(BAD)
    (tree / "docs" / "z.xml").write_text(DOC)
    scandir = os.scandir

    def refuse(path: str) -> object:  # what a folder of mode 000 does, even for root
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr("rcml.lint.files.os.scandir", refuse)
    with unblocked(tree / "docs" / "pipe.xml"):
        text, code = _lint(["docs"], tree, output_format="json")
    unreadable = [(r["path"], r["message"]) for r in json.loads(text) if r["code"] == "IO"]
    assert unreadable == [  # in the walk's order: a folder's files, then its folders
        ("docs/pipe.xml", f"cannot read: {PIPE}"),
        ("docs/locked", "cannot read: permission denied"),
    ]
    assert code == 2


def test_only_files_listed_as_regular_are_opened_without_a_stat_first(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder listing tells regular files apart at no cost; links, pipes and sockets are
    looked at (``stat``) before anything opens them, and every kind is reported as before."""
    from rcml.core import reading
    from rcml.lint.files import collect

    docs = tree / "docs"
    os.symlink("a.xml", docs / "link.xml")
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind("docs/socket.xml")
        targets = collect(["docs"], settings(tree))
        assert targets.walked == {f"docs/{n}.xml" for n in ("a", "b", "link", "pipe", "socket")}
        assert targets.listed == {"docs/a.xml", "docs/b.xml"}
        stat = os.stat
        looked: list[str] = []

        def counted(path: str, *args: object, **kwargs: object) -> os.stat_result:
            looked.append(os.fspath(path))
            return stat(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(reading.os, "stat", counted)
        with unblocked(docs / "pipe.xml"):
            text, code = _lint(["docs"], tree)
    finally:
        listener.close()
    documents = sorted(path for path in looked if path.endswith(".xml"))
    assert documents == ["docs/link.xml", "docs/pipe.xml", "docs/socket.xml"]
    assert f"docs/pipe.xml: cannot read: {PIPE}\n" in text
    assert "docs/socket.xml: cannot read: not a regular file (a socket)\n" in text
    assert "docs/b.xml:1:20: RCML401" in text and code == 2


def test_a_pipe_put_where_a_listed_file_was_is_refused_unread(tree: Path) -> None:
    """A file replaced by a pipe between the listing and the read: the open does not wait
    (``O_NONBLOCK``) and the ``fstat`` of the open file refuses it."""
    from rcml.core.reading import NotRegularFileError, read_file_and_stat

    with unblocked(tree / "docs" / "pipe.xml"), pytest.raises(NotRegularFileError) as caught:
        read_file_and_stat(tree / "docs" / "pipe.xml", 1024, listed=True)
    assert caught.value.strerror == PIPE
