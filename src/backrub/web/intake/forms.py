"""The intake form: its fields, the answers it holds, and the intake dict made of them.

The form is only a way of writing an intake: `intake_dict` turns the answers
into the contract's JSON shape and `backrub.contract.intake.parse_intake` judges it, so
the web says exactly what the CLI says. `field_for` points a contract path
(`pain[0].intensity`) back at the form field that holds it, so the message can
sit next to the right box. Answers survive a bad value unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode

from backrub.contract.ids import EMERGENCY_RED_FLAGS, REGIONS
from backrub.contract.intake import Intake

LOCAL_ISSUE_ROWS = 3
LIST_FIELDS = ("causes", "goals", "tools", "red_flags", "conditions", "cleared")
_INTEGER = re.compile(r"[+-]?\d{1,9}")


class FormLike(Protocol):
    """Starlette's FormData and QueryParams both fit."""

    def getlist(self, key: str, /) -> list[Any]: ...


@dataclass(frozen=True)
class Answers:
    """What the person put in the form, as text, exactly as they gave it."""

    regions: tuple[str, ...] = ()
    intensity: dict[str, str] = field(default_factory=dict)
    weeks: dict[str, str] = field(default_factory=dict)
    giver: str = ""
    minutes: str = "15"
    pressure: str = "moderate"
    causes: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()  # r2: answers above that a clinician has cleared
    local_issues: tuple[tuple[str, str], ...] = ()  # (kind, region) per row, "" when empty
    # The explicit "no" to every safety question, which the wizard asks for before it goes
    # on. Kept only to show it again: the intake has no such field, and a ticked flag wins.
    no_red_flags: bool = False

    def pain_regions(self) -> tuple[str, ...]:
        """Ticked regions, and any with an intensity typed in, in the contract's order;
        then anything unknown that was sent, so that it is reported rather than lost."""
        chosen = set(self.regions) | {r for r, text in self.intensity.items() if text.strip()}
        known = tuple(r for r in REGIONS if r in chosen)
        return known + tuple(r for r in self.regions if r not in REGIONS)

    def issue_row(self, index: int) -> tuple[str, str]:
        return self.local_issues[index] if index < len(self.local_issues) else ("", "")


def answers_from(form: FormLike) -> Answers:
    """Read the answers from a submitted form or a query string."""

    def text(name: str, default: str = "") -> str:
        values = form.getlist(name)
        return values[0].strip() if values and isinstance(values[0], str) else default

    def texts(name: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip())

    regions = tuple(dict.fromkeys(texts("region")))
    return Answers(
        regions=regions,
        intensity={r: text(f"intensity-{r}") for r in _row_regions(regions)},
        weeks={r: text(f"weeks-{r}") for r in _row_regions(regions)},
        giver=text("giver"),
        minutes=text("minutes"),
        pressure=text("pressure"),
        causes=texts("causes"),
        goals=texts("goals"),
        tools=texts("tools"),
        red_flags=texts("red_flags"),
        conditions=texts("conditions"),
        cleared=texts("cleared"),
        local_issues=tuple(
            (text(f"issue_kind-{i}"), text(f"issue_region-{i}")) for i in range(LOCAL_ISSUE_ROWS)
        ),
        no_red_flags=bool(text("no_red_flags")),
    )


def _row_regions(ticked: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*REGIONS, *ticked)))


def _number(value: str) -> Any:
    """An integer when the text is one, else the text itself (so the message shows it)."""
    return int(value) if _INTEGER.fullmatch(value) else value


@dataclass(frozen=True)
class FormIntake:
    """The intake dict made of the answers, and where each entry came from."""

    data: dict[str, Any]
    pain_regions: tuple[str, ...]  # pain[i] came from this region's row
    issue_rows: tuple[int, ...]  # local_issues[i] came from this form row


def intake_dict(answers: Answers) -> FormIntake:
    """The contract's intake shape; empty optional fields are left out, so that
    `parse_intake` applies the contract's defaults and names missing ones."""
    data: dict[str, Any] = {"schema": "backrub.intake/1"}
    for name in ("giver", "minutes", "pressure"):
        value = getattr(answers, name)
        if value:
            data[name] = _number(value) if name == "minutes" else value
    pain_regions = answers.pain_regions()
    pain: list[dict[str, Any]] = []
    for region in pain_regions:
        entry: dict[str, Any] = {"region": region}
        if answers.intensity.get(region, ""):
            entry["intensity"] = _number(answers.intensity[region])
        if answers.weeks.get(region, ""):
            entry["weeks"] = _number(answers.weeks[region])
        pain.append(entry)
    data["pain"] = pain
    for name in LIST_FIELDS:
        data[name] = list(getattr(answers, name))
    rows = [i for i, (kind, region) in enumerate(answers.local_issues) if kind or region]
    data["local_issues"] = [_issue(*answers.local_issues[i]) for i in rows]
    return FormIntake(data, pain_regions, tuple(rows))


def _issue(kind: str, region: str) -> dict[str, str]:
    return {k: v for k, v in (("kind", kind), ("region", region)) if v}


_PATH = re.compile(r"(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<part>[a-z_]+))?")


def field_for(path: str, made: FormIntake) -> str:
    """The form field (its id) that holds the value at contract path `path`;
    "form" when the problem is not one field's."""
    match = _PATH.fullmatch(path)
    if not match:
        return "form"
    name, index, part = match["name"], match["index"], match["part"]
    if name == "pain" and index is not None and int(index) < len(made.pain_regions):
        region = made.pain_regions[int(index)]
        return f"{part}-{region}" if part in ("intensity", "weeks") else f"region-{region}"
    if name == "local_issues" and index is not None and int(index) < len(made.issue_rows):
        return f"issue_{part or 'kind'}-{made.issue_rows[int(index)]}"
    if name in (*LIST_FIELDS, "giver", "minutes", "pressure"):
        return name
    return "form"


def query_string(answers: Answers) -> str:
    """The answers as a query string for `/intake?...`, to change them later."""
    pairs: list[tuple[str, str]] = [("region", r) for r in answers.regions]
    for region in answers.pain_regions():
        for name, values in (("intensity", answers.intensity), ("weeks", answers.weeks)):
            if values.get(region):
                pairs.append((f"{name}-{region}", values[region]))
    pairs += [(n, getattr(answers, n)) for n in ("giver", "minutes", "pressure")]
    for name in LIST_FIELDS:
        pairs += [(name, value) for value in getattr(answers, name)]
    for i, (kind, region) in enumerate(answers.local_issues):
        if kind or region:
            pairs += [(f"issue_kind-{i}", kind), (f"issue_region-{i}", region)]
    if answers.no_red_flags:
        pairs.append(("no_red_flags", "yes"))
    return urlencode(pairs)


def answers_for(intake: Intake) -> Answers:
    """A saved intake as the intake form's answers: to show it again, filled in."""
    regions = tuple(entry.region for entry in intake.pain)
    return Answers(
        regions=regions,
        intensity={entry.region: str(entry.intensity) for entry in intake.pain},
        weeks={entry.region: str(entry.weeks) for entry in intake.pain},
        giver=intake.giver,
        minutes=str(intake.minutes),
        pressure=intake.pressure,
        causes=intake.causes,
        goals=intake.goals,
        tools=intake.tools,
        red_flags=intake.red_flags,
        conditions=intake.conditions,
        cleared=intake.cleared,
        local_issues=tuple((issue.kind, issue.region) for issue in intake.local_issues),
        no_red_flags=not intake.red_flags,
    )


def emergency_intake(answers: Answers) -> dict[str, Any] | None:
    """An intake of the emergency red flags alone, when any is ticked; else None.

    The safety step comes before the questions about the massage, so a yes that
    needs emergency help goes to the stop page at once: the verdict depends on
    the red flags alone, and the rest of the form need not be answered (nor be
    valid) first. The giver and minutes are placeholders the stop page never shows.
    """
    flags = [flag for flag in answers.red_flags if flag in EMERGENCY_RED_FLAGS]
    if not flags:
        return None
    return {"schema": "backrub.intake/1", "giver": "self", "minutes": 10, "red_flags": flags}
