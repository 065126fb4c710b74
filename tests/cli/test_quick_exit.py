"""The console script leaves `rcml lint` without the interpreter's teardown (rcml.cli.ending).

Each case runs twice in a fresh copy of the same tree: through the console script's ``main()``
(the quick exit) and through the click group itself (the plain exit, the reference). Standard
output, standard error, the exit status and every file the run leaves behind (reports, fixed
documents, the cache) must be the same. An exit handler registered before the run writes a
marker: it must run on the plain path and not on the quick one, or the comparison proves nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rcml.lint.runner import PARALLEL_MIN_FILES

CLEAN = "<Response><Say>Hi</Say></Response>\n"
BROKEN = "<Response><Hangup/><Say>never</Say></Response>\n"
FIXABLE = '<Response><Record playBeep="yes" action="/done"/></Response>\n'
MARKER = "teardown-ran"

PREFIX = f"import atexit\natexit.register(lambda: open({MARKER!r}, 'w').close())\n"
QUICK = PREFIX + "import sys; sys.argv[0] = 'rcml'\nfrom rcml.cli import main; main()"
PLAIN = PREFIX + "from rcml.cli import cli; cli(prog_name='rcml')"
TIMEOUT = 60.0  # seconds: a hung run fails the test instead of the suite


def make_tree(root: Path, documents: int) -> None:
    docs = root / "docs"
    docs.mkdir(parents=True)
    for index in range(documents):
        text = (CLEAN, BROKEN, FIXABLE)[index % 3]
        path = docs / f"doc-{index:05d}.xml"
        path.write_text(text, encoding="utf-8")
        os.utime(path, (time.time() - 60, time.time() - 60))  # old enough for the cache


STAT = re.compile(rb'"[0-9]+:[0-9]+:[0-9]+\|')
"""A cache entry's stat of the file (time, size, inode): the inode differs between copies."""


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the marker, by relative path (the cache's included), with
    ``root`` itself and the stats that differ between copies written alike."""
    return {
        path.relative_to(root).as_posix(): STAT.sub(
            b'"STAT|', path.read_bytes().replace(str(root).encode(), b"ROOT")
        )
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MARKER
    }


def run(code: str, root: Path, args: list[str], stdin: str = "") -> tuple[int, str, str, bool]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=root,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    marker = root / MARKER
    return done.returncode, done.stdout, done.stderr, marker.exists()


CASES = {
    "findings": (["lint", "docs"], 30),
    "clean": (["lint", "docs/doc-00000.xml"], 3),
    "json": (["lint", "--format", "json", "docs"], 30),
    "report file": (["lint", "-o", "report.sarif", "--format", "sarif", "docs"], 30),
    "cache written": (["lint", "--cache-dir", "cache", "docs"], 40),
    "fix": (["lint", "--fix", "docs"], 30),
    "stdin": (["lint", "-"], 0),
    "fixed stdin": (["lint", "--fix", "--unsafe-fixes", "-"], 0),
    "usage error": (["lint", "--select", "NOPE", "docs"], 3),
    "missing path": (["lint", "nowhere.xml"], 0),
    "worker processes": (["lint", "-j2", "--no-cache", "docs"], 2 * PARALLEL_MIN_FILES),
}


@pytest.mark.parametrize("case", list(CASES))
def test_quick_exit_leaves_what_the_plain_exit_leaves(case: str, tmp_path: Path) -> None:
    args, documents = CASES[case]
    fix = "--fix" in args
    results = {}
    for name, code in (("quick", QUICK), ("plain", PLAIN)):
        root = tmp_path / name
        make_tree(root, documents)
        returncode, out, err, tore_down = run(code, root, args, stdin=FIXABLE if fix else BROKEN)
        (root / MARKER).unlink(missing_ok=True)
        results[name] = (returncode, out.replace(str(root), "ROOT"), err, snapshot(root))
        if name == "plain" or case in ("usage error", "missing path"):
            assert tore_down, f"{name}: the interpreter's teardown should have run"
        else:
            assert not tore_down, "the quick exit ran the interpreter's teardown"
    assert results["quick"] == results["plain"]
    assert results["quick"][0] in (0, 1, 2)


def test_a_closed_pipe_is_reported_as_by_the_plain_exit(tmp_path: Path) -> None:
    """Output that cannot be flushed falls back to the plain exit: same status, same message."""
    outcomes = []
    for name, code in (("quick", QUICK), ("plain", PLAIN)):
        root = tmp_path / name
        make_tree(root, 300)
        with subprocess.Popen(
            [sys.executable, "-c", code, "lint", "docs"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            process.stdout.close()  # nobody reads: the first flush fails
            err = process.stderr.read()
            returncode = process.wait(timeout=TIMEOUT)
        outcomes.append((returncode, err.decode().replace(str(root), "ROOT")))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] != 0


def test_other_commands_end_plainly(tmp_path: Path) -> None:
    """Only a command that allows it ends quickly: `rcml rules` runs the teardown."""
    *_, tore_down = run(QUICK, tmp_path, ["rules"])
    assert tore_down


def test_a_live_thread_keeps_the_plain_exit(tmp_path: Path) -> None:
    """Another thread still running (something may be writing) means the plain exit."""
    make_tree(tmp_path, 3)
    code = (
        "import threading, time\nthreading.Thread(target=time.sleep, args=(0.2,)).start()\n" + QUICK
    )
    returncode, *_, tore_down = run(code, tmp_path, ["lint", "docs"])
    assert returncode == 1
    assert tore_down
