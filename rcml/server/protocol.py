"""uvicorn's httptools protocol, sending each whole response in one write.

uvicorn writes a response's status line and headers as soon as the app sends
``http.response.start``, and its body in a second write: two system calls per response and, on
the client's side, often two wake-ups. Every response rcml sends is whole (one body message), so
:class:`OneWriteProtocol` holds the header block back until the body's write and sends both in
one; a response without a body write (HEAD, 304) sends its held headers when it completes, and
closing the connection sends whatever is held first. Nothing else changes: the parsing, the
checks on headers, keep-alive and flow control are uvicorn's own.

`rcml serve` uses it; under uvicorn's own process manager, name it::

    RCML_SITE=site/ uvicorn --factory rcml.server:app_from_env --workers 4 \
        --http rcml.server.protocol:OneWriteProtocol --no-access-log
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle


class _HeldHeaders:
    """A transport that holds the first write of the protocol's current response (its headers)."""

    def __init__(self, transport: asyncio.Transport, protocol: OneWriteProtocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._held = b""
        self._seen: RequestResponseCycle | None = None  # the last response whose headers we held
        # What uvicorn calls on every request, bound once (not through __getattr__ each time).
        self.is_closing = transport.is_closing
        self.pause_reading = transport.pause_reading
        self.resume_reading = transport.resume_reading
        self.get_extra_info = transport.get_extra_info

    def write(self, data: bytes) -> None:
        if self._held:  # the body (or anything else) after held headers: all in one write
            data = self._held + data
            self._held = b""
            self._transport.write(data)
            return
        cycle = self._protocol.cycle
        if (
            cycle is not self._seen
            and cycle is not None
            and cycle.response_started
            and not cycle.response_complete
        ):
            # The first write of a started response is its status line and headers: hold it.
            # (uvicorn writes them as a new bytes object, so holding it copies nothing.)
            self._seen = cycle
            self._held = data
            return
        self._transport.write(data)

    def flush(self) -> None:
        """Send what is held, if anything."""
        if self._held:
            held, self._held = self._held, b""
            if not self._transport.is_closing():  # a lost connection takes nothing more
                self._transport.write(held)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class OneWriteProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a response's headers and body in one write."""

    _holder: _HeldHeaders

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._holder = _HeldHeaders(transport, self)
        super().connection_made(self._holder)  # type: ignore[arg-type]

    def on_response_complete(self) -> None:
        if self._holder._held:  # a response with no body write (HEAD, 304)
            self._holder.flush()
        HttpToolsProtocol.on_response_complete(self)


def fits_this_uvicorn() -> bool:
    """Whether uvicorn still has the hooks this protocol relies on (its request cycle's flags and
    the response-complete callback). uvicorn's protocol is not a public API, so `rcml serve`
    checks before using it and falls back to uvicorn's own protocol otherwise."""
    import inspect

    try:
        flags = inspect.signature(RequestResponseCycle.__init__).parameters
        source = inspect.getsource(RequestResponseCycle)
    except (OSError, TypeError, ValueError):  # no source to read: do not guess
        return False
    return (
        callable(getattr(HttpToolsProtocol, "on_response_complete", None))
        and "transport" in flags
        and "self.response_started" in source
        and "self.response_complete" in source
    )
