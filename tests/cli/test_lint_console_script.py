"""End to end: the installed `rcml` console script, as a subprocess, on a tree of mixed files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "rcml"
RCML = str(SCRIPT) if SCRIPT.exists() else shutil.which("rcml")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "waits").mkdir(parents=True)
    (root / "valid.xml").write_text("<Response><Say>Hi</Say></Response>\n")
    (root / "invalid.xml").write_text("<Response>\n  <Hangup/>\n  <Say>Bye</Say>\n</Response>\n")
    (root / "binary.xml").write_bytes(bytes(range(256)))
    (root / "waits" / "hold.xml").write_text(
        "<Response><Say>Hold on</Say><Dial>+15550100</Dial></Response>\n"
    )
    (root / "greet.xml.j2").write_text(
        '{#- rcml-samples: [{"N": "Ann"}] -#}\n<Response><Say>{{ N }}</Say></Response>\n'
    )
    (root / "notes.txt").write_text("not a document")
    os.symlink(root / "missing", root / "dangling.xml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rcml.per-file-context]\n"site/waits/*.xml" = "conference-wait"\n'
    )
    return tmp_path


def rcml(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    assert RCML is not None, "the rcml console script is not installed"
    environment = {k: v for k, v in os.environ.items() if k != "CI"} | env
    return subprocess.run(
        [RCML, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


def test_console_script_on_a_mixed_tree(mixed: Path) -> None:
    done = rcml("lint", "site", cwd=mixed)
    assert done.returncode == 2, done.stderr  # dangling.xml cannot be read
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "site/binary.xml:1:1: RCML003 [error] byte 0x00 (NUL) cannot be in an XML document: "
        "the file is binary, UTF-16 or UTF-32 (save the file as UTF-8)"
    )
    assert lines[1:] == [
        "site/dangling.xml: cannot read: no such file or directory",
        "site/invalid.xml:3:3: RCML401 [error] <Hangup> ends the call, so the 1 verb(s) after it "
        "never run (move <Say> before <Hangup>, or remove it)",
        "site/waits/hold.xml:1:29: RCML110 [error] <Dial> in a conference-wait document: a "
        "conference wait document may hold only <Play> and <Say>; anything else hangs up the "
        "waiting caller (<Dial> runs in voice documents)",
        "6 document(s) checked: 3 error(s), 0 warning(s), 0 note(s), 1 unreadable",
    ]


def test_console_script_exit_codes(mixed: Path) -> None:
    site = mixed / "site"
    assert rcml("lint", "valid.xml", "greet.xml.j2", cwd=site).returncode == 0
    assert rcml("lint", "invalid.xml", cwd=site).returncode == 1
    broken = rcml("lint", "--fail-on", "sometimes", "valid.xml", cwd=site)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    (mixed / "pyproject.toml").write_text("[tool.rcml\n")
    config = rcml("lint", "valid.xml", cwd=site)
    assert config.returncode == 2
    assert config.stderr.startswith("Error: ") and config.stderr.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_console_script_permission_denied(mixed: Path) -> None:
    locked = mixed / "site" / "locked.xml"
    locked.write_text("<Response/>")
    locked.chmod(0)
    try:
        done = rcml("lint", "locked.xml", cwd=mixed / "site")
    finally:
        locked.chmod(0o644)
    assert done.returncode == 2
    assert done.stdout.startswith("locked.xml: cannot read: permission denied\n")


def test_console_script_in_ci_parallel_equals_serial(mixed: Path) -> None:
    site = mixed / "site"
    for i in range(80):  # templates: enough work for -j2 to start workers (rcml.lint.parallel)
        (site / f"copy{i:02d}.xml.j2").write_bytes((site / "invalid.xml").read_bytes())
    serial = rcml("lint", "-j", "1", "--format", "json", "site", cwd=mixed, CI="true")
    parallel = rcml("lint", "-j", "2", "--format", "json", "site", cwd=mixed, CI="true")
    assert serial.returncode == parallel.returncode == 2
    assert serial.stdout == parallel.stdout
    assert serial.stderr == parallel.stderr == ""  # no progress bar in CI
    assert len(json.loads(serial.stdout)) == 80 + 4


def test_console_script_stops_quietly_when_the_reader_goes_away(mixed: Path) -> None:
    site = mixed / "site"
    for i in range(600):
        (site / f"copy{i:03d}.xml").write_bytes((site / "invalid.xml").read_bytes())
    assert RCML is not None
    process = subprocess.Popen(
        [RCML, "lint", "-j", "1", "--no-cache", "site"],
        cwd=mixed,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "CI"},
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"site/")
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read()
        assert process.wait(timeout=120) == 1
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr
