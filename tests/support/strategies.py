"""Hypothesis strategies for valid `backrub.intake/1` dicts.

The vocabularies are typed in from `docs/contract.md` (via the checker's
tables), not read from the app. Red flags are rare and stopping conditions
uncommon, so most generated intakes give a `go` or `modify` plan with steps.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from support.contract_checker import (
    EMERGENCY_FLAGS,
    MODIFY_CONDITIONS,
    PRESSURES,
    REGIONS,
    SEE_CLINICIAN_CONDITIONS,
    SEE_CLINICIAN_FLAGS,
)

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
CONDITIONS = SEE_CLINICIAN_CONDITIONS + MODIFY_CONDITIONS


def subsets(choices: tuple[str, ...], max_size: int | None = None) -> st.SearchStrategy[list[str]]:
    """Any subset of `choices`, in any order."""
    return st.lists(st.sampled_from(choices), unique=True, max_size=max_size)


def rarely(strategy: st.SearchStrategy[Any], percent: int, empty: Any) -> st.SearchStrategy[Any]:
    """`empty` most of the time; a draw of `strategy` about `percent` % of the time.

    Hypothesis favours the ends of a range, so the chance is a band in the middle.
    """
    return st.integers(0, 99).flatmap(
        lambda k: strategy if 30 <= k < 30 + percent else st.just(empty)
    )


weeks = st.one_of(st.integers(0, 60), st.integers(0, 60), st.integers(61, 2600))


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

conditions = st.one_of(
    subsets(MODIFY_CONDITIONS, max_size=4).filter(bool),
    subsets(MODIFY_CONDITIONS, max_size=4).filter(bool),
    subsets(MODIFY_CONDITIONS, max_size=4).filter(bool),
    subsets(CONDITIONS, max_size=4).filter(bool),
)


@st.composite
def intakes(draw: st.DrawFn) -> dict[str, Any]:
    """A valid intake dict; optional fields are sometimes left out."""
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
