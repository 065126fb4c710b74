"""The floor of `rcml serve`: a bare ASGI app that answers one fixed response, under uvicorn.

It runs in exactly the uvicorn configuration `rcml serve` uses (the same ``uvicorn.Config``, the
same listening socket), and answers every request with the bytes and headers rcml sends for a
static document. No ASGI app under this server can be faster, so the benchmark reports it
next to nginx: the gap between this floor and nginx is the cost of the ASGI server itself, the
gap between the floor and ``rcml serve`` is rcml's own.

    python benchmarks/floor_server.py PORT FILE
    RCML_FLOOR_FILE=FILE uvicorn --app-dir . --factory benchmarks.floor_server:app_from_env \
        --workers N --no-access-log      # several processes, as the benchmark runs rcml
"""

from __future__ import annotations

import argparse
import hashlib
import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Message = MutableMapping[str, Any]


def floor_app(body: bytes) -> Callable[..., Awaitable[None]]:
    """An ASGI app answering ``body`` as rcml answers a static document, for any request."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    start = {
        "type": "http.response.start",
        "status": 200,
        "headers": [
            (b"content-type", b"application/xml; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"etag", etag.encode()),
            (b"cache-control", b"no-cache"),
        ],
    }
    message = {"type": "http.response.body", "body": body}

    async def app(
        scope: Message,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            return
        if scope["method"] == "POST":  # read the form body, as rcml does
            more = True
            while more:
                more = (await receive()).get("more_body", False)
        await send(start)
        await send(message)

    return app


def app_from_env() -> Callable[..., Awaitable[None]]:
    """The floor app for ``uvicorn --factory`` (the file named by ``RCML_FLOOR_FILE``)."""
    return floor_app(Path(os.environ["RCML_FLOOR_FILE"]).read_bytes())


def main() -> None:
    import uvicorn

    from rcml.cli.serve import bind, uvicorn_config

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("port", type=int)
    parser.add_argument("file", type=Path, help="the document to answer with")
    args = parser.parse_args()
    sock = bind("127.0.0.1", args.port)
    app = floor_app(args.file.read_bytes())
    uvicorn.Server(uvicorn_config(app, "warning")).run(sockets=[sock])


if __name__ == "__main__":
    main()
