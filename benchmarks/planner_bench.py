"""The planner's time per plan over random valid intakes: `python benchmarks/planner_bench.py`.

`run.py` starts this file with the measured checkout's interpreter, so that the
timing is of that checkout's planner. The intakes are parsed before the clock
starts: the number is `make_plan` alone. Target: median at most 1 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

TARGET_MS = 1.0
SEED = 20261125


def planner_modules() -> tuple[ModuleType, Callable[[Any], Any], Callable[[Any], Any]]:
    """The id lists, `parse_intake` and `make_plan`.

    The second branch reads a checkout from before the subpackages (issue 10), so that
    `run.py --root` can measure it next to this one."""
    try:
        from backrub.contract import ids
        from backrub.contract.intake import parse_intake
        from backrub.planning.planner import make_plan
    except ImportError:
        from backrub.intake import parse_intake  # type: ignore[no-redef]
        from backrub.planner import make_plan  # type: ignore[no-redef]

        from backrub import ids  # type: ignore[no-redef]
    return ids, parse_intake, make_plan


def random_intake(rng: random.Random, ids: ModuleType | None = None) -> dict[str, Any]:
    """A valid intake drawn from the whole space, weighted like real use (few red flags)."""
    ids = ids or planner_modules()[0]
    regions = rng.sample(ids.REGIONS, rng.randint(0, 4))
    return {
        "giver": rng.choice(ids.GIVERS),
        "minutes": rng.randint(5, 60),
        "pressure": rng.choice(ids.PRESSURES),
        "pain": [
            {"region": r, "intensity": rng.randint(0, 10), "weeks": rng.randint(0, 30)}
            for r in regions
        ],
        "causes": rng.sample(ids.CAUSES, rng.randint(0, 2)),
        "goals": rng.sample(ids.GOALS, rng.randint(0, 2)),
        "tools": rng.sample(ids.TOOLS, rng.randint(0, 4)),
        "red_flags": rng.sample(ids.RED_FLAGS, 1) if rng.random() < 0.05 else [],
        "conditions": rng.sample(ids.CONDITIONS, 1) if rng.random() < 0.2 else [],
        "local_issues": (
            [{"kind": rng.choice(ids.LOCAL_ISSUE_KINDS), "region": rng.choice(ids.REGIONS)}]
            if rng.random() < 0.1
            else []
        ),
    }


def different_intakes(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` intakes, no two alike, drawn with `random_intake`."""
    ids = planner_modules()[0]
    rng = random.Random(seed)
    found: dict[str, dict[str, Any]] = {}
    while len(found) < count:
        intake = random_intake(rng, ids)
        found[repr(intake)] = intake
    return list(found.values())


def bench_planner(count: int) -> bool:
    """Print the median and p99 per plan; whether the median meets the target."""
    ids, parse_intake, make_plan = planner_modules()
    rng = random.Random(SEED)
    intakes = [parse_intake(random_intake(rng, ids)) for _ in range(count)]
    make_plan(intakes[0])  # load the knowledge base outside the timing
    timings = []
    for intake in intakes:
        start = time.perf_counter_ns()
        make_plan(intake)
        timings.append(time.perf_counter_ns() - start)
    timings.sort()
    median = statistics.median(timings) / 1e6
    p99 = timings[int(len(timings) * 0.99)] / 1e6
    passed = median <= TARGET_MS
    print(
        f"planner: median {median:.3f} ms per plan, p99 {p99:.3f} ms, over {count:,} random "
        f"intakes (target: median <= {TARGET_MS:g} ms) {'PASS' if passed else 'MISS'}"
    )
    return passed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    bench_planner(parser.parse_args().count)
