"""The RCML document server: a checked site, served from memory by a plain ASGI app.

In code::

    from rcml.server import create_app
    return create_app("site/")          # raises SiteError (with the findings) if anything is wrong

Under any ASGI server, configured from the environment (``RCML_SITE``, ``RCML_BASE_URL``,
``RCML_CONTEXT``, ``RCML_AUTH`` = ``USER:TOKEN``, ``RCML_AUTH_PREFIXES`` = ``/a,/b``)::

    uvicorn --factory rcml.server:app_from_env --workers 4
    gunicorn -k uvicorn.workers.UvicornWorker -w 4 'rcml.server:app_from_env()'
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from rcml.core.errors import RcmlError
from rcml.server.app import RcmlApp
from rcml.server.auth import ENV_AUTH, BasicAuth
from rcml.server.reload import Reloader, SiteHolder
from rcml.site import Resource, Site, load_site, site_report


class SiteError(RcmlError):
    """A site has error-severity findings, so it is not served; ``site.findings`` says why."""

    def __init__(self, site: Site) -> None:
        self.site = site
        super().__init__(
            f"{site.root}: {site.error_count()} error(s); the site is not served\n"
            + site_report(site)
        )


def create_app(
    root: str | Path,
    *,
    context: str = "voice",
    base_url: str | None = None,
    auth: BasicAuth | None = None,
) -> RcmlApp:
    """Load and check the site under ``root`` and return its ASGI app (SiteError on errors)."""
    site = load_site(root, context=context, base_url=base_url)
    if site.has_errors:
        raise SiteError(site)
    return RcmlApp(site, auth=auth)


def app_from_env() -> RcmlApp:
    """An app configured from the environment, for ``uvicorn --factory`` and gunicorn."""
    from rcml.resources import data_dir

    root = os.environ.get("RCML_SITE") or str(data_dir("templates"))
    spec = os.environ.get(ENV_AUTH)
    prefixes = tuple(p for p in os.environ.get("RCML_AUTH_PREFIXES", "").split(",") if p)
    auth = BasicAuth.parse(spec, prefixes) if spec else None
    app = create_app(
        root,
        context=os.environ.get("RCML_CONTEXT", "voice"),
        base_url=os.environ.get("RCML_BASE_URL") or None,
        auth=auth,
    )
    for slip in auth.case_slips(app.holder.site.resources) if auth else ():
        logging.getLogger("rcml.server").warning("RCML_AUTH_PREFIXES: %s", slip)
    return app


__all__ = [
    "BasicAuth",
    "RcmlApp",
    "Reloader",
    "Resource",
    "Site",
    "SiteError",
    "SiteHolder",
    "app_from_env",
    "create_app",
    "load_site",
]
