"""Report benchmarks: `--json` figures and the full HTML report on five years of demo history.

Medians over several runs, after a warm-up (imports stay out of the timing). `backrub report`
as a person runs it, a new process each time, is `progress_bench.py`'s.
"""

from __future__ import annotations

import datetime
import json
import statistics
import time
from collections.abc import Callable

from backrub.contract.records import PersonRecord
from backrub.progress.demo import demo_person
from backrub.progress.summary import summarize

WEEKS = 260  # five years
JSON_TARGET_MS, HTML_TARGET_MS = 50, 400


def _median_ms(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (CPU time shows it when the machine is busy)."""
    work()  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def _json_figures(person: PersonRecord) -> str:
    return json.dumps(summarize(person).to_dict(), indent=2)


def _html(person: PersonRecord) -> str:
    from backrub.report import html_report

    return html_report(person, summarize(person))


def bench_report(json_runs: int = 21, html_runs: int = 7) -> list[bool]:
    """Print both medians; whether each meets its target."""
    person = demo_person(seed=7, weeks=WEEKS, start=datetime.date(2021, 1, 4))
    size = f"{len(person.sessions)} sessions, {len(person.checkins)} check-ins"
    figures, figures_cpu = _median_ms(lambda: _json_figures(person), json_runs)
    figures_ok = figures <= JSON_TARGET_MS
    print(
        f"report --json: median {figures:.1f} ms (CPU {figures_cpu:.1f} ms) for five years "
        f"({size}) over {json_runs} runs (target: <= {JSON_TARGET_MS} ms) {_word(figures_ok)}"
    )
    page, page_cpu = _median_ms(lambda: _html(person), html_runs)
    page_ok = page <= HTML_TARGET_MS
    print(
        f"report --html: median {page:.0f} ms (CPU {page_cpu:.0f} ms) with 4 charts for five years "
        f"over {html_runs} runs (target: <= {HTML_TARGET_MS} ms) {_word(page_ok)}"
    )
    return [figures_ok, page_ok]


def _word(passed: bool) -> str:
    return "PASS" if passed else "MISS"


if __name__ == "__main__":
    bench_report()
