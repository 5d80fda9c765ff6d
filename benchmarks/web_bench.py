"""The web app under load: `python benchmarks/web_bench.py [--seconds 10]` (also `make bench`).

Starts backrub (`uvicorn --workers 2 --factory backrub.web.app:create_app`, on a
fresh SQLite journal seeded with an account, its person, 50+ sessions and a
personal access token) and a bare FastAPI app (`bare_app.py`) the same way, then
drives each endpoint with wrk: 64 connections, 2 threads, a short warm-up, then
`seconds` of measurement. It prints requests per second, p50 and p99 latency,
the ratio to the bare endpoint and PASS/MISS against the targets.

Measured:
- `GET /bare`: the bare FastAPI endpoint, the yardstick.
- `POST /api/v1/plans`: an ordinary intake (examples/partner_lower_back.json), the
  same every time, so its answer is remembered (`web/api.py`, `PLANS_REMEMBERED`);
  and again with 2,000 different intakes drawn as `run.py` draws them, cycled,
  so that none is remembered: what planning itself costs.
- `POST /plan`: the plan page for the ordinary form, as a browser sends it: the
  CSRF cookie and form field come from one `GET /intake` made beforehand.
- `GET /api/v1/people/{id}/sessions`: the last 50 sessions, with a bearer token.
- `PUT /api/v1/people/{id}/sessions/{id}/ratings`: a rating write with a bearer
  token; every request changes a value, spread over the 50 sessions, so every
  one is a real committed UPDATE.

wrk comes from Debian (`apt-get install wrk`; installed here when missing and
running as root). Without it a Python load generator in a separate process
stands in, and the output says so: it is slower than wrk, so the numbers are
lower bounds. Either way the generator shares the machine's cores with the
servers, which the output says too.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from load import CONNECTIONS, THREADS, Result, Target, find_wrk, run_python, run_wrk  # noqa: E402

WARM_UP_SECONDS = 2
DIFFERENT_INTAKES = 2_000  # more than PLANS_REMEMBERED, cycled: none is remembered
SETTLE_SECONDS = 3
BEARER = "Bearer "
# The web twin of the ordinary intake: what tests/web/helpers.py's ORDINARY_FORM holds.
ORDINARY_FORM: dict[str, str | list[str]] = {
    "region": ["lower_back_left", "shoulder_right"],
    "intensity-lower_back_left": "6",
    "weeks-lower_back_left": "10",
    "intensity-shoulder_right": "3",
    "weeks-shoulder_right": "2",
    "giver": "partner",
    "minutes": "15",
    "pressure": "moderate",
    "causes": ["sedentary", "posture"],
    "goals": ["relief", "sleep"],
    "tools": ["oil", "heat_pack"],
}


@dataclass(frozen=True)
class Seeded:
    person_id: str
    session_ids: list[str]
    token: str


# The journal


def seed_journal(url: str) -> Seeded:
    """An account with its person, 30 weeks of demo history (over 50 sessions) and a token."""
    from backrub.journal import accounts
    from backrub.journal import repository as repo
    from backrub.journal.store import Store
    from backrub.progress.demo import demo_person
    from backrub.web.security import new_token, token_hash

    history = demo_person(weeks=30)
    token = new_token()
    with Store(url) as store, store.transaction() as db:
        user = accounts.create_user(db=db, email="bench@backrub.example", password_hash="-")
        person = accounts.create_owned_person(
            db=db, user_id=user.id, name="bench", intake=history.intake
        )
        for session in history.sessions:
            repo.add_session(db=db, person_id=person.id, entry=session)
        accounts.create_access_token(
            db=db, user_id=user.id, name="bench", token_hash=token_hash(token)
        )
    newest = sorted(history.sessions, key=lambda s: s.started, reverse=True)[:50]
    assert len(newest) == 50, "the demo history should hold at least 50 sessions"
    return Seeded(person.id, [s.id for s in newest], token)


# Servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(app: list[str], env: dict[str, str], probe: str) -> Iterator[str]:
    """`uvicorn APP --workers 2` on a free port until the block ends; yields its base URL."""
    port = free_port()
    launcher = str(HERE / "uvicorn_nodelay.py")  # uvicorn, less a 40 ms stall: see there
    command = [sys.executable, launcher, *app, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "2", "--no-access-log", "--log-level", "warning"]
    log = tempfile.TemporaryFile("w+")
    server = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + probe, timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"{' '.join(app)} did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        report_server_errors(app, log)


def report_server_errors(app: list[str], log: IO[str]) -> None:
    """A line for the tracebacks a server logged, rather than pages of them."""
    log.seek(0)
    lines = log.read().splitlines()
    log.close()
    count = sum(line.startswith("Traceback") for line in lines)
    if count:
        errors = [line for line in lines if re.match(r"[\w.]+(Error|Exception|Timeout)\b", line)]
        last = errors[-1] if errors else lines[-1]
        print(f"  ({' '.join(app)} logged {count} tracebacks; the last: {last[:150]})")


def plan_page_csrf(base: str) -> tuple[str, str]:
    """The CSRF cookie and form field a browser gets with the intake page."""
    with urllib.request.urlopen(base + "/intake") as response:
        cookie = response.headers.get("set-cookie", "").split(";")[0]
        page = response.read().decode()
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if not cookie or found is None:
        raise RuntimeError("GET /intake gave no CSRF cookie and field")
    return cookie, found[1]


def targets(seeded: Seeded, base: str) -> list[Target]:
    """backrub's endpoints, each as a person or a client would call it."""
    intake = (ROOT / "examples" / "partner_lower_back.json").read_text(encoding="utf-8")
    cookie, csrf_field = plan_page_csrf(base)
    form = urllib.parse.urlencode({**ORDINARY_FORM, "csrf_token": csrf_field}, doseq=True)
    bearer = {"Authorization": BEARER + seeded.token}
    people = f"/api/v1/people/{seeded.person_id}"
    ratings = [
        json.dumps({"soreness_next_day": n, "pain_after": {"lower_back_left": (n * 7) % 11}})
        for n in range(11)
    ]
    json_body = {"Content-Type": "application/json"}
    return [
        Target(
            "POST /api/v1/plans",
            "POST",
            ["/api/v1/plans"],
            json_body,
            [intake],
            goal="bare/2,p99<20",
        ),
        Target(
            "POST /api/v1/plans (2,000 intakes)",
            "POST",
            ["/api/v1/plans"],
            json_body,
            different_intakes(DIFFERENT_INTAKES),
        ),
        Target(
            "POST /plan (the plan page)",
            "POST",
            ["/plan"],
            {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            [form],
        ),
        Target(
            "GET .../sessions (last 50, bearer)",
            "GET",
            [f"{people}/sessions"],
            bearer,
            goal=">2000",
        ),
        Target(
            "PUT .../sessions/{id}/ratings (bearer)",
            "PUT",
            [f"{people}/sessions/{sid}/ratings" for sid in seeded.session_ids],
            {**bearer, **json_body},
            ratings,
            goal=">2000",
        ),
    ]


def different_intakes(count: int) -> list[str]:
    """`count` different intakes, drawn as the planner benchmark draws them."""
    from run import random_intake

    rng = random.Random(20261126)
    found: dict[str, None] = {}
    while len(found) < count:
        found[json.dumps(random_intake(rng))] = None
    return list(found)


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
        raise RuntimeError(
            f"{target.name}: answered {error.code}: {error.read()[:300]!r}"
        ) from None


# The run


def measure(base: str, target: Target, seconds: int, use_wrk: bool) -> Result:
    check_answers(base, target)
    run = run_wrk if use_wrk else run_python
    run(base, target, WARM_UP_SECONDS)
    return run(base, target, seconds)


def verdict(goal: str, result: Result, bare: Result) -> str:
    if result.errors:
        return f"MISS ({result.errors} errors)"
    if not result.requests_per_second:
        return "MISS (no answer in time)"
    if goal == "bare/2,p99<20":
        ok = result.requests_per_second >= bare.requests_per_second / 2 and result.p99_ms < 20
        return ("PASS" if ok else "MISS") + " (>= 0.5x bare, p99 < 20 ms)"
    if goal == ">2000":
        return ("PASS" if result.requests_per_second > 2000 else "MISS") + " (> 2,000 req/s)"
    return ""


def http_stack() -> str:
    """What uvicorn will run on: it picks httptools and uvloop when they are installed."""
    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{parser} + {loop}"


def bench_web(seconds: int = 10) -> None:
    # A TERM (a CI time limit, say) unwinds like Ctrl+C, so that `serve` stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    use_wrk = find_wrk()
    generator = "wrk" if use_wrk else "a Python generator (wrk is missing; numbers are low)"
    print(
        f"web: uvicorn ({http_stack()}), 2 workers each, SQLite journal; {generator}, "
        f"{CONNECTIONS} connections, {THREADS} threads, {seconds} s per endpoint after a "
        f"{WARM_UP_SECONDS} s warm-up. The generator shares the machine's {os.cpu_count()} "
        "cores with the servers."
    )
    with tempfile.TemporaryDirectory(prefix="backrub-bench-") as folder:
        url = f"sqlite:///{folder}/journal.sqlite3"
        seeded = seed_journal(url)
        env = {
            "BACKRUB_DATABASE_URL": url,
            "BACKRUB_ENVIRONMENT": "production",
            "BACKRUB_SECRET_KEY": secrets.token_urlsafe(32),
        }
        bare_app = ["--app-dir", str(HERE), "bare_app:app"]
        backrub_app = ["--factory", "backrub.web.app:create_app"]
        bare_target = Target("GET /bare (bare FastAPI)", "GET", ["/bare"])
        with (
            serve(backrub_app, env, "/api/v1/knowledge/regions") as base,
            serve(bare_app, {}, "/bare") as bare_base,
        ):
            time.sleep(SETTLE_SECONDS)  # until every worker has started
            # The yardstick before and after: other work on the machine moves both.
            bare_runs = [measure(bare_base, bare_target, seconds, use_wrk)]
            rows = [
                (target, measure_or_say(base, target, seconds, use_wrk))
                for target in targets(seeded, base)
            ]
            bare_runs.append(measure(bare_base, bare_target, seconds, use_wrk))
    bare = max(bare_runs, key=lambda run: run.requests_per_second)
    print_table(bare, bare_target, bare_runs, rows)


def measure_or_say(base: str, target: Target, seconds: int, use_wrk: bool) -> Result | str:
    try:
        return measure(base, target, seconds, use_wrk)
    except RuntimeError as error:
        return str(error)


def print_table(
    bare: Result,
    bare_target: Target,
    bare_runs: list[Result],
    rows: list[tuple[Target, Result | str]],
) -> None:
    print(f"  {'endpoint':<40} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'/bare':>6}  target")
    for target, result in [(bare_target, bare), *rows]:
        if isinstance(result, str):
            print(f"  {target.name:<40} MISS: {result}")
            continue
        ratio = result.requests_per_second / bare.requests_per_second
        print(
            f"  {target.name:<40} {result.requests_per_second:>7.0f} {result.p50_ms:>7.2f} "
            f"{result.p99_ms:>7.2f} {ratio:>5.2f}x  {verdict(target.goal, result, bare)}"
        )
    first, last = (f"{run.requests_per_second:.0f}" for run in bare_runs)
    print(
        f"  (/bare is the better of two runs, first and last: {first} and {last} req/s. With "
        f"{CONNECTIONS} connections always busy, latency is about {CONNECTIONS} / throughput: "
        f"a p99 under 20 ms needs more than {CONNECTIONS / 0.020:,.0f} req/s.)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    bench_web(parser.parse_args().seconds)
