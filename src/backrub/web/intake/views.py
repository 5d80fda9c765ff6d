"""What each page shows, as typed data: one function per page builds it.

The templates only lay these out, and the JSON twins (`/plan.json`) serialise
the very same objects, so a page and its JSON cannot disagree (STYLE.md: one
function, two formats). `TEMPLATES` names the template of each type; `render`
in `pages.py` uses it, so every template is rendered with one of these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from backrub.contract.ids import EMERGENCY_RED_FLAGS, LOCAL_ISSUE_KINDS, REGIONS, TOOLS
from backrub.contract.intake import MAX_MINUTES, MIN_MINUTES
from backrub.contract.plan import Plan, Reason
from backrub.knowledge import KnowledgeBase
from backrub.web.accounts.views import ACCOUNT_TEMPLATES
from backrub.web.guides.views import GUIDES_TEMPLATES
from backrub.web.home.views import HOME_TEMPLATES
from backrub.web.intake.forms import LOCAL_ISSUE_ROWS, Answers, query_string
from backrub.web.intake.wizard import (
    WIZARD_STEPS,
    WizardStep,
    clearable_choices,
    field_label,
    step_of,
)
from backrub.web.journal.views import JOURNAL_TEMPLATES
from backrub.web.player.views import PLAYER_TEMPLATES
from backrub.web.search.views import SEARCH_TEMPLATES
from backrub.web.sources.views import SOURCES_TEMPLATES
from backrub.web.tips.views import TIPS_TEMPLATES

GIVERS = (
    ("partner", "A partner, with their hands"),
    ("self", "Me, on myself (hands, a ball, a roller or a cane)"),
    ("device", "An electric massager"),
)
PRESSURES = (
    ("light", "Light: a gentle, soothing touch"),
    ("moderate", "Moderate: firm but comfortable"),
    ("firm", "Firm: deep, never painful"),
)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool = False


@dataclass(frozen=True)
class RegionRow:
    """One region of the map, with its pain answers and any message about them."""

    id: str
    name: str
    where: str
    picked: bool
    intensity: str = ""
    weeks: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message


@dataclass(frozen=True)
class IssueRow:
    index: int
    kind: str
    region: str


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Note:
    """A reason or a warning, with the titles of its sources."""

    code: str
    message: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class HomePage:
    title: str
    minutes_range: tuple[int, int]


@dataclass(frozen=True)
class PainRows:
    """Every region's intensity and weeks row: live when ticked, else in a <template>
    (and a <noscript>), so that the page adds a row as its region is ticked."""

    rows: tuple[RegionRow, ...]


@dataclass(frozen=True)
class IntakePage:
    title: str
    steps: tuple[WizardStep, ...]
    open_step: int  # the wizard opens here: the step of the first error, else the first
    regions: tuple[RegionRow, ...]
    pain_rows: PainRows
    givers: tuple[Choice, ...]
    minutes: str
    minutes_range: tuple[int, int]
    pressures: tuple[Choice, ...]
    red_flags: tuple[Choice, ...]
    conditions: tuple[Choice, ...]
    cleared: tuple[Choice, ...]  # r2: only the ids a clinician can clear
    no_red_flags: bool
    emergency_flags: str  # space-separated ids: a yes to one goes straight to the stop page
    causes: tuple[Choice, ...]
    goals: tuple[Choice, ...]
    tools: tuple[Choice, ...]
    issue_rows: tuple[IssueRow, ...]
    issue_kinds: tuple[Choice, ...]
    region_names: tuple[Choice, ...]
    map_labels: dict[str, str]  # region id -> name, for the map's links
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message
    error_labels: dict[str, str] = field(default_factory=dict)  # field id -> its question
    from_saved: bool = False  # filled in from the signed-in person's saved answers


@dataclass(frozen=True)
class Banner:
    kind: str  # the verdict: go, modify, see_clinician, emergency
    heading: str
    text: str


@dataclass(frozen=True)
class StepCard:
    n: int
    technique: str
    technique_name: str
    regions: tuple[str, ...]
    where: str
    pressure: str
    seconds: int
    time: str
    tool: str
    tool_name: str
    position: str
    position_name: str
    instructions: str
    cue: str
    why: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class PlanPage:
    title: str
    banner: Banner
    stopped: bool
    advice: str
    total_seconds: int
    time: str
    reasons: tuple[Note, ...]
    warnings: tuple[Note, ...]
    steps: tuple[StepCard, ...]
    change_url: str
    print_compact: bool  # too many words for one printed page: print each step's cue instead
    plan: dict[str, Any]  # the contract's plan (`backrub.plan/1`), as the API answers it
    intake_json: str = ""  # the intake, for "sign up to save this intake"


# At the print stylesheet's 7.5 pt, about this many characters of instructions still fit
# on one A4 page (measured with Chromium's print-to-PDF); longer plans print their cues.
PRINT_FULL_CHARACTERS = 5500

TEMPLATES: dict[type, str] = {
    HomePage: "home.html",
    IntakePage: "intake.html",
    PlanPage: "plan.html",
    **ACCOUNT_TEMPLATES,
    **GUIDES_TEMPLATES,
    **HOME_TEMPLATES,
    **JOURNAL_TEMPLATES,
    **PLAYER_TEMPLATES,
    **SEARCH_TEMPLATES,
    **SOURCES_TEMPLATES,
    **TIPS_TEMPLATES,
}


def home_page() -> HomePage:
    return HomePage(title="backrub", minutes_range=(MIN_MINUTES, MAX_MINUTES))


def _choices(
    options: Sequence[tuple[str, str]], chosen: tuple[str, ...] | str
) -> tuple[Choice, ...]:
    picked = {chosen} if isinstance(chosen, str) else set(chosen)
    return tuple(Choice(value, label, value in picked) for value, label in options)


def region_rows(
    kb: KnowledgeBase, answers: Answers, errors: dict[str, str] | None = None
) -> tuple[RegionRow, ...]:
    errors = errors or {}
    picked = set(answers.pain_regions())
    return tuple(
        RegionRow(
            id=r,
            name=kb.regions[r].name,
            where=kb.regions[r].where,
            picked=r in picked,
            intensity=answers.intensity.get(r, ""),
            weeks=answers.weeks.get(r, ""),
            errors={k: v for k, v in errors.items() if k.endswith(f"-{r}")},
        )
        for r in REGIONS
    )


def intake_page(
    kb: KnowledgeBase,
    answers: Answers,
    errors: dict[str, str] | None = None,
    *,
    from_saved: bool = False,
) -> IntakePage:
    """The intake form, filled in with `answers`; `errors` maps field ids to messages;
    `from_saved` when the answers are the signed-in person's saved ones."""
    errors = errors or {}
    regions = region_rows(kb, answers, errors)
    tools = [(t, kb.tools[t].name) for t in TOOLS]
    return IntakePage(
        title="Your back today",
        steps=WIZARD_STEPS,
        open_step=min((step_of(key) for key in errors), default=1),
        regions=regions,
        pain_rows=PainRows(rows=regions),
        givers=_choices(GIVERS, answers.giver),
        minutes=answers.minutes,
        minutes_range=(MIN_MINUTES, MAX_MINUTES),
        pressures=_choices(PRESSURES, answers.pressure),
        red_flags=_choices([(f.id, f.question) for f in kb.red_flags.values()], answers.red_flags),
        conditions=_choices([(c.id, c.name) for c in kb.conditions.values()], answers.conditions),
        cleared=_choices(clearable_choices(kb), answers.cleared),
        no_red_flags=answers.no_red_flags and not answers.red_flags,
        emergency_flags=" ".join(sorted(EMERGENCY_RED_FLAGS)),
        causes=_choices([(c.id, c.name) for c in kb.causes.values()], answers.causes),
        goals=_choices([(g.id, g.name) for g in kb.goals.values()], answers.goals),
        tools=_choices(tools, answers.tools),
        issue_rows=tuple(IssueRow(i, *answers.issue_row(i)) for i in range(LOCAL_ISSUE_ROWS)),
        issue_kinds=tuple(
            Choice(k, kb.local_issues[k].name if k in kb.local_issues else k)
            for k in LOCAL_ISSUE_KINDS
        ),
        region_names=tuple(Choice(r, kb.regions[r].name) for r in REGIONS),
        map_labels={r: kb.regions[r].name for r in REGIONS},
        errors=errors,
        error_labels={key: field_label(kb, key) for key in errors},
        from_saved=from_saved,
    )


def duration(seconds: int) -> str:
    """45 s, 2 min, 1 min 30 s."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def _sources(kb: KnowledgeBase, ids: tuple[str, ...]) -> tuple[SourceRef, ...]:
    return tuple(
        SourceRef(s, kb.sources[s].title, kb.sources[s].url)
        if s in kb.sources
        else SourceRef(s, s, "")
        for s in ids
    )


def _note(kb: KnowledgeBase, reason: Reason) -> Note:
    return Note(reason.code, reason.message, _sources(kb, reason.sources))


def _banner(plan: Plan) -> Banner:
    count, time = len(plan.steps), duration(plan.total_seconds)
    steps = f"{count} step{'s' if count != 1 else ''}"
    if plan.verdict == "emergency":
        return Banner("emergency", "Get emergency help now", plan.advice)
    if plan.verdict == "see_clinician":
        soon = "today" if plan.urgency == "today" else "first"
        return Banner("see_clinician", f"No massage today: see a clinician {soon}", plan.advice)
    if plan.verdict == "modify":
        return Banner(
            "modify",
            "Your routine, made safe for you",
            f"{steps}, {time}. Some of your answers change what is safe; "
            "the changes are listed under “Why it looks like this”.",
        )
    return Banner("go", "Your routine for today", f"{steps}, {time}.")


def _where(kb: KnowledgeBase, regions: tuple[str, ...]) -> str:
    return ", ".join(kb.regions[r].name if r in kb.regions else r for r in regions)


def _name(table: Any, key: str) -> str:
    entry = table.get(key)
    return str(entry.name) if entry is not None else key.replace("_", " ")


def plan_page(kb: KnowledgeBase, plan: Plan, answers: Answers, intake_json: str = "") -> PlanPage:
    """The plan page (and `/plan.json`): the plan with names, times and source titles."""
    steps = tuple(
        StepCard(
            n=s.n,
            technique=s.technique,
            technique_name=_name(kb.techniques, s.technique),
            regions=s.regions,
            where=_where(kb, s.regions),
            pressure=s.pressure,
            seconds=s.seconds,
            time=duration(s.seconds),
            tool=s.tool,
            tool_name=_name(kb.tools, s.tool),
            position=s.position,
            position_name=_name(kb.positions, s.position),
            instructions=s.instructions,
            cue=s.cue,
            why=s.why,
            sources=_sources(kb, s.sources),
        )
        for s in plan.steps
    )
    return PlanPage(
        title="Stop: get help first" if plan.stopped else "Your routine",
        banner=_banner(plan),
        stopped=plan.stopped,
        advice=plan.advice,
        total_seconds=plan.total_seconds,
        time=duration(plan.total_seconds),
        reasons=tuple(_note(kb, r) for r in plan.reasons),
        warnings=tuple(_note(kb, w) for w in plan.warnings),
        steps=steps,
        change_url="/intake?" + query_string(answers),
        print_compact=sum(len(s.instructions) for s in plan.steps) > PRINT_FULL_CHARACTERS,
        plan=plan.to_dict(),
        intake_json="" if plan.stopped else intake_json,
    )
