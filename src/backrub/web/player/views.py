"""What the player page shows, as typed data.

The page and its script share one description of the routine: every word to
show or say, and every cue time, is decided here from the core (`clock.cue_points`
for the cue schedule, `cues.spoken` and `cues.where` in `backrub.session` for the
words, as in `backrub start`) and handed to `player.js` as JSON, so the script
only keeps time and never decides content. The plan's `before` step (heat) runs
first, as the first of `steps`, marked `preparing`: the script lets it be
skipped and never counts it as a step done. `PLAYER_TEMPLATES` joins
`views.TEMPLATES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2.utils import htmlsafe_json_dumps

from backrub.contract.plan import Plan, clock
from backrub.contract.validation import parse
from backrub.knowledge import KnowledgeBase
from backrub.session.clock import CLOSING, STOPPED, Event, EventKind, cue_points
from backrub.session.cues import (
    MEDIUM_WORDS,
    SIDE_WORDS,
    before_words,
    run_steps,
    spoken,
    title,
    where,
)
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
    n: int  # 0 for the `before` step
    preparing: bool  # the `before` step: skippable, not a massage step
    title: str  # "Step 2 of 7: ..." or "Before you start: ..."
    lead: str  # the `before` step's introduction, else ""
    technique_name: str
    regions: tuple[str, ...]
    where: str
    side: str  # in words: "left side", "both sides"
    medium: str  # in words: "with oil", "on dry skin, no oil"
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
    steps: tuple[PlayerStep, ...]  # the run: the `before` step first, if any
    massage_steps: int  # how many of `steps` are massage ("step 1 of N")
    total_seconds: int  # the whole run, the heat included
    total_time: str
    massage_time: str  # the plan's `total_seconds`: the massage alone
    before_time: str  # the heat's m:ss, or ""
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
    signed_in: bool = True  # signed out, ratings stay in the browser until sign-up


PLAYER_TEMPLATES: dict[type, str] = {PlayerPage: "player.html"}

_LABELS = {
    "note": "Anything to note",
    "status": "How the session ended",
    "steps_done": "The steps done",
    "started": "When you started",
    "ended": "When you finished",
    "utc_offset": "Your time zone",
    "session_id": "This run's id",
}


def player_page(
    kb: KnowledgeBase,
    routine: Routine,
    ticket: str,
    answers: SessionAnswers | None = None,
    errors: dict[str, str] | None = None,
    *,
    signed_in: bool = True,
) -> PlayerPage:
    """The player for a sealed routine; with `errors`, the form shown again to correct."""
    plan = parse(Plan, routine.plan)
    answers = answers or default_answers(routine)
    errors = errors or {}
    steps = tuple(_step(kb, plan, index, routine.giver) for index in range(len(run_steps(plan))))
    total = sum(step.seconds for step in steps)
    return PlayerPage(
        title="Today's routine",
        steps=steps,
        massage_steps=len(plan.steps),
        total_seconds=total,
        total_time=clock(total),
        massage_time=clock(plan.total_seconds),
        before_time=clock(sum(step.seconds for step in plan.before)) if plan.before else "",
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
        player_data=_script_data(total, steps),
        closing=CLOSING,
        stopped=STOPPED,
        reviewing=bool(errors),
        errors=errors,
        error_labels={key: _label(kb, key) for key in errors},
        signed_in=signed_in,
    )


def _step(kb: KnowledgeBase, plan: Plan, index: int, giver: str) -> PlayerStep:
    step = run_steps(plan)[index]
    preparing = index < len(plan.before)
    start = Event("step_start", 0.0, 0.0, index, step.cue)
    return PlayerStep(
        n=step.n,
        preparing=preparing,
        title=title(plan, index, kb),
        lead=before_words(step) if preparing else "",
        technique_name=kb.techniques[step.technique].name,
        regions=step.regions,
        where=where(step.regions, kb),
        side=SIDE_WORDS[step.side],
        medium=MEDIUM_WORDS[step.medium],
        pressure=step.pressure,
        tool_name=kb.tools[step.tool].name,
        position_name=kb.positions[step.position].name,
        instructions=step.instructions,
        cue=step.cue,
        seconds=step.seconds,
        time=clock(step.seconds),
        spoken=spoken(start, plan, kb, giver) or step.cue,
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
    steps = run_steps(plan)
    if index + 1 >= len(steps):
        return "Next: the end (water, rest, get up slowly)"
    step = steps[index + 1]
    name = kb.techniques[step.technique].name
    return f"Next: {step.n}. {name}, {where(step.regions, kb)} ({clock(step.seconds)})"


def _script_data(total: int, steps: tuple[PlayerStep, ...]) -> str:
    """The routine for `player.js`: seconds, cue times and every word it says."""
    data = {
        "total": total,
        "closing": CLOSING,
        "stopped": STOPPED,
        "steps": [
            {
                "n": step.n,
                "preparing": step.preparing,
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
