"""The words a session says, shared by the terminal and the web player.

`where` names the regions a step works in few words; `title` heads a step on the
screen; `spoken` is what to say aloud for an event. A session runs the plan's
`before` step (the heat pack) and then its steps, so an event's `index` points
into `run_steps(plan)`. Who gives the massage (`giver`) changes how a change of
side is said: a partner walks round, a person lying on one side turns over, a
ball moves across. Pure: no terminal, no Rich, no I/O, so that the web player
imports it without the terminal screen (`backrub.cli.screen`).
"""

from __future__ import annotations

import re

from backrub.contract.plan import Plan, Step
from backrub.knowledge import KnowledgeBase
from backrub.session.clock import Event

# What a step's `side`, `medium` and a stopped plan's `urgency` mean, in plain words.
SIDE_WORDS = {"left": "left side", "right": "right side", "both": "both sides"}
MEDIUM_WORDS = {"oil": "with oil", "lotion": "with lotion", "dry": "on dry skin, no oil"}
URGENCY_WORDS = {
    "now": "Call the emergency number or go to the emergency department (A&E, ER) now.",
    "today": "See a clinician today.",
    "days": "See a clinician within a few days.",
}
HANDS_ON_WORDS = {"oil": "a little oil", "lotion": "a little lotion"}
# A step's own cue that already moves the giver or the person round: no second telling.
MOVING_WORDS = ("turn over", "walk round", "walk around", "other side of the bed")
DEVICES = frozenset({"percussion_massager", "shiatsu_massager", "vibration_massager"})


def run_steps(plan: Plan) -> tuple[Step, ...]:
    """Everything a session runs, in order: the `before` step, then the steps."""
    return (*plan.before, *plan.steps)


def where(regions: tuple[str, ...], kb: KnowledgeBase) -> str:
    """The regions in few words: both sides of an area become "lower back (both sides)"."""
    names = []
    for region in regions:
        area, _, side = region.rpartition("_")
        other = f"{area}_{'right' if side == 'left' else 'left'}"
        if side in ("left", "right") and other in regions:
            if side == "left" or f"{area}_left" not in regions:
                names.append(f"{area.replace('_', ' ')} (both sides)")
            continue
        names.append(kb.regions[region].name)
    return ", ".join(dict.fromkeys(names))


def said_where(regions: tuple[str, ...]) -> str:
    """The regions as said aloud: "both sides of the lower back", "the left shoulder"."""
    names = []
    for region in regions:
        area, _, side = region.rpartition("_")
        if side not in ("left", "right"):
            names.append(f"the {region.replace('_', ' ')}")
            continue
        other = f"{area}_{'right' if side == 'left' else 'left'}"
        words = area.replace("_", " ")
        if other not in regions:
            names.append(f"the {side} {words}")
        elif side == "left" or f"{area}_left" not in regions:
            names.append(f"both sides of the {words}")
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def plain_name(step: Step, kb: KnowledgeBase) -> str:
    """The technique in everyday words, as said aloud: "kneading" rather than "petrissage"
    (the words in brackets in its name, when it has them)."""
    name = kb.techniques[step.technique].name
    plain = name.partition(" (")[2].rstrip(")")
    return plain or name


def title(plan: Plan, index: int, kb: KnowledgeBase) -> str:
    """The heading of a running step: "Step 2 of 7: ..." or "Before you start: ..."."""
    step = run_steps(plan)[index]
    if index < len(plan.before):
        return f"Before you start: {kb.techniques[step.technique].name}"
    return f"Step {step.n} of {len(plan.steps)}: {kb.techniques[step.technique].name}"


def minutes(seconds: int) -> str:
    whole = round(seconds / 60)
    return "1 minute" if whole == 1 else f"{whole} minutes"


def before_words(step: Step) -> str:
    """How the preparation (a heat pack) is introduced aloud and on screen."""
    return (
        f"Before you start: the heat pack on {said_where(step.regions)} for "
        f"{minutes(step.seconds)}, over a thin cloth, with the skin dry. "
        "The massage starts when the time is up; you can skip this."
    )


def _last_side(steps: tuple[Step, ...]) -> str | None:
    sides = [step.side for step in steps if step.side != "both"]
    return sides[-1] if sides else None


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


def settle(plan: Plan, index: int, giver: str | None = None) -> str:
    """How to lie, said once, as the run's first side-lying step starts: on the side
    that puts the first side to be worked up ('' at any other step)."""
    run = run_steps(plan)
    first = next((step.side for step in plan.steps if step.side != "both"), None)
    step = run[index]
    if first is None or step.position != "side_lying" or "lie on" in step.cue.lower():
        return ""
    if any(earlier.position == "side_lying" for earlier in run[:index]):
        return ""
    if giver == "partner":
        return f"Ask them to lie on their {_other(first)} side, so the {first} side is up."
    return f"Lie on your {_other(first)} side, so your {first} side is up."


def side_change(plan: Plan, number: int, giver: str | None = None) -> str:
    """What to say when massage step `number` (0-based among `plan.steps`) starts on
    another side than the last one-sided step ('' when it does not, or when the step's
    own cue already says how to move)."""
    step = plan.steps[number]
    if step.side == "both" or any(words in step.cue.lower() for words in MOVING_WORDS):
        return ""
    last = _last_side(plan.steps[:number])
    if last == step.side:
        return ""
    side, other = step.side, _other(step.side)
    lead = f"Start with the {side} side" if last is None else f"Now the {side} side"
    if step.position == "side_lying":
        if last is None:
            return ""  # `settle` has them lying with this side up
        if giver == "partner":
            return (
                f"{lead}: ask them to turn over onto their {other} side, so the {side} side is up."
            )
        return f"{lead}: turn over onto your {other} side, so your {side} side is up."
    if giver == "partner":
        if last is None:
            return f"{lead}: stand at their {side} side."
        if step.position == "seated":
            return f"{lead}: move round to stand at their {side} side."
        return f"{lead}: walk round to the other side of the bed."
    return f"{lead}: {_tool_across(step, side)}"


def _tool_across(step: Step, side: str) -> str:
    if step.tool == "massage_ball":
        return f"keep the ball to the {side} of your spine, never on it."
    if step.tool == "foam_roller":
        return f"lean a little onto your {side} side on the roller."
    if step.tool == "massage_cane":
        return f"keep the cane's tip to the {side} of your spine, never on it."
    if step.tool in DEVICES:
        return f"keep the massager to the {side} of your spine, never on it."
    if all(region.startswith("shoulder") for region in step.regions):
        return f"work on your {side} shoulder."
    return f"work on the {side} of your back, beside the spine."


def medium_change(plan: Plan, number: int) -> str:
    """What to say when oil or lotion first goes on ('' otherwise, or when the cue says it)."""
    step = plan.steps[number]
    earlier = plan.steps[number - 1].medium if number else "dry"
    if step.medium == earlier or step.medium not in HANDS_ON_WORDS or step.medium in step.cue:
        return ""  # no change, or the step's own cue says it
    return f"Warm {HANDS_ON_WORDS[step.medium]} between your hands first."


def opening(plan: Plan, index: int, kb: KnowledgeBase, giver: str | None = None) -> str:
    """What is said as the run's step `index` starts."""
    step = run_steps(plan)[index]
    if index < len(plan.before):
        return " ".join(part for part in (settle(plan, index, giver), before_words(step)) if part)
    number = index - len(plan.before)
    parts = ["Take the heat pack off." if plan.before and number == 0 else ""]
    parts += [settle(plan, index, giver), side_change(plan, number, giver)]
    parts += [medium_change(plan, number), _named(step, kb), step.cue]
    return " ".join(part for part in parts if part)


def _named(step: Step, kb: KnowledgeBase) -> str:
    """The technique's everyday name, unless the cue's first words already say it
    ("Knead the muscle ..." after "Kneading." reads twice) or the cue first moves
    someone round (the name would come before the turn it belongs after), or a device does
    the work (a massage gun's pulses are not the hands' "light tapping")."""
    if any(words in step.cue.lower() for words in MOVING_WORDS):
        return ""
    if kb.tools[step.tool].kind == "device":
        return ""
    plain = plain_name(step, kb)
    stem = plain.split()[0].lower()[:4]
    if any(word.startswith(stem) for word in re.findall(r"[a-z]+", step.cue.lower())[:4]):
        return ""
    return f"{plain.capitalize()}."


def spoken(event: Event, plan: Plan, kb: KnowledgeBase, giver: str | None = None) -> str | None:
    """What to say for an event, or None for the quiet ones (pause, resume, skip)."""
    if event.kind == "step_start":
        return opening(plan, event.index, kb, giver)
    if event.kind in ("switch_sides", "check_skin", "ten_seconds", "finished", "aborted"):
        return event.text
    return None
