"""What the player page shows, as typed data.

The page and its script share one description of the routine: every word to
show or say, and every cue time, is decided here from the core (`clock.cue_points`
for the cue schedule, `cues.spoken` and `cues.where` in `backrub.session` for the
words, as in `backrub start`) and handed to `player.js` as JSON, so the script
only keeps time and never decides content. `PLAYER_TEMPLATES` joins
`views.TEMPLATES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2.utils import htmlsafe_json_dumps

from backrub.contract.plan import Plan, clock
from backrub.contract.validation import parse
from backrub.knowledge import KnowledgeBase
from backrub.session.clock import CLOSING, STOPPED, Event, EventKind, cue_points
from backrub.session.cues import spoken, where
from backrub.web.accounts.views import MessagePage
from backrub.web.player.forms import SessionAnswers, default_answers
from backrub.web.player.ticket import Routine


@dataclass(frozen=True)
class CuePoint:
    """A cue inside a step, `seconds_left` in it: `player.cue_points`, one to one."""

    seconds_left: float
    kind: str
    text: str


@dataclass(frozen=True)
class PlayerStep:
    n: int
    technique_name: str
    regions: tuple[str, ...]
    where: str
    pressure: str
    tool_name: str
    position_name: str
    instructions: str
    cue: str
    seconds: int
    time: str  # m:ss, as the countdown starts
    spoken: str  # said as the step starts
    cues: tuple[CuePoint, ...]
    next_text: str  # what comes after this step


@dataclass(frozen=True)
class PainQuestion:
    region: str
    name: str
    before: str  # the answers as sent, kept after a bad one
    after: str


@dataclass(frozen=True)
class PlayerPage:
    title: str
    steps: tuple[PlayerStep, ...]
    total_seconds: int
    total_time: str
    changes: tuple[str, ...]  # what the history changed since last time
    pain: tuple[PainQuestion, ...]
    answers: SessionAnswers
    ticket: str  # the sealed routine (player_ticket), sent back with the form
    player_data: str  # the JSON the script reads, safe inside <script>
    closing: str
    stopped: str
    reviewing: bool  # shown again after a bad answer: the form only, no clock
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message
    error_labels: dict[str, str] = field(default_factory=dict)  # field id -> its question


PLAYER_TEMPLATES: dict[type, str] = {PlayerPage: "player.html"}

_LABELS = {
    "note": "Anything to note",
    "status": "How the session ended",
    "steps_done": "The steps done",
    "started": "When you started",
    "ended": "When you finished",
    "utc_offset": "Your time zone",
}


def player_page(
    kb: KnowledgeBase,
    routine: Routine,
    ticket: str,
    answers: SessionAnswers | None = None,
    errors: dict[str, str] | None = None,
) -> PlayerPage:
    """The player for a sealed routine; with `errors`, the form shown again to correct."""
    plan = parse(Plan, routine.plan)
    answers = answers or default_answers(routine)
    errors = errors or {}
    steps = tuple(_step(kb, plan, index) for index in range(len(plan.steps)))
    return PlayerPage(
        title="Today's routine",
        steps=steps,
        total_seconds=plan.total_seconds,
        total_time=clock(plan.total_seconds),
        changes=tuple(r.message for r in plan.reasons if r.code.startswith("adapt_")),
        pain=tuple(
            PainQuestion(
                region,
                kb.regions[region].name,
                answers.pain_before.get(region, ""),
                answers.pain_after.get(region, ""),
            )
            for region in routine.pain_regions
        ),
        answers=answers,
        ticket=ticket,
        player_data=_script_data(plan, steps),
        closing=CLOSING,
        stopped=STOPPED,
        reviewing=bool(errors),
        errors=errors,
        error_labels={key: _label(kb, key) for key in errors},
    )


def _step(kb: KnowledgeBase, plan: Plan, index: int) -> PlayerStep:
    step = plan.steps[index]
    start = Event("step_start", 0.0, 0.0, index, step.cue)
    return PlayerStep(
        n=step.n,
        technique_name=kb.techniques[step.technique].name,
        regions=step.regions,
        where=where(step.regions, kb),
        pressure=step.pressure,
        tool_name=kb.tools[step.tool].name,
        position_name=kb.positions[step.position].name,
        instructions=step.instructions,
        cue=step.cue,
        seconds=step.seconds,
        time=clock(step.seconds),
        spoken=spoken(start, plan, kb) or step.cue,
        cues=tuple(
            CuePoint(left, kind, _cue_words(kind, text, index, plan, kb))
            for left, kind, text in cue_points(step)
        ),
        next_text=_next_text(kb, plan, index),
    )


def _cue_words(kind: EventKind, text: str, index: int, plan: Plan, kb: KnowledgeBase) -> str:
    return spoken(Event(kind, 0.0, 0.0, index, text), plan, kb) or text


def _next_text(kb: KnowledgeBase, plan: Plan, index: int) -> str:
    """The terminal player's "Next:" line, in the same words."""
    if index + 1 >= len(plan.steps):
        return "Next: the end (water, rest, get up slowly)"
    step = plan.steps[index + 1]
    name = kb.techniques[step.technique].name
    return f"Next: {step.n}. {name}, {where(step.regions, kb)} ({clock(step.seconds)})"


def _script_data(plan: Plan, steps: tuple[PlayerStep, ...]) -> str:
    """The routine for `player.js`: seconds, cue times and every word it says."""
    data = {
        "total": plan.total_seconds,
        "closing": CLOSING,
        "stopped": STOPPED,
        "steps": [
            {
                "n": step.n,
                "seconds": step.seconds,
                "spoken": step.spoken,
                "cues": [
                    {"at": cue.seconds_left, "kind": cue.kind, "text": cue.text}
                    for cue in step.cues
                ],
            }
            for step in steps
        ],
    }
    return str(htmlsafe_json_dumps(data))  # "<", ">", "&" and "'" escaped: safe in <script>


def _label(kb: KnowledgeBase, key: str) -> str:
    when, _, region = key.partition("-")
    if region in kb.regions and when in ("before", "after"):
        return f"Pain {when} the massage in the {kb.regions[region].name}"
    return _LABELS.get(key, key)


def no_intake_page() -> MessagePage:
    return MessagePage(
        "No routine yet",
        "First, tell us about your back",
        "The player runs the routine made from your answers, and you have not given any "
        "yet. Answer the questions, then press “Start this routine” under your plan.",
        "/intake",
        "Plan a routine",
    )


def unreadable_page() -> MessagePage:
    """For answers or a routine that did not come back as the page sent them."""
    return MessagePage(
        "Please start again",
        "This routine could not be read",
        "The page sent something backrub did not give it, or it belongs to another "
        "account. Open today's routine again; nothing was saved.",
        "/player",
        "Open today's routine",
    )
