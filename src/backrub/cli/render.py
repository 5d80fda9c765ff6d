"""Rich rendering of plans and the technique library for the terminal."""

from __future__ import annotations

import os

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backrub.contract.plan import Plan, Step, clock
from backrub.knowledge import KnowledgeBase, load
from backrub.session.cues import MEDIUM_WORDS, SIDE_WORDS, URGENCY_WORDS, before_words

BANNERS = {
    "go": ("GO", "green", "A routine for today."),
    "modify": ("GO, WITH CHANGES", "yellow", "A routine for today, adjusted for safety."),
    "see_clinician": ("NOT TODAY: SEE A CLINICIAN FIRST", "red", "No massage until checked."),
    "emergency": ("EMERGENCY: GET HELP NOW", "bold red", "Do not massage."),
}
# A revision-1 plan has no `urgency`: an emergency is still "now".
DEFAULT_URGENCY = {"emergency": "now"}


def console(width: int | None = None) -> Console:
    """The terminal console; tests pass a width to get stable plain text."""
    return Console(width=width, highlight=False, soft_wrap=False, no_color="NO_COLOR" in os.environ)


def render_plan(plan: Plan, out: Console, kb: KnowledgeBase | None = None) -> None:
    kb = kb or load()
    title, style, subtitle = BANNERS[plan.verdict]
    urgency = plan.urgency if isinstance(plan.urgency, str) else DEFAULT_URGENCY.get(plan.verdict)
    if urgency:
        subtitle = f"{subtitle} {URGENCY_WORDS[urgency]}"
    out.print(Panel(Text(subtitle, style="bold"), title=title, style=style, expand=True))
    if plan.reasons:
        out.print(Text("Why", style="bold"))
        for reason in plan.reasons:
            out.print(f"  • {reason.message}  [{', '.join(reason.sources)}]", markup=False)
    if plan.advice:
        out.print(Text("What to do", style="bold"))
        out.print(f"  {plan.advice}", markup=False)
    if not plan.steps:
        return
    for step in plan.before:
        name = kb.techniques[step.technique].name
        heading = f"First, {name} ({clock(step.seconds)}, before the massage)"
        body = _step_body(step, kb, before_words(step))
        out.print(Panel(body, title=heading, title_align="left"))
    title = f"Your routine: {clock(plan.total_seconds)} in all"
    if plan.before:
        title += ", after the heat"
    table = Table(title=title, expand=True)
    for column in ("#", "time", "technique", "where", "side, skin", "pressure", "with"):
        table.add_column(column, overflow="fold")
    for step in plan.steps:
        table.add_row(
            str(step.n),
            clock(step.seconds),
            kb.techniques[step.technique].name,
            ", ".join(kb.regions[region].name for region in step.regions),
            f"{step.side}, {step.medium}",
            step.pressure,
            kb.tools[step.tool].name,
        )
    out.print(table)
    for step in plan.steps:
        heading = f"{step.n}. {kb.techniques[step.technique].name} ({clock(step.seconds)})"
        out.print(Panel(_step_body(step, kb), title=heading, title_align="left"))
    if plan.warnings:
        out.print(Text("Good to know", style="bold"))
        for warning in plan.warnings:
            out.print(f"  • {warning.message}", markup=False)


def _step_body(step: Step, kb: KnowledgeBase, lead: str = "") -> Group:
    """A step's plain facts (side, skin, position), instructions, cue and why."""
    facts = (
        f"{SIDE_WORDS[step.side].capitalize()} · {MEDIUM_WORDS[step.medium]} · "
        f"{kb.positions[step.position].name}"
    )
    lines = [Text(lead, style="bold")] if lead else []
    return Group(
        *lines,
        Text(facts, style="bold"),
        Text(step.instructions),
        Text(f"Cue: “{step.cue}”", style="italic"),
        Text(f"Why: {step.why}  [{', '.join(step.sources)}]", style="dim"),
    )


def render_techniques(kb: KnowledgeBase, out: Console) -> None:
    table = Table(title="Techniques", expand=True)
    for column in ("id", "name", "what the hands do", "pressure", "time per area"):
        table.add_column(column, overflow="fold")
    for entry in kb.techniques.values():
        pressure: str = entry.pressure_min
        if entry.pressure_max != entry.pressure_min:
            pressure += f" to {entry.pressure_max}"
        table.add_row(
            entry.id,
            entry.name,
            entry.summary,
            pressure,
            f"{clock(entry.seconds_min)}-{clock(entry.seconds_max)}",
        )
    out.print(table)
    out.print("More on one: backrub technique ID", markup=False)


def render_technique(kb: KnowledgeBase, technique_id: str, out: Console) -> None:
    entry = kb.techniques[technique_id]
    lines = [
        Text(entry.summary),
        Text(""),
        # The knowledge base's tempo is a sentence with its own full stop.
        Text(f"Pressure: {entry.pressure_min} to {entry.pressure_max}.  Tempo: {entry.rate}"),
        Text(f"Use on: {entry.use_on}"),
        Text(f"Avoid: {entry.avoid}"),
        Text(""),
        Text("How", style="bold"),
        *[Text(f"  {i}. {step}") for i, step in enumerate(entry.how_to, 1)],
        Text("Common mistakes", style="bold"),
        *[Text(f"  • {mistake}") for mistake in entry.mistakes],
        Text("Evidence", style="bold"),
        Text(f"  {entry.evidence}"),
        Text("Sources", style="bold"),
        *[
            Text(f"  {kb.sources[s].title} ({kb.sources[s].publisher}, {kb.sources[s].year})")
            for s in entry.sources
        ],
    ]
    out.print(Panel(Group(*lines), title=f"{entry.name} ({entry.id})", title_align="left"))
