"""`make scale`: one person's reads on a PostgreSQL journal the size of a busy service.

The generator bulk-loads, with COPY, `--people` accounts of one person each (10,000
unless told), each with `--sessions` sessions (300) rated before and after and most
rated the next day, and a weekly check-in over the same months: 3 million sessions and
about 430,000 check-ins. The plans are the planner's own, for 100 different intakes
(13-33 KB of JSON each, as the app stores them). Then, for 200 people drawn at random,
it times the repository functions the app calls for one person, each in its own
read transaction, as a request would:

- the journal listing: the last 50 sessions and the check-ins (`owned.last_sessions`,
  `owned.latest_checkins`), as `/journal` and the API's listing read them;
- the progress page's read (`people.progress_history`): every session without its plan,
  and every check-in;
- the export (`owned.export_owned`): the account's `backrub.journal/1` document,
  9-15 MB of it, plans included (each of the person's plans read once, formatted once
  and copied into every session that followed it).

Target: p99 under 20 ms for each. The table goes to the terminal and into
docs/benchmarks.md between `<!-- scale:postgresql:begin -->` and
`<!-- scale:postgresql:end -->` (`--no-write` leaves the file alone).

`--url` names a PostgreSQL database whose tables may be dropped (SCALE_POSTGRES_URL in
`make scale`). A database that already holds exactly the asked-for numbers is measured
again without loading (`--reload` loads it anew). A person's plans are stored once each
(`plans`, three rows a person, keyed by the SHA-256 of the text `mapping.plan_text`
writes), and their sessions name them by digest, as the app writes them. Loading 3
million sessions takes a while, and says how far it is.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from sqlalchemy import func, select, text

from backrub.contract.intake import parse_intake
from backrub.contract.records import new_id
from backrub.journal import owned
from backrub.journal.mapping import plan_digest, plan_text
from backrub.journal.models import Checkin, Person, PlanRow, SessionRow
from backrub.journal.people import progress_history
from backrub.journal.store import Store
from backrub.planning.planner import make_plan
from doc_section import write_section
from planner_bench import different_intakes

P99_TARGET_MS = 20
PLANS = 100
MEASURED_PEOPLE = 200
SEED = 20261204
DAY = datetime.timedelta(days=1)
USER_COLUMNS = ("id", "email", "password_hash", "created", "moderator")
PERSON_COLUMNS = ("id", "name", "created", "owner_id")
SESSION_COLUMNS = (
    "id", "person_id", "started_utc", "started_offset", "ended_utc", "ended_offset",
    "status", "giver", "steps_done", "soreness_next_day", "note", "pain_before",
    "pain_after", "started_iso", "ended_iso", "step_count", "planned_seconds", "plan_digest",
)  # fmt: skip
PLAN_COLUMNS = ("person_id", "digest", "plan_text")
CHECKIN_COLUMNS = ("id", "person_id", "date", "peg1", "peg2", "peg3", "sleep", "stress", "rmdq")
# Not a password anyone has: the accounts are never signed in to.
UNUSABLE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2NhbGU$c2NhbGUtZ2VuZXJhdG9yLW5vdC1hLWhhc2g"


class Plan:
    """A plan as the journal stores it, with the facts a session row copies from it."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.json = plan_text(plan)
        self.digest = plan_digest(self.json)
        self.steps = len(plan["steps"])
        self.seconds = int(plan["total_seconds"])
        self.regions = sorted({r for step in plan["steps"] for r in step["regions"]})


def plans(count: int) -> list[Plan]:
    """`count` different plans with steps, from as many different intakes."""
    found: dict[str, Plan] = {}
    for intake in different_intakes(count * 3, SEED):
        plan = make_plan(parse_intake(intake)).to_dict()
        if plan["steps"]:
            kept = Plan(plan)
            found.setdefault(kept.digest, kept)
        if len(found) == count:
            return list(found.values())
    raise RuntimeError(f"fewer than {count} of the intakes gave a plan with steps")


class Rows(NamedTuple):
    """One account's rows, table by table."""

    user: tuple[Any, ...]
    person: tuple[Any, ...]
    plans: list[tuple[Any, ...]]
    sessions: list[tuple[Any, ...]]
    checkins: list[tuple[Any, ...]]


def person_rows(
    rng: random.Random, n: int, sessions: int, pool: list[Plan], today: datetime.date
) -> Rows:
    """One account, its person, their plans (those of their sessions, once each), their
    sessions (about one every 1.2 days, ending recently) and a check-in a week over the
    same span."""
    user_id, person_id = new_id(), new_id()
    created = datetime.datetime.combine(today, datetime.time()) - DAY * (sessions * 1.3 + 30)
    user = (user_id, f"person{n}@scale.example", UNUSABLE_HASH, created, False)
    person = (person_id, f"Person {n}", created, user_id)
    offset = rng.choice((0, 3600, -18000, 19800, 36000))
    mine = rng.sample(pool, 3)  # a person's plans vary with their answers, not endlessly
    moment = created + DAY * 20 + datetime.timedelta(hours=rng.randint(6, 21))
    session_rows = []
    followed: dict[str, Plan] = {}
    for _ in range(sessions):
        moment += datetime.timedelta(hours=rng.randint(18, 40))
        plan = rng.choice(mine)
        followed[plan.digest] = plan
        session_rows.append(_session(rng, person_id, moment, offset, plan))
    plan_rows = [(person_id, plan.digest, plan.json) for plan in followed.values()]
    checkins = []
    day = created.date() + DAY * 20
    while day <= moment.date():
        peg = [rng.randint(1, 8) for _ in range(3)]
        rmdq = rng.randint(0, 24) if rng.random() < 0.3 else None
        checkins.append(
            (new_id(), person_id, day, *peg, rng.randint(0, 10), rng.randint(1, 5), rmdq)
        )
        day += DAY * 7
    return Rows(user, person, plan_rows, session_rows, checkins)


def _session(
    rng: random.Random, person_id: str, started_utc: datetime.datetime, offset: int, plan: Plan
) -> tuple[Any, ...]:
    completed = rng.random() < 0.9
    done = plan.steps if completed else rng.randint(1, plan.steps)
    ended_utc = started_utc + datetime.timedelta(seconds=plan.seconds * done // plan.steps + 30)
    zone = datetime.timezone(datetime.timedelta(seconds=offset))
    regions = rng.sample(plan.regions, min(2, len(plan.regions)))
    before = {r: rng.randint(2, 8) for r in regions}
    after = {r: max(0, score - rng.randint(0, 3)) for r, score in before.items()}
    soreness = rng.randint(0, 6) if rng.random() < 0.7 else None
    return (
        new_id(), person_id, started_utc, offset, ended_utc, offset,
        "completed" if completed else "aborted", rng.choice(("self", "partner")),
        json.dumps(list(range(1, done + 1))), soreness, "",
        json.dumps(before), json.dumps(after),
        (started_utc + zone.utcoffset(None)).replace(tzinfo=zone).isoformat(),
        (ended_utc + zone.utcoffset(None)).replace(tzinfo=zone).isoformat(),
        plan.steps, plan.seconds, plan.digest,
    )  # fmt: skip


def load(store: Store, people: int, sessions: int, seed: int) -> None:
    """Empty the journal's tables, then COPY the generated rows in, in batches of 100
    people, committing each batch, with progress on stderr."""
    pool = plans(PLANS)
    rng = random.Random(seed)
    today = datetime.date.today()
    with store.engine.begin() as connection:
        connection.execute(text("TRUNCATE users, people, plans, sessions, checkins CASCADE"))
    started = time.monotonic()
    raw = store.engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert connection is not None
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")  # the load is redone if it fails
        for first in range(0, people, 100):
            batch = [
                person_rows(rng, n, sessions, pool, today)
                for n in range(first, min(people, first + 100))
            ]
            with connection.cursor() as cursor:
                _copy(cursor, "users", USER_COLUMNS, (b.user for b in batch))
                _copy(cursor, "people", PERSON_COLUMNS, (b.person for b in batch))
                _copy(cursor, "plans", PLAN_COLUMNS, (p for b in batch for p in b.plans))
                _copy(cursor, "sessions", SESSION_COLUMNS, (s for b in batch for s in b.sessions))
                _copy(cursor, "checkins", CHECKIN_COLUMNS, (c for b in batch for c in b.checkins))
            connection.commit()
            done = min(people, first + 100)
            elapsed = time.monotonic() - started
            left = elapsed / done * (people - done)
            print(
                f"\rloaded {done:,} of {people:,} people ({done * sessions:,} sessions) "
                f"in {elapsed:,.0f} s; about {left:,.0f} s to go",
                end="",
                file=sys.stderr,
                flush=True,
            )
        print(file=sys.stderr)
        with connection.cursor() as cursor:
            connection.autocommit = True
            cursor.execute("VACUUM (ANALYZE) users, people, plans, sessions, checkins")
    finally:
        raw.close()


def _copy(cursor: Any, table: str, columns: tuple[str, ...], rows: Iterator[Any]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def counts(store: Store) -> tuple[int, int, int, int]:
    """People, sessions, check-ins and stored plans."""
    with store.transaction(write=False) as db:
        return (
            db.scalar(select(func.count()).select_from(Person)) or 0,
            db.scalar(select(func.count()).select_from(SessionRow)) or 0,
            db.scalar(select(func.count()).select_from(Checkin)) or 0,
            db.scalar(select(func.count()).select_from(PlanRow)) or 0,
        )


def measure(store: Store, seed: int) -> dict[str, tuple[list[float], list[float]]]:
    """Milliseconds per call of each person-level read, for people drawn at random: the
    first read of each person (their rows may still be on disk) and the same read again."""
    with store.transaction(write=False) as db:
        everyone = db.execute(select(Person.id, Person.owner_id).order_by(Person.seq)).all()
    rng = random.Random(seed + 1)
    chosen = rng.sample(everyone, min(MEASURED_PEOPLE, len(everyone)))
    reads: dict[str, Callable[[Any, str, str], object]] = {
        "journal listing (last 50 sessions, check-ins)": lambda db, person, _: (
            owned.last_sessions(db=db, person_id=person, limit=51),
            owned.latest_checkins(db=db, person_id=person, limit=50),
        ),
        "progress (every session without its plan, check-ins)": lambda db, person, _: (
            progress_history(db=db, person_id=person)
        ),
        "export (the JSON document, plans included)": lambda db, _, user: owned.export_owned(
            db=db, user_id=user, format_="json"
        ),
    }
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in reads}
    for name, read in reads.items():
        for person, user in chosen[:10]:  # warm the connection pool and the caches
            with store.transaction(write=False) as db:
                read(db, person, user)
        for person, user in chosen:
            for again in (0, 1):
                begun = time.perf_counter()
                with store.transaction(write=False) as db:
                    read(db, person, user)
                times[name][again].append((time.perf_counter() - begun) * 1000)
    return times


def table(
    times: dict[str, tuple[list[float], list[float]]], found: tuple[int, int, int, int], size: str
) -> tuple[list[str], bool]:
    people, sessions, checkins, plans = found
    lines = [
        f"`make scale` on {datetime.date.today()}: PostgreSQL with {people:,} people, "
        f"{sessions:,} sessions following {plans:,} stored plans, and {checkins:,} "
        f"check-ins ({size} on disk); "
        f"{MEASURED_PEOPLE} people drawn at random, each read in its own transaction, "
        "timed around the repository function in one process on the same machine; the "
        "target is for the first read of each person, and the same read again is beside it.",
        "",
        "| person-level read | median (ms) | p99 (ms) | target | again: median, p99 (ms) |",
        "|---|---|---|---|---|",
    ]
    passed = True
    for name, (first, again) in times.items():
        p99 = _p99(first)
        ok = p99 < P99_TARGET_MS
        passed = passed and ok
        lines.append(
            f"| {name} | {statistics.median(first):.1f} | {p99:.1f} | "
            f"< {P99_TARGET_MS} {'PASS' if ok else 'MISS'} | "
            f"{statistics.median(again):.1f}, {_p99(again):.1f} |"
        )
    return lines, passed


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def database_size(store: Store) -> str:
    with store.transaction(write=False) as db:
        return str(db.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", required=True, help="a PostgreSQL database it may empty")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=300, help="per person")
    parser.add_argument("--reload", action="store_true", help="load even if the size fits")
    parser.add_argument("--load-only", action="store_true", help="load, measure nothing")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md")
    options = parser.parse_args(argv)
    if not options.url.startswith("postgresql"):
        parser.error("--url: expected a PostgreSQL URL (postgresql+psycopg://...)")
    store = Store(options.url)
    try:
        wanted = options.people, options.people * options.sessions
        if options.reload or counts(store)[:2] != wanted:
            load(store, options.people, options.sessions, SEED)
        if options.load_only:
            return 0
        found = counts(store)
        # As `backrub serve` runs (`web.app.serving`): what the process built before the
        # first read is out of the collector's walks, so a full collection takes
        # milliseconds rather than 40 ms inside a timed read.
        gc.collect()
        gc.freeze()
        lines, passed = table(measure(store, SEED), found, database_size(store))
    finally:
        store.close()
    print("\n".join(lines))
    if not options.no_write:
        write_section(
            "scale:postgresql",
            "Scale: one person's reads among 3 million sessions (PostgreSQL)",
            lines,
        )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
