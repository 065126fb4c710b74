"""What does preflight cost? rcml's full preflight vs a bare fetch of the same Url, one run.

The anchor is what a script without rcml would do: one httpx POST of the call's parameters to
the Url, status read, body read. rcml's preflight does the same fetch the way Restcomm does
(manual redirects, credentials only after a challenge, byte cap) and then validates the body
in the voice context. Both fetch the same document from the same loopback server in the same
process, alternating, for several rounds; the medians and their ratio are printed.

    python benchmarks/bench_preflight.py [--rounds 7] [--requests 200] [--document PATH]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from rcml.calls import CallsClient, call_parameters

DEFAULT_DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather action="https://apps.example/menu" numDigits="1" timeout="5">
    <Say voice="woman" language="en">Press 1 for sales, 2 for support.</Say>
  </Gather>
  <Dial timeout="20" callerId="+15550100">
    <Client>alice</Client>
    <Sip>sip:bob@127.0.0.1</Sip>
  </Dial>
  <Say>Goodbye.</Say>
  <Hangup/>
</Response>
"""


def _server(body: bytes) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else delayed ACKs add 40 ms to each answer

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server, thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=200, help="fetches per round and side")
    parser.add_argument("--document", type=Path, help="RCML document to serve (default: built in)")
    args = parser.parse_args(argv)
    body = args.document.read_bytes() if args.document else DEFAULT_DOCUMENT
    params = call_parameters(
        call_sid="CA" + "1" * 32, account_sid="AC" + "2" * 32, from_="+15550100", to="client:a"
    )
    server, thread = _server(body)
    url = f"http://127.0.0.1:{server.server_address[1]}/app.xml"
    anchor_times: list[float] = []
    rcml_times: list[float] = []
    try:
        with (
            httpx.Client(timeout=10, trust_env=False) as plain,
            CallsClient("AC" + "2" * 32, "unused", base_url="http://127.0.0.1") as client,
        ):
            assert client.preflight(url, params=params).ok, "the document must be valid"
            for _ in range(args.rounds):
                start = time.perf_counter()
                for _ in range(args.requests):
                    response = plain.post(url, data=params)
                    assert response.status_code == 200 and response.content
                anchor_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                for _ in range(args.requests):
                    assert client.preflight(url, params=params).ok
                rcml_times.append(time.perf_counter() - start)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    anchor = statistics.median(anchor_times) / args.requests * 1000
    ours = statistics.median(rcml_times) / args.requests * 1000
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    print(f"command: {command}")
    print(f"document: {len(body)} bytes; {args.rounds} rounds x {args.requests} fetches per side")
    print(f"anchor (httpx POST, no checks): median {anchor:.3f} ms per fetch")
    print(f"rcml preflight (fetch + voice validation): median {ours:.3f} ms per fetch")
    print(f"ratio rcml/anchor: {ours / anchor:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
