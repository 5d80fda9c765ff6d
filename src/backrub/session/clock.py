"""The session clock: a pure state machine over a plan's steps.

Shared by the terminal player and the web player (whose script is a port of it). It reads time only
through the injected `clock` (monotonic seconds), keeps no threads and does no
I/O: a caller polls it (`tick()`/`poll()`) and gets the events that fell due
since the last poll, each stamped with the time it was due, not the time it was
seen. A caller that wants to sleep asks `next_deadline()`.

Scheduling works from absolute deadlines: a running step ends at
`step start + seconds left`, pausing freezes the seconds left, and the next
step starts at the previous step's deadline, so however late or often the
clock is polled no drift accumulates.

States: ready → running ⇄ paused → finished | aborted. Operations that do not
apply in the current state (pause when paused, resume when running, anything
after the end) raise `PlayerError`; a caller can ask `allowed(op)` first.

Rule for `steps_done`: a step counts as done when one run of it lasted at least
half its time: it ran to its end, or was skipped, left with back, finished or
aborted after half its time or more. A step left earlier does not count.

A plan's `before` (revision 2: the heat pack, `n` 0) runs first, as part of the
same timeline, and can be skipped like any step (`next`). It is preparation, not
massage: `steps_done` never lists it, and `back` from step 1 restarts step 1
rather than going back to 15 minutes of heat.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from backrub.contract.plan import Plan, Step, switches_sides

Clock = Callable[[], float]
EventKind = Literal[
    "step_start",
    "switch_sides",
    "check_skin",
    "ten_seconds",
    "paused",
    "resumed",
    "skipped",
    "back",
    "finished",
    "aborted",
]
Operation = Literal["start", "pause", "resume", "next", "back", "finish", "abort"]

SWITCH_SIDES = "Switch sides."
TEN_SECONDS = "10 seconds left."
CHECK_SKIN = (
    "Halfway. Check the skin under the pack: if it looks red or feels too hot, take it off."
)
CLOSING = "All done. Drink a glass of water, rest for a few minutes, and get up slowly."
STOPPED = "Stopped. Rest for a few minutes, drink some water, and get up slowly."
WARNING_SECONDS = 10.0
WARNING_MIN_STEP = 20  # only steps longer than this get the 10-second warning


class State(enum.StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABORTED = "aborted"


_ALLOWED: dict[Operation, frozenset[State]] = {
    "start": frozenset({State.READY}),
    "pause": frozenset({State.RUNNING}),
    "resume": frozenset({State.PAUSED}),
    "next": frozenset({State.RUNNING, State.PAUSED}),
    "back": frozenset({State.RUNNING, State.PAUSED}),
    "finish": frozenset({State.RUNNING, State.PAUSED}),
    "abort": frozenset({State.READY, State.RUNNING, State.PAUSED}),
}


class PlayerError(ValueError):
    """An operation that does not apply in the player's current state."""


@dataclass(frozen=True)
class Event:
    """Something that happened: `at` is the clock time it was due, `elapsed` the
    active (unpaused) session seconds at that moment, `index` the step (0-based)
    it belongs to, `text` what to say or show."""

    kind: EventKind
    at: float
    elapsed: float
    index: int
    text: str


@dataclass(frozen=True)
class Status:
    """The player at one instant, for a view to draw."""

    state: State
    index: int
    step_seconds_left: float
    session_seconds_left: float
    progress: float  # 0..1 of the session's planned time
    active_seconds: float
    paused_seconds: float
    steps_done: tuple[int, ...]  # step numbers (`Step.n`), never the `before` step


def cue_points(step: Step) -> list[tuple[float, EventKind, str]]:
    """The cues inside a step as (seconds left in the step, kind, text), earliest first."""
    points: list[tuple[float, EventKind, str]] = []
    # Revision 2 plans work one side per step (`side`); only a step on both sides
    # that is not done on both at once (a revision-1 plan's) changes side halfway.
    if step.side == "both" and switches_sides(step.technique, step.regions):
        points.append((step.seconds / 2, "switch_sides", SWITCH_SIDES))
    if step.technique == "heat":
        points.append((step.seconds / 2, "check_skin", CHECK_SKIN))
    if step.seconds > WARNING_MIN_STEP:
        points.append((WARNING_SECONDS, "ten_seconds", TEN_SECONDS))
    return sorted(points, key=lambda point: -point[0])


class Player:
    """One session over `before` then `steps`, timed by `clock`. See the module docstring.

    `steps` (and every `index`) covers the whole run, `before` first; `first` is the
    index of the first massage step (step 1)."""

    def __init__(self, steps: Sequence[Step], clock: Clock, before: Sequence[Step] = ()) -> None:
        if not steps:
            raise ValueError("a session needs at least one step")
        if any(step.seconds <= 0 for step in (*before, *steps)):
            raise ValueError("every step needs a positive number of seconds")
        self.steps = (*before, *steps)
        self.first = len(before)
        self.total_seconds = sum(step.seconds for step in self.steps)
        self._clock = clock
        self.state = State.READY
        self.index = 0
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self._deadline = 0.0  # running: the clock time the current step ends
        self._left = float(self.steps[0].seconds)  # otherwise: seconds left in the step
        self._fired: set[EventKind] = set()  # cues given in the current run
        self._done: set[int] = set()
        self._pending: list[Event] = []
        self._last = float("-inf")
        self._active = 0.0  # active seconds before the current stretch
        self._paused = 0.0  # paused seconds before the current stretch
        self._since = 0.0  # when the current running or paused stretch began

    @classmethod
    def for_plan(cls, plan: Plan, clock: Clock) -> Player:
        """The session for a plan: its `before` step, then its steps."""
        return cls(plan.steps, clock, before=plan.before)

    @property
    def massage_steps(self) -> int:
        """How many massage steps there are ("step 1 of N"), the `before` step not counted."""
        return len(self.steps) - self.first

    def preparing(self, index: int | None = None) -> bool:
        """Whether `index` (default: the current step) is the `before` step."""
        return (self.index if index is None else index) < self.first

    # Operations -------------------------------------------------------

    def allowed(self, op: Operation) -> bool:
        return self.state in _ALLOWED[op]

    def start(self) -> None:
        now = self._begin_op("start")
        self.started_at = self._since = now
        self.state = State.RUNNING
        self._deadline = now + self._left
        self._emit("step_start", now, self.steps[0].cue)

    def pause(self) -> None:
        now = self._begin_op("pause")
        self._left = self._deadline - now
        self._close_stretch(now)
        self.state = State.PAUSED
        self._emit("paused", now, "Paused.")

    def resume(self) -> None:
        now = self._begin_op("resume")
        self._close_stretch(now)
        self.state = State.RUNNING
        self._deadline = now + self._left
        self._emit("resumed", now, "Resumed.")

    def next(self) -> None:
        """Skip to the next step (keeping running or paused); skipping the last one finishes."""
        now = self._begin_op("next")
        self._close_run(self._left_at(now))
        self._emit("skipped", now, f"Skipped {self._name()}.")
        if self.index + 1 < len(self.steps):
            self._begin_run(self.index + 1, now)
        else:
            self._end(State.FINISHED, now, CLOSING)

    def back(self) -> None:
        """Go to the previous step and restart it (on step 1 or before it: restart it)."""
        now = self._begin_op("back")
        self._close_run(self._left_at(now))
        self._emit("back", now, f"Back from {self._name()}.")
        floor = 0 if self.preparing() else self.first
        self._begin_run(max(self.index - 1, floor), now)

    def finish(self) -> None:
        """End now as completed."""
        now = self._begin_op("finish")
        self._close_run(self._left_at(now))
        self._end(State.FINISHED, now, CLOSING)

    def abort(self) -> None:
        """End now as aborted; the steps done so far stay done."""
        now = self._begin_op("abort")
        if self.started_at is None:
            self.started_at = self._since = now
        else:
            self._close_run(self._left_at(now))
        self._end(State.ABORTED, now, STOPPED)

    def poll(self) -> list[Event]:
        """The events due since the last poll, in time order. Valid in every state."""
        self._advance(self._now())
        events, self._pending = self._pending, []
        return events

    tick = poll

    # Reading ----------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.state in (State.FINISHED, State.ABORTED)

    def next_deadline(self) -> float | None:
        """The clock time of the next scheduled event, or None when nothing is scheduled."""
        self._advance(self._now())
        if self.state is not State.RUNNING:
            return None
        cue = self._next_cue()
        return self._deadline - (cue[0] if cue else 0.0)

    def seconds_to_next_event(self) -> float | None:
        """Clock seconds from now until `next_deadline()`: how long a caller may sleep."""
        deadline = self.next_deadline()
        return None if deadline is None else max(deadline - self._last, 0.0)

    def status(self) -> Status:
        now = self._now()
        self._advance(now)
        step_left = 0.0 if self.state is State.FINISHED else self._left_at(now)
        later = 0 if self.state is State.FINISHED else self._seconds_after(self.index)
        session_left = step_left + later
        return Status(
            state=self.state,
            index=self.index,
            step_seconds_left=step_left,
            session_seconds_left=session_left,
            progress=1.0 - session_left / self.total_seconds,
            active_seconds=self._active_at(now),
            paused_seconds=self._paused + (now - self._since if self.state is State.PAUSED else 0),
            steps_done=self._steps_done(step_left),
        )

    # Internals --------------------------------------------------------

    def _now(self) -> float:
        """The clock, never going backwards (so events stay in time order)."""
        self._last = max(self._clock(), self._last)
        return self._last

    def _begin_op(self, op: Operation) -> float:
        now = self._now()
        self._advance(now)
        if not self.allowed(op):
            raise PlayerError(f"cannot {op}: the session is {self.state}")
        return now

    def _name(self) -> str:
        return "the preparation" if self.preparing() else f"step {self.steps[self.index].n}"

    def _left_at(self, now: float) -> float:
        return self._deadline - now if self.state is State.RUNNING else self._left

    def _active_at(self, when: float) -> float:
        return self._active + (when - self._since if self.state is State.RUNNING else 0.0)

    def _seconds_after(self, index: int) -> int:
        return sum(step.seconds for step in self.steps[index + 1 :])

    def _steps_done(self, step_left: float) -> tuple[int, ...]:
        done = set(self._done)
        step = self.steps[self.index]
        live = self.state in (State.RUNNING, State.PAUSED)
        if live and step.seconds - step_left >= step.seconds / 2:
            done.add(self.index)
        return tuple(self.steps[index].n for index in sorted(done) if index >= self.first)

    def _emit(self, kind: EventKind, at: float, text: str) -> None:
        self._pending.append(Event(kind, at, self._active_at(at), self.index, text))

    def _next_cue(self) -> tuple[float, EventKind, str] | None:
        for point in cue_points(self.steps[self.index]):
            if point[1] not in self._fired:
                return point
        return None

    def _advance(self, now: float) -> None:
        """Give every cue and step end due by `now`, each at its own deadline."""
        while self.state is State.RUNNING:
            cue = self._next_cue()
            at = self._deadline - (cue[0] if cue else 0.0)
            if at > now:
                return
            if cue is not None:
                self._fired.add(cue[1])
                self._emit(cue[1], at, cue[2])
                continue
            self._close_run(0.0)
            if self.index + 1 < len(self.steps):
                self._begin_run(self.index + 1, at)
            else:
                self._end(State.FINISHED, at, CLOSING)

    def _close_run(self, left: float) -> None:
        step = self.steps[self.index]
        if step.seconds - left >= step.seconds / 2:
            self._done.add(self.index)

    def _begin_run(self, index: int, at: float) -> None:
        self.index = index
        self._fired = set()
        seconds = float(self.steps[index].seconds)
        if self.state is State.RUNNING:
            self._deadline = at + seconds
        else:
            self._left = seconds
        self._emit("step_start", at, self.steps[index].cue)

    def _close_stretch(self, at: float) -> None:
        if self.state is State.RUNNING:
            self._active += at - self._since
        elif self.state is State.PAUSED:
            self._paused += at - self._since
        self._since = at

    def _end(self, state: State, at: float, text: str) -> None:
        self._left = max(self._left_at(at), 0.0)
        self._close_stretch(at)
        self.state = state
        self.ended_at = at
        self._emit("finished" if state is State.FINISHED else "aborted", at, text)
