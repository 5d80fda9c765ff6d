"""The terminal face of the session clock: the full-screen view, keys and sound.

`session_screen` draws one frame from the player's `Status` (a pure function of
the plan, the status and the screen size, so tests can render it to a
`StringIO` console). `RawKeys` reads single key presses without Enter, and
`Speaker` says cues through espeak-ng or rings the terminal bell. `event_line`
is the one-line-per-event form used without a terminal. The words themselves
come from `backrub.session.cues`, which the web player shares.
"""

from __future__ import annotations

import math
import os
import select
import shutil
import subprocess
import termios
import textwrap
import tty
from types import TracebackType
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from backrub.contract.plan import Plan, Step, clock
from backrub.knowledge import KnowledgeBase
from backrub.session.clock import Event, State, Status
from backrub.session.cues import MEDIUM_WORDS, SIDE_WORDS, run_steps, title, where

# A 3x5 pixel font; each pair of pixel rows becomes one line of half blocks.
_FONT = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
    ":": ("0", "1", "0", "1", "0"),
}
_HALVES = {("1", "1"): "█", ("1", "0"): "▀", ("0", "1"): "▄", ("0", "0"): " "}

MAP_ROWS = (
    ("shoulder", "shoulder"),
    ("upper", "upper_back"),
    ("mid", "mid_back"),
    ("lower", "lower_back"),
)
KEYS_HELP = "space pause/resume · n next step · b back · q quit"
KEYS_HELP_BEFORE = "space pause/resume · n skip the heat · q quit"
CONFIRM_QUIT = "Quit the session? y = yes, any other key = go on"
FIXED_ROWS = 16  # every row of the screen but the instructions


def big_digits(text: str) -> list[str]:
    """`text` (digits and colons) as three lines of block characters."""
    glyphs = [_FONT[char] for char in text]
    lines = []
    for top in (0, 2, 4):
        parts = []
        for glyph in glyphs:
            upper = glyph[top]
            lower = glyph[top + 1] if top + 1 < 5 else "0" * len(upper)
            parts.append("".join(_HALVES[pair] for pair in zip(upper, lower, strict=True)))
        lines.append(" ".join(parts))
    return lines


def back_map(regions: tuple[str, ...]) -> Text:
    """The back seen from behind; the regions being worked are in capitals, reversed."""
    text = Text("   left   ┃  right\n", style="dim")
    text.append("┌────────┐┃┌────────┐\n")
    for label, area in MAP_ROWS:
        for side in ("left", "right"):
            marked = f"{area}_{side}" in regions
            cell = (label.upper() if marked else label).center(8)
            text.append("│")
            text.append(cell, style="reverse bold" if marked else "")
            text.append("│")
            if side == "left":
                text.append("┃", style="dim")
        text.append("\n")
    text.append("└────────┘┃└────────┘")
    return text


def _wrapped(text: str, width: int, max_lines: int) -> Text:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = lines[: max(max_lines, 1)]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return Text("\n".join(lines))


def facts(step: Step, kb: KnowledgeBase) -> tuple[str, str]:
    """A step's where and side, then its pressure, tool, medium and position, in words.
    The heat before the massage has no pressure: it lies on the skin, over a cloth."""
    tool, position = kb.tools[step.tool].name, kb.positions[step.position].name
    if step.n == 0:
        return where(step.regions, kb), f"{tool}, over a thin cloth on dry skin · {position}"
    return (
        f"{where(step.regions, kb)} · {SIDE_WORDS[step.side]}",
        f"{step.pressure} pressure · {tool}, {MEDIUM_WORDS[step.medium]} · {position}",
    )


def _details(step: Step, kb: KnowledgeBase, width: int, height: int) -> Panel:
    place, how = facts(step, kb)
    inner = width - 4
    cue_lines = textwrap.wrap(f"Cue: “{step.cue}”", inner)[:2]
    room = max(height - FIXED_ROWS - len(cue_lines), 1)
    return Panel(
        Group(
            Text(place, style="bold", overflow="ellipsis", no_wrap=True),
            Text(how, overflow="ellipsis", no_wrap=True),
            _wrapped(step.instructions, inner, room),
            Text("\n".join(cue_lines), style="italic"),
        ),
        padding=(0, 1),
    )


def _header(plan: Plan, status: Status, kb: KnowledgeBase) -> Table:
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1)
    grid.add_column(justify="right")
    state = {
        State.RUNNING: Text("▶ running", style="green"),
        State.PAUSED: Text("⏸ PAUSED", style="bold black on yellow"),
    }.get(status.state, Text(str(status.state)))
    heading = title(plan, status.index, kb)
    grid.add_row(Text(heading, style="bold", overflow="ellipsis", no_wrap=True), state)
    return grid


def _timer(plan: Plan, status: Status) -> Table:
    seconds = math.ceil(status.step_seconds_left)
    paused = status.state is State.PAUSED
    lines = [
        Text(line, style="yellow" if paused else "bold") for line in big_digits(clock(seconds))
    ]
    note = ("paused: space to go on" if paused else "left in this step").ljust(22)
    column = Group(Text(""), *lines, Text(""), Text(note, style="dim"))
    grid = Table.grid(padding=(0, 4))
    grid.add_row(column, back_map(run_steps(plan)[status.index].regions))
    return grid


def _progress(plan: Plan, status: Status, width: int) -> Table:
    left = clock(math.ceil(status.session_seconds_left))
    total = sum(step.seconds for step in run_steps(plan))
    label = f" {left} left of {clock(total)}"
    grid = Table.grid()
    grid.add_row(
        ProgressBar(total=1.0, completed=status.progress, width=max(width - len(label) - 1, 10)),
        Text(label),
    )
    return grid


def _next_line(plan: Plan, status: Status, kb: KnowledgeBase) -> Text:
    return Text(next_text(plan, status.index, kb), style="dim", overflow="ellipsis", no_wrap=True)


def next_text(plan: Plan, index: int, kb: KnowledgeBase) -> str:
    """What comes after the run's step `index`, in one line."""
    steps = run_steps(plan)
    if index + 1 >= len(steps):
        return "Next: the end (water, rest, get up slowly)"
    step = steps[index + 1]
    name = kb.techniques[step.technique].name
    return f"Next: {step.n}. {name}, {where(step.regions, kb)} ({clock(step.seconds)})"


def session_screen(
    plan: Plan, status: Status, kb: KnowledgeBase, size: tuple[int, int], confirming: bool
) -> RenderableType:
    """One frame for a `size` = (width, height) screen; fits 80x24."""
    width, height = size
    preparing = status.index < len(plan.before)
    help_text = KEYS_HELP_BEFORE if preparing else KEYS_HELP
    keys = Text(CONFIRM_QUIT, style="bold reverse") if confirming else Text(help_text, style="dim")
    return Group(
        _header(plan, status, kb),
        _details(run_steps(plan)[status.index], kb, width, height),
        _timer(plan, status),
        _progress(plan, status, width),
        _next_line(plan, status, kb),
        keys,
    )


def event_line(
    event: Event, plan: Plan, kb: KnowledgeBase, wall_time: str, spoken_words: str | None = None
) -> str:
    """One line for the log shown without a terminal; a step's start shows what is said."""
    step = run_steps(plan)[event.index]
    text = event.text
    if event.kind == "step_start":
        name = kb.techniques[step.technique].name
        said = spoken_words or event.text
        text = f"{name}, {where(step.regions, kb)}, {clock(step.seconds)}: {said}"
    elapsed = clock(math.floor(event.elapsed))
    place = "before" if event.index < len(plan.before) else f"step {step.n}/{len(plan.steps)}"
    return f"{wall_time} {elapsed:>6} {place} {event.kind}: {text}"


class RawKeys:
    """Single key presses without Enter (cbreak mode, so Ctrl-C still interrupts);
    the terminal's settings come back on exit, errors included."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._saved: list[Any] | None = None

    def __enter__(self) -> RawKeys:
        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _trace: TracebackType | None,
    ) -> None:
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float) -> str:
        """The keys pressed within `timeout` seconds ('' when none). Escape sequences
        (arrow and function keys) are dropped, so that their letters press nothing."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
        if not ready:
            return ""
        keys = os.read(self.fd, 64).decode("utf-8", errors="replace")
        return "" if keys.startswith("\x1b") else keys


class Speaker:
    """Cues aloud through espeak-ng when asked and installed, else the terminal bell.

    Never blocks: a new cue cuts off one still being spoken."""

    def __init__(self, out: Console, voice: bool | None, bell: bool = True) -> None:
        self.out = out
        self.program = shutil.which("espeak-ng")
        self.voice = bool(self.program) and voice is not False
        self.bell = bell
        self._speaking: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        if not (self.voice and self.program):
            if self.bell:
                self.out.bell()
            return
        self.stop()
        self._speaking = subprocess.Popen(
            [self.program, text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def close(self, patience: float = 10.0) -> None:
        """Let the last cue finish (up to `patience` seconds), then stop it."""
        if self._speaking is not None:
            try:
                self._speaking.wait(patience)
            except subprocess.TimeoutExpired:
                pass
        self.stop()

    def stop(self) -> None:
        if self._speaking is not None:
            if self._speaking.poll() is None:
                self._speaking.terminate()
            self._speaking.wait()
            self._speaking = None
