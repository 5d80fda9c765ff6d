"""Progress as a person meets it (issue 12): the web page and `backrub report`, end to end.

- The progress page: `backrub serve --demo` on a fresh SQLite journal, signed in
  as the demo account the way a browser signs in (`seed.Browser`); one load is
  `GET /progress` and then the four chart images it names, one after another (a
  browser asks for them at once, so this is the slower count). The first load
  (templates compiled, caches cold) is shown; the median is over the next `runs`.
  Twelve weeks is the account `--demo` makes; five years is the same account with
  `add_demo(weeks=260)` run first through the measured checkout's interpreter.
- `backrub report` and `backrub report --html FILE` on a five-year journal
  (`backrub demo --weeks 260`), each a new process, as a person runs them: start-up,
  imports, the migration check, reading the journal and writing the answer.

Each line gives the median wall-clock time and the median CPU time (user + system);
the CPU time says how much of a slow line is the machine being busy.
"""

from __future__ import annotations

import os
import re
import resource
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from seed import Browser
from tree import Tree

PAGE_TARGETS_MS = {12: 300, 260: 1000}  # weeks of history: the page's target
REPORT_TARGET_MS, HTML_TARGET_MS = 1000, 2000
FIVE_YEARS = 260
EMAIL = "demo@backrub.example"  # the account `backrub serve --demo` makes
PASSWORD = re.compile(r"with the password (\S+)")
ADD_DEMO = """
import sys
from backrub.cli.serve import add_demo
from backrub.journal import open_journal
with open_journal(sys.argv[1]) as store:
    add_demo(store, weeks=int(sys.argv[2]))
"""


def _verdict(median_ms: float, target_ms: int) -> tuple[bool, str]:
    passed = median_ms <= target_ms
    return passed, f"(target: <= {target_ms} ms) {'PASS' if passed else 'MISS'}"


def _medians(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `work`, counting this process and the
    processes it waited for."""
    wall, cpu = [], []
    for _ in range(runs):
        before, children = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        work()
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        cpu.append(time.process_time() - before + used)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


@contextmanager
def _server(tree: Tree, journal: Path) -> Iterator[tuple[str, str, int]]:
    """`backrub serve --demo` on `journal`; its URL, the demo's password and its pid."""
    port = _free_port()
    env = {**os.environ, "BACKRUB_DATABASE_URL": f"sqlite:///{journal}"}
    command = [str(tree.backrub), "serve", "--demo", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        found = PASSWORD.search("".join(lines))
        if found is None:
            raise RuntimeError(f"backrub serve --demo printed no password: {lines}")
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, server)
        yield base, found[1], server.pid
    finally:
        server.terminate()
        server.wait(timeout=15)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/signin", timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("backrub serve --demo did not start") from None
            time.sleep(0.2)


def _load(browser: Browser) -> None:
    """The page, then each chart it names."""
    page = browser.send("GET", "/progress")
    charts = re.findall(r'<img src="(/progress/charts/[^"]+)"', page)
    if len(charts) != 4:
        raise RuntimeError(f"the progress page named {len(charts)} charts, not 4")
    for url in charts:
        browser.send("GET", url.replace("&amp;", "&"))


def bench_page(tree: Tree, weeks: int, runs: int) -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        journal = Path(scratch) / "journal.sqlite3"
        added = subprocess.run(
            [str(tree.python), "-c", ADD_DEMO, f"sqlite:///{journal}", str(weeks)],
            capture_output=True,
            text=True,
        )
        if added.returncode:
            raise RuntimeError(f"add_demo(weeks={weeks}): {added.stderr.strip()[-200:]}")
        with _server(tree, journal) as (base, password, pid):
            browser = Browser(base)
            browser.fill("/signin", "/signin", {"email": EMAIL, "password": password})
            start = time.perf_counter()
            _load(browser)
            first = (time.perf_counter() - start) * 1000
            server_before = _cpu_seconds(pid)
            wall, _ = _medians(lambda: _load(browser), runs)
            server_cpu = (_cpu_seconds(pid) - server_before) * 1000 / runs
    passed, verdict = _verdict(wall, PAGE_TARGETS_MS[weeks])
    what = "the twelve-week demo account" if weeks == 12 else "five years of history"
    print(
        f"progress page, {what}: median {wall:.0f} ms (server CPU {server_cpu:.0f} ms a load; "
        f"first load {first:.0f} ms) for the page and its 4 charts over {runs} loads {verdict}"
    )
    return passed


def _cpu_seconds(pid: int) -> float:
    """A process's user + system CPU seconds so far (Linux's /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_report_commands(tree: Tree, runs: int) -> list[bool]:
    """`backrub report` and `report --html` as new processes, on five years."""
    verdicts = []
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "BACKRUB_DATABASE_URL": f"sqlite:///{Path(scratch) / 'j.sqlite3'}"}
        env["COLUMNS"] = "100"
        demo = [str(tree.backrub), "demo", "--weeks", str(FIVE_YEARS)]
        made = subprocess.run(demo, env=env, capture_output=True, text=True)
        if made.returncode:
            raise RuntimeError(f"backrub demo: {made.stderr.strip()[-200:]}")
        html = Path(scratch) / "report.html"
        for words, target in (
            (["report", "--person", "demo"], REPORT_TARGET_MS),
            (["report", "--person", "demo", "--html", str(html)], HTML_TARGET_MS),
        ):
            command = [str(tree.backrub), *words]
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # warm
            wall, cpu = _medians(
                lambda c=command: subprocess.run(c, env=env, check=True, stdout=subprocess.DEVNULL),
                runs,
            )
            passed, verdict = _verdict(wall, target)
            shown = " ".join(word if word != str(html) else "FILE" for word in words)
            print(
                f"backrub {shown}: median {wall:.0f} ms (CPU {cpu:.0f} ms) on five years, "
                f"a new process each of {runs} runs {verdict}"
            )
            verdicts.append(passed)
    return verdicts


def bench_progress(tree: Tree, runs: int = 15) -> list[bool]:
    """The progress page: the twelve-week demo account, then five years."""
    return [bench_page(tree, weeks, runs) for weeks in PAGE_TARGETS_MS]


if __name__ == "__main__":
    from tree import find_tree

    found = find_tree()
    bench_progress(found)
    bench_report_commands(found, runs=7)
