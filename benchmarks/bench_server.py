"""Benchmark: `rcml serve` against nginx serving the same documents, with wrk, in one run.

Both servers run on loopback, one process each (nginx: one worker; rcml: one uvicorn process),
access logs off on both sides. nginx serves `rcml build --samples` of the same site with the
snippet `rcml build` writes, so both answer POST with the same bytes. Each round runs every case
against both servers, alternating; the report gives the MEDIAN requests/s and p99 latency over
the rounds, and the ratio rcml/nginx.

Cases (POST with a Restcomm-like form body, 50 connections by default):
  floor     /dial-alice.xml   not rcml: a bare ASGI app answering the same bytes under the same
                              uvicorn configuration (benchmarks/floor_server.py): the ceiling of
                              any app in this server, so the share of the gap that is uvicorn's
  static    /dial-alice.xml   a static document
  template  /greeting.xml     rendered and validated per request

Needs `wrk` and `nginx` on PATH (Debian: apt-get install wrk nginx).

    python benchmarks/bench_server.py [--rounds 3] [--duration 5] [--connections 50] [--workers 1]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "templates"
RCML = [sys.executable, "-c", "from rcml.cli import main; main()"]
BODY = (
    "CallSid=CA1234567890abcdef1234567890abcdef&AccountSid=AC1234567890abcdef1234567890abcdef"
    "&From=%2B15550100&To=%2B15550199&CallStatus=ringing&ApiVersion=2012-04-24"
    "&Direction=inbound&CallerName=null&ForwardedFrom=null"
)
# case: (path, wrk script); "unique" sends a different From on every request, so no rendering
# is ever the same twice (the server remembers the verdict on identical renderings).
# "floor" is not rcml: a bare ASGI app answering the bytes of /dial-alice.xml in the uvicorn
# configuration `rcml serve` uses (benchmarks/floor_server.py): the best any app could do there.
CASES = {
    "floor": ("/dial-alice.xml", "same"),
    "static": ("/dial-alice.xml", "same"),
    "template": ("/greeting.xml", "same"),
    "template-unique": ("/greeting.xml", "unique"),
}
SCRIPTS = {
    "same": 'wrk.method = "POST"\n'
    f'wrk.body = "{BODY}"\n'
    'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"\n',
    "unique": "counter = 0\n"
    "request = function()\n"
    "  counter = counter + 1\n"
    f'  local body = string.gsub("{BODY}", "From=%%2B15550100", "From=%%2B1555" .. counter)\n'
    '  return wrk.format("POST", nil, {["Content-Type"] = '
    '"application/x-www-form-urlencoded; charset=UTF-8"}, body)\n'
    "end\n",
}
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    rps: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):  # bounded
        if process.poll() is not None:
            raise SystemExit(f"server exited early: {process.args}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.05)
    raise SystemExit("server did not start")


@contextmanager
def running(
    command: list[str], port: int, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> Iterator[None]:
    """A server process, stopped on exit. ``cwd`` is first on its path (``python -c``)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd
    )
    try:
        wait_for(port, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def nginx_command(work: Path, export: Path, port: int, workers: int) -> list[str]:
    prefix = work / "nginx"
    prefix.mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    temps = "".join(
        f"  {n}_temp_path {prefix}/{n};\n"
        for n in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes {workers};\ndaemon off;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log;\nevents {{ worker_connections 4096; }}\n"
        f"http {{\n  access_log off;\n{temps}"
        f"  server {{ listen 127.0.0.1:{port}; include {export / 'rcml-nginx.conf'}; }}\n}}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return [nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)]


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
    if not match:
        raise ValueError(value)
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str, script: Path, duration: int, connections: int) -> Result:
    threads = str(min(2, connections))
    out = subprocess.run(
        [
            "wrk",
            "-t",
            threads,
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(g) for g in match.groups())
    return Result(rps, p99, errors)


def uvicorn_workers(
    factory: str, port: int, workers: int, app_dir: Path = ROOT, http: str = "auto"
) -> list[str]:
    """An app factory under uvicorn's process manager, configured as `rcml serve` runs it."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(app_dir),
        "--factory",
        factory,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--no-server-header",
        "--http",
        http,
        "--log-level",
        "warning",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes on each side (nginx workers; rcml: uvicorn --workers with app_from_env)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="another rcml source tree (git worktree add /tmp/base main): served too, in the "
        "same run, and reported as 'base' next to ours",
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            raise SystemExit(f"{tool} is not installed (apt-get install wrk nginx)")
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    with tempfile.TemporaryDirectory(prefix="rcml-bench-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o755)
        export = work / "export"
        subprocess.run(
            [*RCML, "build", str(SITE), "-o", str(export), "--samples"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        scripts = {}
        for name, text in SCRIPTS.items():
            scripts[name] = work / f"{name}.lua"
            scripts[name].write_text(text)
        nginx_port, rcml_port, floor_port, base_port = (free_port() for _ in range(4))
        document = SITE / CASES["floor"][0].lstrip("/")
        rcml = [*RCML, "serve", str(SITE), "--port", str(rcml_port), "--log-level", "warning"]
        floor = [sys.executable, str(ROOT / "benchmarks" / "floor_server.py"), str(floor_port)]
        floor.append(str(document))
        base = [*RCML, "serve", str(SITE), "--port", str(base_port), "--log-level", "warning"]
        if args.workers > 1:  # the same apps under uvicorn's process manager
            os.environ["RCML_SITE"] = str(SITE)
            os.environ["RCML_FLOOR_FILE"] = str(document)
            rcml = uvicorn_workers("rcml.server:app_from_env", rcml_port, args.workers)
            floor_app = "benchmarks.floor_server:app_from_env"
            floor = uvicorn_workers(floor_app, floor_port, args.workers)
            if args.baseline:
                app = "rcml.server:app_from_env"
                baseline = args.baseline.resolve()
                base = uvicorn_workers(app, base_port, args.workers, baseline, "auto")
        # The baseline's rcml comes first on its path (its own `rcml.server` for uvicorn).
        base_env = (
            {**os.environ, "PYTHONPATH": str(args.baseline.resolve())} if args.baseline else None
        )
        results: dict[tuple[str, str], list[Result]] = {}
        with ExitStack() as stack:
            stack.enter_context(
                running(nginx_command(work, export, nginx_port, args.workers), nginx_port)
            )
            stack.enter_context(running(rcml, rcml_port))
            stack.enter_context(running(floor, floor_port))
            if args.baseline:
                baseline = args.baseline.resolve()
                stack.enter_context(running(base, base_port, base_env, baseline))
            for round_number in range(1, args.rounds + 1):
                for case, (path, script) in CASES.items():
                    servers = [("nginx", nginx_port)]
                    if case == "floor":
                        servers.append(("floor", floor_port))
                    else:
                        servers.append(("rcml", rcml_port))
                        if args.baseline:
                            servers.append(("base", base_port))
                    for server, port in servers:
                        result = wrk(
                            f"http://127.0.0.1:{port}{path}",
                            scripts[script],
                            args.duration,
                            args.connections,
                        )
                        side = {"floor": "ours", "rcml": "ours"}.get(server, server)
                        results.setdefault((case, side), []).append(result)
                        print(
                            f"round {round_number} {case:<15} {server:<5} {result.rps:>10.0f} req/s"
                            f"  p99 {result.p99_ms:6.2f} ms  errors {result.errors}"
                        )
    summary(results, args)


def summary(results: dict[tuple[str, str], list[Result]], args: argparse.Namespace) -> None:
    """The medians of every case and side, and the ratios."""

    def median(case: str, side: str, field: str = "rps") -> float:
        return float(statistics.median(getattr(r, field) for r in results[(case, side)]))

    print(
        f"\nmedians over {args.rounds} round(s), {args.workers} process(es) each side, "
        f"{args.connections} connections, "
        f"{args.duration}s each, POST with a Restcomm form body:"
    )
    print(
        f"{'case':<16}{'nginx req/s':>12}{'ours req/s':>12}{'ratio':>8}"
        f"{'nginx p99':>11}{'ours p99':>10}{'errors':>8}{'of floor':>10}"
    )
    floor = median("floor", "ours")
    for case in CASES:
        nginx, ours = median(case, "nginx"), median(case, "ours")
        errors = sum(
            r.errors for side in ("ours", "nginx", "base") for r in results.get((case, side), [])
        )
        print(
            f"{case:<16}{nginx:>12.0f}{ours:>12.0f}{ours / nginx:>8.2f}"
            f"{median(case, 'nginx', 'p99_ms'):>9.2f}ms{median(case, 'ours', 'p99_ms'):>8.2f}ms"
            f"{errors:>8}{ours / floor:>10.2f}"
        )
    print(
        "floor: not rcml, a bare ASGI app answering the same bytes in the uvicorn configuration "
        "of `rcml serve`;\n'of floor' is each case's req/s over the floor's: 1.00 is as fast as "
        "any app can be there."
    )
    if not args.baseline:
        return
    print(f"\nbaseline {args.baseline} (base), same rounds:")
    print(f"{'case':<16}{'base req/s':>12}{'base ratio':>12}{'base p99':>10}{'ours/base':>11}")
    for case in CASES:
        if case != "floor":
            base = median(case, "base")
            print(
                f"{case:<16}{base:>12.0f}{base / median(case, 'nginx'):>12.2f}"
                f"{median(case, 'base', 'p99_ms'):>8.2f}ms{median(case, 'ours') / base:>11.2f}"
            )


if __name__ == "__main__":
    main()
