"""`rcml lint` against xmllint on the same generated tree, in the same run; and lint start-up.

Usage: python benchmarks/bench_lint.py [--count 10000] [--rounds 5] [--jobs 2] [--seed 7]
                                       [--startup-rounds 30] [--baseline DIR]

Throughput: each round times `xmllint --noout --schema schemas/rcml.xsd FILE...` (one process over
every file) and the installed `rcml lint -j JOBS --no-config DIR` (start-up, the directory walk,
every rule, the text report) on the same files, one after the other, twice: cold (`--no-cache`:
every document read and validated) and warm (the findings cache of the previous run, as on a
developer's machine or a CI job that restores `.rcml_cache`: unchanged files are not read).
Two reference lines in the same rounds show what lint adds around the validator: "validator loop,
one process" (`rcml.validate_file` over the same paths in one Python process, start-up included)
and cold `rcml lint -j1`. Medians, files/s and the ratios rcml/xmllint are printed. Target:
>= 1.3 with -j2 on >= 10,000 files. The generated files are dated a minute back, so
that the cache may record them (it never records files modified in the last two seconds).

Start-up: wall time of `rcml lint one.xml` on one small valid document, median of many runs,
beside `python -c "import lxml.etree"` for the floor. Target: <= 150 ms median.

Baseline: ``--baseline DIR`` (another rcml source tree, such as ``git worktree add /tmp/base REV``)
times that tree's `rcml lint` in the same rounds, each command right before or after ours (ours
first in even rounds, last in odd ones), and prints ours/base for each rcml line twice: the ratio
of the two medians, and the median of the rounds' own ratios. The two times of one round share
the machine's load of that moment, so the second figure moves less on a shared machine
(``bench_validate.py`` reports its ratios the same way). Start-up rounds alternate the same way.
Both sides then run as ``python -c "from rcml.cli import main"`` with their tree first on
``PYTHONPATH``, so that they start the same way.

Child processes run without PYTHONDONTWRITEBYTECODE, as an installed rcml does (bytecode cached
after the first run, which is a warm-up and not timed).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "rcml.xsd"
sys.path.insert(0, str(ROOT / "benchmarks"))

try:  # the shared generator, when the benchmarks folder has it
    from corpus import generate_corpus  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - fallback for a checkout without it

    def generate_corpus(folder: Path, count: int, seed: int) -> list[Path]:
        """A small stand-in: valid documents, one in ten with an error."""
        rng = random.Random(seed)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for index in range(count):
            verbs = "".join(
                rng.choice(["<Say>Hello</Say>", "<Pause length='2'/>", "<Play>a.wav</Play>"])
                for _ in range(rng.randint(1, 5))
            )
            if rng.random() < 0.1:
                verbs += "<Hangup/><Say>never</Say>"
            path = folder / f"doc-{index:05d}.xml"
            path.write_text(f"<Response>{verbs}</Response>\n", encoding="utf-8")
            paths.append(path)
        return paths


VALIDATOR_LOOP = (
    "import os, rcml\n"
    "for name in sorted(os.listdir('.')):\n"
    "    if name.endswith('.xml'):\n"
    "        rcml.validate_file(name)\n"
)
"""The reference: the validator alone over the same files, in one process (start-up included)."""


LAUNCH = "import sys; sys.argv[0] = 'rcml'; from rcml.cli import main; main()"
"""How a side runs when a baseline is compared: the console script's own two lines, under
``python -P`` so that, as for the console script, the current folder (ten thousand documents) is
not on ``sys.path``, where each later import would list it."""


def _env(tree: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


class Side:
    """One rcml to time: ours (the console script, or this tree when a baseline is compared) or
    the baseline's tree."""

    def __init__(self, name: str, tree: Path | None) -> None:
        self.name = name
        self.tree = tree
        self.env = _env(tree)
        self.rcml = [_rcml()] if tree is None else [sys.executable, "-P", "-c", LAUNCH]

    def label(self, text: str) -> str:
        return text if self.name == "ours" else f"{text} [{self.name}]"


def _rcml() -> str:
    script = Path(sys.executable).parent / "rcml"
    found = str(script) if script.exists() else shutil.which("rcml")
    if found is None:
        sys.exit("the rcml console script is not installed (pip install -e .)")
    return found


CPU: list[float] = []  # CPU seconds (user + system, with worker processes) of each _timed call


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall seconds of one run of ``command``; its CPU seconds are appended to ``CPU``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env or _env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def throughput(folder: Path, count: int, rounds: int, jobs: int, sides: list[Side]) -> None:
    """Median seconds of xmllint, cold rcml and warm rcml over ``rounds`` rounds."""
    names = sorted(p.name for p in folder.glob("*.xml"))
    past = time.time() - 60
    for name in names:
        os.utime(folder / name, (past, past))
    xmllint = ["xmllint", "--noout", "--schema", str(SCHEMA), *names]
    loop = [sys.executable, "-c", VALIDATOR_LOOP]
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "xmllint --noout --schema": (xmllint, _env()),
        "validator loop, one process": (loop, _env()),
    }
    kinds = (
        "rcml lint -j1 --no-cache (cold)",
        f"rcml lint -j{jobs} --no-cache (cold)",
        f"rcml lint -j{jobs} (warm cache)",
    )
    for side in sides:
        rcml = [*side.rcml, "lint", "-j", str(jobs), "--no-config", "--no-progress", "."]
        if len(sides) > 1:  # a cache each: one rcml drops the caches another version wrote
            rcml += ["--cache-dir", str(folder.parent / f"cache-{side.name}")]
        serial = [*side.rcml, "lint", "-j", "1", "--no-config", "--no-progress", "--no-cache", "."]
        _timed(rcml, folder, side.env)  # warm-up: bytecode, page cache, and the findings cache
        for kind, command in zip(kinds, (serial, [*rcml, "--no-cache"], rcml), strict=True):
            commands[side.label(kind)] = (command, side.env)
    _timed(loop, folder)
    # Each rcml command runs for every side back to back, ours first in even rounds and last in
    # odd ones: the two times of a round share the machine's load of the moment.
    groups = [["xmllint --noout --schema"], ["validator loop, one process"]]
    groups += [[side.label(kind) for side in sides] for kind in kinds]
    times: dict[str, list[float]] = {label: [] for label in commands}
    cpu: dict[str, list[float]] = {label: [] for label in commands}
    for index in range(rounds):  # every round runs each command once
        for labels in groups:
            for label in labels if index % 2 == 0 else labels[::-1]:
                command, env = commands[label]
                times[label].append(_timed(command, folder, env))
                cpu[label].append(CPU[-1])
    print(f"documents: {count}")
    for label in commands:
        _report(label, times[label], count, cpu[label])
    x = statistics.median(times["xmllint --noout --schema"])
    cold = statistics.median(times[f"rcml lint -j{jobs} --no-cache (cold)"])
    warm = statistics.median(times[f"rcml lint -j{jobs} (warm cache)"])
    loop_median = statistics.median(times["validator loop, one process"])
    serial_median = statistics.median(times["rcml lint -j1 --no-cache (cold)"])
    print(
        f"ratio rcml/xmllint files/s: cold {x / cold:.2f}x, warm {x / warm:.2f}x "
        f"(target >= 1.30x); validator loop {x / loop_median:.2f}x, "
        f"cold -j1 {x / serial_median:.2f}x"
    )
    print(
        f"speed-up of cold -j{jobs} over the validator loop: {loop_median / cold:.2f}x "
        f"(ideal {jobs}x on {jobs} free CPUs)"
    )
    for side in sides[1:]:
        for label in list(commands):
            if label.startswith("rcml lint") and not label.endswith("]"):
                ours = statistics.median(times[label])
                base = statistics.median(times[side.label(label)])
                paired = zip(times[label], times[side.label(label)], strict=True)
                rounds_ratios = [a / b for a, b in paired]
                print(
                    f"ours/{side.name} {label}: {ours:.3f} s / {base:.3f} s = {ours / base:.3f}; "
                    f"round by round: median {statistics.median(rounds_ratios):.3f} "
                    f"({min(rounds_ratios):.3f} to {max(rounds_ratios):.3f})"
                )


def startup(folder: Path, rounds: int, sides: list[Side]) -> float:
    """Median seconds of `rcml lint one.xml` (ours: the first side)."""
    one = folder / "one.xml"
    one.write_text("<Response><Say>Hello</Say></Response>\n", encoding="utf-8")
    floor = [sys.executable, "-c", "import lxml.etree"]
    commands = [[*side.rcml, "lint", "--no-progress", "one.xml"] for side in sides]
    runs: list[tuple[list[float], list[float], list[float]]] = [([], [], []) for _ in sides]
    for command, side in zip(commands, sides, strict=True):
        _timed(command, folder, side.env)
    for index in range(rounds):  # the sides alternate, as in the throughput rounds
        order = list(zip(commands, sides, runs, strict=True))
        for command, side, (times, floors, cpu) in order if index % 2 == 0 else order[::-1]:
            times.append(_timed(command, folder, side.env))
            cpu.append(CPU[-1])
            floors.append(_timed(floor, folder))
    medians = []
    for side, (times, floors, cpu) in zip(sides, runs, strict=True):
        print(
            f"{side.label('start-up `rcml lint one.xml`')}: median "
            f"{1000 * statistics.median(times):.0f} ms "
            f"(min {1000 * min(times):.0f}, CPU median {1000 * statistics.median(cpu):.0f} ms; "
            f"target <= 150 ms); "
            f"`python -c 'import lxml.etree'`: median {1000 * statistics.median(floors):.0f} ms"
        )
        medians.append(statistics.median(times))
    return medians[0]


def _report(label: str, times: list[float], count: int, cpu: list[float]) -> None:
    median = statistics.median(times)
    rounds = ", ".join(f"{t:.3f}" for t in times)
    print(
        f"{label}: median {median:.3f} s = {count / median:,.0f} files/s; "
        f"CPU median {statistics.median(cpu):.3f} s  (wall rounds: {rounds})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--startup-rounds", type=int, default=30)
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="another rcml source tree (git worktree add /tmp/base REV): timed in the same "
        "rounds and reported as 'base' next to ours",
    )
    args = parser.parse_args()
    if shutil.which("xmllint") is None:
        sys.exit("xmllint is missing: apt-get install libxml2-utils")
    print(
        f"command: python benchmarks/bench_lint.py --count {args.count} --rounds {args.rounds} "
        f"--jobs {args.jobs} --seed {args.seed} --startup-rounds {args.startup_rounds}"
        + (f" --baseline {args.baseline}" if args.baseline else "")
    )
    print(f"machine: {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        generate_corpus(tree, args.count, args.seed)
        sides = [Side("ours", None)]
        if args.baseline:
            sides = [Side("ours", ROOT), Side("base", args.baseline.resolve())]
        throughput(tree, args.count, args.rounds, args.jobs, sides)
        startup(Path(tmp), args.startup_rounds, sides)


if __name__ == "__main__":
    main()
