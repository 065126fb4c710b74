"""The typed facade as a type checker sees it: mypy --strict on typing_check.py (no error) and on
typing_mistakes.py (mypy's own message for each mistake)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

MISTAKES = [
    'Unexpected keyword argument "timout" for "dial" of "Response"; did you mean "timeout"?  '
    "[call-arg]",
    'Unexpected keyword argument "num_digit" for "Gather"; did you mean "num_digits"?  '
    "[call-arg]",
    'Argument "voice" to "say" of "Response" has incompatible type "Literal[\'alice\']"; '
    "expected \"Literal['man', 'woman'] | None\"  [arg-type]",
]


@pytest.mark.slow
def test_mypy_strict_accepts_the_right_calls_and_names_each_mistake() -> None:
    if shutil.which("mypy") is None and not (Path(sys.executable).parent / "mypy").exists():
        pytest.skip("mypy is not installed (it is in the test extra)")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--warn-unused-ignores",
            "--hide-error-context",
            "--no-pretty",
            str(HERE / "typing_check.py"),
            str(HERE / "typing_mistakes.py"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=300,
    )
    output = result.stdout + result.stderr
    errors = re.findall(r"^(\S+?):(\d+): error: (.*)$", output, flags=re.MULTILINE)
    assert [e for e in errors if not e[0].endswith("typing_mistakes.py")] == [], output
    assert [message for _, _, message in errors] == MISTAKES, output
