"""Parallel runs give the same results, in the same order, as serial runs."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from rcml.lint import lint_paths
from rcml.lint.runner import Job, Options, check_job, default_jobs, run
from tests.lint.lint_testing import DATA, settings


def _make_tree(root: Path, count: int) -> None:
    samples = sorted((DATA / "tree").rglob("*.xml*"))
    for i in range(count):
        sample = samples[i % len(samples)]
        folder = root / f"d{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".xml.j2" if sample.name.endswith(".j2") else ".xml"
        (folder / f"doc{i:03d}{suffix}").write_bytes(sample.read_bytes())
    os.symlink(root / "nowhere", root / "d3" / "dangling.xml")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_parallel_output_is_identical_to_serial(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_tree(tmp_path / "many", 90)
    monkeypatch.chdir(tmp_path)
    outputs = []
    for jobs in (1, 2, 3):
        out = io.StringIO()
        summary = lint_paths(
            ["many"], settings(tmp_path), out, output_format=fmt, jobs=jobs, min_parallel=0
        )
        outputs.append((out.getvalue(), summary.exit_code, summary.counts))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][1] == 2 and outputs[0][2]["error"] > 0


def test_run_yields_in_input_order_and_reports_progress(tmp_path: Path) -> None:
    _make_tree(tmp_path, 20)
    paths = sorted(str(p) for p in tmp_path.rglob("*.xml"))
    jobs = [Job(p, "voice") for p in paths]
    options = Options(settings(tmp_path))
    done: list[int] = []
    results = list(run(jobs, options, 2, on_result=done.append, min_parallel=0))
    assert [r.path for r in results] == paths
    assert done == list(range(1, len(paths) + 1))


def test_unreadable_and_directory_targets_are_results(tmp_path: Path) -> None:
    options = Options(settings(tmp_path))
    folder = tmp_path / "x.xml"
    folder.mkdir()
    assert check_job(Job(str(folder), "voice"), options).read_error == "is a directory"
    missing = check_job(Job(str(tmp_path / "nope.xml"), "voice"), options)
    assert missing.read_error == "no such file or directory" and missing.findings == ()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_permission_denied_is_a_read_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked.xml"
    locked.write_text("<Response/>")
    locked.chmod(0)
    try:
        result = check_job(Job(str(locked), "voice"), Options(settings(tmp_path)))
    finally:
        locked.chmod(0o644)
    assert result.read_error == "permission denied"


def test_binary_file_is_a_finding(tmp_path: Path) -> None:
    blob = tmp_path / "blob.xml"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    result = check_job(Job(str(blob), "voice"), Options(settings(tmp_path)))
    assert [f.code for f in result.findings] == ["RCML003"]


def test_default_jobs_is_the_cpu_count() -> None:
    assert default_jobs() == len(os.sched_getaffinity(0))
