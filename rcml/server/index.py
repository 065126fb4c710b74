"""The HTML index page at ``/``: every document of the site, its status, and a link to it.

Everything shown comes from file names, findings and sample values, so all of it is escaped.
The page is self-contained (inline CSS, no script, no external fetch).
"""

from __future__ import annotations

import time
from html import escape
from urllib.parse import quote, urlencode

from rcml.site import Resource, Site

_BADGE = {
    "ok": ("ok", "valid"),
    "info": ("info", "notes"),
    "warning": ("warn", "warnings"),
    "error": ("err", "errors"),
}

_CSS = """
:root { color-scheme: light; --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f5f7fb; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       color:var(--ink); background:var(--bg); }
header { background: linear-gradient(120deg, #1e3a8a, #2563eb 60%, #0ea5e9); color:#fff;
         padding: 28px 40px; }
header h1 { margin:0 0 4px; font-size: 26px; letter-spacing: .3px; }
header p { margin:0; opacity:.9; }
main { max-width: 1040px; margin: 24px auto; padding: 0 24px; }
.card { background:#fff; border:1px solid var(--line); border-radius:12px;
        box-shadow: 0 1px 3px rgba(0,0,0,.06); margin-bottom: 20px; overflow:hidden; }
.card h2 { font-size: 16px; margin:0; padding: 14px 20px; border-bottom:1px solid var(--line); }
table { width:100%; border-collapse: collapse; }
th, td { text-align:left; padding: 10px 20px; border-bottom:1px solid var(--line);
         vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .6px; color:var(--muted); }
tr:last-child td { border-bottom: 0; }
a { color:#1d4ed8; text-decoration:none; } a:hover { text-decoration: underline; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.badge { display:inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px;
         font-weight: 600; }
.ok { background:#dcfce7; color:#166534; } .info { background:#e0f2fe; color:#075985; }
.warn { background:#fef3c7; color:#92400e; } .err { background:#fee2e2; color:#991b1b; }
.kind { color: var(--muted); font-size: 13px; }
.samples a { margin-right: 8px; font-size: 13px; }
footer { color: var(--muted); font-size: 13px; text-align:center; margin: 24px 0 40px; }
"""


def _sample_links(resource: Resource) -> str:
    links = []
    for number, values in enumerate(resource.samples, 1):
        target = resource.route + ("?" + urlencode(dict(values)) if values else "")
        title = ", ".join(f"{k}={v}" for k, v in values.items()) or "no values"
        links.append(
            f'<a href="{escape(quote(target, safe="/?=&+%"))}" title="{escape(title)}">'
            f"sample {number}</a>"
        )
    return "".join(links)


def _row(site: Site, resource: Resource) -> str:
    css, label = _BADGE[site.status_of(resource)]
    found = site.findings.get(resource.relpath, ())
    count = f" ({len(found)})" if found else ""
    details = "\n".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in found[:10])
    contexts = ", ".join(resource.contexts)
    href = escape(quote(resource.route))
    samples = _sample_links(resource) if resource.kind == "template" else ""
    return (
        "<tr>"
        f'<td><a href="{href}"><code>{escape(resource.route)}</code></a>'
        f'<div class="kind">{escape(resource.relpath)}</div></td>'
        f'<td class="kind">{escape(resource.kind)}</td>'
        f'<td><span class="badge {css}" title="{escape(details)}">{label}{count}</span></td>'
        f'<td class="kind">{escape(contexts)}</td>'
        f'<td class="samples">{samples}</td>'
        "</tr>"
    )


def render_index(site: Site, hidden: tuple[str, ...] = ()) -> bytes:
    """The index page of ``site`` (routes for which ``hidden`` prefixes match are left out)."""

    def shown(route: str) -> bool:
        return not any(route == p or route.startswith(p.rstrip("/") + "/") for p in hidden)

    documents = [r for r in site.documents() if shown(r.route)]
    media = [r for r in site.resources.values() if r.kind == "media" and shown(r.route)]
    rows = "".join(_row(site, r) for r in documents) or (
        '<tr><td colspan="5" class="kind">No documents.</td></tr>'
    )
    media_rows = "".join(
        f'<tr><td><a href="{escape(quote(r.route))}"><code>{escape(r.route)}</code></a></td>'
        f'<td class="kind">{escape(r.content_type)}</td>'
        f'<td class="kind">{len(r.body):,} bytes</td></tr>'
        for r in media
    )
    media_card = (
        f'<section class="card"><h2>Media</h2><table>{media_rows}</table></section>'
        if media
        else ""
    )
    loaded = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(site.loaded_at))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RCML site</title><style>{_CSS}</style></head>
<body><header><h1>RCML site</h1>
<p>{len(documents)} document(s), every one checked before it is served &middot;
version <code>{escape(site.version)}</code></p></header>
<main><section class="card"><h2>Documents</h2><table>
<tr><th>Route</th><th>Kind</th><th>Status</th><th>Checked as</th><th>Try it</th></tr>
{rows}</table></section>
{media_card}
</main>
<footer>Served by rcml &middot; loaded {escape(loaded)} &middot; GET, HEAD and POST answer
every document</footer>
</body></html>
"""
    return page.encode("utf-8")
