"""The intake wizard's shape: its steps, the step that holds each field, and the
question each field answers (for the error summary).

The order is a safety rule: the red-flag questions, and a clinician's clearance
of them (contract r2), come before anything about the massage itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrub.contract.ids import CLEARABLE
from backrub.knowledge import KnowledgeBase


@dataclass(frozen=True)
class WizardStep:
    """One step of the intake wizard: a section of the form, shown alone when JavaScript
    runs; without it the form shows every step at once."""

    number: int
    id: str  # the section's id
    title: str  # its heading
    short: str  # its name in the progress list


# The wizard only goes on once the safety questions are answered.
WIZARD_STEPS = (
    WizardStep(1, "step-where", "Where does it hurt?", "Where"),
    WizardStep(2, "step-safety", "Safety first", "Safety"),
    WizardStep(3, "step-massage", "Who and how long", "Massage"),
    WizardStep(4, "step-more", "Anything else?", "More"),
)
# The step holding each field (its id up to any "-"); "form" errors open the first.
FIELD_STEPS = {
    **dict.fromkeys(("region", "intensity", "weeks", "form"), 1),
    **dict.fromkeys(("red_flags", "no_red_flags", "conditions", "cleared"), 2),
    **dict.fromkeys(("giver", "minutes", "pressure", "tools"), 3),
    **dict.fromkeys(("causes", "goals", "issue_kind", "issue_region"), 4),
}


def step_of(field_id: str) -> int:
    """The wizard step whose section holds the form field `field_id`."""
    return FIELD_STEPS.get(field_id.partition("-")[0], 1)


_LABELS = {
    "giver": "Who gives the massage",
    "minutes": "How many minutes",
    "pressure": "The most pressure you want",
    "red_flags": "Safety questions",
    "conditions": "Health conditions",
    "cleared": "Cleared by a clinician",
    "causes": "What caused it",
    "goals": "What you want from it",
    "tools": "What you have at hand",
    "form": "Your answers",
}


def field_label(kb: KnowledgeBase, key: str) -> str:
    """The question a form field answers, in words, for the error summary."""
    name, _, suffix = key.partition("-")
    region = kb.regions[suffix].name if suffix in kb.regions else suffix
    if name == "intensity":
        return f"Pain now in the {region}"
    if name == "weeks":
        return f"Weeks of pain in the {region}"
    if name == "region":
        return f"Area: {region}"
    if name in ("issue_kind", "issue_region") and suffix.isdigit():
        part = "what" if name == "issue_kind" else "where"
        return f"Skin or lump {int(suffix) + 1}: {part}"
    return _LABELS.get(key, key)


def clearable_choices(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(id, label) of each answer a clinician can clear, in the order the form asks them:
    the red flags by their question, then the conditions by their name."""
    flags = [(f.id, f.question) for f in kb.red_flags.values() if f.id in CLEARABLE]
    conditions = [(c.id, c.name) for c in kb.conditions.values() if c.id in CLEARABLE]
    return flags + conditions
