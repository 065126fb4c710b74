"""Validation cost in instructions, rcml against xmllint: a repeatable figure on a noisy machine.

Usage: python benchmarks/bench_validate_instructions.py [--count 1000] [--seed 7]

Wall and CPU time move with whatever else the machine runs; valgrind's callgrind counts executed
instructions, which do not. Each side is run twice under callgrind, once doing the work on all
files and once without it (xmllint on a single file; rcml loading and stopping), and the difference
is divided by the number of files. Clean and broken documents are reported apart, because they
take different paths through rcml. Instructions are not time (Python runs fewer instructions per
cycle than libxml2's loops), so read the ratio as a floor of the time ratio, not as the same figure.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate_corpus  # noqa: E402

import rcml  # noqa: E402

SCHEMA = ROOT / "schemas" / "rcml.xsd"
RCML_RUN = (
    "import sys, rcml\n"
    "paths = sys.argv[2:]\n"
    "rcml.validate(b'<Response/>')\n"
    "if sys.argv[1] == 'run':\n"
    "    for p in paths:\n"
    "        rcml.validate_file(p)\n"
)


def instructions(command: list[str]) -> int:
    """Instructions callgrind counts for one run of ``command``."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True, text=True, check=False,
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        sys.exit(f"callgrind did not report: {result.stderr[-500:]}")
    return int(match.group(1))


def per_document(paths: list[Path]) -> tuple[float, float]:
    """(xmllint, rcml) instructions per document over ``paths``."""
    files = [str(p) for p in paths]
    xmllint = ["xmllint", "--noout", "--schema", str(SCHEMA)]
    x_all = instructions([*xmllint, *files])
    x_one = instructions([*xmllint, files[0]])
    python = [sys.executable, "-c", RCML_RUN]
    r_run = instructions([*python, "run", *files])
    r_load = instructions([*python, "load", *files])
    return (x_all - x_one) / (len(files) - 1), (r_run - r_load) / len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for tool in ("valgrind", "xmllint"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (apt-get install valgrind libxml2-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_corpus(Path(tmp), args.count, args.seed)
        clean = [p for p in paths if not rcml.validate_file(p)]
        broken = [p for p in paths if p not in set(clean)]
        print(f"command: python benchmarks/bench_validate_instructions.py --count {args.count} "
              f"--seed {args.seed}")
        total_x = total_r = 0.0
        for name, group in (("clean", clean), ("broken", broken)):
            if len(group) < 2:
                continue
            x, r = per_document(group)
            total_x += x * len(group)
            total_r += r * len(group)
            print(f"{name:>6}: {len(group):5} documents, xmllint {x:,.0f} instructions each, "
                  f"rcml {r:,.0f} ({x / r:.2f}x)")
        print(f"   all: rcml/xmllint files per instruction {total_x / total_r:.2f}x")


if __name__ == "__main__":
    main()
