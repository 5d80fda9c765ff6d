"""The terminal player: feeds the session clock the time, shows what it says and says it.

`backrub start` (`backrub.cli.session`) asks the questions around a session and keeps
it in the journal; this module runs the session itself, either full screen (keys,
a countdown, spoken cues) or, without a terminal, as one line per event. The
clock is `backrub.session.clock`, the words `backrub.session.cues`, the screen
`backrub.cli.screen`. Imported only by the command, so the CLI starts fast.
"""

from __future__ import annotations

import datetime
import math
import sys
import time
from dataclasses import dataclass

from rich.console import Console
from rich.live import Live

from backrub.cli.screen import RawKeys, Speaker, event_line, session_screen
from backrub.contract.plan import Plan
from backrub.knowledge import KnowledgeBase
from backrub.session.clock import CLOSING, STOPPED, Player, PlayerError
from backrub.session.cues import spoken


@dataclass(frozen=True)
class Voice:
    """Whether to speak (None: when espeak-ng is installed), and who gives the massage,
    which changes how a change of side is said."""

    on: bool | None
    giver: str


def run(plan: Plan, kb: KnowledgeBase, out: Console, voice: Voice, scale: float) -> Player:
    player = Player.for_plan(plan, lambda: time.monotonic() / scale)
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    speaker = Speaker(out, voice.on, bell=terminal)
    try:
        if terminal:
            _run_screen(player, plan, kb, out, Said(speaker, voice.giver), scale)
        else:
            _run_lines(player, plan, kb, Said(speaker, voice.giver), scale)
    finally:
        speaker.close()
    return player


def wait(player: Player, scale: float, display: bool) -> float:
    """Real seconds to sleep: until the next event is due, or (for the screen) the
    countdown's next whole second, whichever comes first."""
    due = player.seconds_to_next_event()
    if due is None:
        return 0.5
    if not display:
        return due * scale
    left = player.status().step_seconds_left
    redraw = max((left - (math.ceil(left) - 1)) * scale, 0.05)
    return max(min(due * scale, redraw, 0.5), 0.0)


@dataclass(frozen=True)
class Said:
    """The speaker and whom the words are for."""

    speaker: Speaker
    giver: str


def _run_lines(player: Player, plan: Plan, kb: KnowledgeBase, said: Said, scale: float) -> None:
    def show() -> None:
        for event in player.poll():
            stamp = datetime.datetime.now().strftime("%H:%M:%S")
            words = spoken(event, plan, kb, said.giver)
            sys.stdout.write(event_line(event, plan, kb, stamp, words) + "\n")
            if words:
                said.speaker.say(words)
        sys.stdout.flush()

    player.start()
    try:
        while not player.ended:
            show()
            time.sleep(wait(player, scale, display=False))
    except KeyboardInterrupt:
        if not player.ended:
            player.abort()
    show()


@dataclass
class Controls:
    """Key handling state: whether the quit question is up, and whether to resume after."""

    confirming: bool = False
    resume_after: bool = False

    def press(self, player: Player, key: str) -> None:
        if self.confirming:
            self.confirming = False
            if key.lower() == "y":
                player.abort()
            elif self.resume_after and player.allowed("resume"):
                player.resume()
            return
        action = {" ": "toggle", "n": "next", "b": "back", "q": "quit"}.get(key.lower())
        if action == "toggle" and player.allowed("pause"):
            player.pause()
        elif action == "toggle":
            player.resume()
        elif action == "quit":
            self.confirming = True
            self.resume_after = player.allowed("pause")
            if self.resume_after:
                player.pause()
        elif action in ("next", "back"):
            getattr(player, action)()


def _run_screen(
    player: Player, plan: Plan, kb: KnowledgeBase, out: Console, said: Said, scale: float
) -> None:
    try:
        with (
            RawKeys(sys.stdin.fileno()) as keys,
            Live(console=out, screen=True, auto_refresh=False, redirect_stdout=False) as live,
        ):
            player.start()
            _screen_loop(player, plan, kb, out, said, keys, live, scale)
    except KeyboardInterrupt:
        if not player.ended:
            player.abort()
    _announce(player, plan, kb, said)
    out.print(CLOSING if player.state == "finished" else STOPPED, markup=False)


def _announce(player: Player, plan: Plan, kb: KnowledgeBase, said: Said) -> None:
    for event in player.poll():
        words = spoken(event, plan, kb, said.giver)
        if words:
            said.speaker.say(words)


def _screen_loop(
    player: Player,
    plan: Plan,
    kb: KnowledgeBase,
    out: Console,
    said: Said,
    keys: RawKeys,
    live: Live,
    scale: float,
) -> None:
    controls = Controls()
    while not player.ended:
        _announce(player, plan, kb, said)
        size = (out.size.width, out.size.height)
        live.update(session_screen(plan, player.status(), kb, size, controls.confirming))
        live.refresh()
        for key in keys.read(wait(player, scale, display=True)):
            try:
                controls.press(player, key)
            except PlayerError:
                pass  # the step or session ended just before the key was handled
