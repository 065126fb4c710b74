"""The site-wide check: links that lead nowhere, targets wrong for their context, redirect loops.

Runs after every file has been checked on its own. Each target is checked again in each context a
link gives it, once per (target, context); each sample rendering of a template counts as a
document of its own, and a link found in a rendering is reported at its template line.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rcml.core import Finding, Limits
from rcml.core.names import did_you_mean
from rcml.core.options import Context
from rcml.engine import check_document
from rcml.rules.site import BrokenLink, LinkTargetInvalidInContext, RedirectCycle
from rcml.site.links import Link, Resolver, document_links
from rcml.site.templates import Rendering

if TYPE_CHECKING:
    from rcml.site.load import Resource


@dataclass
class Checked:
    """The resources (with the contexts links gave them) and the findings, by file."""

    resources: dict[str, Resource]
    findings: dict[str, list[Finding]] = field(default_factory=dict)


def _first_error(resource: Resource, context: Context, limits: Limits) -> Finding | None:
    for body in resource.bodies:
        for finding in check_document(body, context, limits):
            if finding.is_error:
                return finding
    return None


def _path_between(edges: Mapping[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The shortest route list from ``start`` to ``goal`` along ``edges`` (BFS), or None."""
    parents: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (parent := parents[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        for nxt in sorted(edges.get(node, ())):
            if nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return None


def _broken(link: Link, routes: list[str]) -> Finding:
    guess = did_you_mean(link.route, routes)
    hint = f"did you mean {guess}?" if guess else "add the file to the site, or fix the link"
    return BrokenLink.at(
        link.line,
        link.column,
        f"{link.where}: {link.url!r} leads to {link.route}, which the site does not serve",
        hint,
        element=link.element,
    )


def _media_as_document(link: Link, target: Resource) -> Finding:
    """A link Restcomm fetches as a document that leads to a media file: the download fails,
    since Restcomm parses every body it downloads as XML (Downloader.java:160-174)."""
    why = " (its path does not end in 'wav')" if link.where.startswith("waitUrl") else ""
    return LinkTargetInvalidInContext.at(
        link.line,
        link.column,
        f"{link.where}: Restcomm fetches {target.relpath} as an RCML document{why}; a media file "
        "does not parse as XML, so the download fails and the call with it",
        "point it at an RCML document"
        + (", or at a .wav file" if link.where.startswith("waitUrl") else ""),
        element=link.element,
    )


def _at_template_line(link: Link, rendering: Rendering, several: bool) -> Link:
    """``link`` (found in a rendering) at its template position, naming its sample set."""
    line, column, exact = rendering.template_position(link.line, link.column)
    where = link.where
    if not exact:
        where += f" (output line {link.line})"
    if several:
        where += f" (with sample set {rendering.number})"
    return dataclasses.replace(link, line=line, column=column, where=where)


def check_links(
    resources: Mapping[str, Resource], context: Context, base_url: str | None, limits: Limits
) -> Checked:
    """Check every in-site link of every document and template of a site."""
    resolver = Resolver(base_url)
    result = Checked(dict(resources))
    routes = sorted(resources)
    links: list[tuple[Resource, Link]] = []
    for resource in resources.values():
        if resource.kind == "media":
            continue
        if resource.kind == "template":
            several = len(resource.renderings) > 1
            for rendering in resource.renderings:
                for link in document_links(
                    rendering.body, resource.route, context, resolver, limits
                ):
                    links.append((resource, _at_template_line(link, rendering, several)))
            continue
        for link in document_links(resource.body, resource.route, context, resolver, limits):
            links.append((resource, link))

    contexts: dict[str, list[Context]] = {r: list(res.contexts) for r, res in resources.items()}
    verdicts: dict[tuple[str, Context], Finding | None] = {}
    edges: dict[str, set[str]] = {}
    by_edge: dict[tuple[str, str], tuple[Resource, Link]] = {}
    found: set[tuple[str, Finding]] = set()
    for source, link in links:
        target = resources.get(link.route)
        if target is None:
            found.add((source.relpath, _broken(link, routes)))
            continue
        if link.kind != "document" or link.context is None:
            continue
        if target.kind == "media":
            found.add((source.relpath, _media_as_document(link, target)))
            continue
        key = (target.route, link.context)
        if link.context not in contexts[target.route]:
            contexts[target.route].append(link.context)
        if key not in verdicts:
            verdicts[key] = (
                None
                if link.context == context
                else _first_error(target, link.context, limits)  # already validated in context
            )
        error = verdicts[key]
        if error is not None:
            message = (
                f"{link.where}: {target.relpath} is not a valid {link.context} document: "
                f"line {error.line}: {error.code} {error.message}"
            )
            found.add(
                (
                    source.relpath,
                    LinkTargetInvalidInContext.at(
                        link.line, link.column, message, error.hint, element=link.element
                    ),
                )
            )
        if link.replaces and not link.waits_before:
            edges.setdefault(source.route, set()).add(target.route)
            by_edge.setdefault((source.route, target.route), (source, link))

    for (start, end), (source, link) in sorted(by_edge.items()):
        cycle = _path_between(edges, end, start)
        if cycle is None:
            continue
        shown = " -> ".join([start, *cycle])
        found.add(
            (
                source.relpath,
                RedirectCycle.at(
                    link.line,
                    link.column,
                    f"redirect loop with no verb that takes call time: {shown}",
                    "play, say or pause something before redirecting, or end the loop",
                    element=link.element,
                ),
            )
        )

    for relpath, finding in found:
        result.findings.setdefault(relpath, []).append(finding)
    for route, kinds in contexts.items():
        if tuple(kinds) != resources[route].contexts:
            result.resources[route] = dataclasses.replace(resources[route], contexts=tuple(kinds))
    return result
