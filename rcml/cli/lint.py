"""`rcml lint`: check RCML documents, for people and for CI."""

from __future__ import annotations

import click

from rcml.lint import collect_targets, lint_targets
from rcml.lint.files import TargetError
from rcml.lint.report import REPORTERS
from rcml.validate.options import CONTEXTS, check_context


@click.command("lint")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--context",
    type=click.Choice(CONTEXTS),
    default="voice",
    show_default=True,
    help="Kind of document: what Restcomm runs in it (voice call, sms, ussd, a Dial noun's "
    "screening url, a conference waitUrl).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE message. json: one array of finding objects.",
)
def lint_command(paths: tuple[str, ...], context: str, output_format: str) -> None:
    """Check RCML documents: files, directories (every *.xml inside) or - for stdin.

    Exits 0 when no document has an error, 1 when one has, 2 on usage errors or unreadable
    paths. Warnings and notes never fail the run.

    \b
    Examples:
      rcml lint app/
      cat doc.xml | rcml lint -
      rcml lint --format json app/ > findings.json
    """
    try:
        targets = collect_targets(list(paths))
    except TargetError as exc:
        raise click.UsageError(str(exc)) from None
    results = lint_targets(targets, context=check_context(context))
    click.echo(REPORTERS[output_format](results), nl=False)
    if any(r.read_error for r in results):
        raise SystemExit(2)
    if any(r.has_errors for r in results):
        raise SystemExit(1)
