"""The built wheel carries the schema and the templates, and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("rcml_toolkit-*.whl")
    return found


def test_wheel_ships_schema_templates_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "rcml/schemas/rcml.xsd" in names
    assert "rcml/py.typed" in names
    assert {
        "rcml/templates/dial-alice.xml",
        "rcml/templates/conference.xml",
        "rcml/templates/hello-play.xml",
    } <= names


@pytest.mark.slow
def test_installed_wheel_validates_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    script = (
        "import rcml, rcml.resources as r\n"
        "print(r.schema_file())\n"
        "print([f.code for f in rcml.validate(b'<Response><say>x</say></Response>')])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", script], cwd=work, env=env, check=True, capture_output=True, text=True
    )
    schema_path, codes = result.stdout.splitlines()
    assert "site-packages" in schema_path and str(ROOT) not in schema_path
    assert codes == "['RCML102']"
    document = work / "doc.xml"
    document.write_text("<Response><Play></Play></Response>")
    lint = subprocess.run(
        [str(env_dir / "bin" / "rcml"), "lint", str(document)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 1
    assert "RCML501" in lint.stdout
