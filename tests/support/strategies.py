"""Hypothesis strategies for valid `backrub.intake/1` dicts (contract revision 2).

The vocabularies are typed in from `docs/contract.md` (via the checker's
tables), not read from the app. Red flags are rare and stopping conditions
uncommon, so most generated intakes give a `go` or `modify` plan with steps.
Revision 2's cases are drawn on purpose, each in a share of the intakes: ids a
clinician has cleared (only valid combinations), acute pain (`weeks` 0), a rash
on a painful region, a heat pack (with or without what rules heat out) and
gentle goals with little pain.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from support.contract_checker import (
    CLEARABLE,
    CONDITIONS,
    EMERGENCY_FLAGS,
    MODIFY_CONDITIONS,
    PRESSURES,
    REGIONS,
    SEE_CLINICIAN_CONDITIONS,
    SEE_CLINICIAN_FLAGS,
)
from support.contract_checker.tables import SAME_DAY_ALONE, SAME_DAY_PAIRS

GIVERS = ("self", "partner", "device")
CAUSES = (
    "posture",
    "sedentary",
    "strain",
    "misalignment",
    "stress",
    "lifting",
    "standing",
    "unknown",
)
GOALS = ("relief", "relaxation", "mobility", "sleep", "circulation")
TOOLS = (
    "oil",
    "lotion",
    "heat_pack",
    "massage_ball",
    "foam_roller",
    "massage_cane",
    "percussion_massager",
    "shiatsu_massager",
    "vibration_massager",
)
LOCAL_ISSUE_KINDS = (
    "wound",
    "burn",
    "rash",
    "bruise",
    "infection",
    "recent_injury",
    "varicose",
    "lump",
)
RED_FLAGS = EMERGENCY_FLAGS + SEE_CLINICIAN_FLAGS


def subsets(
    choices: tuple[str, ...], max_size: int | None = None, min_size: int = 0
) -> st.SearchStrategy[list[str]]:
    """Any subset of `choices`, in any order."""
    return st.lists(st.sampled_from(choices), unique=True, min_size=min_size, max_size=max_size)


def rarely(strategy: st.SearchStrategy[Any], percent: int, empty: Any) -> st.SearchStrategy[Any]:
    """`empty` most of the time; a draw of `strategy` about `percent` % of the time.

    Hypothesis favours the ends of a range, so the chance is a band in the middle.
    """
    return st.integers(0, 99).flatmap(
        lambda k: strategy if 30 <= k < 30 + percent else st.just(empty)
    )


# Acute pain (`weeks` 0) is drawn on purpose in a share of intakes (`intakes`), so
# that it does not turn most plans into `modify` ones.
weeks = st.one_of(st.integers(1, 12), st.integers(1, 60), st.integers(61, 2600))


@st.composite
def pain_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    regions = draw(st.lists(st.sampled_from(REGIONS), unique=True, max_size=len(REGIONS)))
    return [
        {"region": region, "intensity": draw(st.integers(0, 10)), "weeks": draw(weeks)}
        for region in regions
    ]


local_issues = st.lists(
    st.fixed_dictionaries(
        {"kind": st.sampled_from(LOCAL_ISSUE_KINDS), "region": st.sampled_from(REGIONS)}
    ),
    min_size=1,
    max_size=4,
)

PLAN_CONDITIONS = (*MODIFY_CONDITIONS, "hypertension")  # the ones that leave a plan
conditions = st.one_of(
    subsets(PLAN_CONDITIONS, max_size=4, min_size=1),
    subsets(PLAN_CONDITIONS, max_size=4, min_size=1),
    subsets(PLAN_CONDITIONS, max_size=4, min_size=1),
    subsets(CONDITIONS, max_size=4, min_size=1),
)
GENTLE_GOALS = ("relaxation", "sleep")


def chance(draw: st.DrawFn, percent: int) -> bool:
    """True about `percent` % of the time (a band in the middle, as `rarely` explains)."""
    return 30 <= draw(st.integers(0, 99)) < 30 + percent


def _listed(intake: dict[str, Any], key: str, ids: list[str]) -> None:
    intake[key] = list(dict.fromkeys([*intake.get(key, []), *ids]))


@st.composite
def intakes(draw: st.DrawFn) -> dict[str, Any]:
    """A valid intake dict; optional fields are sometimes left out."""
    intake = draw(base_intakes())
    if chance(draw, 12):  # a clinician has cleared what would stop the plan
        ids = draw(subsets(CLEARABLE, max_size=2, min_size=1))
        _listed(intake, "red_flags", [i for i in ids if i in SEE_CLINICIAN_FLAGS])
        _listed(intake, "conditions", [i for i in ids if i in SEE_CLINICIAN_CONDITIONS])
    clearable = [
        i for i in intake.get("red_flags", []) + intake.get("conditions", []) if i in CLEARABLE
    ]
    if clearable and not chance(draw, 25):  # mostly all cleared, so plans get checked
        every = draw(st.booleans()) or draw(st.booleans())
        intake["cleared"] = clearable if every else draw(subsets(tuple(clearable)))
    if chance(draw, 3):  # flags that together mean the same day (urgency `today`)
        pair = draw(st.sampled_from([*SAME_DAY_PAIRS, *((flag,) for flag in SAME_DAY_ALONE)]))
        _listed(intake, "red_flags", list(pair))
        intake["cleared"] = [c for c in intake.get("cleared", []) if c not in pair]
    pain_regions = [entry["region"] for entry in intake.get("pain", [])]
    if pain_regions and chance(draw, 20):  # acute: under a week
        acute = draw(st.sampled_from(pain_regions))
        for entry in intake["pain"]:
            if entry["region"] == acute:
                entry["weeks"] = 0
    if pain_regions and chance(draw, 10):  # a rash where it hurts: possible shingles
        rash = {"kind": "rash", "region": draw(st.sampled_from(pain_regions))}
        intake["local_issues"] = [*intake.get("local_issues", []), rash]
    if chance(draw, 25):
        _listed(intake, "tools", ["heat_pack"])
    if chance(draw, 8):
        _make_gentle(draw, intake)
    return intake


def _make_gentle(draw: st.DrawFn, intake: dict[str, Any]) -> None:
    """Gentle goals only (relaxation, sleep) and little pain: invariant 18's case."""
    intake["goals"] = draw(subsets(GENTLE_GOALS, min_size=1))
    for entry in intake.get("pain", []):
        entry["intensity"] = min(entry["intensity"], 3)


@st.composite
def gentle_intakes(draw: st.DrawFn) -> dict[str, Any]:
    """Every intake `intakes()` draws, made gentle, so a test of gentle plans filters none."""
    intake = draw(intakes())
    _make_gentle(draw, intake)
    return intake


@st.composite
def base_intakes(draw: st.DrawFn) -> dict[str, Any]:
    """A valid revision-1 intake; optional fields are sometimes left out."""
    intake: dict[str, Any] = {
        "giver": draw(st.sampled_from(GIVERS)),
        "minutes": draw(st.one_of(st.integers(5, 60), st.integers(10, 20))),
    }
    optional: dict[str, Any] = {
        "schema": st.just("backrub.intake/1"),
        "pressure": st.sampled_from(PRESSURES),
        "pain": pain_lists(),
        "causes": subsets(CAUSES),
        "goals": subsets(GOALS),
        "tools": subsets(TOOLS),
        "red_flags": rarely(subsets(RED_FLAGS, max_size=3).filter(bool), 10, []),
        "conditions": rarely(conditions, 60, []),
        "local_issues": rarely(local_issues, 45, []),
    }
    for key, strategy in optional.items():
        # Pressure and pain matter most: include them nearly always.
        keep = draw(st.integers(0, 19)) > (0 if key in ("pressure", "pain") else 3)
        if keep:
            intake[key] = draw(strategy)
    return intake
