"""rcml's validation speed against xmllint, on the same generated files, in the same run.

Usage: python benchmarks/bench_validate.py [--count 10000] [--rounds 5] [--seed 7]

Both sides read every file from disk and validate it against schemas/rcml.xsd; rcml also runs
every rule (and reports findings). xmllint runs as one process over all files
(`xmllint --noout --schema schemas/rcml.xsd FILE...`), rcml in one Python process. Each round
times both; the medians and their ratio (rcml files/s over xmllint files/s) are printed.
Target (issue 2): ratio >= 0.7.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate_corpus  # noqa: E402

import rcml  # noqa: E402

SCHEMA = ROOT / "schemas" / "rcml.xsd"


def time_xmllint(paths: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(
        ["xmllint", "--noout", "--schema", str(SCHEMA), *map(str, paths)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def time_rcml(paths: list[Path]) -> tuple[float, int]:
    start = time.perf_counter()
    errors = 0
    for path in paths:
        findings = rcml.validate_file(path)
        errors += any(f.is_error for f in findings)
    return time.perf_counter() - start, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("xmllint") is None:
        sys.exit("xmllint is missing: apt-get install libxml2-utils")
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_corpus(Path(tmp), args.count, args.seed)
        rcml.validate(b"<Response/>")  # load the schema outside the timed part, as xmllint does
        xmllint_times, rcml_times = [], []
        invalid = 0
        for _ in range(args.rounds):
            xmllint_times.append(time_xmllint(paths))
            elapsed, invalid = time_rcml(paths)
            rcml_times.append(elapsed)
    x_rate = args.count / statistics.median(xmllint_times)
    r_rate = args.count / statistics.median(rcml_times)
    print(f"command: python benchmarks/bench_validate.py --count {args.count} "
          f"--rounds {args.rounds} --seed {args.seed}")
    print(f"documents: {args.count} ({invalid} with errors per rcml)")
    print(f"xmllint --noout --schema: median {statistics.median(xmllint_times):.3f} s "
          f"= {x_rate:,.0f} files/s  (rounds: {', '.join(f'{t:.3f}' for t in xmllint_times)})")
    print(f"rcml.validate_file, all rules: median {statistics.median(rcml_times):.3f} s "
          f"= {r_rate:,.0f} files/s  (rounds: {', '.join(f'{t:.3f}' for t in rcml_times)})")
    print(f"ratio rcml/xmllint: {r_rate / x_rate:.2f}x (target >= 0.70x)")


if __name__ == "__main__":
    main()
