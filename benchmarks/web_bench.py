"""`backrub serve` under load, next to a bare FastAPI app: `python benchmarks/web_bench.py`.

Both servers run as a user runs them, in the same run: `backrub serve --port P`
(one process, production settings, a fresh SQLite journal in a temporary folder)
and `bare_app.py`, served by the same `uvicorn.run` call. After seeding an
account (`seed.py`), wrk drives each endpoint for a short warm-up and then for
`seconds`, and the table gives requests per second, p50 and p99 latency, the
ratio to the bare endpoint of the same method, and PASS/MISS against issue 10's
targets. The bare endpoints run first and last; the better run is the yardstick.

wrk comes from Debian (`apt-get install wrk`, done here when missing and running
as root). Without it a Python load generator in a separate process stands in and
the output says so: it is slower than wrk, so the numbers are lower bounds.
Either way the generator shares the machine's cores with the servers.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from load import THREADS, Result, Target, find_wrk, run_python, run_wrk
from planner_bench import different_intakes
from seed import Seeded, seed
from tree import HERE, Tree, find_tree

WARM_UP_SECONDS = 2
DIFFERENT_INTAKES = 2_000
INTAKES_SEED = 20261126  # not the planner benchmark's: other intakes
BUSY, FEW = 64, 16  # connections: throughput under load, latency at a moderate load
JSON_BODY = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Goal:
    """Issue 10's target for a row: throughput as a share of the bare endpoint's, or a p99."""

    at_least: float = 0.0  # times the bare endpoint's requests per second
    p99_below_ms: float = 0.0

    @property
    def informative(self) -> bool:
        """A row with no target: it shows where time goes, and passes or fails nothing."""
        return not self.at_least and not self.p99_below_ms

    def met(self, result: Result, bare: Result) -> bool:
        if self.p99_below_ms and result.p99_ms >= self.p99_below_ms:
            return False
        return result.requests_per_second >= self.at_least * bare.requests_per_second


@dataclass(frozen=True)
class Row:
    target: Target
    goal: Goal
    bare: str  # "GET" or "POST": the bare endpoint the ratio is to

    def describe(self) -> str:
        if self.goal.informative:
            return "(no target)"
        if self.goal.p99_below_ms:
            return f"p99 < {self.goal.p99_below_ms:g} ms"
        return f">= {self.goal.at_least:g}x bare {self.bare}"


# Servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(command: list[str], env: dict[str, str], probe: str) -> Iterator[str]:
    """`command --port P` on a free port until the block ends; yields its base URL."""
    port = free_port()
    log = tempfile.TemporaryFile("w+")
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        env={**os.environ, **env},
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + probe, server, command)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        report_server_errors(command, log)


def wait_for(url: str, server: subprocess.Popen[bytes], command: list[str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"{' '.join(command)} did not start") from None
            time.sleep(0.2)


def report_server_errors(command: list[str], log: IO[str]) -> None:
    """A line for the tracebacks a server logged, rather than pages of them."""
    log.seek(0)
    lines = log.read().splitlines()
    log.close()
    count = sum(line.startswith("Traceback") for line in lines)
    if count:
        errors = [line for line in lines if re.match(r"[\w.]+(Error|Exception|Timeout)\b", line)]
        last = errors[-1] if errors else lines[-1]
        print(f"  ({Path(command[0]).name} logged {count} tracebacks; the last: {last[:150]})")


# What is measured


def bare_targets(intakes: list[str]) -> dict[str, Target]:
    return {
        "GET": Target("GET /bare (tiny JSON)", "GET", ["/bare"]),
        "POST": Target("POST /bare (echoes the intake)", "POST", ["/bare"], JSON_BODY, intakes),
    }


def rows(seeded: Seeded, intakes: list[str]) -> list[Row]:
    """backrub's endpoints, each as a client with a personal access token calls it."""
    bearer = {"Authorization": f"Bearer {seeded.token}"}
    people = f"/api/v1/people/{seeded.person_id}"
    listing = Target("GET .../sessions (last 50)", "GET", [f"{people}/sessions"], bearer)
    ratings = [
        json.dumps({"soreness_next_day": n, "pain_after": {"lower_back_left": (n * 7) % 11}})
        for n in range(11)
    ]
    rating = Target(
        "PUT .../sessions/{id}/ratings",
        "PUT",
        [f"{people}/sessions/{sid}/ratings" for sid in seeded.session_ids],
        {**bearer, **JSON_BODY},
        ratings,
    )
    plans = Target("POST /api/v1/plans (2,000 intakes)", "POST", ["/api/v1/plans"], JSON_BODY)
    plans = dataclasses.replace(plans, bodies=intakes)
    few = {"connections": FEW}
    # Where a journal request's time goes: the same stack without the journal, then
    # with the token lookup and one small read.
    regions = Target("GET /api/v1/knowledge/regions", "GET", ["/api/v1/knowledge/regions"])
    me = Target("GET /api/v1/me (token, one read)", "GET", ["/api/v1/me"], bearer)
    return [
        Row(regions, Goal(), "GET"),
        Row(me, Goal(), "GET"),
        Row(listing, Goal(at_least=0.2), "GET"),
        Row(dataclasses.replace(listing, **few), Goal(p99_below_ms=50), "GET"),
        Row(rating, Goal(at_least=0.2), "GET"),
        Row(dataclasses.replace(rating, **few), Goal(p99_below_ms=50), "GET"),
        Row(plans, Goal(at_least=0.3), "POST"),
    ]


def check_answers(base: str, target: Target) -> None:
    """One request first, so that a refusal is not timed as if it were the real work."""
    request = urllib.request.Request(
        base + target.paths[0],
        data=target.bodies[0].encode() if target.bodies else None,
        headers=target.headers,
        method=target.method,
    )
    try:
        urllib.request.urlopen(request).close()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"answered {error.code}: {error.read()[:300]!r}") from None


def measure(base: str, target: Target, seconds: int, use_wrk: bool) -> Result | str:
    """The result, or why there is none (a refusal, a generator that failed)."""
    run = run_wrk if use_wrk else run_python
    try:
        check_answers(base, target)
        run(base, target, min(WARM_UP_SECONDS, seconds))
        return run(base, target, seconds)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        return str(error).splitlines()[0]


# The run


def bench_web(tree: Tree, seconds: int) -> list[bool]:
    """Print the table; whether each of issue 10's web targets is met."""
    # A TERM (a CI time limit, say) unwinds like Ctrl+C, so that `running` stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    use_wrk = find_wrk()
    generator = "wrk" if use_wrk else "a Python generator (wrk is missing; numbers are low)"
    print(
        f"web: `backrub serve` of {tree.root}, one process on SQLite, next to a bare FastAPI "
        f"app served alike; {generator}, {THREADS} threads, {seconds} s per row after a "
        f"{min(WARM_UP_SECONDS, seconds)} s warm-up, on {os.cpu_count()} cores shared by "
        "servers and generator."
    )
    intakes = [json.dumps(intake) for intake in different_intakes(DIFFERENT_INTAKES, INTAKES_SEED)]
    yardsticks = bare_targets(intakes)
    with tempfile.TemporaryDirectory(prefix="backrub-bench-") as folder:
        env = {
            "BACKRUB_DATABASE_URL": f"sqlite:///{folder}/journal.sqlite3",
            "BACKRUB_ENVIRONMENT": "production",
            "BACKRUB_SECRET_KEY": secrets.token_urlsafe(32),
        }
        with (
            running([str(tree.backrub), "serve"], env, "/api/v1/knowledge/regions") as base,
            running([str(tree.python), str(HERE / "bare_app.py")], {}, "/bare") as bare_base,
        ):
            seeded = seed(tree, base, env, Path(folder))
            first = {m: measure(bare_base, t, seconds, use_wrk) for m, t in yardsticks.items()}
            measured = [
                (row, measure(base, row.target, seconds, use_wrk)) for row in rows(seeded, intakes)
            ]
            last = {m: measure(bare_base, t, seconds, use_wrk) for m, t in yardsticks.items()}
    bares = {method: better(first[method], last[method]) for method in first}
    print_table(yardsticks, bares, measured)
    print(
        "  (bare rows: the better of a run before and one after backrub's: "
        + ", ".join(f"{m} {_rate(first[m])} and {_rate(last[m])} req/s" for m in first)
        + ")"
    )
    return [
        verdict(row, result, bares[row.bare]) == "PASS"
        for row, result in measured
        if not row.goal.informative
    ]


def better(one: Result | str, other: Result | str) -> Result | str:
    if isinstance(one, str):
        return other
    if isinstance(other, str):
        return one
    return max(one, other, key=lambda run: run.requests_per_second)


def _rate(result: Result | str) -> str:
    return "-" if isinstance(result, str) else f"{result.requests_per_second:,.0f}"


def verdict(row: Row, result: Result | str, bare: Result | str) -> str:
    if isinstance(result, str) or isinstance(bare, str):
        return "MISS"
    if result.errors or not result.requests_per_second:
        return "MISS"
    return "PASS" if row.goal.met(result, bare) else "MISS"


def print_table(
    yardsticks: dict[str, Target],
    bares: dict[str, Result | str],
    measured: list[tuple[Row, Result | str]],
) -> None:
    print(
        f"  {'endpoint':<36} {'conns':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'ratio':>6}  target"
    )
    for method, target in yardsticks.items():
        print_line(target, bares[method], bares[method], "")
    for row, result in measured:
        judged = row.describe()
        if not row.goal.informative:
            judged += f" {verdict(row, result, bares[row.bare])}"
        print_line(row.target, result, bares[row.bare], judged)


def print_line(target: Target, result: Result | str, bare: Result | str, judged: str) -> None:
    head = f"  {target.name:<36} {target.connections:>5}"
    if isinstance(result, str):
        print(f"{head} {judged + ': ' if judged else ''}{result}")
        return
    ratio = ""
    if not isinstance(bare, str) and bare.requests_per_second:
        ratio = f"{result.requests_per_second / bare.requests_per_second:.2f}x"
    errors = f" ({result.errors:,} errors)" if result.errors else ""
    if not result.requests_per_second:
        errors += " (no answer within the run)"
    print(
        f"{head} {result.requests_per_second:>7,.0f} {result.p50_ms:>7.2f} "
        f"{result.p99_ms:>7.2f} {ratio:>6}  {judged}{errors}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--root", help="another checkout to measure (default: this one)")
    options = parser.parse_args()
    sys.exit(0 if all(bench_web(find_tree(options.root), options.seconds)) else 1)
