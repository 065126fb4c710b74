"""Connection limits around any uvicorn protocol: idle and half-sent connections are dropped.

uvicorn closes a keep-alive connection that stays idle after an answer (``timeout_keep_alive``),
but a connection that sends nothing, or part of a request, stays open for good (its parser just
waits), and nothing bounds how many there are: enough of them exhaust the process's file
descriptors and real calls fail. ``limit_concurrency`` does not help: it counts those
connections too, and answers real requests 503 once they are many.

:func:`guarded` wraps the protocol class uvicorn runs, through asyncio's public ``Protocol`` and
``Transport`` interfaces only (nothing of uvicorn's protocol is looked at):

* **A request has** ``request_timeout`` **seconds.** The clock starts when a connection opens,
  and again at the first byte of each later request; it stops at the first byte of the answer
  (an interim ``1xx`` does not count). A connection still waiting when it runs out is closed.
  The server's first write is how the wrapper knows the whole request (headers, and the body
  the app reads) arrived, so the time also covers the app's start of its answer: rcml answers in
  milliseconds.
* **At most** ``max_connections`` **are open.** One more closes the connection that has been
  quiet longest (idle or half-sent; never one still sending an answer), so real requests keep
  being served while the slots are full of idle connections.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, ClassVar, cast

log = logging.getLogger("rcml.server")

DEFAULT_REQUEST_TIMEOUT = 10.0
DEFAULT_MAX_CONNECTIONS = 1000
_SCAN = 16  # connections looked at for one eviction (skipped ones go to the back)


@dataclass(frozen=True)
class ConnectionLimits:
    """How long a request may take to arrive, and how many connections may be open."""

    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    max_connections: int = DEFAULT_MAX_CONNECTIONS

    def __post_init__(self) -> None:
        if not self.request_timeout > 0:
            raise ValueError("the request timeout must be positive")
        if self.max_connections < 1:
            raise ValueError("at least one connection must be allowed")


class _Book:
    """The open connections of one server, the one quiet longest first."""

    def __init__(self, limits: ConnectionLimits) -> None:
        self.limits = limits
        self.open: OrderedDict[GuardedProtocol, None] = OrderedDict()
        self.timed_out = 0
        self.evicted = 0

    def admit(self, new: GuardedProtocol) -> bool:
        """Make room for ``new`` (closing the quietest connection if the book is full)."""
        if len(self.open) >= self.limits.max_connections and not self._evict_one():
            return False
        self.open[new] = None
        return True

    def _evict_one(self) -> bool:
        for _ in range(min(_SCAN, len(self.open))):
            oldest = next(iter(self.open))
            if oldest.sending():  # an answer still leaving: keep it, look further
                self.open.move_to_end(oldest)
                continue
            self.discard(oldest)
            self.evicted += 1
            oldest.drop("the connection limit was reached")
            return True
        return False

    def discard(self, connection: GuardedProtocol) -> None:
        self.open.pop(connection, None)


class _Watched(asyncio.Transport):
    """The transport as the wrapped protocol sees it: its first write of an answer stops the
    request's clock. Everything else is the real transport's."""

    def __init__(self, transport: asyncio.Transport, guard: GuardedProtocol) -> None:
        super().__init__()
        self._transport = transport
        self._guard = guard

    def write(self, data: Any) -> None:
        if self._guard._deadline is not None:  # the first write since a request began
            self._guard.answered(data)
        self._transport.write(data)

    def writelines(self, list_of_data: Any) -> None:
        self.write(b"".join(list_of_data))

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._guard.release()  # an upgrade: the new protocol owns the connection
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def close(self) -> None:
        self._transport.close()

    def abort(self) -> None:
        self._transport.abort()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def write_eof(self) -> None:
        self._transport.write_eof()

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._transport.get_write_buffer_limits()


class GuardedProtocol(asyncio.Protocol):
    """An HTTP protocol of uvicorn's, with the request clock and the connection cap around it.

    Made by :func:`guarded`; built with whatever arguments uvicorn builds its protocol with.
    """

    _book: ClassVar[_Book]
    _inner_class: ClassVar[type[asyncio.Protocol]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._inner = self._inner_class(*args, **kwargs)
        self._transport: asyncio.Transport | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._deadline: float | None = None  # when the request being received runs out
        self._timer: asyncio.TimerHandle | None = None
        self._made = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport = cast(asyncio.Transport, transport)  # uvloop's is one without the class
        self._transport = transport
        self._loop = asyncio.get_running_loop()
        if not self._book.admit(self):
            log.warning("connection refused: %d connections, all busy", len(self._book.open))
            transport.abort()
            return
        self._made = True
        self._start_clock()
        self._inner.connection_made(_Watched(transport, self))

    def data_received(self, data: bytes) -> None:
        if self._deadline is None:  # the first byte of a new request
            self._start_clock()
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._made else None

    def connection_lost(self, exc: Exception | None) -> None:
        self.release()
        if self._made:
            self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    # The request clock and the book

    def answered(self, data: Any) -> None:
        """The server's first write since the request began: the request was received, unless
        the write is an interim 1xx (``100 Continue`` asks for the body, still to come)."""
        if not bytes(data[:10]).startswith(_INTERIM):
            self._deadline = None
            connections = self._book.open  # an answer begins: the least quiet connection now
            if self in connections:
                connections.move_to_end(self)

    def sending(self) -> bool:
        """Whether an answer is still leaving (bytes wait in the transport's buffer)."""
        transport = self._transport
        return transport is not None and transport.get_write_buffer_size() > 0

    def release(self) -> None:
        """Forget this connection: closed, or handed to another protocol."""
        self._deadline = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._book.discard(self)

    def drop(self, why: str) -> None:
        """Close the connection now."""
        self.release()
        if self._transport is not None and not self._transport.is_closing():
            log.debug("closed a connection: %s", why)
            self._transport.abort()

    def _start_clock(self) -> None:
        assert self._loop is not None
        self._deadline = self._loop.time() + self._book.limits.request_timeout
        if self._timer is None:  # one timer per connection, moved on only when it fires
            self._timer = self._loop.call_at(self._deadline, self._ring)
        connections = self._book.open  # a request begins: the least quiet connection now
        if self in connections:
            connections.move_to_end(self)

    def _ring(self) -> None:
        self._timer = None
        deadline = self._deadline
        if deadline is None or self._loop is None:
            return
        if self._loop.time() < deadline:  # a later request started the clock again
            self._timer = self._loop.call_at(deadline, self._ring)
            return
        self._book.timed_out += 1
        self.drop(f"no whole request in {self._book.limits.request_timeout:g} s")


_INTERIM = b"HTTP/1.1 1"


def guarded(inner: type[asyncio.Protocol], limits: ConnectionLimits) -> type[GuardedProtocol]:
    """``inner`` (a uvicorn HTTP protocol class) under ``limits``, as a protocol class for
    uvicorn's ``http`` setting. Each call makes a new book of connections: one per server."""
    book = _Book(limits)

    class Guarded(GuardedProtocol):
        _book = book
        _inner_class = inner

    Guarded.__name__ = Guarded.__qualname__ = f"Guarded{inner.__name__}"
    return Guarded


def fit_descriptor_limit(max_connections: int, spare: int = 64) -> int:
    """The connection cap this process can hold: raises the soft limit on open files to fit
    ``max_connections`` plus ``spare`` when the hard limit allows, else lowers the cap."""
    try:
        import resource
    except ImportError:  # not a POSIX system: nothing to fit
        return max_connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max_connections + spare
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return max_connections
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError):
        target = soft
    return max(1, min(max_connections, target - spare))
