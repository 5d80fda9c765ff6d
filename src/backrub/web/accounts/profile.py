"""The profile, settings, and export-and-import pages, as typed data."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from backrub.contract.intake import Intake
from backrub.journal.transfer import ImportCounts
from backrub.knowledge import KnowledgeBase
from backrub.web.intake.forms import answers_for, query_string
from backrub.web.journal.lines import day_words, region_name

MAX_IMPORT_MEGABYTES = 20
GIVER_WORDS = {
    "partner": "a partner, with their hands",
    "self": "you, on yourself",
    "device": "an electric massager",
}


@dataclass(frozen=True)
class IntakeLine:
    """One answer of the saved intake, in words."""

    label: str
    value: str


@dataclass(frozen=True)
class ProfilePage:
    title: str
    name: str  # the name as stored
    name_answer: str  # as typed (kept when refused)
    kept: str  # a confirmation, or ""
    intake: tuple[IntakeLine, ...]  # empty without a saved intake
    change_url: str  # the intake form, filled in with the saved answers
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SettingsPage:
    title: str
    email: str
    since: str


@dataclass(frozen=True)
class ExportLink:
    format: str
    label: str
    url: str
    about: str


@dataclass(frozen=True)
class ExchangePage:
    title: str
    exports: tuple[ExportLink, ...]
    added: str  # what the last import added, in words, or ""
    max_megabytes: int
    errors: dict[str, str] = field(default_factory=dict)


PROFILE_TEMPLATES: dict[type, str] = {
    ProfilePage: "profile.html",
    SettingsPage: "settings.html",
    ExchangePage: "exchange.html",
}


def _names(table: Mapping[str, object], ids: tuple[str, ...]) -> str:
    names = [str(getattr(table.get(i), "name", i.replace("_", " "))) for i in ids]
    return ", ".join(names) or "none"


def intake_lines(kb: KnowledgeBase, intake: Intake) -> tuple[IntakeLine, ...]:
    """The saved answers as the person gave them, one line a question."""
    pain = "; ".join(
        f"{region_name(kb, p.region)}: {p.intensity} of 10, for {p.weeks} "
        f"week{'s' if p.weeks != 1 else ''}"
        for p in intake.pain
    )
    issues = "; ".join(
        f"{_names(kb.local_issues, (i.kind,))} on the {region_name(kb, i.region)}"
        for i in intake.local_issues
    )
    flags = "; ".join(kb.red_flags[f].question for f in intake.red_flags if f in kb.red_flags)
    return (
        IntakeLine("Where it hurts", pain or "nowhere: a massage to relax"),
        IntakeLine("Who gives the massage", GIVER_WORDS.get(intake.giver, intake.giver)),
        IntakeLine("How long", f"{intake.minutes} minutes"),
        IntakeLine("The most pressure", intake.pressure),
        IntakeLine("What caused it", _names(kb.causes, intake.causes)),
        IntakeLine("What you want from it", _names(kb.goals, intake.goals)),
        IntakeLine("What you have at hand", _names(kb.tools, intake.tools)),
        IntakeLine("Health conditions", _names(kb.conditions, intake.conditions)),
        IntakeLine("Warning signs you said yes to", flags or "none"),
        IntakeLine("Skin or lumps to keep away from", issues or "none"),
    )


def profile_page(
    kb: KnowledgeBase,
    *,
    name: str,
    intake: Intake | None,
    name_answer: str | None = None,
    kept: bool = False,
    errors: dict[str, str] | None = None,
) -> ProfilePage:
    change_url = "/intake"
    if intake is not None:
        change_url += "?" + query_string(answers_for(intake))
    return ProfilePage(
        title="Your profile",
        name=name,
        name_answer=name if name_answer is None else name_answer,
        kept=f"Your name is now {name}." if kept else "",
        intake=intake_lines(kb, intake) if intake is not None else (),
        change_url=change_url,
        errors=errors or {},
    )


def settings_page(*, email: str, created: datetime.datetime) -> SettingsPage:
    return SettingsPage(title="Settings", email=email, since=day_words(created.date()))


EXPORTS = (
    ExportLink(
        "json",
        "Journal (JSON)",
        "/export.json",
        "backrub's own format (backrub.journal/1): import it here again, or with backrub import.",
    ),
    ExportLink("csv", "Sessions (CSV)", "/export.csv", "A spreadsheet: one row per session."),
    ExportLink(
        "checkins-csv", "Check-ins (CSV)", "/export.checkins.csv", "One row per weekly check-in."
    ),
    ExportLink(
        "measurements-csv",
        "Every number (CSV)",
        "/export.measurements.csv",
        "One row per rating or score, with its date: the long view for your own charts.",
    ),
    ExportLink(
        "fhir",
        "Health record (FHIR R4)",
        "/export.fhir.json",
        "An HL7 FHIR R4 bundle of your ratings and check-ins, for a health record.",
    ),
)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def exchange_page(
    *, added: ImportCounts | None = None, errors: dict[str, str] | None = None
) -> ExchangePage:
    words = ""
    if added is not None:
        words = (
            f"Added {_plural(added.people, 'person', 'people')}, "
            f"{_plural(added.sessions, 'session', 'sessions')} and "
            f"{_plural(added.checkins, 'check-in', 'check-ins')}."
        )
        if not added.total:
            words += " Everything in the file was already in your journal."
    return ExchangePage(
        title="Export and import",
        exports=EXPORTS,
        added=words,
        max_megabytes=MAX_IMPORT_MEGABYTES,
        errors=errors or {},
    )
