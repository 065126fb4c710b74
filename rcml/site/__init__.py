"""A site: a folder of RCML documents, Jinja2 templates and media, checked as a whole.

"Is this site valid" has one answer, :func:`load_site`, which ``rcml lint --site``, ``rcml serve``
and ``rcml build`` all call: every document checked, every template rendered with its samples
and checked at its own lines, every link followed into its target with the context the link gives
it, redirect loops found. No HTTP here: the server serves the :class:`Site` this builds.
"""

from __future__ import annotations

from rcml.core.report import text_report
from rcml.site.files import SiteFile, site_files
from rcml.site.load import Resource, Site, load_site
from rcml.site.templates import Rendering, TemplateCheck, TemplateSources, check_template


def site_report(site: Site) -> str:
    """The site's findings as ``rcml lint`` prints them (paths under the site's root)."""
    return text_report((str(site.root / path), found) for path, found in site.findings.items())


__all__ = [
    "Rendering",
    "Resource",
    "Site",
    "SiteFile",
    "TemplateCheck",
    "TemplateSources",
    "check_template",
    "load_site",
    "site_files",
    "site_report",
]
