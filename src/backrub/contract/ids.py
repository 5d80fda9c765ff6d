"""The contract's fixed vocabularies, as Literal types.

These are the ids of `docs/contract.md`; the knowledge base describes each one
and a test checks that the two agree. Kept apart from the models so that any
layer can name an id without importing anything else.
"""

from typing import Literal, get_args

Giver = Literal["self", "partner", "device"]
Pressure = Literal["light", "moderate", "firm"]
RegionId = Literal[
    "shoulder_left",
    "shoulder_right",
    "upper_back_left",
    "upper_back_right",
    "mid_back_left",
    "mid_back_right",
    "lower_back_left",
    "lower_back_right",
    "spine",
]
CauseId = Literal[
    "posture", "sedentary", "strain", "misalignment", "stress", "lifting", "standing", "unknown"
]
GoalId = Literal["relief", "relaxation", "mobility", "sleep", "circulation"]
ToolId = Literal[
    "oil",
    "lotion",
    "heat_pack",
    "massage_ball",
    "foam_roller",
    "massage_cane",
    "percussion_massager",
    "shiatsu_massager",
    "vibration_massager",
]
RedFlagId = Literal[
    "bladder_bowel_change",
    "saddle_numbness",
    "both_legs_symptoms",
    "leg_weakness_worsening",
    "major_trauma",
    "chest_pain",
    "sexual_dysfunction_new",  # r2
    "fever",
    "unexplained_weight_loss",
    "cancer_history",
    "night_pain_at_rest",
    "minor_trauma_with_osteoporosis",
    "steroid_long_term",
    "immunosuppressed",
    "iv_drug_use",
    "new_pain_under_20_or_over_50",
    "back_lump_or_deformity",
    "worse_cough_sneeze_strain",  # r2
    "thoracic_pain_unwell",  # r2
]
ConditionId = Literal[
    "dvt",
    "fracture",
    "recent_back_surgery",
    "cancer_treatment",
    "anticoagulants",
    "bleeding_disorder",
    "low_platelets",
    "osteoporosis",
    "pregnancy",
    "hypertension",
    "diabetes",
    "fibromyalgia",
    "older_adult",
    "sciatica_one_leg",  # r2
    "reduced_sensation",  # r2
]
LocalIssueKind = Literal[
    "wound", "burn", "rash", "bruise", "infection", "recent_injury", "varicose", "lump"
]
Verdict = Literal["go", "modify", "see_clinician", "emergency"]
Urgency = Literal["now", "today", "days"]  # r2: how soon a stopped plan's care is needed
Side = Literal["left", "right", "both"]  # r2: the side of the back a step works on
Medium = Literal["oil", "lotion", "dry"]  # r2: what is on the skin during a step
HandPart = Literal[
    "palms", "fingertips", "thumbs", "knuckles", "forearm", "cupped_hands", "hand_edges"
]

PRESSURES: tuple[Pressure, ...] = get_args(Pressure)
REGIONS: tuple[RegionId, ...] = get_args(RegionId)
GIVERS: tuple[Giver, ...] = get_args(Giver)
CAUSES: tuple[CauseId, ...] = get_args(CauseId)
GOALS: tuple[GoalId, ...] = get_args(GoalId)
TOOLS: tuple[ToolId, ...] = get_args(ToolId)
RED_FLAGS: tuple[RedFlagId, ...] = get_args(RedFlagId)
CONDITIONS: tuple[ConditionId, ...] = get_args(ConditionId)
LOCAL_ISSUE_KINDS: tuple[LocalIssueKind, ...] = get_args(LocalIssueKind)
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
URGENCIES: tuple[Urgency, ...] = get_args(Urgency)
SIDES: tuple[Side, ...] = get_args(Side)
MEDIA: tuple[Medium, ...] = get_args(Medium)
HAND_PARTS: tuple[HandPart, ...] = get_args(HandPart)

# The red flags whose verdict is `emergency` (the contract's table); the rest are
# `see_clinician`. The knowledge base says the same, and a test checks both agree.
EMERGENCY_RED_FLAGS: frozenset[str] = frozenset(
    {
        "bladder_bowel_change",
        "saddle_numbness",
        "both_legs_symptoms",
        "leg_weakness_worsening",
        "major_trauma",
        "chest_pain",
        "sexual_dysfunction_new",
    }
)

# r2: the ids a clinician may clear (`Intake.cleared`): the `see_clinician` red flags
# except `fever` (a fever is checked again, not cleared) and the conditions whose
# effect is `see_clinician`. The knowledge base says the same; a test checks both agree.
CLEARABLE_CONDITIONS: frozenset[str] = frozenset(
    {"dvt", "fracture", "recent_back_surgery", "cancer_treatment"}
)
CLEARABLE_RED_FLAGS: frozenset[str] = frozenset(RED_FLAGS) - EMERGENCY_RED_FLAGS - {"fever"}
CLEARABLE: frozenset[str] = CLEARABLE_RED_FLAGS | CLEARABLE_CONDITIONS

# Verdicts from least to most serious: screening keeps the most serious one.
VERDICT_RANK: dict[str, int] = {"go": 0, "modify": 1, "see_clinician": 2, "emergency": 3}
PRESSURE_RANK: dict[str, int] = {"light": 0, "moderate": 1, "firm": 2}
