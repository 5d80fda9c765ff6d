"""`make load`: every page and API route of a person's day under load, then a soak.

For each route of the mix, wrk measures the p99 latency at 16 connections (target:
under 50 ms) and the throughput at 64 connections as a ratio to the bare FastAPI app's
endpoint of the same method in the same run (the plan API's target: at least 0.3x).
The soak then sends all the reads, mixed, for `--soak` seconds (5 minutes unless told):
the targets are no error at all, and each server process's resident memory growing by
less than 10% from its start (after every route has warmed it up) to its end. The
servers run as a user runs them: `backrub serve` (one process on SQLite; with
`--postgres URL`, `--workers 2` on that PostgreSQL database, whose tables are dropped
first) and `bare_app.py`, served alike. The account is seeded as `make bench`
seeds it (an operator's account and token, ~330 sessions), and the pages use a
browser's sign-in cookie.

The table goes to the terminal and into docs/benchmarks.md, between the markers
`<!-- load:sqlite:begin -->` and `<!-- load:sqlite:end -->` (or `postgresql`);
`--no-write` leaves the file alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from doc_section import write_section
from load import THREADS, Result, Target, find_wrk
from planner_bench import different_intakes
from seed import EMAIL, Browser, Seeded, seed
from tree import HERE, Tree, find_tree
from web_bench import (
    BUSY,
    DIFFERENT_INTAKES,
    FEW,
    INTAKES_SEED,
    JSON_BODY,
    bare_targets,
    better,
    measure,
    running,
)

P99_TARGET_MS = 50
PLAN_API_AT_LEAST = 0.3
MEMORY_GROWTH_BELOW = 0.10  # a worker's RSS over the soak, after warm-up


@dataclasses.dataclass(frozen=True)
class Route:
    target: Target
    bare: str  # "GET" or "POST": the yardstick of its throughput ratio
    at_least: float = 0.0  # a throughput target, where the issue sets one


@dataclasses.dataclass(frozen=True)
class Measured:
    """A route one request at a time (what a request costs), at FEW connections (the
    latency target) and at BUSY (the throughput)."""

    route: Route
    alone: Result | str
    few: Result | str
    busy: Result | str


def mix(seeded: Seeded, cookie: str, intakes: list[str]) -> list[Route]:
    """The routes a person's day touches: pages with the browser's cookie, the API with
    a personal access token."""
    page = {"Cookie": cookie}
    bearer = {"Authorization": f"Bearer {seeded.token}"}
    person = f"/api/v1/people/{seeded.person_id}"
    some = seeded.session_ids[:: max(1, len(seeded.session_ids) // 50)]
    ratings = [json.dumps({"soreness_next_day": n % 11}) for n in range(11)]

    def get(name: str, paths: list[str], headers: dict[str, str]) -> Route:
        return Route(Target(name, "GET", paths, headers), "GET")

    return [
        get("page /", ["/"], page),
        get("page /guides", ["/guides"], page),
        get("page /guides/techniques/effleurage", ["/guides/techniques/effleurage"], page),
        get("page /search?q=knot", ["/search?q=knot"], page),
        get("page /journal", ["/journal"], page),
        get("page /journal/sessions/{id}", [f"/journal/sessions/{s}" for s in some], page),
        get("page /progress", ["/progress"], page),
        get("page /checkin", ["/checkin"], page),
        get("page /settings", ["/settings"], page),
        get("GET /api/v1/me", ["/api/v1/me"], bearer),
        get("GET .../sessions (last 50)", [f"{person}/sessions"], bearer),
        get("GET .../sessions/{id}", [f"{person}/sessions/{s}" for s in some], bearer),
        get("GET .../checkins", [f"{person}/checkins"], bearer),
        get("GET /api/v1/guides", ["/api/v1/guides"], {}),
        get("GET /api/v1/search?q=knot", ["/api/v1/search?q=knot"], {}),
        Route(
            Target(
                "PUT .../sessions/{id}/ratings",
                "PUT",
                [f"{person}/sessions/{s}/ratings" for s in seeded.session_ids],
                {**bearer, **JSON_BODY},
                ratings,
            ),
            "GET",
        ),
        Route(
            Target(
                "POST /api/v1/plans (2,000 intakes)", "POST", ["/api/v1/plans"], JSON_BODY, intakes
            ),
            "POST",
            PLAN_API_AT_LEAST,
        ),
    ]


def sign_in(base: str, password: str) -> str:
    """The Cookie header of a browser signed in to the seeded account."""
    browser = Browser(base)
    browser.fill("/signin", "/signin", {"email": EMAIL, "password": password})
    if "Sign out" not in browser.send("GET", "/journal"):  # signed in, not sent to /signin
        raise RuntimeError("the sign-in cookie did not sign the pages in")
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def soak_target(routes: list[Route], cookie: str, token: str) -> Target:
    """Every read of the mix in one rotation, each request with both credentials."""
    paths = [p for r in routes if r.target.method == "GET" for p in r.target.paths[:5]]
    headers = {"Cookie": cookie, "Authorization": f"Bearer {token}"}
    return Target("soak: every read, mixed", "GET", paths, headers, connections=FEW)


def run(tree: Tree, seconds: int, soak: int, postgres: str | None) -> tuple[list[str], bool]:
    """The table's lines and whether every target was met."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = find_wrk()
    intakes = [json.dumps(i) for i in different_intakes(DIFFERENT_INTAKES, INTAKES_SEED)]
    yardsticks = bare_targets(intakes)
    with tempfile.TemporaryDirectory(prefix="backrub-load-") as folder:
        env = {
            "BACKRUB_DATABASE_URL": postgres or f"sqlite:///{folder}/journal.sqlite3",
            "BACKRUB_ENVIRONMENT": "production",
            "BACKRUB_SECRET_KEY": secrets.token_urlsafe(32),
        }
        if postgres:
            reset_postgres(tree, postgres)
        command = [str(tree.backrub), "serve", *(["--workers", "2"] if postgres else [])]
        with (
            running(command, env, "/healthz") as base,
            running([str(tree.python), str(HERE / "bare_app.py")], {}, "/bare") as bare_base,
        ):
            seeded = seed(tree, base, env, Path(folder))
            cookie = sign_in(base, seeded.password)
            routes = mix(seeded, cookie, intakes)
            first = {m: measure(bare_base, t, seconds, wrk) for m, t in yardsticks.items()}
            measured = []
            for route in routes:
                alone, few, busy = (
                    measure(base, dataclasses.replace(route.target, connections=n), seconds, wrk)
                    for n in (1, FEW, BUSY)
                )
                measured.append(Measured(route, alone, few, busy))
            before = worker_memory(base)
            soaked = measure(base, soak_target(routes, cookie, seeded.token), soak, wrk)
            grown = {pid: (rss, worker_memory(base).get(pid, 0)) for pid, rss in before.items()}
            last = {m: measure(bare_base, t, seconds, wrk) for m, t in yardsticks.items()}
    bares = {m: better(first[m], last[m]) for m in first}
    return table(bares, measured, (soaked, grown), seconds, soak, postgres, wrk)


def worker_memory(base: str) -> dict[int, int]:
    """Resident memory (KiB) of each process that serves `base`: the workers that a
    `--workers` supervisor started, else the one server process."""
    port = base.rsplit(":", 1)[1]
    processes = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
            command = (status.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:  # the process ended meanwhile
            continue
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        processes[int(status.parent.name)] = (int(fields["PPid"]), command, rss)
    servers = [
        pid
        for pid, (_, command, _) in processes.items()
        if b"serve" in command and port.encode() in command
    ]
    found = {}
    for server in servers:
        workers = {  # not multiprocessing's resource tracker, which serves nothing
            pid: rss
            for pid, (ppid, command, rss) in processes.items()
            if ppid == server and not any(b"resource_tracker" in part for part in command)
        }
        found.update(workers or {server: processes[server][2]})
    return found


def reset_postgres(tree: Tree, url: str) -> None:
    """An empty database for the run: every table of the URL's schema dropped."""
    code = (
        "import sqlalchemy as sa, sys\n"
        "engine = sa.create_engine(sys.argv[1])\n"
        "with engine.begin() as c:\n"
        "    c.exec_driver_sql('DROP SCHEMA public CASCADE; CREATE SCHEMA public')\n"
    )
    subprocess.run([str(tree.python), "-c", code, url], check=True)


def table(
    bares: dict[str, Result | str],
    measured: list[Measured],
    soak_result: tuple[Result | str, dict[int, tuple[int, int]]],
    seconds: int,
    soak: int,
    postgres: str | None,
    use_wrk: bool,
) -> tuple[list[str], bool]:
    where = "PostgreSQL, `--workers 2`" if postgres else "SQLite, one process"
    generator = "wrk" if use_wrk else "a Python generator (no wrk: numbers are low)"
    lines = [
        f"`make load` on {datetime.date.today()}: `backrub serve` on {where}; {generator}, "
        f"{THREADS} threads, {seconds} s a row after a warm-up, {os.cpu_count()} cores shared "
        "by the servers and the generator.",
        "",
        f"| route | alone: p50 (ms) | p99 at {FEW} (ms) | target | req/s at {BUSY} "
        "| ratio to bare | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for method, bare in bares.items():
        rate = "-" if isinstance(bare, str) else f"{bare.requests_per_second:,.0f}"
        lines.append(f"| bare {method} (the yardstick) | | | | {rate} | 1.00x | |")
    passed = True
    for row in measured:
        route, alone, few, busy = row.route, row.alone, row.few, row.busy
        p99_ok = (
            not isinstance(few, str)
            and not few.errors
            and few.requests_per_second > 0
            and few.p99_ms < P99_TARGET_MS
        )
        p99 = few if isinstance(few, str) else f"{few.p99_ms:.1f}"
        ratio, value = _ratio(busy, bares[route.bare])
        ratio_ok = value >= route.at_least
        verdict = "PASS" if ratio_ok else "MISS"
        ratio_target = f"≥ {route.at_least:g}x {verdict}" if route.at_least else ""
        rate = busy if isinstance(busy, str) else f"{busy.requests_per_second:,.0f}"
        if not isinstance(busy, str) and busy.errors:
            rate += f" ({busy.errors:,} errors)"
        if not isinstance(few, str) and few.errors:
            p99 += f" ({few.errors:,} errors)"
        single = alone if isinstance(alone, str) else f"{alone.p50_ms:.1f}"
        lines.append(
            f"| {route.target.name} | {single} | {p99} "
            f"| < {P99_TARGET_MS} {'PASS' if p99_ok else 'MISS'} "
            f"| {rate} | {ratio} | {ratio_target} |"
        )
        passed = passed and p99_ok and ratio_ok
    soaked, grown = soak_result
    soak_ok = not isinstance(soaked, str) and soaked.errors == 0 and soaked.requests_per_second > 0
    if isinstance(soaked, str):
        lines += ["", f"Soak ({soak} s): {soaked}. MISS"]
    else:
        lines += [
            "",
            f"Soak ({soak} s, every read mixed, {FEW} connections): "
            f"{soaked.requests_per_second * soak:,.0f} requests, {soaked.errors} errors, "
            f"p99 {soaked.p99_ms:.1f} ms. {'PASS' if soak_ok else 'MISS'}",
        ]
    memory_ok = bool(grown)
    for n, (start, end) in enumerate(grown.values(), 1):
        growth = end / start - 1 if start else float("inf")
        ok = end > 0 and growth < MEMORY_GROWTH_BELOW
        memory_ok = memory_ok and ok
        lines.append(
            f"Server process {n} of {len(grown)}: resident memory {start / 1024:.0f} MiB after "
            f"warm-up, {end / 1024:.0f} MiB after the soak ({growth:+.1%}; target under "
            f"+{MEMORY_GROWTH_BELOW:.0%}). {'PASS' if ok else 'MISS'}"
        )
    if not grown:
        lines.append("Server memory: no server process found to read. MISS")
    return lines, passed and soak_ok and memory_ok


def _ratio(result: Result | str, bare: Result | str) -> tuple[str, float]:
    if isinstance(result, str) or isinstance(bare, str) or not bare.requests_per_second:
        return "-", 0.0
    value = result.requests_per_second / bare.requests_per_second
    return f"{value:.2f}x", value


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 5)))
    parser.add_argument("--soak", type=int, default=int(os.environ.get("LOAD_SOAK", 300)))
    parser.add_argument("--postgres", default=os.environ.get("LOAD_POSTGRES_URL") or None)
    parser.add_argument("--root", help="another checkout to measure (default: this one)")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md")
    options = parser.parse_args()
    found, ok = run(find_tree(options.root), options.seconds, options.soak, options.postgres)
    print("\n".join(found))
    if not options.no_write:
        database = "postgresql" if options.postgres else "sqlite"
        heading = f"Load: every route of the mix, then a soak ({database})"
        write_section(f"load:{database}", heading, found)
    sys.exit(0 if ok else 1)
