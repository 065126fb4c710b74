"""Reloading: build and check a new snapshot off the request path, then swap it in atomically.

The app reads :attr:`SiteHolder.site` once per request and answers from that snapshot only, so a
request never sees a mix of two versions. A new snapshot with an error is never swapped in: the
last good one keeps serving, and the findings are logged.

:class:`Reloader` runs one background thread. It reloads when asked (SIGHUP, or
:meth:`Reloader.request`) and, with ``watch=True``, when the site's files change (it polls their
names, sizes and modification times; no extra dependency, and it works on every file system).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from rcml.site import Site, site_files, site_report

log = logging.getLogger("rcml.server")


class SiteHolder:
    """The current snapshot. Reading ``site`` is one attribute read: atomic under the GIL."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._lock = threading.Lock()
        self.swaps = 0

    @property
    def site(self) -> Site:
        return self._site

    def swap(self, site: Site) -> None:
        """Make ``site`` the snapshot every later request is answered from."""
        with self._lock:
            self._site = site
            self.swaps += 1


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the site's files: a change means reload."""
    stamps = []
    for file in site_files(root):
        try:
            stat = os.stat(file.path)
        except OSError:
            continue
        stamps.append((file.relpath, stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


class Reloader:
    """Reload a site on request or on change, in one background thread."""

    def __init__(
        self,
        holder: SiteHolder,
        load: Callable[[], Site],
        *,
        watch: bool = False,
        interval: float = 1.0,
    ) -> None:
        self.holder = holder
        self._load = load
        self._watch = watch
        self._interval = interval
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._stamp = fingerprint(holder.site.root) if watch else ()

    def reload_now(self) -> bool:
        """Load and check a new snapshot; swap it in if it has no error. True when swapped."""
        try:
            site = self._load()
        except Exception as exc:  # a reload must never kill the reloader thread
            log.error("reload failed: %s; still serving version %s", exc, self.holder.site.version)
            return False
        if site.has_errors:
            log.error(
                "reload refused: %d error(s); still serving version %s\n%s",
                site.error_count(),
                self.holder.site.version,
                site_report(site).rstrip("\n"),
            )
            return False
        self.holder.swap(site)
        log.info("reloaded: now serving version %s", site.version)
        return True

    def request(self) -> None:
        """Ask for a reload (safe to call from a signal handler)."""
        self._wanted.set()

    def _changed(self) -> bool:
        stamp = fingerprint(self.holder.site.root)
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        return True

    def _run(self) -> None:
        while not self._stopping.is_set():
            asked = self._wanted.wait(self._interval if self._watch else None)
            if self._stopping.is_set():
                return
            self._wanted.clear()
            changed = self._watch and self._changed()  # also takes in what a request changed
            if asked or changed:
                self.reload_now()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="rcml-reloader", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
