"""Serving cost in instructions per request: a repeatable figure on a noisy machine.

Usage: python benchmarks/bench_server_instructions.py [--requests 1000] [--baseline DIR]

wrk's requests per second move by 20% and more with whatever else a shared machine runs; valgrind's
callgrind counts executed instructions, which do not. Each case feeds raw HTTP requests (the ones
bench_server.py's wrk sends: POST, a Restcomm form body) into the uvicorn protocol `rcml serve`
runs, on one kept-alive connection, in process, with a transport that only records what is written;
it runs under callgrind once with ``--requests`` requests and once with none (after the same load
and warm-up), and the difference is divided by the number of requests. Counted: uvicorn's parsing
and response writing, and the whole app; not counted: the kernel's socket work. ``floor`` is the
bare ASGI app of benchmarks/floor_server.py under the same protocol: what uvicorn itself costs.
``--baseline DIR`` counts another rcml tree too (its app under the protocol its `rcml serve`
used), so a change shows as a ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "templates"
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_server import BODY, CASES  # noqa: E402

# Run in a child process: argv = kind path unique requests
CHILD = """
import asyncio, gc, sys
kind, path, unique, count = sys.argv[1], sys.argv[2].encode(), sys.argv[3] == "1", int(sys.argv[4])
sys.path.insert(0, {bench!r})
import uvicorn
from uvicorn.server import ServerState
if kind == "floor":
    from floor_server import floor_app
    app = floor_app(open({document!r}, "rb").read())
else:
    import rcml
    from rcml.server import create_app
    print("rcml from", rcml.__file__)
    app = create_app({site!r})
try:
    from rcml.cli.serve import uvicorn_config
    config = uvicorn_config(app, "warning")
except ImportError:  # a tree from before uvicorn_config: rcml serve's configuration then
    config = uvicorn.Config(app, log_config=None, access_log=False, log_level="warning",
                            server_header=False)
config.lifespan = "off"
config.load()
gc.collect()
gc.freeze()

class Recorder(asyncio.Transport):
    def write(self, data): pass
    def close(self): pass
    def is_closing(self): return False
    def get_extra_info(self, name, default=None): return default
    def pause_reading(self): pass
    def resume_reading(self): pass

def request(number):
    body = {body!r}.encode()
    if unique:
        body = body.replace(b"From=%2B15550100", b"From=%2B1555" + str(number).encode())
    return (b"POST " + path + b" HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n"
            b"Content-Type: application/x-www-form-urlencoded; charset=UTF-8\\r\\n"
            b"Content-Length: " + str(len(body)).encode() + b"\\r\\n\\r\\n" + body)

async def main():
    state = ServerState()
    protocol = config.http_protocol_class(config=config, server_state=state, app_state={{}})
    protocol.connection_made(Recorder())
    async def serve(first, n):
        for number in range(first, first + n):
            protocol.data_received(request(number))
            for _ in range(1000):  # bounded: until the response is complete
                await asyncio.sleep(0)
                if not state.tasks:
                    break
            else:
                raise SystemExit("no response")
    await serve(10**6, 200)  # warm-up, the same in both runs
    await serve(0, count)

import uvloop
uvloop.run(main())
"""


def instructions(command: list[str], env: dict[str, str], tree: Path) -> int:
    """Instructions callgrind counts for one run of ``command`` in ``tree`` (and its rcml)."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=tree,  # `python -c` puts the working folder first on the path
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None or result.returncode != 0:
        sys.exit(f"callgrind run failed: {result.stderr[-800:]}")
    used = re.search(r"^rcml from (.*)$", result.stdout, re.M)
    if used is not None and not Path(used.group(1)).resolve().is_relative_to(tree):
        sys.exit(f"the run used {used.group(1)}, not the rcml of {tree}")
    return int(match.group(1))


def per_request(kind: str, case: str, count: int, tree: Path | None) -> float:
    """Instructions per request of one case, for the current tree or ``tree``."""
    path, script = CASES[case]
    code = CHILD.format(
        bench=str(ROOT / "benchmarks"),
        document=str(SITE / CASES["floor"][0].lstrip("/")),
        site=str(SITE),
        body=BODY,
    )
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same dict layouts in both runs
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    command = [sys.executable, "-c", code, kind, path, "1" if script == "unique" else "0"]
    used = (tree or ROOT).resolve()
    run = instructions([*command, str(count)], env, used)
    idle = instructions([*command, "0"], env, used)
    return (run - idle) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="another rcml source tree")
    cases = [c for c in CASES if c != "floor"]
    parser.add_argument(
        "--cases", default=",".join(cases), help="comma-separated, of: " + ", ".join(cases)
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is missing (apt-get install valgrind)")
    command = (
        f"python benchmarks/bench_server_instructions.py --requests {args.requests} "
        f"--cases {args.cases}"
    )
    print("command:", command + (f" --baseline {args.baseline}" if args.baseline else ""))
    floor = per_request("floor", "floor", args.requests, None)
    print(
        f"{'case':<16}{'ours':>12}{'of floor':>10}"
        + (f"{'base':>12}{'ours/base':>11}" if args.baseline else "")
    )
    print(f"{'floor':<16}{floor:>12,.0f}{1:>10.2f}")
    for case in args.cases.split(","):
        if case not in cases:
            sys.exit(f"--cases: unknown case {case!r}")
        ours = per_request("rcml", case, args.requests, None)
        line = f"{case:<16}{ours:>12,.0f}{ours / floor:>10.2f}"
        if args.baseline:
            base = per_request("rcml", case, args.requests, args.baseline.resolve())
            line += f"{base:>12,.0f}{ours / base:>11.2f}"
        print(line)
    print("instructions per request (uvicorn's protocol and the app; the kernel not counted)")


if __name__ == "__main__":
    main()
