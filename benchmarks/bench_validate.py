"""rcml's validation speed against xmllint, on the same generated files, in the same run.

Usage: python benchmarks/bench_validate.py [--count 10000] [--rounds 5] [--seed 7] [--baseline DIR]

Both sides read every file from disk and validate it against schemas/rcml.xsd; rcml also runs
every rule (and reports findings). xmllint runs as one process over all files
(`xmllint --noout --schema schemas/rcml.xsd FILE...`), rcml in one Python process. Each round
times both, back to back; the ratio (rcml files/s over xmllint files/s) is computed per round and
its median printed, for CPU time (the steadier figure on a shared, noisy machine) and wall time.
A third timing per round, the "floor", does only the C work no validator can skip (read, parse,
the stricter schema), to show how much room Python has. ``--baseline DIR`` times another rcml
tree (a ``git worktree`` of an earlier commit) on the same files in the same rounds, each tree in
a fresh process of its own, and prints this tree over it.
"""

from __future__ import annotations

import argparse
import resource
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_xmllint(paths: list[Path]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one xmllint run over all files."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(
        ["xmllint", "--noout", "--schema", str(SCHEMA), *map(str, paths)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def time_rcml(paths: list[Path]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, documents with errors) of validating all files in-process."""
    cpu, start = time.process_time(), time.perf_counter()
    errors = 0
    for path in paths:
        findings = rcml.validate_file(path)
        errors += any(f.is_error for f in findings)
    return time.perf_counter() - start, time.process_time() - cpu, errors


_TREE_TIMER = """
import sys, time
sys.path.insert(0, sys.argv[1])
import rcml
paths = open(sys.argv[2]).read().split("\\n")
rcml.validate(b"<Response/>")
cpu, start = time.process_time(), time.perf_counter()
for path in paths:
    rcml.validate_file(path)
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def time_tree(tree: Path, listing: Path) -> tuple[float, float]:
    """(wall, CPU) of the rcml in ``tree`` validating every listed file, in a process of its own
    (the import and the schema load are outside the timed loop)."""
    out = subprocess.run(
        [sys.executable, "-c", _TREE_TIMER, str(tree), str(listing)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
    ).stdout.split()
    return float(out[0]), float(out[1])


def time_floor(paths: list[Path]) -> tuple[float, float]:
    """(wall, CPU) of only what no Python validator can skip: read each file, parse it with the
    hardened parser and run the stricter schema (both in C), with no rule and no URL check.
    This bounds from above what rcml could reach; it is not a mode of rcml."""
    from rcml.core.reading import read_file_capped
    from rcml.engine.parse import parse
    from rcml.engine.prefilter import strict_schema
    from rcml.schema import load_schema

    limits = rcml.Limits()
    strict = strict_schema(load_schema(), "voice")
    cpu, start = time.process_time(), time.perf_counter()
    for path in paths:
        root = parse(read_file_capped(path, limits.max_bytes), limits).root
        if root is not None:
            strict.validate(root)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another rcml tree to time beside this one")
    args = parser.parse_args()
    if shutil.which("xmllint") is None:
        sys.exit("xmllint is missing: apt-get install libxml2-utils")
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_corpus(Path(tmp), args.count, args.seed)
        rcml.validate(b"<Response/>")  # load the schema outside the timed part, as xmllint does
        rows = []
        trees: list[tuple[float, float]] = []
        invalid = 0
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(map(str, paths)))
        for _ in range(args.rounds):
            x_wall, x_cpu = time_xmllint(paths)
            r_wall, r_cpu, invalid = time_rcml(paths)
            f_wall, f_cpu = time_floor(paths)
            rows.append((x_wall, x_cpu, r_wall, r_cpu, f_wall, f_cpu))
            if args.baseline:
                ours, base = time_tree(ROOT, listing), time_tree(args.baseline.resolve(), listing)
                trees.append((base[1] / ours[1], base[0] / ours[0]))
    n = args.count

    def median(index: int) -> float:
        return statistics.median(row[index] for row in rows)

    wall_ratio = statistics.median(row[0] / row[2] for row in rows)
    cpu_ratio = statistics.median(row[1] / row[3] for row in rows)
    floor_wall = statistics.median(row[0] / row[4] for row in rows)
    floor_cpu = statistics.median(row[1] / row[5] for row in rows)
    print(
        f"command: python benchmarks/bench_validate.py --count {n} "
        f"--rounds {args.rounds} --seed {args.seed}"
    )
    print(
        f"documents: {n} ({invalid} with errors per rcml); {args.rounds} rounds, each runs "
        "xmllint then rcml on the same files"
    )
    print(
        f"xmllint --noout --schema: median wall {median(0):.3f} s = {n / median(0):,.0f} "
        f"files/s; CPU {median(1):.3f} s = {n / median(1):,.0f} files/s"
    )
    print(
        f"rcml.validate_file (all rules): median wall {median(2):.3f} s = "
        f"{n / median(2):,.0f} files/s; CPU {median(3):.3f} s = {n / median(3):,.0f} files/s"
    )
    print(
        f"ratio rcml/xmllint files/s, median of rounds: CPU {cpu_ratio:.2f}x, "
        f"wall {wall_ratio:.2f}x"
    )
    print(
        f"floor (read + parse + stricter schema, no rule, no URL check): median wall "
        f"{median(4):.3f} s; ratio to xmllint CPU {floor_cpu:.2f}x, wall {floor_wall:.2f}x"
    )
    if trees:
        print(
            f"this tree over the baseline ({args.baseline}), files/s, median of rounds: "
            f"CPU {statistics.median(t[0] for t in trees):.2f}x, "
            f"wall {statistics.median(t[1] for t in trees):.2f}x"
        )


if __name__ == "__main__":
    main()
