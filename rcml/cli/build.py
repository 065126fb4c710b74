"""`rcml build`: export a checked site as static files, with an nginx snippet."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import click

from rcml.core.options import CONTEXTS
from rcml.core.report import text_report
from rcml.server import load_site
from rcml.server.export import NGINX_SNIPPET, ExportRefused, build_site
from rcml.site import site_report


class BuildError(click.ClickException):
    """A one-line ``Error: ...`` and exit status 2, without the usage banner."""

    exit_code = 2


def _read_params(path: Path | None) -> dict[str, dict[str, str]]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise click.UsageError(f"--params: {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"--params: {path}: not JSON: {exc}") from None
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) for v in data.values()
    ):
        raise click.UsageError(
            f'--params: {path}: expected {{"greeting.xml": {{"From": "+15550100"}}, ...}}'
        )
    return data


@click.command("build")
@click.argument("directory", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the export to (created if missing).",
)
@click.option(
    "--params",
    type=click.Path(dir_okay=False, path_type=Path),
    help='JSON: values to render each template with, {"greeting.xml": {"From": "+15550100"}}.',
)
@click.option("--samples", is_flag=True, help="Render other templates with their first samples.")
@click.option("--base-url", help="The public URL of the site (see rcml serve).")
@click.option(
    "--root",
    "deploy_root",
    metavar="PATH",
    help="Where the export will live on the web server, for the nginx snippet "
    "(default: OUT's absolute path on this machine).",
)
@click.option("--check", is_flag=True, help="Check everything a build checks; write nothing.")
@click.option("--context", type=click.Choice(CONTEXTS), default="voice", show_default=True)
def build_command(
    directory: Path,
    out: Path,
    params: Path | None,
    samples: bool,
    base_url: str | None,
    deploy_root: str | None,
    check: bool,
    context: str,
) -> None:
    """Export a checked site as static files for nginx or a CDN.

    Every document is checked as `rcml serve` checks it; templates are rendered with one
    parameter set each (a static URL holds one document) and checked again; links must lead to
    exported files. Writes nothing if anything is an error (exit 1). Also writes
    OUT/rcml-nginx.conf, a snippet to include in an nginx server block: it answers POST (Restcomm's
    default) like GET, which nginx does not do by itself.

    Safe to re-run: files an earlier build wrote that the site no longer has are removed (the
    list is in OUT/rcml-build.json); a folder holding files rcml build did not write is refused.

    \b
    Examples:
      rcml build site/ -o dist/
      rcml build site/ -o dist/ --params values.json --samples
      rcml build site/ -o dist/ --root /srv/rcml   # where dist/ is deployed
      rcml build site/ -o dist/ --check            # in CI: check, write nothing
      # nginx.conf:  server { listen 80; include /srv/dist/rcml-nginx.conf; }
    """
    values = _read_params(params)
    try:
        site = load_site(directory, context=context, base_url=base_url)
    except OSError as exc:
        raise BuildError(f"{directory}: {exc.strerror or exc}") from None
    if site.has_errors:
        click.echo(site_report(site), nl=False)
        click.echo(f"rcml build: {directory}: {site.error_count()} error(s); nothing written")
        raise SystemExit(1)
    root = PurePosixPath(deploy_root) if deploy_root else None
    if root is not None and not root.is_absolute():
        raise click.UsageError(f"--root {deploy_root}: give an absolute path")
    try:
        export = build_site(site, out, params=values, samples=samples, root=root, write=not check)
    except ExportRefused as exc:
        raise BuildError(str(exc)) from None
    except OSError as exc:
        raise BuildError(f"{exc.filename or out}: {exc.strerror or exc}") from None
    if export.has_errors:
        found = sorted(export.findings.items())
        click.echo(text_report((str(directory / p), f) for p, f in found), nl=False)
        click.echo("rcml build: the export has errors; nothing written")
        raise SystemExit(1)
    for name in export.skipped:
        click.echo(f"skipped {name}: a template with no values (use --params or --samples)")
    if check:
        click.echo(f"checked: {len(export.written)} file(s) would be written to {out}")
        return
    for name in export.removed:
        click.echo(f"removed {name}: no longer in the site")
    click.echo(
        f"wrote {len(export.written)} file(s) to {out} and {out / NGINX_SNIPPET} "
        f"(include it in an nginx server block)"
    )
