"""backrub benchmarks: `make bench`. Reports medians and ratios, never one-off timings."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from backrub.contract import ids  # noqa: E402
from backrub.contract.intake import load_intake, parse_intake  # noqa: E402
from backrub.contract.plan import plan_json  # noqa: E402
from backrub.planning.planner import make_plan  # noqa: E402


def random_intake(rng: random.Random) -> dict[str, Any]:
    """A valid intake drawn from the whole space, weighted like real use (few red flags)."""
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


def bench_planner(count: int = 10_000) -> None:
    rng = random.Random(20261125)
    intakes = [parse_intake(random_intake(rng)) for _ in range(count)]
    make_plan(intakes[0])  # load the knowledge base outside the timing
    timings = []
    for intake in intakes:
        start = time.perf_counter_ns()
        make_plan(intake)
        timings.append(time.perf_counter_ns() - start)
    timings.sort()
    median = statistics.median(timings) / 1e6
    p99 = timings[int(len(timings) * 0.99)] / 1e6
    print(
        f"planner: median {median:.3f} ms per plan, p99 {p99:.3f} ms over {count} intakes "
        f"(target: median <= 1 ms)"
    )


def bench_plan_request(number: int = 2000, repeat: int = 7) -> None:
    """The pure work of one `POST /api/v1/plans` for the ordinary intake: best of `repeat`."""
    body = (ROOT / "examples" / "partner_lower_back.json").read_bytes()
    intake = load_intake(body)
    plan = make_plan(intake)

    def best(work: Any) -> float:
        return min(timeit.repeat(work, number=number, repeat=repeat)) / number * 1000

    parsing, planning = best(lambda: load_intake(body)), best(lambda: make_plan(intake))
    writing = best(lambda: plan_json(plan))
    print(
        f"plan request: load_intake {parsing:.3f} ms + make_plan {planning:.3f} ms + plan_json "
        f"{writing:.3f} ms = {parsing + planning + writing:.3f} ms, best of {repeat} "
        "(target: <= 0.2 ms)"
    )


def _median_run(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold_start(runs: int = 21) -> None:
    example = ROOT / "examples" / "partner_lower_back.json"
    plan_cmd = [sys.executable, "-m", "backrub", "plan", "--intake", str(example), "--json"]
    baseline_cmd = [sys.executable, "-c", "pass"]
    # Compile to bytecode first, as an installed package is: with PYTHONDONTWRITEBYTECODE
    # set (as on some machines), an editable install would otherwise compile every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    _median_run(plan_cmd, 2)  # warm the file cache
    baseline = _median_run(baseline_cmd, runs)
    plan = _median_run(plan_cmd, runs)
    print(
        f"cold start: backrub plan --json median {plan * 1000:.0f} ms, python -c pass "
        f"{baseline * 1000:.0f} ms, ratio {plan / baseline:.1f}x (target: <= 8x)"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from clock_bench import bench_clock
    from report_bench import bench_report
    from web_bench import bench_web

    bench_planner()
    bench_plan_request()
    bench_cold_start()
    bench_report()
    bench_clock()
    bench_web()
