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


def side_change(plan: Plan, number: int, giver: str | None = None) -> str:
    """What to say when massage step `number` (0-based among `plan.steps`) starts on
    another side than the last one-sided step ('' when it does not)."""
    step = plan.steps[number]
    if step.side == "both":
        return ""
    last = _last_side(plan.steps[:number])
    if last == step.side:
        return ""
    side, other = step.side, "right" if step.side == "left" else "left"
    lead = f"Start with the {side} side" if last is None else f"Now the {side} side"
    if step.position == "side_lying":
        turn = "lie on" if last is None else "turn over onto"
        if giver == "partner":
            return f"{lead}: ask them to {turn} their {other} side, so the {side} side is up."
        return f"{lead}: {turn} your {other} side, so your {side} side is up."
    if giver == "partner":
        if last is None:
            return f"{lead}: stand at their {side} side."
        if step.position == "seated":
            return f"{lead}: move round to stand at their {side} side."
        return f"{lead}: walk round to the other side of the bed."
    return f"{lead}: {_tool_across(step, side)}"


def _tool_across(step: Step, side: str) -> str:
    if step.tool == "massage_ball":
        return f"move the ball across to the {side} of your spine, never on it."
    if step.tool == "foam_roller":
        return f"lean a little onto your {side} side on the roller."
    if step.tool == "massage_cane":
        return f"move the cane's tip across to the {side} of your spine."
    if step.tool in DEVICES:
        return f"move the massager across to the {side} of your spine, never on it."
    return f"work on the {side} of your back, beside the spine."


def medium_change(plan: Plan, number: int) -> str:
    """What to say when oil or lotion first goes on ('' otherwise)."""
    step = plan.steps[number]
    earlier = plan.steps[number - 1].medium if number else "dry"
    if step.medium == earlier or step.medium not in HANDS_ON_WORDS:
        return ""
    return f"Warm {HANDS_ON_WORDS[step.medium]} between your hands first."


def opening(plan: Plan, index: int, kb: KnowledgeBase, giver: str | None = None) -> str:
    """What is said as the run's step `index` starts."""
    step = run_steps(plan)[index]
    if index < len(plan.before):
        return before_words(step)
    number = index - len(plan.before)
    parts = ["Take the heat pack off." if plan.before and number == 0 else ""]
    parts += [side_change(plan, number, giver), medium_change(plan, number)]
    parts += [f"{plain_name(step, kb).capitalize()}.", step.cue]
    return " ".join(part for part in parts if part)


def spoken(event: Event, plan: Plan, kb: KnowledgeBase, giver: str | None = None) -> str | None:
    """What to say for an event, or None for the quiet ones (pause, resume, skip)."""
    if event.kind == "step_start":
        return opening(plan, event.index, kb, giver)
    if event.kind in ("switch_sides", "check_skin", "ten_seconds", "finished", "aborted"):
        return event.text
    return None
