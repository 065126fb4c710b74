"""How validation time grows with a document's size, up to the size cap: the curve should be flat
in time per KB.

Usage: python benchmarks/bench_large.py [--sizes 1000,2000,5000,10000,20000,40000] [--rounds 3]

For each size N, three documents of N sibling verbs: clean (``<Pause length='1'/>`` on a line
each), broken (``<Pause length='x'/>`` on a line each: one finding per verb, capped at 500 with an
RCML008 for the rest) and broken on one line (the same with no new line: every column is counted
on one 760 KB line at 40,000). Each round validates every document with ``rcml.validate`` in this
process, and, side by side, runs ``xmllint --noout --schema schemas/rcml.xsd`` over the broken one
when xmllint is installed (a C reference that reports every error). CPU times, medians of the
rounds, are printed with the time per KB; the last line compares the time per KB of the largest
size with the smallest's (1.0 is linear; 40,000 broken siblings took minutes when it was
quadratic). Documents of more than 1,000 tags (every size here from 1,000 up) are judged without
libxml2's schema messages, whose cost grows with the square of the siblings (the xmllint column).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import rcml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "rcml.xsd"

SHAPES = {
    "clean": ("<Pause length='1'/>", "\n"),
    "broken": ("<Pause length='x'/>", "\n"),
    "one line": ("<Pause length='x'/>", ""),
}


def document(shape: str, count: int) -> bytes:
    verb, separator = SHAPES[shape]
    return f"<Response>\n{separator.join([verb] * count)}\n</Response>\n".encode()


def time_rcml(data: bytes) -> tuple[float, int]:
    """(CPU seconds, findings) of one validation."""
    start = time.process_time()
    findings = rcml.validate(data)
    return time.process_time() - start, len(findings)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_xmllint(path: Path) -> float:
    """CPU seconds of one xmllint run over the file."""
    cpu = _children_cpu()
    subprocess.run(
        ["xmllint", "--noout", "--schema", str(SCHEMA), str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000,20000,40000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    xmllint = shutil.which("xmllint") is not None
    rcml.validate(b"<Response/>")  # load the schemas outside the timed part
    times: dict[tuple[int, str], list[float]] = {}
    counts: dict[tuple[int, str], int] = {}
    lengths = {(size, shape): len(document(shape, size)) for size in sizes for shape in SHAPES}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for size in sizes:
                for shape in SHAPES:
                    data = document(shape, size)
                    seconds, counts[size, shape] = time_rcml(data)
                    times.setdefault((size, shape), []).append(seconds)
                if xmllint:
                    path = Path(tmp) / f"broken-{size}.xml"
                    path.write_bytes(document("broken", size))
                    times.setdefault((size, "xmllint"), []).append(time_xmllint(path))

    def median(size: int, shape: str) -> float:
        return statistics.median(times[size, shape])

    def per_kb(size: int, shape: str) -> float:
        length = lengths[size, "broken" if shape == "xmllint" else shape]
        return median(size, shape) / (length / 1024) * 1e6

    print(f"command: python benchmarks/bench_large.py --sizes {args.sizes} --rounds {args.rounds}")
    print(
        f"CPU seconds, median of {args.rounds} rounds (µs per KB in brackets); "
        "xmllint: the broken document, every error reported"
    )
    columns = [*SHAPES, "xmllint"] if xmllint else list(SHAPES)
    print(f"{'siblings':>9} {'KB':>6} " + " ".join(f"{name:>20}" for name in columns))
    for size in sizes:
        cells = [f"{median(size, name):8.3f} s ({per_kb(size, name):6.1f})" for name in columns]
        kb = lengths[size, "broken"] / 1024
        print(f"{size:>9,} {kb:6.0f} " + " ".join(f"{cell:>20}" for cell in cells))
    print(
        "findings at the largest size: "
        + ", ".join(f"{shape} {counts[sizes[-1], shape]}" for shape in SHAPES)
    )
    growth = ", ".join(
        f"{shape} {per_kb(sizes[-1], shape) / per_kb(sizes[0], shape):.2f}x" for shape in columns
    )
    print(f"time per KB, {sizes[-1]:,} siblings over {sizes[0]:,}: {growth} (1.00x is linear)")


if __name__ == "__main__":
    main()
