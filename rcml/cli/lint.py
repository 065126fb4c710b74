"""`rcml lint`: check RCML documents and templates, for people and for CI.

Only option parsing lives here; the work is ``rcml.lint.lint_paths``. Heavy modules are imported
inside the command, so that ``rcml --help`` and the other commands stay quick to start.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from rcml.cli.ending import allow_quick_exit
from rcml.cli.errors import CommandError
from rcml.core.options import CONTEXTS
from rcml.lint.reporters import FORMATS

if TYPE_CHECKING:
    from rcml.lint import CommandLine, Summary
    from rcml.lint.fix import FixMode


class LintError(CommandError):
    """A one-line ``Error: ...`` and exit status 2: bad configuration or unusable paths."""


def _codes(values: Iterable[str]) -> tuple[str, ...]:
    """``--select A,B --select C`` as ``(A, B, C)``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def _auto(flag: bool | None, stream: TextIO) -> bool:
    """An on/off option that defaults to "on a terminal, outside CI"."""
    if flag is not None:
        return flag
    try:
        return stream.isatty() and not _in_ci()
    except (AttributeError, ValueError):
        return False


EPILOG = """\b
Configuration: [tool.rcml] in the nearest pyproject.toml (or --config FILE):
  site, select, extend-select, ignore, fail-on, context, include, exclude,
  respect-gitignore, [tool.rcml.per-file-ignores] and [tool.rcml.per-file-context].
  The command line beats the file, which beats the defaults.
\b
Suppressions, in a document:
  <!-- rcml: disable=RCML205 -->       for the next element (and what it holds)
  <!-- rcml: disable-file=RCML403 -->  for the whole file
"""


@click.command("lint", epilog=EPILOG)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--context",
    type=click.Choice(CONTEXTS),
    default=None,
    help="Kind of document for every file (default: per-file-context from the configuration, "
    "else voice): what Restcomm runs in it.",
)
@click.option(
    "--site",
    "sites",
    multiple=True,
    metavar="DIR",
    help="Check DIR as a site, as `rcml serve DIR` does at start: every document and template, "
    "and the links between them (repeatable).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE [severity] message. json: an array of objects. sarif: SARIF "
    "2.1.0 for code scanning. junit: one test case per file. github: workflow annotations.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these codes or prefixes (comma-separated, repeatable): RCML2,RCML401.",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Add codes or prefixes to the selection.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Leave out codes or prefixes (the more specific selector wins).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit status 1 (default: error).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read settings from this TOML file instead of pyproject.toml.",
)
@click.option("--no-config", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files and folders matching GLOB (added to the configured exclude).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the CPU count). The output is the same.",
)
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Print the offending line and a caret (default: on a terminal, not in CI).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output (default: on a terminal, not in CI, no NO_COLOR).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the findings cache (used for runs of 32+ files).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the findings cache in DIR/rcml-lint-cache (a folder of its own; nothing else in "
    "DIR is touched) instead of .rcml_cache/rcml-lint-cache beside the configuration.",
    metavar="DIR",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on standard error for long runs (default: on a terminal only).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only, no summary line.")
@click.option(
    "--statistics",
    is_flag=True,
    help="Print the number of findings per rule (count, code, name) instead of the findings.",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="The path to show for - (standard input), and to take per-file settings from.",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Leave out of directory walks what .gitignore files ignore (default: on, or the "
    "respect-gitignore setting).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Filter files named on the command line as a directory walk does (.gitignore, "
    "skipped folders, XML that is not RCML): for pre-commit, which names every changed file.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the safe fixes to the files (standard input: print the fixed document), then "
    "report what remains. Templates are not fixed.",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, apply the unsafe fixes too (see `rcml rule CODE`).",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the fixes as a unified diff instead of applying them; exit 1 when there is "
    "something to fix.",
)
def lint_command(
    paths: tuple[str, ...],
    sites: tuple[str, ...],
    context: str | None,
    output_format: str,
    output: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    config_file: Path | None,
    no_config: bool,
    exclude: tuple[str, ...],
    jobs: int | None,
    show_source: bool | None,
    color: bool | None,
    no_cache: bool,
    cache_dir: Path | None,
    progress: bool | None,
    quiet: bool,
    statistics: bool,
    stdin_filename: str | None,
    respect_gitignore: bool | None,
    force_exclude: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
) -> None:
    """Check RCML documents (*.xml) and templates (*.xml.j2): files, directories or - for stdin.

    Exits 0 when no finding reaches --fail-on (error by default), 1 when one does, 2 on usage
    errors, a broken configuration or an unreadable file. With no PATH, the current directory
    (only the sites, when --site names some). Directory walks skip hidden folders, venv,
    node_modules, build, dist, site-packages, what .gitignore ignores, and XML whose root
    is not <Response> (counted as skipped); a file named on the command line is always linted.

    \b
    Examples:
      rcml lint app/
      rcml lint --site site/
      cat doc.xml | rcml lint -
      rcml lint --select RCML2 --ignore RCML205 app/
      rcml lint --fail-on warning --format github .
      rcml lint --format sarif -o rcml.sarif .
      rcml lint --fix app/
      rcml lint --diff --unsafe-fixes app/
    """
    from rcml.lint import ConfigError, TargetError, lint_paths, resolve_settings
    from rcml.lint.runner import default_jobs
    from rcml.rules import RULES_BY_CODE

    if statistics and output_format != "text":
        raise LintError("--statistics prints text: leave out --format")
    command_line = _command_line(
        select, extend_select, ignore, fail_on, context, exclude, sites
    )._replace(respect_gitignore=respect_gitignore, force_exclude=force_exclude)
    try:
        settings = resolve_settings(
            command_line, list(RULES_BY_CODE), config=config_file, isolated=no_config
        )
    except ConfigError as exc:
        raise LintError(str(exc)) from None
    if unsafe_fixes and not (fix or diff):
        raise LintError("--unsafe-fixes applies with --fix or --diff")
    stream, handle = _open_output(output)
    fixing = _fix_mode(fix, unsafe_fixes, diff, stream, paths)
    # a fixed standard input goes to standard output: the report goes elsewhere
    stdin_fixed = fixing is not None and fixing.stdout is not None and output is None
    report = sys.stderr if stdin_fixed else stream
    try:
        summary = lint_paths(
            paths or (() if sites else (".",)),
            settings,
            report,
            output_format=output_format,
            jobs=jobs or default_jobs(),
            show_source=_auto(show_source, sys.stdout) if output is None else bool(show_source),
            color=bool(color) if output is not None or color is not None else _colour(),
            progress=sys.stderr if _progress(progress) else None,
            progress_min=0 if progress else None,
            cache=not no_cache,
            cache_dir=cache_dir,
            stdin_filename=stdin_filename,
            quiet=quiet,
            statistics=statistics,
            fix=fixing,
        )
        if fixing is not None:
            exit_code = _fix_report(fixing, summary, report, output_format, bool(sites))
        else:
            exit_code = summary.exit_code
    except TargetError as exc:
        raise LintError(str(exc)) from None
    finally:
        if handle is not None:
            handle.close()
    allow_quick_exit()  # the pool, if any, is shut down and every file is closed
    if exit_code:
        raise SystemExit(exit_code)


def _fix_mode(
    fix: bool, unsafe: bool, diff: bool, stream: TextIO, paths: tuple[str, ...]
) -> FixMode | None:
    """What --fix, --diff and --unsafe-fixes ask for (None: lint only). A diff goes to the
    report's stream; a fixed standard input to standard output."""
    if not (fix or diff):
        return None
    from rcml.lint.fix import FixMode
    from rcml.lint.result import STDIN

    if diff:
        return FixMode(unsafe=unsafe, diff=stream)
    return FixMode(unsafe=unsafe, stdout=sys.stdout.buffer if STDIN in paths else None)


def _fix_report(
    fixing: FixMode, summary: Summary, report: TextIO, output_format: str, sites: bool
) -> int:
    """Say what was fixed (after a text report, else on standard error); the exit status."""
    totals = fixing.totals
    diff = fixing.diff is not None
    notes = [totals.line(diff)]
    note = totals.template_note()
    if note:
        notes.append(note)
    if sites:
        notes.append("sites (--site) are checked, not fixed: name their folders to fix them")
    for result in totals.unreadable:
        click.echo(f"{result.display}: cannot read: {result.read_error}", err=True)
    for problem in totals.unwritable:
        click.echo(problem, err=True)
    text_out = output_format == "text" and not diff
    for line in notes:
        if text_out:
            report.write(line + "\n")
        else:
            click.echo(line, err=True)
    if summary.unreadable or totals.unwritable:
        return 2
    return (1 if totals.changed else 0) if diff else summary.exit_code


def _colour() -> bool:
    """Colours by default: on a terminal, outside CI, unless NO_COLOR is set."""
    return _auto(None, sys.stdout) and "NO_COLOR" not in os.environ


def _command_line(
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    context: str | None,
    exclude: tuple[str, ...],
    sites: tuple[str, ...] = (),
) -> CommandLine:
    from rcml.lint import CommandLine

    return CommandLine(
        select=_codes(select) if select else None,
        extend_select=_codes(extend_select),
        ignore=_codes(ignore),
        fail_on=fail_on,
        context=context,
        exclude=exclude,
        site=sites,
    )


def _open_output(output: str | None) -> tuple[TextIO, TextIO | None]:
    if output is None:
        return sys.stdout, None
    try:
        handle = Path(output).open("w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115
    except OSError as exc:
        raise LintError(f"{output}: cannot write: {exc.strerror or exc}") from None
    return handle, handle


def _progress(flag: bool | None) -> bool:
    """Whether a bar may be drawn; lint_paths draws it only for runs of progress_min files."""
    if flag is not None:
        return flag
    from rcml.lint.progress import MIN_FILES, wanted

    return wanted(sys.stdout, sys.stderr, MIN_FILES)
