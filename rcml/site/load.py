"""A site: every document, template and media file of a folder, checked, as one immutable snapshot.

:func:`load_site` reads the whole folder into memory, checks every document, checks every template
with each of its sample parameter sets (:mod:`rcml.site.templates`), and checks every link between
them (:mod:`rcml.site.linkcheck`). ``rcml lint --site``, ``rcml serve`` and ``rcml build`` all load
a site here, so they report the same findings. The server answers requests from the snapshot
alone, never from the file system, so a request cannot reach a file that was not loaded, and a
reload swaps one whole snapshot for another.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import jinja2

from rcml.core import Finding, Limits
from rcml.core.options import Context, check_context
from rcml.core.reading import read_file_and_stat
from rcml.core.walk import is_partial
from rcml.engine import check_document
from rcml.engine.cap import cap_findings
from rcml.rules.document import DocumentTooLarge
from rcml.rules.site import TemplateFailure
from rcml.site.files import Kind, SiteFile, content_type, site_files
from rcml.site.templates import Rendering, TemplateSources, check_template

MAX_MEDIA_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, eq=False)
class Resource:
    """One thing the site serves at one route.

    Static documents and media carry their ``body`` and ``etag``; templates carry the compiled
    ``template``, their sample sets and ``renderings`` (one body per sample, for the link check).
    ``contexts`` are the contexts the document is checked in: the site's, plus every context a
    link into it gives it; a template's every rendering is validated in each of them.
    """

    route: str
    relpath: str
    kind: Kind
    content_type: str
    body: bytes = b""
    etag: str = ""
    template: jinja2.Template | None = None
    samples: tuple[Mapping[str, str], ...] = ()
    renderings: tuple[Rendering, ...] = ()
    contexts: tuple[Context, ...] = ("voice",)

    @property
    def bodies(self) -> tuple[bytes, ...]:
        """What Restcomm could get from this resource: its body, or each sample rendering."""
        return tuple(r.body for r in self.renderings) if self.kind == "template" else (self.body,)


@dataclass(frozen=True, eq=False)
class Site:
    """One immutable, checked snapshot of a site."""

    root: Path
    resources: Mapping[str, Resource]
    findings: Mapping[str, tuple[Finding, ...]]  # by relpath; every file has an entry
    context: Context = "voice"
    base_url: str | None = None
    limits: Limits = field(default_factory=Limits)
    templates: TemplateSources = field(default_factory=lambda: TemplateSources({}))
    version: str = ""
    loaded_at: float = 0.0

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for found in self.findings.values() for f in found)

    def error_count(self) -> int:
        return sum(f.is_error for found in self.findings.values() for f in found)

    def documents(self) -> list[Resource]:
        """Documents and templates, by route (what the index page lists)."""
        return [r for r in self.resources.values() if r.kind != "media"]

    def status_of(self, resource: Resource) -> str:
        """``error``, ``warning``, ``info`` or ``ok``: the worst finding of its file."""
        found = self.findings.get(resource.relpath, ())
        for severity in ("error", "warning", "info"):
            if any(f.severity.value == severity for f in found):
                return severity
        return "ok"


def etag_of(body: bytes) -> str:
    """A strong ETag: the first 16 bytes of the body's SHA-256, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _read(file: SiteFile, cap: int) -> bytes:
    """At most ``cap + 1`` bytes of a regular file (a pipe swapped in is refused, never opened
    for reading)."""
    return read_file_and_stat(file.path, cap)[0]


def _load_template(
    file: SiteFile, context: Context, limits: Limits, sources: TemplateSources
) -> tuple[Resource | None, list[Finding]]:
    """Check one template (:func:`~rcml.site.templates.check_template`) and keep what it gave."""
    data = _read(file, limits.max_bytes)
    checked = check_template(
        file.relpath, data, sources, lambda body: check_document(body, context, limits)
    )
    if checked.template is None:
        return None, list(checked.findings)
    # Every render copies the template's globals into a fresh context: a plain dict copies
    # several times faster than the ChainMap over the environment's globals Jinja keeps
    # (this template's environment is the snapshot's own, so nothing could change them later).
    checked.template.globals = dict(checked.template.globals)
    resource = Resource(
        route=file.route,
        relpath=file.relpath,
        kind="template",
        content_type=content_type(file.route),
        template=checked.template,
        samples=tuple(MappingProxyType(dict(s)) for s in checked.samples),
        renderings=checked.renderings,
        contexts=(context,),
    )
    return resource, list(checked.findings)


def _load_file(
    file: SiteFile, context: Context, limits: Limits, sources: TemplateSources
) -> tuple[Resource | None, list[Finding]]:
    if file.kind == "template":
        return _load_template(file, context, limits, sources)
    body = _read(file, limits.max_bytes if file.kind == "document" else MAX_MEDIA_BYTES)
    if file.kind == "media" and len(body) > MAX_MEDIA_BYTES:
        message = f"media files are served from memory, up to {MAX_MEDIA_BYTES >> 20} MiB"
        hint = "serve large media from a media server or CDN, and link to it with an absolute URL"
        return None, [DocumentTooLarge.at(1, 1, message, hint)]
    findings = check_document(body, context, limits) if file.kind == "document" else []
    resource = Resource(
        route=file.route,
        relpath=file.relpath,
        kind=file.kind,
        content_type=content_type(file.route),
        body=body,
        etag=etag_of(body),
        contexts=(context,),
    )
    return resource, findings


def template_sources(files: list[SiteFile], limits: Limits) -> TemplateSources:
    """The sources every template of the site may load: its templates and partials, read once."""
    sources: dict[str, str] = {}
    for file in files:
        if file.kind != "template" and not (is_partial(file.relpath) and file.kind == "document"):
            continue
        try:
            data = _read(file, limits.max_bytes)
            sources[file.relpath] = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported when the file itself is checked
    return TemplateSources(sources)


def load_site(
    root: str | Path,
    *,
    context: Context | str = "voice",
    base_url: str | None = None,
    limits: Limits | None = None,
) -> Site:
    """Read and check the whole site under ``root``; the findings are in ``Site.findings``.

    Never raises for the content of a file (a problem is a finding); raises OSError when
    ``root`` is not a readable folder.
    """
    from rcml.site.linkcheck import check_links  # the link checker builds on this module

    kind = check_context(str(context))
    limits = limits or Limits()
    folder = Path(root)
    if not folder.is_dir():
        raise NotADirectoryError(f"{root}: not a folder")
    resources: dict[str, Resource] = {}
    findings: dict[str, list[Finding]] = {}
    digest = hashlib.sha256()
    files = site_files(folder)
    sources = template_sources(files, limits)
    for file in files:
        if is_partial(file.relpath) and file.kind != "media":
            continue  # checked through the templates that use it
        try:
            resource, found = _load_file(file, kind, limits, sources)
        except OSError as exc:
            resource = None
            found = [TemplateFailure.at(1, 1, f"cannot read: {exc.strerror or exc}")]
        findings[file.relpath] = list(found)
        if resource is None:
            continue
        if file.route in resources:
            other = resources[file.route].relpath
            findings[file.relpath].append(
                TemplateFailure.at(1, 1, f"{file.relpath} would answer at {file.route}, as {other}")
            )
            continue
        resources[file.route] = resource
        digest.update(file.relpath.encode() + b"\0" + resource.body + resource.etag.encode())
        for rendering in resource.renderings:
            digest.update(rendering.body)
    for relpath, source in sorted(sources.sources.items()):
        if is_partial(relpath):
            digest.update(relpath.encode() + b"\0" + source.encode())
    checked = check_links(resources, kind, base_url, limits)
    for relpath, extra in checked.findings.items():
        findings.setdefault(relpath, []).extend(extra)
    site = Site(
        root=folder,
        resources=MappingProxyType(checked.resources),
        findings=MappingProxyType(
            {
                k: tuple(cap_findings(sorted(set(v)), limits.max_findings))
                for k, v in sorted(findings.items())
            }
        ),
        context=kind,
        base_url=base_url,
        limits=limits,
        templates=sources,
        version=digest.hexdigest()[:12],
        loaded_at=time.time(),
    )
    return site
