"""docs/restcomm-local.md: its Python example runs as written."""

from __future__ import annotations

import contextlib
import io
import re

from .conftest import ROOT


def test_the_python_example_runs_and_prints_the_transcript() -> None:
    text = (ROOT / "docs" / "restcomm-local.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, re.S)
    code = code.replace('load_site("templates")', f"load_site({str(ROOT / 'templates')!r})")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "restcomm-local.md", "exec"), {})
    assert "fetch      POST http://localhost/hello-play.xml -> 200" in out.getvalue()
