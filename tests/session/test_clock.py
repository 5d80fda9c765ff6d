"""The session clock, driven by a fake clock: transitions, cues and accounting."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.contract.plan import Step, switches_sides, two_sided
from backrub.session.clock import (
    CLOSING,
    STOPPED,
    SWITCH_SIDES,
    TEN_SECONDS,
    Event,
    Player,
    PlayerError,
    State,
)


class FakeClock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def make_step(n: int, seconds: int, regions: tuple[str, ...] = ("shoulder_left",)) -> Step:
    return Step(
        n=n,
        technique="petrissage",
        regions=regions,  # type: ignore[arg-type]
        pressure="light",
        seconds=seconds,
        tool="palms",
        position="seated",
        instructions="Stroke.",
        cue=f"cue {n}",
        why="Because.",
        sources=("src",),
    )


def make_player(*seconds: int) -> tuple[Player, FakeClock]:
    clock = FakeClock()
    return Player([make_step(i, s) for i, s in enumerate(seconds, 1)], clock), clock


def kinds(events: list[Event]) -> list[str]:
    return [event.kind for event in events]


# Transitions -----------------------------------------------------------------


def test_ready_until_started() -> None:
    player, clock = make_player(60, 30)
    clock.advance(100)
    assert player.poll() == []
    status = player.status()
    assert status.state is State.READY
    assert status.step_seconds_left == 60
    assert status.session_seconds_left == 90
    assert status.progress == 0
    assert player.next_deadline() is None


def test_start_runs_the_first_step_with_its_cue() -> None:
    player, clock = make_player(60, 30)
    player.start()
    events = player.poll()
    assert [(e.kind, e.at, e.index, e.text) for e in events] == [("step_start", 1000.0, 0, "cue 1")]
    clock.advance(15)
    status = player.status()
    assert status.state is State.RUNNING
    assert status.step_seconds_left == 45
    assert status.session_seconds_left == 75
    assert status.progress == pytest.approx(15 / 90)


def test_steps_follow_each_other_at_their_deadlines_and_finish() -> None:
    player, clock = make_player(60, 30)
    player.start()
    clock.advance(1000)  # polled very late: every event keeps its own deadline
    events = player.poll()
    assert [(e.kind, e.at) for e in events] == [
        ("step_start", 1000),
        ("ten_seconds", 1050),
        ("step_start", 1060),
        ("ten_seconds", 1080),
        ("finished", 1090),
    ]
    assert events[-1].text == CLOSING
    status = player.status()
    assert status.state is State.FINISHED
    assert status.active_seconds == 90
    assert status.steps_done == (1, 2)
    assert status.progress == 1
    assert status.session_seconds_left == 0
    assert player.ended_at == 1090


def test_pause_freezes_and_resume_moves_the_deadline() -> None:
    player, clock = make_player(60)
    player.start()
    clock.advance(20)
    player.pause()
    clock.advance(500)
    status = player.status()
    assert status.state is State.PAUSED
    assert status.step_seconds_left == 40
    assert status.paused_seconds == 500
    assert player.next_deadline() is None
    player.resume()
    assert player.next_deadline() == 1520 + 30  # the 10-second warning
    clock.advance(40)
    assert kinds(player.poll()) == ["step_start", "paused", "resumed", "ten_seconds", "finished"]
    status = player.status()
    assert status.active_seconds == 60
    assert status.paused_seconds == 500


def test_next_skips_and_keeps_running_or_paused() -> None:
    player, clock = make_player(60, 30, 40)
    player.start()
    clock.advance(10)
    player.next()
    assert player.status().index == 1
    assert player.state is State.RUNNING
    player.pause()
    player.next()
    assert player.state is State.PAUSED
    assert player.status().index == 2
    assert player.status().step_seconds_left == 40
    events = player.poll()
    assert kinds(events) == [
        "step_start",
        "skipped",
        "step_start",
        "paused",
        "skipped",
        "step_start",
    ]
    assert events[-1].text == "cue 3"


def test_next_on_the_last_step_finishes() -> None:
    player, clock = make_player(60, 30)
    player.start()
    player.next()
    clock.advance(20)
    player.next()
    assert player.state is State.FINISHED
    assert kinds(player.poll())[-2:] == ["skipped", "finished"]
    assert player.status().steps_done == (2,)


def test_back_goes_to_the_previous_step_and_restarts_it() -> None:
    player, clock = make_player(60, 30)
    player.start()
    clock.advance(65)
    player.back()
    status = player.status()
    assert status.index == 0
    assert status.step_seconds_left == 60
    clock.advance(5)
    player.back()  # on the first step: restart it
    assert player.status().step_seconds_left == 60
    events = player.poll()
    assert kinds(events) == [
        "step_start",
        "ten_seconds",
        "step_start",
        "back",
        "step_start",
        "back",
        "step_start",
    ]
    assert [e.index for e in events] == [0, 0, 1, 1, 0, 0, 0]
    assert player.status().active_seconds == 70


def test_finish_ends_early_as_completed() -> None:
    player, clock = make_player(60, 30)
    player.start()
    clock.advance(40)
    player.finish()
    assert player.state is State.FINISHED
    assert player.status().steps_done == (1,)
    assert player.poll()[-1].kind == "finished"


@pytest.mark.parametrize("paused", [False, True])
def test_abort_keeps_the_steps_done(paused: bool) -> None:
    player, clock = make_player(60, 30, 30)
    player.start()
    clock.advance(60 + 10)
    if paused:
        player.pause()
    clock.advance(3)
    player.abort()
    status = player.status()
    assert status.state is State.ABORTED
    assert status.steps_done == (1,)
    assert status.step_seconds_left == (20 if paused else 17)
    assert player.poll()[-1].text == STOPPED
    clock.advance(100)
    assert player.status().active_seconds == (70 if paused else 73)


def test_abort_before_start() -> None:
    player, _ = make_player(60)
    player.abort()
    assert player.state is State.ABORTED
    assert player.status().steps_done == ()
    assert kinds(player.poll()) == ["aborted"]


INVALID = [
    (State.READY, ["pause", "resume", "next", "back", "finish"]),
    (State.RUNNING, ["start", "resume"]),
    (State.PAUSED, ["start", "pause"]),
    (State.FINISHED, ["start", "pause", "resume", "next", "back", "finish", "abort"]),
    (State.ABORTED, ["start", "pause", "resume", "next", "back", "finish", "abort"]),
]


def _player_in(state: State) -> Player:
    player, _ = make_player(60, 30)
    if state is not State.READY:
        player.start()
    if state is State.PAUSED:
        player.pause()
    if state is State.FINISHED:
        player.finish()
    if state is State.ABORTED:
        player.abort()
    return player


@pytest.mark.parametrize(("state", "ops"), INVALID)
def test_invalid_operations_raise_and_change_nothing(state: State, ops: list[str]) -> None:
    player = _player_in(state)
    before = player.status()
    for op in ops:
        assert not player.allowed(op)  # type: ignore[arg-type]
        with pytest.raises(PlayerError, match=f"cannot {op}: the session is {state}"):
            getattr(player, op)()
    assert player.status() == before


def test_an_operation_after_the_natural_end_is_invalid() -> None:
    """The end falls due before the key press is handled: the press is refused."""
    player, clock = make_player(30)
    player.start()
    clock.advance(31)
    with pytest.raises(PlayerError, match="finished"):
        player.next()


def test_a_clock_going_backwards_is_clamped() -> None:
    player, clock = make_player(30)
    player.start()
    clock.advance(-5)
    assert player.status().step_seconds_left == 30


def test_empty_or_zero_length_plans_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one step"):
        Player([], FakeClock())
    with pytest.raises(ValueError, match="positive"):
        Player([make_step(1, 0)], FakeClock())


# Cues ------------------------------------------------------------------------


def test_two_sided() -> None:
    assert two_sided(["shoulder_left", "shoulder_right"])
    assert two_sided(["lower_back_right", "mid_back_left", "lower_back_left"])
    assert not two_sided(["shoulder_left", "upper_back_right"])
    assert not two_sided(["lower_back_left"])


def test_strokes_and_heat_cover_both_sides_at_once_without_switching() -> None:
    both = ["lower_back_left", "lower_back_right"]
    assert switches_sides("petrissage", both)
    assert not switches_sides("effleurage", both)
    assert not switches_sides("heat", both)
    assert not two_sided(["spine"])


def test_switch_sides_at_half_of_a_two_sided_step() -> None:
    clock = FakeClock()
    steps = [make_step(1, 90, ("lower_back_left", "lower_back_right")), make_step(2, 15)]
    player = Player(steps, clock)
    player.start()
    clock.advance(44.9)
    assert kinds(player.poll()) == ["step_start"]
    clock.advance(0.1)
    events = player.poll()
    assert [(e.kind, e.at, e.text) for e in events] == [("switch_sides", 1045, SWITCH_SIDES)]
    clock.advance(200)
    assert kinds(player.poll()) == ["ten_seconds", "step_start", "finished"]  # step 2 is short


def test_switch_sides_counts_active_time_only() -> None:
    clock = FakeClock()
    player = Player([make_step(1, 40, ("shoulder_left", "shoulder_right"))], clock)
    player.start()
    clock.advance(10)
    player.pause()
    clock.advance(100)
    player.resume()
    clock.advance(10)
    events = player.poll()
    assert (events[-1].kind, events[-1].at, events[-1].elapsed) == ("switch_sides", 1120, 20)


def test_ten_second_warning_only_for_steps_over_twenty_seconds() -> None:
    player, clock = make_player(20, 21)
    player.start()
    clock.advance(41)
    events = player.poll()
    assert [(e.kind, e.at) for e in events] == [
        ("step_start", 1000),
        ("step_start", 1020),
        ("ten_seconds", 1031),
        ("finished", 1041),
    ]
    assert events[2].text == TEN_SECONDS


def test_cues_are_given_again_when_a_step_is_restarted() -> None:
    player, clock = make_player(30, 30)
    player.start()
    clock.advance(25)
    player.back()
    clock.advance(25)
    assert kinds(player.poll()).count("ten_seconds") == 2


def test_next_deadline_walks_the_cues() -> None:
    clock = FakeClock()
    player = Player([make_step(1, 60, ("shoulder_left", "shoulder_right"))], clock)
    player.start()
    assert player.next_deadline() == 1030
    clock.advance(30)
    assert player.next_deadline() == 1050
    clock.advance(20)
    assert player.next_deadline() == 1060
    clock.advance(10)
    assert player.next_deadline() is None


# Accounting, for any plan and any operations at any times ----------------------

REGION_SETS = [
    ("shoulder_left",),
    ("shoulder_left", "shoulder_right"),
    ("lower_back_left", "lower_back_right", "mid_back_left"),
]
OPS = ["tick", "tick", "pause", "resume", "next", "back", "status", "finish", "abort"]


@st.composite
def plans(draw: st.DrawFn) -> list[Step]:
    count = draw(st.integers(1, 6))
    return [
        make_step(n, draw(st.integers(1, 120)), draw(st.sampled_from(REGION_SETS)))
        for n in range(1, count + 1)
    ]


# Times are multiples of 1/64 s, exact in binary floating point, so that the
# accounting can be compared exactly: any drift would show.
operations = st.lists(
    st.tuples(st.sampled_from(OPS), st.integers(0, 64 * 90).map(lambda k: k / 64)),
    max_size=40,
)


@settings(deadline=None)  # as many examples as the profile runs
@given(steps=plans(), ops=operations)
def test_accounting_never_loses_or_double_counts_time(
    steps: list[Step], ops: list[tuple[str, float]]
) -> None:
    clock = FakeClock()
    player = Player(steps, clock)
    player.start()
    events: list[Event] = []
    for op, gap in ops:
        clock.advance(gap)
        allowed = op in ("tick", "status") or player.allowed(op)  # type: ignore[arg-type]
        try:
            result = getattr(player, op)()
        except PlayerError:
            # allowed() was asked before the clock was read: the end may have fallen due
            assert not allowed or player.ended
            continue
        if op == "tick":
            events += result
        _check_status(player, clock.t)
    events += player.poll()
    _check_events(player, events, clock.t)


def _check_status(player: Player, now: float) -> None:
    status = player.status()
    assert status.step_seconds_left >= 0
    assert status.session_seconds_left >= 0
    assert 0 <= status.progress <= 1
    end = player.ended_at if player.ended_at is not None else now
    assert player.started_at is not None
    assert status.active_seconds == (end - player.started_at) - status.paused_seconds


def _check_events(player: Player, events: list[Event], now: float) -> None:
    assert all(a.at <= b.at for a, b in zip(events, events[1:], strict=False))
    assert all(event.at <= now for event in events)
    assert [e.kind for e in events].count("step_start") >= 1
    assert events[0].kind == "step_start"
    # Paused time as the events tell it equals the player's own count.
    paused, since = 0.0, None
    for event in events:
        if event.kind == "paused":
            since = event.at
        elif since is not None and event.kind in ("resumed", "finished", "aborted"):
            paused, since = paused + event.at - since, None
    if since is not None:
        paused += now - since
    assert player.status().paused_seconds == paused
    for run in _runs(events):
        counts = Counter(event.kind for event in run)
        assert counts["step_start"] == 1
        assert counts["switch_sides"] <= 1 and counts["ten_seconds"] <= 1
        step = player.steps[run[0].index]
        for event in run:  # each cue at its point in the step's active time
            if event.kind == "switch_sides":
                assert event.elapsed - run[0].elapsed == step.seconds / 2
            if event.kind == "ten_seconds":
                assert event.elapsed - run[0].elapsed == step.seconds - 10


def _runs(events: list[Event]) -> list[list[Event]]:
    runs: list[list[Event]] = []
    for event in events:
        if event.kind == "step_start":
            runs.append([])
        runs[-1].append(event)
    return runs
