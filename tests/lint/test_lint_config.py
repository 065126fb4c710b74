"""[tool.rcml] in pyproject.toml, --config FILE, and how they merge with the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcml.core.findings import Severity
from rcml.lint import CommandLine, ConfigError, collect_targets, resolve_settings
from rcml.lint.config import find_config
from rcml.rules import RULES_BY_CODE

CODES = list(RULES_BY_CODE)

PYPROJECT = """\
[project]
name = "app"

[tool.rcml]
select = ["RCML2", "RCML4"]
ignore = ["RCML205"]
fail-on = "warning"
context = "sms"
exclude = ["build", "vendor/**"]

[tool.rcml.per-file-ignores]
"legacy/**" = ["RCML4"]
"*.xml.j2" = ["RCML206"]

[tool.rcml.per-file-context]
"waits/*.xml" = "conference-wait"
"ussd/**" = "ussd"
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _resolve(cwd: Path, **command_line: object) -> object:
    return resolve_settings(CommandLine(**command_line), CODES, cwd=cwd)  # type: ignore[arg-type]


def test_nearest_pyproject_with_a_tool_rcml_table(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", PYPROJECT)
    _write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'other'\n")
    deep = tmp_path / "sub" / "deeper"
    deep.mkdir()
    assert find_config(deep) == tmp_path / "pyproject.toml"


def test_file_settings_apply(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", PYPROJECT)
    s = resolve_settings(CommandLine(), CODES, cwd=tmp_path / "x")
    assert s.config_path == tmp_path / "pyproject.toml"
    assert "RCML206" in s.enabled and "RCML205" not in s.enabled and "RCML301" not in s.enabled
    assert s.fail_on is Severity.WARNING
    assert s.context_for(str(tmp_path / "waits" / "hold.xml")) == "conference-wait"
    assert s.context_for(str(tmp_path / "waits" / "deep" / "hold.xml")) == "sms"
    assert s.context_for(str(tmp_path / "ussd" / "a" / "menu.xml")) == "ussd"
    assert s.context_for(str(tmp_path / "main.xml")) == "sms"
    assert s.ignored_for(str(tmp_path / "legacy" / "old" / "a.xml")) == ("RCML4",)
    assert s.ignored_for(str(tmp_path / "app" / "t.xml.j2")) == ("RCML206",)
    assert not s.reports("RCML401", s.ignored_for(str(tmp_path / "legacy" / "a.xml")))
    assert s.reports("RCML401", ())


def test_command_line_beats_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", PYPROJECT)
    s = resolve_settings(
        CommandLine(select=("RCML3",), fail_on="error", context="voice"), CODES, cwd=tmp_path
    )
    assert s.enabled == {"RCML000"} | {c for c in CODES if c.startswith("RCML3")}
    assert s.fail_on is Severity.ERROR
    # an explicit --context applies to every file, globs included
    assert s.context_for(str(tmp_path / "waits" / "hold.xml")) == "voice"


def test_command_line_ignore_adds_to_the_file_selection(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", PYPROJECT)
    s = resolve_settings(CommandLine(ignore=("RCML206",)), CODES, cwd=tmp_path)
    assert "RCML206" not in s.enabled and "RCML401" in s.enabled


def test_defaults_without_a_file(tmp_path: Path) -> None:
    s = resolve_settings(CommandLine(), CODES, cwd=tmp_path, isolated=True)
    assert s.enabled == frozenset(CODES) and s.fail_on is Severity.ERROR
    assert s.context == "voice" and s.include == ("*.xml", "*.xml.j2") and s.exclude == ()


def test_config_option_reads_a_standalone_file(tmp_path: Path) -> None:
    config = _write(
        tmp_path / "conf" / "rcml.toml",
        'ignore = ["RCML4"]\n[per-file-context]\n"waits/*.xml" = "conference-wait"\n',
    )
    s = resolve_settings(CommandLine(), CODES, config=config, cwd=tmp_path)
    assert "RCML401" not in s.enabled
    # globs are relative to the configuration file's folder
    assert s.context_for(str(tmp_path / "conf" / "waits" / "a.xml")) == "conference-wait"
    assert s.context_for(str(tmp_path / "waits" / "a.xml")) == "voice"


def test_include_and_exclude_when_walking(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", PYPROJECT)
    for name in [
        "a.xml",
        "t.xml.j2",
        "notes.txt",
        "build/b.xml",
        "vendor/x/c.xml",
        "src/build/d.xml",
        ".hidden/e.xml",
        "keep/f.xml",
    ]:
        _write(tmp_path / name, "<Response/>")
    s = resolve_settings(CommandLine(exclude=("keep/*.xml",)), CODES, cwd=tmp_path)
    found = [t.path for t in collect_targets([str(tmp_path)], s)]
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == ["a.xml", "t.xml.j2"]


def test_exclude_applies_to_files_named_explicitly(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", PYPROJECT)
    named = _write(tmp_path / "vendor" / "a.xml", "<Response/>")
    kept = _write(tmp_path / "notes.txt", "<Response/>")  # include does not apply to it
    s = resolve_settings(CommandLine(), CODES, cwd=tmp_path)
    assert [t.path for t in collect_targets([str(named), str(kept)], s)] == [str(kept)]


def test_custom_include(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.rcml]\ninclude = ["app/**/*.rcml"]\n')
    _write(tmp_path / "app" / "x" / "a.rcml", "<Response/>")
    _write(tmp_path / "a.rcml", "<Response/>")
    _write(tmp_path / "app" / "b.xml", "<Response/>")
    s = resolve_settings(CommandLine(), CODES, cwd=tmp_path)
    found = [
        Path(t.path).relative_to(tmp_path).as_posix() for t in collect_targets([str(tmp_path)], s)
    ]
    assert found == ["app/x/a.rcml"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.rcml\n", r"pyproject.toml: not valid TOML: "),
        ("[tool.rcml]\nselct = []\n", r"unknown key 'selct'; did you mean 'select'\?"),
        ("[tool.rcml]\nselect = 'RCML2'\n", r"select must be a list of strings"),
        ("[tool.rcml]\nignore = ['RCML999']\n", r"ignore: 'RCML999' matches no rule code"),
        ("[tool.rcml]\nfail-on = 'fatal'\n", r"fail-on must be one of error, warning, info"),
        ("[tool.rcml]\ncontext = 'voise'\n", r"unknown context 'voise'; did you mean 'voice'\?"),
        ("[tool.rcml]\nper-file-ignores = ['x']\n", r"per-file-ignores must be a table"),
        ("[tool.rcml.per-file-ignores]\n'a/*' = 'RCML2'\n", r"must be a list of codes"),
        ("[tool.rcml.per-file-context]\n'a/*' = 'fax'\n", r"unknown context 'fax'"),
        ("[tool]\nrcml = 3\n", r"\[tool.rcml\] must be a table"),
    ],
)
def test_broken_configuration_is_one_clear_message(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError, match=message) as caught:
        resolve_settings(CommandLine(), CODES, cwd=tmp_path)
    assert "\n" not in str(caught.value).strip()
    assert str(tmp_path / "pyproject.toml") in str(caught.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        resolve_settings(CommandLine(), CODES, config=tmp_path / "nope.toml")


def test_bad_command_line_selector(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--select: 'RCML9' matches no rule code"):
        resolve_settings(CommandLine(select=("RCML9",)), CODES, cwd=tmp_path, isolated=True)


def test_a_table_named_like_tool_rcml_is_not_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rcml]\nfail-on = 'warning'\n")
    inner = tmp_path / "app"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.rcml-extras]\nx = 1\n[tool.other]\nrcml = 2\n")
    assert find_config(inner) == tmp_path / "pyproject.toml"


def test_site_folders_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.rcml]\nsite = ["web"]\n')
    monkeypatch.chdir(tmp_path)
    settings = resolve_settings(CommandLine(), list(RULES_BY_CODE))
    assert settings.site == ("web",)
    assert resolve_settings(CommandLine(site=("x",)), list(RULES_BY_CODE)).site == ("x",)
