"""rcml's builder speed against twilio-python's VoiceResponse, same document, same run.

Usage: python benchmarks/bench_builder.py [--count 20000] [--rounds 7]
Needs the bench extra: pip install -e '.[bench]'

Both sides build the same document from scratch and write it as a string with an XML
declaration: a Dial (three attributes) with a Client (a status callback and its events), a Play
with a loop, and a second Dial with a Conference (four attributes). rcml checks every keyword,
type and value at the call; twilio-python checks nothing. Each round times ``count`` documents on
each side; the medians and their ratio (rcml docs/s over twilio docs/s) are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import rcml


def build_rcml() -> str:
    r = rcml.Response()
    dial = r.dial(timeout=30, action="/dial-done", record=True)
    dial.client(
        "alice",
        status_callback="https://app.example.com/status",
        status_callback_event=["initiated", "answered"],
    )
    r.play("/audio/hello.wav", loop=2)
    room = r.dial(time_limit=600)
    room.conference(
        "room-1", beep=False, start_conference_on_enter=True, wait_url="/wait.xml", muted=False
    )
    return r.to_xml(encoding="unicode", xml_declaration=True)


def twilio_builder() -> Callable[[], str]:
    try:
        from twilio.twiml.voice_response import VoiceResponse
    except ImportError:
        sys.exit("twilio is missing: pip install -e '.[bench]'")

    def build_twilio() -> str:
        r = VoiceResponse()
        dial = r.dial(timeout=30, action="/dial-done", record=True)
        dial.client(
            "alice",
            status_callback="https://app.example.com/status",
            status_callback_event="initiated answered",
        )
        r.play("/audio/hello.wav", loop=2)
        room = r.dial(time_limit=600)
        room.conference(
            "room-1", beep=False, start_conference_on_enter=True, wait_url="/wait.xml", muted=False
        )
        return str(r)

    return build_twilio


def timed(build: Callable[[], str], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        build()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    build_twilio = twilio_builder()
    print("rcml output:  ", build_rcml())
    print("twilio output:", build_twilio())
    rcml_times, twilio_times = [], []
    for _ in range(args.rounds):
        twilio_times.append(timed(build_twilio, args.count))
        rcml_times.append(timed(build_rcml, args.count))
    r_rate = args.count / statistics.median(rcml_times)
    t_rate = args.count / statistics.median(twilio_times)
    command = f"python benchmarks/bench_builder.py --count {args.count} --rounds {args.rounds}"
    print(f"command: {command}")
    print(
        f"twilio VoiceResponse: median {statistics.median(twilio_times):.3f} s = {t_rate:,.0f} "
        f"docs/s (rounds: {', '.join(f'{t:.3f}' for t in twilio_times)})"
    )
    print(
        f"rcml Response, checks on: median {statistics.median(rcml_times):.3f} s = "
        f"{r_rate:,.0f} docs/s (rounds: {', '.join(f'{t:.3f}' for t in rcml_times)})"
    )
    ratio = r_rate / t_rate
    print(f"ratio rcml/twilio: {ratio:.2f}x")
    return ratio


if __name__ == "__main__":
    main()
