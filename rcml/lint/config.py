"""``rcml lint`` settings: defaults, then ``[tool.rcml]`` (or ``--config FILE``), then the
command line.

The file is the nearest ``pyproject.toml`` with a ``[tool.rcml]`` table, searched from the current
folder upwards, or the file given with ``--config`` (a ``pyproject.toml``, or a TOML file whose top
level holds the same keys, such as ``rcml.toml``). Every glob in it is relative to its folder::

    [tool.rcml]
    select = ["RCML"]                 # codes or prefixes; default: every rule
    extend-select = []
    ignore = ["RCML5"]
    fail-on = "warning"               # error (default), warning or info
    context = "voice"                 # the default kind of document
    include = ["*.xml", "*.xml.j2"]   # what directories are searched for (the default)
    exclude = ["build", "vendor/**"]

    [tool.rcml.per-file-ignores]
    "legacy/**" = ["RCML4"]

    [tool.rcml.per-file-context]
    "waits/*.xml" = "conference-wait"
    "ussd/**" = "ussd"

A broken file (bad TOML, an unknown key, a wrong type, an unknown code or context) is a
:class:`ConfigError` with a one-line message naming the file and the key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from rcml.core.findings import Severity
from rcml.core.names import did_you_mean
from rcml.core.options import CONTEXTS, Context
from rcml.lint._globs import glob_match
from rcml.lint.selection import Layer, SelectionError, matches, normalize, resolve

DEFAULT_INCLUDE = ("*.xml", "*.xml.j2")
KEYS = (
    "site",
    "select",
    "extend-select",
    "ignore",
    "fail-on",
    "context",
    "include",
    "exclude",
    "per-file-ignores",
    "per-file-context",
)
FAIL_ON = ("error", "warning", "info")


class ConfigError(ValueError):
    """The configuration cannot be used; the message says where and why, in one line."""


class FileConfig(NamedTuple):
    """What one configuration file says (None or empty: not said)."""

    path: Path | None = None
    layer: Layer = Layer()
    fail_on: str | None = None
    context: Context | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_file_context: tuple[tuple[str, Context], ...] = ()
    site: tuple[str, ...] = ()

    @property
    def root(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()


class CommandLine(NamedTuple):
    """What the command line says (None or empty: not said)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    context: str | None = None
    exclude: tuple[str, ...] = ()
    site: tuple[str, ...] = ()


class Settings(NamedTuple):
    """The resolved settings of one run. Picklable, for worker processes."""

    enabled: frozenset[str]
    root: Path  # the configuration's folder (else the current one): globs are relative to it
    fail_on: Severity = Severity.ERROR
    context: Context = "voice"
    context_forced: bool = False
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_file_context: tuple[tuple[str, Context], ...] = ()
    config_path: Path | None = None
    site: tuple[str, ...] = ()  # folders checked as sites (rcml lint --site), as given

    def relative(self, path: str) -> str:
        """``path`` relative to the configuration's folder, in POSIX form (as given if outside).

        Plain string operations: this runs for every file, and pathlib costs far more.
        """
        absolute = os.path.abspath(path)
        root = str(self.root)
        if absolute == root:
            return "."
        prefix = root if root.endswith(os.sep) else root + os.sep
        inside = absolute[len(prefix) :] if absolute.startswith(prefix) else path
        return inside.replace(os.sep, "/") if os.sep != "/" else inside

    def context_for(self, path: str) -> Context:
        """The kind of document at ``path``: ``--context``, else the first matching glob."""
        if not self.context_forced and self.per_file_context:
            relative = self.relative(path)
            for pattern, context in self.per_file_context:
                if glob_match(pattern, relative):
                    return context
        return self.context

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """The selectors ignored for ``path`` by per-file-ignores."""
        if not self.per_file_ignores:
            return ()
        relative = self.relative(path)
        found: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if glob_match(pattern, relative):
                found.extend(selectors)
        return tuple(found)

    def reports(self, code: str, ignored: tuple[str, ...] = ()) -> bool:
        """True when findings of ``code`` are reported (for a file with ``ignored`` selectors)."""
        if code not in self.enabled:
            return False
        return code == "RCML000" or not matches(code, ignored)


def find_config(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.rcml]`` table, from ``start`` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if _has_rcml_table(text):
                return candidate
    return None


def _has_rcml_table(text: str) -> bool:
    """True when the TOML has a ``[tool.rcml]`` table, or is broken (so the error is reported)."""
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return True
    return not isinstance(tool, dict) or "rcml" in tool


def load_file(path: Path, codes: Sequence[str]) -> FileConfig:
    """Read and check one configuration file; raises ConfigError."""

    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8") from None
    table: Any = data
    if path.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        table = tool.get("rcml", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.rcml] must be a table")
    return _parse_table(path, table, codes)


def _parse_table(path: Path, table: Mapping[str, Any], codes: Sequence[str]) -> FileConfig:
    where = f"{path}: [tool.rcml]" if path.name == "pyproject.toml" else str(path)
    for key in table:
        if key not in KEYS:
            guess = did_you_mean(key.replace("_", "-"), KEYS)
            hint = f"; did you mean {guess!r}?" if guess else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")

    def strings(key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key} must be a list of strings")
        return tuple(value)

    def selectors(key: str, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        try:
            return normalize(value, codes, f"{where} {key}")
        except SelectionError as exc:
            raise ConfigError(str(exc)) from None

    layer = Layer(
        select=selectors("select", strings("select")),
        extend_select=selectors("extend-select", strings("extend-select")) or (),
        ignore=selectors("ignore", strings("ignore")) or (),
    )
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    context = table.get("context")
    if context is not None:
        context = _context(where, "context", context)
    ignores: list[tuple[str, tuple[str, ...]]] = []
    for pattern, value in _subtable(where, table, "per-file-ignores").items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: per-file-ignores {pattern!r} must be a list of codes")
        ignores.append((pattern, selectors(f"per-file-ignores {pattern!r}", tuple(value)) or ()))
    contexts = [
        (pattern, _context(where, f"per-file-context {pattern!r}", value))
        for pattern, value in _subtable(where, table, "per-file-context").items()
    ]
    return FileConfig(
        path=path,
        layer=layer,
        fail_on=fail_on,
        context=context,
        include=strings("include"),
        exclude=strings("exclude") or (),
        per_file_ignores=tuple(ignores),
        per_file_context=tuple(contexts),
        site=strings("site") or (),
    )


def _subtable(where: str, table: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table of glob = value")
    return value


def _context(where: str, key: str, value: object) -> Context:
    if value not in CONTEXTS:
        guess = did_you_mean(str(value), CONTEXTS)
        hint = f"; did you mean {guess!r}?" if guess else f"; choose one of {', '.join(CONTEXTS)}"
        raise ConfigError(f"{where}: {key}: unknown context {value!r}{hint}")
    return value  # type: ignore[return-value,unused-ignore]


def resolve_settings(
    command_line: CommandLine,
    codes: Sequence[str],
    *,
    config: Path | None = None,
    isolated: bool = False,
    cwd: Path | None = None,
) -> Settings:
    """Merge defaults, the configuration file and the command line; raises ConfigError."""
    if isolated:
        file = FileConfig()
    else:
        path = config if config is not None else find_config(cwd or Path.cwd())
        file = load_file(path, codes) if path is not None else FileConfig()
    try:
        cli_layer = Layer(
            select=normalize(command_line.select, codes, "--select")
            if command_line.select is not None
            else None,
            extend_select=normalize(command_line.extend_select, codes, "--extend-select"),
            ignore=normalize(command_line.ignore, codes, "--ignore"),
        )
    except SelectionError as exc:
        raise ConfigError(str(exc)) from None
    fail_on = command_line.fail_on or file.fail_on or "error"
    forced = command_line.context is not None
    context = command_line.context or file.context or "voice"
    root = file.root if file.path is not None else (cwd or Path.cwd())
    return Settings(
        enabled=resolve([file.layer, cli_layer], codes),
        root=root.resolve(),
        fail_on=Severity(fail_on),
        context=_context("--context", "--context", context),
        context_forced=forced,
        include=file.include if file.include is not None else DEFAULT_INCLUDE,
        exclude=file.exclude + command_line.exclude,
        per_file_ignores=file.per_file_ignores,
        per_file_context=file.per_file_context,
        config_path=file.path,
        site=command_line.site or _under(root, file.site),
    )


def _under(root: Path, folders: tuple[str, ...]) -> tuple[str, ...]:
    """Configured site folders, relative to the configuration's folder, shown as given when the
    configuration is in the current folder."""
    cwd = Path.cwd().resolve()
    here = root.resolve() == cwd
    return tuple(folder if here else str(root / folder) for folder in folders)
