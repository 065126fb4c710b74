"""Heavy subcommands load only when used, so that `rcml lint` starts quickly."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from rcml.cli import cli


def test_importing_the_cli_imports_neither_the_calls_client_nor_the_server() -> None:
    code = (
        "import sys, rcml.cli; "
        "print(*(name in sys.modules for name in ('rcml.calls', 'httpx', 'rcml.server')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "False", "False"]


def test_lazy_commands_are_listed_and_run() -> None:
    listing = CliRunner().invoke(cli, ["--help"])
    assert listing.exit_code == 0
    for name in ("build", "call", "conference", "lint", "rule", "rules", "serve"):
        assert f"  {name} " in listing.stdout
    assert CliRunner().invoke(cli, ["call", "--help"]).exit_code == 0
    assert CliRunner().invoke(cli, ["conference", "--help"]).exit_code == 0
    unknown = CliRunner().invoke(cli, ["cal"])
    assert unknown.exit_code == 2 and "No such command 'cal'" in unknown.stderr


def test_importing_rcml_defers_the_builder_but_exports_it() -> None:
    code = (
        "import sys, rcml; before = 'rcml.builder' in sys.modules; "
        "from rcml import Response, parse; import rcml.builder as b; "
        "print(before, rcml.Response is b.Response, rcml.parse is b.parse, rcml.builder is b)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "True", "True", "True"]
