"""backrub's benchmarks, `make bench`: each line gives a figure, its target, and PASS or MISS.

`python benchmarks/run.py [--seconds S] [--root PATH] [--only PART ...]`
- `--seconds` (default: BENCH_SECONDS, else 10): each web row's measuring time;
  `BENCH_SECONDS=2` makes a quick smoke run.
- `--root` (default: BACKRUB_BENCH_ROOT, else this checkout): measure another
  checkout, installed in its own `.venv`, with this harness. The planner, the cold
  start and the web app are measured through that checkout's interpreter and
  `backrub` command; the report and clock benchmarks import this checkout's
  backrub, so they run only on it.
- `--only PART ...`: some of the parts (planner, cold-start, report, report-cli,
  progress, clock, web); `report-cli` runs `backrub report` and `report --html` as
  new processes, `progress` loads the web's progress page (both: progress_bench.py).
The exit status is 1 when a target is missed. docs/benchmarks.md says what each line means.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from tree import HERE, Tree, find_tree

PARTS = ("planner", "cold-start", "report", "report-cli", "progress", "clock", "web")
COLD_START_TIMES = 8


def bench_planner(tree: Tree) -> list[bool]:
    """`planner_bench.py` through the measured checkout's interpreter."""
    command = [str(tree.python), str(HERE / "planner_bench.py")]
    done = subprocess.run(command, capture_output=True, text=True)
    print(done.stdout.rstrip() or f"planner: failed: {done.stderr.strip().splitlines()[-1:]}")
    return [done.returncode == 0 and done.stdout.rstrip().endswith("PASS")]


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold_start(tree: Tree, runs: int = 21) -> list[bool]:
    """`backrub plan --intake … --json` from a new process, as a ratio to `python -c pass`."""
    plan = [str(tree.backrub), "plan", "--intake", str(tree.example_intake), "--json"]
    # Bytecode first, as an installed package has it: with PYTHONDONTWRITEBYTECODE set
    # (as on some machines) an editable install would otherwise compile on every run.
    subprocess.run([str(tree.python), "-m", "compileall", "-q", str(tree.root / "src")], check=True)
    _median_seconds(plan, 2)  # the files into the page cache
    baseline = _median_seconds([str(tree.python), "-c", "pass"], runs)
    planned = _median_seconds(plan, runs)
    ratio = planned / baseline
    passed = ratio <= COLD_START_TIMES
    print(
        f"cold start: backrub plan --json median {planned * 1000:.0f} ms, python -c pass "
        f"{baseline * 1000:.0f} ms, ratio {ratio:.1f}x over {runs} runs each "
        f"(target: <= {COLD_START_TIMES}x) {'PASS' if passed else 'MISS'}"
    )
    return [passed]


def run_part(part: str, tree: Tree, seconds: int) -> list[bool]:
    """The verdicts of one part's lines; a part that cannot run here says so."""
    if part == "planner":
        return bench_planner(tree)
    if part == "cold-start":
        return bench_cold_start(tree)
    if part == "web":
        from web_bench import bench_web

        return bench_web(tree, seconds)
    if part == "progress":
        from progress_bench import bench_progress

        return bench_progress(tree)
    if part == "report-cli":
        from progress_bench import bench_report_commands

        return bench_report_commands(tree, runs=7)
    if not tree.is_own:
        print(f"{part}: skipped (it imports this checkout's backrub, not {tree.root}'s)")
        return []
    if part == "report":
        from report_bench import bench_report

        return bench_report()
    from clock_bench import bench_clock

    return bench_clock(max(10, seconds * 6))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--root", help="another checkout to measure (default: this one)")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS, metavar="PART")
    options = parser.parse_args()
    tree = find_tree(options.root)
    print(f"backrub benchmarks of {tree.root} on {os.cpu_count()} cores")
    verdicts = []
    for part in options.only:
        try:
            verdicts += run_part(part, tree, options.seconds)
        except RuntimeError as error:  # a server that does not start, a seed step refused
            print(f"{part}: could not run: {error} MISS")
            verdicts.append(False)
    missed = verdicts.count(False)
    print(
        f"{len(verdicts) - missed} of {len(verdicts)} targets met"
        + (f", {missed} missed" if missed else "")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
