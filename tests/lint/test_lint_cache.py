"""The findings cache: hits on unchanged files, misses on changed ones, never unsafe."""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from rcml.core.options import Limits
from rcml.lint import Summary, lint_paths
from rcml.lint.cache import FOLDER, OWN, Cache
from rcml.lint.runner import Job
from tests.lint.lint_testing import settings

OLD = time.time() - 60


def _tree(root: Path, count: int = 40) -> list[Path]:
    paths = []
    for i in range(count):
        path = root / "docs" / f"d{i:02d}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = '<Say voice="alice">x</Say>' if i % 3 == 0 else "<Hangup/><Say>x</Say>"
        path.write_text(f"<Response>{body}</Response>\n")
        os.utime(path, (OLD, OLD))
        paths.append(path)
    return paths


def _lint(cwd: Path, **options: object) -> tuple[str, Summary]:
    out = io.StringIO()
    summary = lint_paths(["docs"], settings(cwd, **options), out, cache=True)
    return out.getvalue(), summary


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.chdir(tmp_path)
    return _tree(tmp_path)


def _cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / FOLDER, Limits())


def test_second_run_reads_nothing_and_says_the_same(tree: list[Path], tmp_path: Path) -> None:
    first, _ = _lint(tmp_path)
    assert (tmp_path / FOLDER / OWN / ".gitignore").read_text().endswith("\n*\n")
    cache = _cache(tmp_path)
    assert all(cache.get(Job(f"docs/{p.name}", "voice")) is not None for p in tree)
    second, summary = _lint(tmp_path)
    assert second == first and summary.exit_code == 1


def test_a_changed_file_is_checked_again(tree: list[Path], tmp_path: Path) -> None:
    _lint(tmp_path)
    tree[1].write_text("<Response><Say>fixed, longer than before</Say></Response>\n")
    os.utime(tree[1], (OLD + 5, OLD + 5))
    text, _ = _lint(tmp_path)
    assert "docs/d01.xml" not in text
    out = io.StringIO()
    lint_paths(["docs"], settings(tmp_path), out)
    assert text == out.getvalue()  # identical to a run without the cache


def test_the_context_is_part_of_the_key(tree: list[Path], tmp_path: Path) -> None:
    _lint(tmp_path)
    assert _cache(tmp_path).get(Job("docs/d00.xml", "sms")) is None
    assert _cache(tmp_path).get(Job("docs/d00.xml", "voice")) is not None


def test_selection_changes_need_no_fresh_run(tree: list[Path], tmp_path: Path) -> None:
    _lint(tmp_path, ignore=("RCML205",))
    text, _ = _lint(tmp_path)  # everything from the cache, RCML205 included
    assert "RCML205" in text and "RCML401" in text


def test_recently_modified_files_are_not_recorded(tree: list[Path], tmp_path: Path) -> None:
    tree[0].write_text("<Response><Say>new</Say></Response>\n")  # modified just now
    _lint(tmp_path)
    cache = _cache(tmp_path)
    assert cache.get(Job("docs/d00.xml", "voice")) is None
    assert cache.get(Job("docs/d01.xml", "voice")) is not None


def test_a_damaged_cache_is_ignored(tree: list[Path], tmp_path: Path) -> None:
    first, _ = _lint(tmp_path)
    (cache_file,) = (tmp_path / FOLDER / OWN).glob("lint-*.json")
    data = json.loads(cache_file.read_text())
    key = next(iter(data["findings"]))
    data["findings"][key] = [["not", "a", "finding"]]
    other = next(k for k in data["files"] if k != key)
    data["files"][other] = ["not", "an", "entry"]
    cache_file.write_text(json.dumps(data))
    assert _lint(tmp_path)[0] == first
    cache_file.write_bytes(b"\x80\x04\x95 pickle? never loaded")
    assert _lint(tmp_path)[0] == first


def test_a_new_rcml_drops_the_cache(
    tree: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lint(tmp_path)
    monkeypatch.setattr("rcml.lint.cache.fingerprint", lambda: "another")
    assert _cache(tmp_path).get(Job("docs/d00.xml", "voice")) is None
    _lint(tmp_path)
    assert [p.name for p in (tmp_path / FOLDER / OWN).glob("lint-*.json")] == ["lint-another.json"]


def test_small_runs_and_disabled_cache_write_nothing(tree: list[Path], tmp_path: Path) -> None:
    lint_paths(["docs/d00.xml"], settings(tmp_path), io.StringIO(), cache=True)
    lint_paths(["docs"], settings(tmp_path), io.StringIO(), cache=False)
    assert not (tmp_path / FOLDER).exists()


def test_unwritable_cache_folder_is_not_an_error(tree: list[Path], tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    out = io.StringIO()
    summary = lint_paths(["docs"], settings(tmp_path), out, cache=True, cache_dir=blocker)
    assert summary.exit_code == 1 and "RCML401" in out.getvalue()


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("validated a file whose content the cache knows")

    monkeypatch.setattr("rcml.lint.parallel.check_data", refuse)


def test_touched_files_are_recognised_by_their_content(
    tree: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = _lint(tmp_path)
    for path in tree:  # a fresh checkout, or a restored CI cache: new stats, same bytes
        os.utime(path, (OLD + 30, OLD + 30))
    assert all(_cache(tmp_path).get(Job(f"docs/{p.name}", "voice")) is None for p in tree)
    with monkeypatch.context() as patch:
        _no_validation(patch)
        second, _ = _lint(tmp_path)
    assert second == first
    cache = _cache(tmp_path)  # the new stats were recorded: the next run reads nothing
    assert all(cache.get(Job(f"docs/{p.name}", "voice")) is not None for p in tree)


def test_a_file_changed_within_its_time_stamp_is_checked_again(
    tree: list[Path], tmp_path: Path
) -> None:
    tree[0].write_text("<Response><Say>x</Say></Response>\n")  # clean, and modified just now
    _lint(tmp_path)
    (cache_file,) = (tmp_path / FOLDER / OWN).glob("lint-*.json")
    entry = json.loads(cache_file.read_text())["files"][str(tree[0])]
    assert entry.startswith("racy|voice|")  # recorded by content only
    stat = os.stat(tree[0])
    tree[0].write_text("<Response><Sey>x</Sey></Response>\n")  # same size, same time stamp
    os.utime(tree[0], ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(tree[0]).st_size == stat.st_size
    text, _ = _lint(tmp_path)
    assert "docs/d00.xml:1:11: RCML101" in text


def test_the_context_is_checked_with_the_content(tree: list[Path], tmp_path: Path) -> None:
    _lint(tmp_path)
    for path in tree:
        os.utime(path, (OLD + 30, OLD + 30))
    text, _ = _lint(tmp_path, context="conference-wait")
    out = io.StringIO()
    lint_paths(["docs"], settings(tmp_path, context="conference-wait"), out)
    assert text == out.getvalue()  # no finding of the voice run was reused


def test_parallel_runs_record_what_serial_runs_record(tree: list[Path], tmp_path: Path) -> None:
    recorded = []
    for jobs in (1, 2):
        shutil.rmtree(tmp_path / FOLDER, ignore_errors=True)
        lint_paths(
            ["docs"], settings(tmp_path), io.StringIO(), cache=True, jobs=jobs, min_parallel=0
        )
        (cache_file,) = (tmp_path / FOLDER / OWN).glob("lint-*.json")
        recorded.append(json.loads(cache_file.read_text()))
    assert recorded[0] == recorded[1]
    assert len(recorded[0]["files"]) == len(tree) and recorded[0]["findings"]


def test_the_findings_cap_is_reported_cached_and_part_of_the_key(
    tree: list[Path], tmp_path: Path
) -> None:
    pauses = "\n".join(["<Pause length='x'/>"] * 30)
    tree[0].write_text(f"<Response>\n{pauses}\n</Response>\n")
    os.utime(tree[0], (OLD, OLD))
    limits = Limits(max_findings=10)
    out = io.StringIO()
    lint_paths(["docs"], settings(tmp_path), out, cache=True, limits=limits)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("docs/d00.xml")]
    assert len(lines) == 11
    assert lines[-1] == (
        "docs/d00.xml:12:8: RCML008 [warning] 20 more findings not shown, from here on: "
        "RCML206 (20) (fix the findings shown and validate again, or raise Limits.max_findings)"
    )
    again = io.StringIO()
    lint_paths(["docs"], settings(tmp_path), again, cache=True, limits=limits)
    assert again.getvalue() == out.getvalue()
    assert Cache(tmp_path / FOLDER, Limits()).get(Job("docs/d00.xml", "voice")) is None
    as_json = io.StringIO()
    lint_paths(["docs"], settings(tmp_path), as_json, output_format="json", limits=limits)
    items = [i for i in json.loads(as_json.getvalue()) if i["path"] == "docs/d00.xml"]
    assert [i["code"] for i in items] == ["RCML206"] * 10 + ["RCML008"]
