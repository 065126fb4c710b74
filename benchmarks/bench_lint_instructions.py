"""`rcml lint` in instructions, beside xmllint and the bare validator: repeatable on a busy machine.

Usage: python benchmarks/bench_lint_instructions.py [--count 2000] [--jobs 2] [--seed 7]
                                                    [--baseline DIR]

Wall and CPU time move with whatever else the machine runs (a 2-CPU machine shared with other
benchmarks gives a parallel run no free CPU at all); valgrind's callgrind counts executed
instructions, which do not move. Every command runs once under callgrind, which follows forks: a
forked worker's count includes what its parent ran before forking, so the longest count of any
process is the run's critical path, the instructions that set its wall time on free CPUs. Printed
for each command: that critical path and the sum over processes, and the ratios to xmllint (on
the same files) and to the validator loop (`rcml.validate_file` over the same paths in one
process, start-up included). Instructions are not time (Python runs fewer instructions per cycle
than libxml2's loops): read the ratios against xmllint as floors of the time ratios.

``--baseline DIR`` (another rcml source tree) counts that tree's rcml commands too, both sides run
as ``python -c "from rcml.cli import main"`` with their tree first on ``PYTHONPATH`` (as in
``bench_lint.py``), and prints ours/base of each one's critical path: a comparison the machine's
load cannot move. (The sums are not compared: two versions may fork different numbers of
workers, each of whose counts includes its parent's.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "rcml.xsd"
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_lint import VALIDATOR_LOOP, Side, _env  # noqa: E402
from corpus import generate_corpus  # noqa: E402


def instructions(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, int]:
    """(longest process, sum over processes) of the instructions one run of ``command`` takes."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--trace-children=yes",
                f"--callgrind-out-file={out}/cg.%p",
                *command,
            ],
            cwd=cwd,
            env=env or _env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        counts = []
        for name in os.listdir(out):
            with open(os.path.join(out, name), encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if line.startswith("summary:"):
                        counts.append(int(line.split()[1]))
                        break
    if not counts:
        sys.exit("callgrind reported nothing (is valgrind working?)")
    return max(counts), sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="another rcml source tree: its rcml commands are counted too and compared with ours",
    )
    args = parser.parse_args()
    for tool in ("valgrind", "xmllint"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (apt-get install valgrind libxml2-utils)")
    print(
        f"command: python benchmarks/bench_lint_instructions.py --count {args.count} "
        f"--jobs {args.jobs} --seed {args.seed}"
        + (f" --baseline {args.baseline}" if args.baseline else "")
    )
    sides = [Side("ours", None)]
    if args.baseline:
        sides = [Side("ours", ROOT), Side("base", args.baseline.resolve())]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tree"
        paths = generate_corpus(folder, args.count, args.seed)
        past = time.time() - 60  # old enough for the cache to record
        for path in paths:
            os.utime(path, (past, past))
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "xmllint --noout --schema": (
                ["xmllint", "--noout", "--schema", str(SCHEMA), *sorted(os.listdir(folder))],
                _env(),
            ),
            "validator loop, one process": ([sys.executable, "-c", VALIDATOR_LOOP], _env()),
        }
        for side in sides:
            lint = [*side.rcml, "lint", "--no-config", "--no-progress"]
            if len(sides) > 1:  # a cache each: one rcml drops the caches another version wrote
                lint += ["--cache-dir", str(Path(tmp) / f"cache-{side.name}")]
            parallel = [*lint, "-j", str(args.jobs)]
            subprocess.run(
                [*parallel, "."], cwd=folder, env=side.env, stdout=subprocess.DEVNULL, check=False
            )  # bytecode and the cache
            for label, command in (
                ("rcml lint -j1 --no-cache (cold)", [*lint, "-j", "1", "--no-cache", "."]),
                (f"rcml lint -j{args.jobs} --no-cache (cold)", [*parallel, "--no-cache", "."]),
                (f"rcml lint -j{args.jobs} (warm cache)", [*parallel, "."]),
                ("rcml lint one.xml (start-up)", [*lint, paths[0].name]),
            ):
                commands[side.label(label)] = (command, side.env)
        measured = {
            label: instructions(command, folder, env) for label, (command, env) in commands.items()
        }
    x = measured["xmllint --noout --schema"][0]
    loop = measured["validator loop, one process"][0]
    print(f"documents: {args.count}; instructions, longest process (critical path) and all")
    for label, (longest, total) in measured.items():
        print(
            f"{label}: {longest / 1e6:,.0f} M ({total / 1e6:,.0f} M in all); "
            f"xmllint/this {x / longest:.2f}x, loop/this {loop / longest:.2f}x"
        )
    for side in sides[1:]:
        for label in list(measured):
            if label.startswith("rcml lint") and not label.endswith("]"):
                ours, base = measured[label][0], measured[side.label(label)][0]
                print(f"ours/{side.name} {label}: critical path {ours / base:.3f}")


if __name__ == "__main__":
    main()
