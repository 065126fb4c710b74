"""Benchmark: simulated calls per second through the demo site's menu flow, in one process.

The flow is the one a lost caller takes in templates/: greeting.xml (a template), a wrong key,
menu.xml, greeting.xml again, key 3, menu.xml, hello-play.xml (a Play and a Hangup): five
documents fetched through the app `rcml serve` runs, called in process, each one validated, plus
the Play's media download. Every call runs in a fresh world, as `rcml simulate` runs it.

The report gives calls/s in CPU time (this process's, so other load on the machine does not
count) and in wall time, the median over the rounds, and the share of the time spent inside
rcml.validate (CPU time, measured around each call of it).

    python benchmarks/bench_simulate.py [--calls 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rcml.sim import Script, Simulator, parse_input  # noqa: E402
from rcml.sim import world as world_module  # noqa: E402

TARGET = ROOT / "templates" / "greeting.xml.j2"
SCRIPT = Script(inputs=(parse_input("9"), parse_input("3")))
FLOW = ["/greeting.xml", "/menu.xml", "/greeting.xml", "/menu.xml", "/hello-play.xml"]


class ValidatorClock:
    """Times (in CPU time) every call of the validator the simulator makes."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._validate = world_module.validate

    def __call__(self, *args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return self._validate(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            self.seconds += time.process_time() - started
            self.calls += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--calls", type=int, default=500, help="calls per round")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    print(f"command: python benchmarks/bench_simulate.py --calls {options.calls} "
          f"--rounds {options.rounds}")
    clock = ValidatorClock()
    world_module.validate = clock  # type: ignore[assignment]
    cpu_rates, wall_rates, shares = [], [], []
    with Simulator(TARGET) as simulator:
        first = simulator.call(SCRIPT)
        if first.paths != FLOW or first.status != "completed":
            raise SystemExit(f"unexpected flow: {first.paths} {first.status}")
        for number in range(1, options.rounds + 1):
            clock.seconds = 0.0
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(options.calls):
                simulator.call(SCRIPT)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            cpu_rates.append(options.calls / cpu)
            wall_rates.append(options.calls / wall)
            shares.append(clock.seconds / cpu)
            print(f"round {number}: {cpu_rates[-1]:7.0f} calls/s CPU, {wall_rates[-1]:7.0f} "
                  f"calls/s wall, validator {shares[-1]:5.1%} of the time")
    print(f"fetches per call: {len(FLOW)} documents + 1 media file")
    print(f"median: {statistics.median(cpu_rates):.0f} calls/s CPU, "
          f"{statistics.median(wall_rates):.0f} calls/s wall "
          f"({statistics.median(cpu_rates) * len(FLOW):.0f} documents/s CPU)")
    print(f"validator share, median of rounds: {statistics.median(shares):.1%}")


if __name__ == "__main__":
    main()
