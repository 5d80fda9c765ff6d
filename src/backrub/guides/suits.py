"""Which tool suits a person: the planner's own rules applied to their saved intake.

No rule of its own: screening's verdict and restrictions, and `Context.usable`
(the same check the drafting uses), on the regions the intake asks about.
"""

from __future__ import annotations

from backrub.contract.intake import Intake
from backrub.guides.model import Link, ToolFit
from backrub.knowledge import KnowledgeBase
from backrub.planning.context import Context
from backrub.planning.screening import screen


def tool_fits(intake: Intake, kb: KnowledgeBase) -> tuple[ToolFit, ...]:
    """One line per tool that is not a hand: whether a plan for `intake` could use it."""
    screening = screen(intake, kb)
    tools = [t for t in kb.tools.values() if t.kind != "hand"]
    if screening.stopped:
        why = "Not for now: your answers say to get checked before any massage."
        return tuple(ToolFit(Link("tool", t.id, t.name), False, why) for t in tools)
    ctx = Context(intake, kb, screening.restrictions)
    rules = screening.restrictions
    regions: list[str] = [p.region for p in intake.pain]
    regions = regions or [r for r in kb.regions if kb.regions[r].target]
    answer = []
    for tool in tools:
        link = Link("tool", tool.id, tool.name)
        if tool.id in rules.forbidden_tools:
            ruled = [
                c.name
                for c in map(kb.conditions.get, intake.conditions)
                if c and tool.id in c.forbid_tools
            ]
            because = f" ({', '.join(ruled)})" if ruled else ""
            answer.append(ToolFit(link, False, f"No: your answers rule it out{because}."))
            continue
        usable = [r for r in regions for t in tool.techniques if ctx.usable(t, r, tool.id)]
        if not usable:
            answer.append(
                ToolFit(link, False, "No: not for the places you asked about, with your answers.")
            )
            continue
        where = ctx.names(sorted(set(usable), key=list(kb.regions).index))
        low = " on its lowest setting" if tool.kind == "device" and rules.device_low_speed else ""
        answer.append(ToolFit(link, True, f"Yes{low}, for {where}."))
    return tuple(answer)
