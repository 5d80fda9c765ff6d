"""Screening: red flags, conditions and local issues → a verdict and what is allowed.

Pure: it reads the intake and the knowledge base and returns a value. The most
serious finding decides the verdict (emergency > see_clinician > modify > go);
everything found is listed as a reason, each with its sources, so a person sees
all of it and not just the first thing. A stopped verdict carries its urgency
(r2): `now` for an emergency, `today` for the flags that together mean the same
day, else `days`. What the plan may use is in `restrictions.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrub.contract.ids import VERDICT_RANK, RegionId, Urgency, Verdict
from backrub.contract.intake import Intake
from backrub.contract.plan import Reason
from backrub.knowledge import KnowledgeBase
from backrub.planning.restrictions import (
    Restrictions,
    acute_regions,
    drop,
    lower,
    restrictions_for,
)

__all__ = ["Restrictions", "Screening", "drop", "lower", "screen"]

# Red flags that, together, mean a clinician the same day rather than within a few
# days (the contract's urgency rule): a flag with any of its partners; a flag whose
# partners are empty needs the same day on its own.
SAME_DAY: tuple[tuple[str, frozenset[str]], ...] = (
    ("fever", frozenset({"immunosuppressed", "iv_drug_use"})),
    ("unexplained_weight_loss", frozenset({"night_pain_at_rest"})),
    ("cancer_history", frozenset({"night_pain_at_rest", "unexplained_weight_loss"})),
    ("thoracic_pain_unwell", frozenset()),
)

SAME_DAY_ADVICE = (
    "Get checked today, before any massage: see a GP or doctor the same day, or go to an "
    "urgent care centre or the emergency department (A&E, ER) if you cannot be seen today "
    "or you feel very unwell."
)
EMERGENCY_ADVICE = "Call the emergency number or go to the emergency department (A&E, ER) now."

CLEARED_MESSAGE = (
    "You said a clinician has looked at {what} and cleared massage. The plan relies "
    "on that clearance and stays gentle: light pressure only, no tapping, friction, knot "
    "pressure or massage gun, and no heat pack. Keep off any lump and the operated or "
    "treated area (list it as a local issue so the plan leaves it out). If anything "
    "changes, stop and ask the clinician again."
)
ACUTE_MESSAGE = (
    "The pain in the {where} started less than a week ago, so the plan only strokes lightly "
    "there: no "
    "deep or local work until it settles. In the first days, keep moving as normally as "
    "you can (short walks, everyday tasks), and warmth from a heat pack over a cloth for "
    "10-20 minutes helps many people, unless your feeling in the skin is dulled."
)
SHINGLES_MESSAGE = (
    "A painful rash (the {where}), especially a band of spots or blisters on one side of the "
    "back, can be shingles. See a GP, doctor or pharmacist within three days: treatment works best "
    "when it starts early. Leave the area alone until then."
)


@dataclass(frozen=True)
class Screening:
    """The verdict and everything behind it.

    `urgency` is set on stopped verdicts only (the plan's `urgency`); `advice` says
    who to see and how soon for those. `notes` are findings that change nothing in
    the plan (a `note` condition such as hypertension): the plan shows them as
    warnings.
    """

    verdict: Verdict
    reasons: tuple[Reason, ...]
    advice: str
    restrictions: Restrictions
    urgency: Urgency | None = None
    notes: tuple[Reason, ...] = ()

    @property
    def stopped(self) -> bool:
        return self.verdict in ("see_clinician", "emergency")


class _Findings:
    """Reasons and the verdict as screening builds them up."""

    def __init__(self) -> None:
        self.verdict: Verdict = "go"
        self.reasons: list[Reason] = []
        self.seeks: list[str] = []
        self.notes: list[Reason] = []

    def add(self, verdict: Verdict, reason: Reason, seek: str = "") -> None:
        if VERDICT_RANK[verdict] > VERDICT_RANK[self.verdict]:
            self.verdict = verdict
        self.reasons.append(reason)
        if seek:
            self.seeks.append(seek)


def screen(intake: Intake, kb: KnowledgeBase) -> Screening:
    found = _Findings()
    cleared = set(intake.cleared)
    flags = sorted(
        (kb.red_flags[flag_id] for flag_id in intake.red_flags),
        key=lambda flag: (-VERDICT_RANK[flag.verdict], flag.id),
    )
    for flag in flags:
        if flag.id in cleared:
            what = f'your answer to "{flag.question}"'
            found.add("modify", _cleared(flag.id, what, flag.sources))
        else:
            found.add(flag.verdict, Reason(flag.id, flag.message, flag.sources), flag.seek)

    conditions = [kb.conditions[c] for c in sorted(intake.conditions)]
    for condition in sorted(conditions, key=lambda c: c.effect != "see_clinician"):
        reason = Reason(condition.id, condition.message, condition.sources)
        if condition.id in cleared:
            found.add("modify", _cleared(condition.id, condition.name, condition.sources))
        elif condition.effect == "note":
            found.notes.append(reason)
        else:
            found.add(condition.effect, reason, condition.seek)

    _local_findings(intake, kb, found)
    acute = acute_regions(intake)
    if acute:
        entered = [entry.region for entry in intake.pain if entry.weeks == 0]
        message = ACUTE_MESSAGE.format(where=_names(kb, entered))
        sources = ("french-2006-heat", "acp-2017", "nhs-back-pain")
        found.add("modify", Reason("acute", message, sources, acute))

    urgency = _urgency(found.verdict, set(intake.red_flags))
    return Screening(
        verdict=found.verdict,
        reasons=tuple(found.reasons),
        advice=_advice(urgency, found.seeks),
        restrictions=restrictions_for(intake, kb),
        urgency=urgency,
        notes=tuple(found.notes),
    )


def _cleared(code: str, what: str, sources: tuple[str, ...]) -> Reason:
    message = CLEARED_MESSAGE.format(what=what)
    return Reason(f"{code}_cleared", message, tuple(dict.fromkeys(sources + ("nccih-massage",))))


def _local_findings(intake: Intake, kb: KnowledgeBase, found: _Findings) -> None:
    """A reason per local-issue kind, and the shingles prompt for a rash where it hurts."""
    issue_regions: dict[str, list[RegionId]] = {}
    for issue in intake.local_issues:
        regions = issue_regions.setdefault(issue.kind, [])
        if issue.region not in regions:
            regions.append(issue.region)
    for kind in sorted(issue_regions):
        rule = kb.local_issues[kind]
        found.add(
            "modify", Reason(kind, rule.message, rule.sources, tuple(sorted(issue_regions[kind])))
        )
    painful = {entry.region for entry in intake.pain}
    shingles = tuple(sorted(r for r in issue_regions.get("rash", ()) if r in painful))
    if shingles:
        message = SHINGLES_MESSAGE.format(where=_names(kb, shingles))
        found.add("modify", Reason("possible_shingles", message, ("nhs-shingles",), shingles))


def _names(kb: KnowledgeBase, regions: list[RegionId] | tuple[RegionId, ...]) -> str:
    """Region names in words: "lower back (right) and mid back (right)"."""
    names = [kb.regions[region].name for region in regions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _urgency(verdict: Verdict, flags: set[str]) -> Urgency | None:
    """How soon a stopped plan's care is needed. `flags` are all the listed red flags,
    cleared or not: a clearance of one flag does not make a dangerous pair safe."""
    if verdict == "emergency":
        return "now"
    if verdict != "see_clinician":
        return None
    for flag, partners in SAME_DAY:
        if flag in flags and (not partners or partners & flags):
            return "today"
    return "days"


def _advice(urgency: Urgency | None, seeks: list[str]) -> str:
    if urgency == "now":
        return seeks[0] if seeks else EMERGENCY_ADVICE
    if urgency == "today":
        return SAME_DAY_ADVICE
    if urgency == "days":
        return " ".join(dict.fromkeys(seeks))
    return ""
