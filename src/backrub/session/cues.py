"""The words a session says, shared by the terminal and the web player.

`where` names the regions a step works in few words and `spoken` is what to
say aloud for an event. Pure: no terminal, no Rich, no I/O, so that the web
player imports it without the terminal screen (`backrub.cli.screen`).
"""

from __future__ import annotations

from backrub.contract.plan import Plan
from backrub.knowledge import KnowledgeBase
from backrub.session.clock import Event


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


def spoken(event: Event, plan: Plan, kb: KnowledgeBase) -> str | None:
    """What to say for an event, or None for the quiet ones (pause, resume, skip)."""
    if event.kind == "step_start":
        step = plan.steps[event.index]
        return f"{kb.techniques[step.technique].name.split(' (')[0]}. {event.text}"
    if event.kind in ("switch_sides", "ten_seconds", "finished", "aborted"):
        return event.text
    return None
