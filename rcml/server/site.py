"""A site: every document, template and media file of a folder, checked, as one immutable snapshot.

:func:`load_site` reads the whole folder into memory, validates every document, compiles every
template and renders it with each of its sample parameter sets (validating every rendering), and
checks every link between them (:mod:`rcml.server.check`). The result is a :class:`Site`: requests
are answered from it alone, never from the file system, so a request cannot reach a file that was
not loaded, and a reload swaps one whole snapshot for another.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

import jinja2

from rcml.rules.document import DocumentTooLarge
from rcml.rules.site import TemplateFailure
from rcml.server._files import Kind, SiteFile, content_type, site_files
from rcml.server._http import safe_route
from rcml.templating import TemplateError, compile_template, render, template_samples
from rcml.validate import Finding, Limits, validate
from rcml.validate.cap import cap_findings
from rcml.validate.options import Context, check_context

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
    renderings: tuple[bytes, ...] = ()
    contexts: tuple[Context, ...] = ("voice",)

    @cached_property
    def headers(self) -> list[tuple[bytes, bytes]]:
        """The ASGI headers of a 200 for a static document or media file (the same each time)."""
        return [
            (b"content-type", self.content_type.encode("latin-1")),
            (b"content-length", str(len(self.body)).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"etag", self.etag.encode("latin-1")),
            (b"cache-control", b"no-cache"),
        ]


@dataclass(frozen=True, eq=False)
class Site:
    """One immutable, checked snapshot of a site."""

    root: Path
    resources: Mapping[str, Resource]
    findings: Mapping[str, tuple[Finding, ...]]  # by relpath; every file has an entry
    context: Context = "voice"
    base_url: str | None = None
    limits: Limits = field(default_factory=Limits)
    version: str = ""
    loaded_at: float = 0.0

    @cached_property
    def raw_routes(self) -> Mapping[bytes, str]:
        """The route of each resource by the raw request path that names it most plainly.

        Every entry is exactly what :func:`~rcml.server._http.safe_route` answers for that path
        (it is computed with it), so the app may look a path up here first and skip the parsing
        for the requests that matter: the ones for documents that exist.
        """
        table = {}
        for route in self.resources:
            raw = quote(route, safe="/").encode("ascii")
            if safe_route(raw) == route:
                table[raw] = route
        return MappingProxyType(table)

    def warm(self) -> Site:
        """Build every per-snapshot table now, at load, rather than on the first requests."""
        for resource in self.resources.values():
            if resource.kind != "template":
                _ = resource.headers
        _ = self.raw_routes
        return self

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


def _template_error(exc: TemplateError, note: str = "") -> Finding:
    return TemplateFailure.at(
        exc.line or 1,
        1,
        f"{exc.message}{note}",
        "fix the template, or declare the values it needs in "
        '{#- rcml-samples: [{"From": "+15550100"}] -#}',
    )


def _load_template(
    file: SiteFile, context: Context, limits: Limits
) -> tuple[Resource | None, list[Finding]]:
    """Compile, sample-render and validate one template."""
    try:
        source = file.path.read_bytes()[: limits.max_bytes + 1].decode("utf-8")
    except UnicodeDecodeError:
        return None, [TemplateFailure.at(1, 1, "the template is not UTF-8 text")]
    try:
        template = compile_template(source, file.relpath)
        samples = template_samples(source)
        # Every render copies the template's globals into a fresh context: a plain dict copies
        # several times faster than the ChainMap over the environment's globals Jinja keeps
        # (this template's environment is its own, so nothing could change them later).
        template.globals = dict(template.globals)
    except TemplateError as exc:
        return None, [_template_error(exc)]
    findings: set[Finding] = set()
    rendered: dict[tuple[int, int, str, str], Finding] = {}
    renderings: list[bytes] = []
    for number, values in enumerate(samples, 1):
        note = f" (sample {number} of {len(samples)})" if len(samples) > 1 else ""
        try:
            body = render(template, values)
        except TemplateError as exc:
            findings.add(_template_error(exc, note))
            continue
        renderings.append(body)
        for found in validate(body, context=context, limits=limits):
            # Positions are in the rendering; say which one, once per distinct finding.
            key = (found.line, found.column, found.code, found.message)
            where = f" (at this line of the rendering with sample {number})"
            rendered.setdefault(key, replace(found, message=found.message + where))
    findings.update(rendered.values())
    resource = Resource(
        route=file.route,
        relpath=file.relpath,
        kind="template",
        content_type=content_type(file.route),
        template=template,
        samples=tuple(MappingProxyType(dict(s)) for s in samples),
        renderings=tuple(renderings),
        contexts=(context,),
    )
    return resource, sorted(findings)


def _load_file(
    file: SiteFile, context: Context, limits: Limits
) -> tuple[Resource | None, list[Finding]]:
    if file.kind == "template":
        return _load_template(file, context, limits)
    cap = limits.max_bytes + 1 if file.kind == "document" else MAX_MEDIA_BYTES + 1
    with open(file.path, "rb") as handle:
        body = handle.read(cap)
    if file.kind == "media" and len(body) > MAX_MEDIA_BYTES:
        message = f"media files are served from memory, up to {MAX_MEDIA_BYTES >> 20} MiB"
        hint = "serve large media from a media server or CDN, and link to it with an absolute URL"
        return None, [DocumentTooLarge.at(1, 1, message, hint)]
    findings = validate(body, context=context, limits=limits) if file.kind == "document" else []
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
    from rcml.server.check import check_links  # the link checker builds on this module

    kind = check_context(str(context))
    limits = limits or Limits()
    folder = Path(root)
    if not folder.is_dir():
        raise NotADirectoryError(f"{root}: not a folder")
    resources: dict[str, Resource] = {}
    findings: dict[str, list[Finding]] = {}
    digest = hashlib.sha256()
    for file in site_files(folder):
        try:
            resource, found = _load_file(file, kind, limits)
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
            digest.update(rendering)
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
        version=digest.hexdigest()[:12],
        loaded_at=time.time(),
    )
    return site.warm()
