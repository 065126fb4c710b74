"""`rcml lint` on the real documents of the shared corpus: the same verdicts as the validator,
with each document's context given by per-file-context, and the same output in parallel."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from pathlib import Path

import pytest

from rcml.engine import validate_file
from rcml.lint import CommandLine, Settings, lint_paths, resolve_settings
from rcml.rules import RULES_BY_CODE
from tests.conftest import CORPUS, corpus_rows

ROWS = corpus_rows()
pytestmark = pytest.mark.skipif(not ROWS, reason=f"the corpus is not at {CORPUS}")


def _settings(tmp_path: Path) -> Settings:
    ussd = [row["file"] for row in ROWS if row["context"] != "voice"]
    lines = ["[tool.rcml.per-file-context]"]
    lines += [f'"{CORPUS / name}" = "ussd"' for name in ussd]
    config = tmp_path / "rcml.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return resolve_settings(CommandLine(), list(RULES_BY_CODE), config=config)


def test_lint_reports_what_the_validator_reports_in_each_context(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    out = io.StringIO()
    lint_paths([str(CORPUS)], settings, out, output_format="json", jobs=2, min_parallel=0)
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for item in json.loads(out.getvalue()):
        found[Path(item["path"]).name].append((item["line"], item["column"], item["code"]))
    for row in ROWS:
        if not row["file"].endswith(".xml"):
            continue  # a directory run reads *.xml only (templates in JSP and the like are not)
        expected = [
            (f.line, f.column, f.code)
            for f in validate_file(CORPUS / row["file"], context=row["context"])
        ]
        assert found.get(row["file"], []) == expected, row["file"]


def test_parallel_output_equals_serial_output_on_the_corpus(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    outputs = []
    for jobs in (1, 2):
        out = io.StringIO()
        lint_paths([str(CORPUS)], settings, out, jobs=jobs, min_parallel=0)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    last = outputs[0].splitlines()[-1]
    assert last.startswith(f"{len(list(CORPUS.glob('*.xml')))} document(s) checked: ")
