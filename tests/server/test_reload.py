"""Reloading: atomic swaps, refused bad versions, file watching, and reload under load."""

from __future__ import annotations

import http.client
import os
import re
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from rcml.server import RcmlApp, Reloader, SiteHolder, load_site
from tests.server.conftest import DOC, Served, call, write_site


def test_reload_now_swaps_a_good_site_and_keeps_the_last_good_one(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"a.xml": DOC})
    holder = SiteHolder(load_site(root))
    app = RcmlApp(holder)
    reloader = Reloader(holder, lambda: load_site(root))
    old = holder.site
    write_site(root, {"b.xml": DOC})
    assert reloader.reload_now() is True
    assert holder.site is not old and holder.swaps == 1
    assert call(app, "GET", "/b.xml").status_code == 200
    good = holder.site
    write_site(root, {"c.xml": "<Response><Redirect>nowhere.xml</Redirect></Response>"})
    assert reloader.reload_now() is False
    assert holder.site is good
    assert call(app, "GET", "/c.xml").status_code == 404


def test_watching_reloads_when_a_file_changes(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"a.xml": DOC})
    holder = SiteHolder(load_site(root))
    swapped = threading.Event()
    reloader = Reloader(holder, lambda: load_site(root), watch=True)
    original_swap = holder.swap

    def swap(site: object) -> None:
        original_swap(site)  # type: ignore[arg-type]
        swapped.set()

    holder.swap = swap  # type: ignore[method-assign]
    reloader.start()
    try:
        write_site(root, {"b.xml": DOC})
        assert swapped.wait(timeout=30)
    finally:
        reloader.stop()
    assert "/b.xml" in holder.site.resources


def _version_site(root: Path, version: int) -> None:
    """Write version ``version`` of a site atomically, file by file, then drop older files."""
    files = {
        "v.xml": f"<Response><Say>version {version}</Say>"
        f"<Redirect>next-{version}.xml</Redirect></Response>",
        f"next-{version}.xml": f"<Response><Say>next {version}</Say></Response>",
        "t.xml.j2": f"<Response><Say>template {version} {{{{ From | default('x') }}}}</Say>"
        f'<Gather action="next-{version}.xml"><Say>{version}</Say></Gather></Response>',
    }
    for name, text in files.items():
        temp = root / f".{name}.tmp"
        temp.write_text(text)
        os.replace(temp, root / name)
    for old in root.glob("next-*.xml"):
        if old.name != f"next-{version}.xml":
            old.unlink()


_V = re.compile(rb"<Say>version (\d+)</Say><Redirect>next-(\d+)\.xml</Redirect>")
_T = re.compile(rb'<Say>template (\d+) [^<]*</Say><Gather action="next-(\d+)\.xml"><Say>(\d+)<')


def test_reload_under_load(tmp_path: Path, serve: Callable[..., Served]) -> None:
    root = tmp_path / "site"
    root.mkdir()
    _version_site(root, 0)
    served = serve(str(root))
    swaps, clients, at_least, at_most = 15, 4, 100, 5000
    done = threading.Event()
    problems: list[str] = []
    seen: set[int] = set()
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(served.host, served.port, timeout=30)
        try:
            for i in range(at_most):  # bounded; goes on until the swaps are over
                if i >= at_least and done.is_set():
                    break
                path = "/v.xml" if (i + number) % 2 else "/t.xml"
                connection.request(
                    "POST",
                    path,
                    body="From=%2B1",
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
                response = connection.getresponse()
                body = response.read()
                match = (_V if path == "/v.xml" else _T).search(body)
                length = int(response.getheader("Content-Length", "-1"))
                with lock:
                    if response.status != 200 or length != len(body) or match is None:
                        problems.append(f"{path}: {response.status} {body[:80]!r}")
                    elif len(set(match.groups())) != 1:
                        problems.append(f"mixed versions: {body!r}")
                    else:
                        seen.add(int(match.group(1)))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    health = http.client.HTTPConnection(served.host, served.port, timeout=30)
    try:
        for version in range(1, swaps + 1):
            health.request("GET", "/healthz")
            before = health.getresponse().read()
            _version_site(root, version)
            served.process.send_signal(signal.SIGHUP)
            for _ in range(5000):  # bounded: watch the served version change
                health.request("GET", "/healthz")
                if health.getresponse().read() != before:
                    break
            else:
                problems.append(f"version {version} was never swapped in")
    finally:
        done.set()
        health.close()
        for thread in threads:
            thread.join(timeout=120)
    assert problems == []
    assert len(seen) >= swaps // 2  # requests did run across the swaps
