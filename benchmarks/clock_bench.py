"""How late the session clock's events come with the real clock: `python benchmarks/clock_bench.py`.

Runs the real player on `time.monotonic` over a plan of 1-second two-sided steps
(each gives a step start and a switch-sides cue), sleeping until the next
deadline the way the terminal view does, and measures each event's lateness
against its deadline. Targets: mean < 5 ms, none over 20 ms.
"""

from __future__ import annotations

import statistics
import sys
import time

from backrub.contract.plan import Step
from backrub.session.clock import Player

MEAN_TARGET_MS, MAX_TARGET_MS = 5, 20


def one_second_steps(count: int) -> list[Step]:
    return [
        Step(
            n=n,
            technique="effleurage",
            regions=("shoulder_left", "shoulder_right"),
            pressure="light",
            seconds=1,
            tool="palms",
            position="seated",
            instructions="Stroke.",
            cue=f"Step {n}.",
            why="Benchmark.",
            sources=("bench",),
        )
        for n in range(1, count + 1)
    ]


def bench_clock(seconds: int = 60) -> list[bool]:
    """Print the mean and max lateness over a `seconds`-long session; whether both meet
    their targets."""
    player = Player(one_second_steps(seconds), time.monotonic)
    lateness: list[float] = []
    player.start()
    player.poll()  # the first step's start is the start itself, not a deadline
    while not player.ended:
        wait = player.seconds_to_next_event()
        if wait:
            time.sleep(wait)
        events = player.poll()
        seen = time.monotonic()
        lateness += [(seen - event.at) * 1000 for event in events]
    mean, worst = statistics.fmean(lateness), max(lateness)
    passed = mean < MEAN_TARGET_MS and worst < MAX_TARGET_MS
    print(
        f"clock: mean lateness {mean:.2f} ms, max {worst:.2f} ms over {len(lateness)} events "
        f"in {seconds} s (targets: mean < {MEAN_TARGET_MS} ms, max < {MAX_TARGET_MS} ms) "
        f"{'PASS' if passed else 'MISS'}"
    )
    return [passed]


if __name__ == "__main__":
    bench_clock(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
