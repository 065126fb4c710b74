"""Reloading: build and check a new snapshot off the request path, then swap it in atomically.

The app reads :attr:`SiteHolder.site` once per request and answers from that snapshot only, so a
request never sees a mix of two versions. A new snapshot with an error is never swapped in: the
last good one keeps serving, and the findings are logged.

:class:`Reloader` runs one background thread. It reloads when asked (SIGHUP, or
:meth:`Reloader.request`) and, with ``watch=True``, when the site's files change: a second thread
watches the folder with ``watchfiles`` (the file-system notifications uvicorn's own reloader
uses) and asks for a reload on each batch of changes.

Asking is one byte written to a socket pair the thread waits on: no lock is taken, so a signal
handler may ask however often and however nested (a ``threading.Event`` takes a lock that a
second signal, arriving inside the first handler, would wait on forever), and a burst of requests
is one reload.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
from collections.abc import Callable

from rcml.site import Site, site_report

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


class Reloader:
    """Reload a site on request or on change, in one background thread."""

    def __init__(
        self,
        holder: SiteHolder,
        load: Callable[[], Site],
        *,
        watch: bool = False,
    ) -> None:
        self.holder = holder
        self._load = load
        self._watch = watch
        self._watcher: threading.Thread | None = None
        self._watching = threading.Event()  # set once the watcher sees the folder
        self._stop_watching = threading.Event()
        self._stopping = False
        self._asked_early = False  # asked before start(): reload once the thread runs
        self._wake: socket.socket | None = None  # request() writes here; the thread reads
        self._woken: socket.socket | None = None
        self._thread: threading.Thread | None = None

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
        """Ask for a reload. Safe in a signal handler: it takes no lock and never blocks."""
        wake = self._wake
        if wake is None:
            self._asked_early = True
            return
        with contextlib.suppress(OSError):  # full: a reload is pending; closed: stopped
            wake.send(b"\0")

    def _wait(self, woken: socket.socket) -> bool:
        """Sleep until asked (True), or until stopped.

        Every pending request is taken at once: the reload that follows covers them all.
        """
        ready, _, _ = select.select([woken], [], [], None)
        if not ready:
            return False
        try:
            while woken.recv(4096):
                pass
        except BlockingIOError:
            pass
        return True

    def _run(self, woken: socket.socket) -> None:
        while not self._stopping:
            asked = self._wait(woken)
            if self._stopping:
                return
            if asked:
                self.reload_now()

    def _watch_files(self) -> None:
        """Ask for a reload on every batch of changes under the site's folder."""
        from watchfiles import watch

        for changes in watch(
            self.holder.site.root,
            stop_event=self._stop_watching,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            self._watching.set()  # the first (empty) batch: changes from now on are seen
            if changes:
                self.request()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        woken, wake = socket.socketpair()
        woken.setblocking(False)
        wake.setblocking(False)
        self._woken, self._wake = woken, wake
        if self._asked_early:
            self._asked_early = False
            self.request()
        self._thread = threading.Thread(
            target=self._run, args=(woken,), name="rcml-reloader", daemon=True
        )
        self._thread.start()
        if self._watch:
            self._stop_watching.clear()
            self._watching.clear()
            self._watcher = threading.Thread(
                target=self._watch_files, name="rcml-watcher", daemon=True
            )
            self._watcher.start()
            self._watching.wait(timeout=10)

    def stop(self) -> None:
        self._stopping = True
        self._stop_watching.set()
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.join(timeout=10)
        self.request()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=10)
            if thread.is_alive():  # stuck in a load: leave it its socket (it is a daemon)
                return
        for sock in (self._wake, self._woken):
            if sock is not None:
                sock.close()
        self._wake = self._woken = None
