"""The contract's vocabularies and rule tables, typed in from `docs/contract.md` (r2).

Nothing here is read from backrub's own data or code: a wrong table in the app
must not be able to hide itself by being copied into its checker.
"""

from __future__ import annotations

PLAN_SCHEMA = "backrub.plan/1"
VERDICTS = ("go", "modify", "see_clinician", "emergency")
STOPPED = ("see_clinician", "emergency")
URGENCIES = ("now", "today", "days")
SIDES = ("left", "right", "both")
MEDIA = ("oil", "lotion", "dry")
PRESSURE_RANK = {"light": 0, "moderate": 1, "firm": 2}
PRESSURES = tuple(PRESSURE_RANK)
REGIONS = (
    "shoulder_left",
    "shoulder_right",
    "upper_back_left",
    "upper_back_right",
    "mid_back_left",
    "mid_back_right",
    "lower_back_left",
    "lower_back_right",
    "spine",
)
SELF_UNREACHABLE = ("upper_back_left", "upper_back_right", "mid_back_left", "mid_back_right")
SIDE_REGIONS = tuple(region for region in REGIONS if region != "spine")
SELF_REACHABLE = tuple(region for region in SIDE_REGIONS if region not in SELF_UNREACHABLE)
LOWER_BACK = ("lower_back_left", "lower_back_right")
# The region table's muscles "between the shoulder blade and the spine" and on down: where
# pain at the spine is worked (invariant 4), so where its acute rule applies.
BESIDE_SPINE = (
    "upper_back_left",
    "upper_back_right",
    "mid_back_left",
    "mid_back_right",
    *LOWER_BACK,
)
# The muscles on both sides of the spine, through which its pain is worked (invariant 4).
SPINE_NEIGHBOURS = tuple(region for region in SIDE_REGIONS if not region.startswith("shoulder"))
BODY_PARTS = (
    "palms",
    "fingertips",
    "thumbs",
    "knuckles",
    "forearm",
    "cupped_hands",
    "hand_edges",
)

# --- red flags (each stops the plan) -----------------------------------------

EMERGENCY_FLAGS = (
    "bladder_bowel_change",
    "saddle_numbness",
    "both_legs_symptoms",
    "leg_weakness_worsening",
    "major_trauma",
    "chest_pain",
    "sexual_dysfunction_new",
)
SEE_CLINICIAN_FLAGS = (
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
    "worse_cough_sneeze_strain",
    "thoracic_pain_unwell",
)
# Pairs of see_clinician flags that together mean "the same day" (urgency `today`);
# `thoracic_pain_unwell` means the same day on its own.
SAME_DAY_PAIRS = (
    ("fever", "immunosuppressed"),
    ("fever", "iv_drug_use"),
    ("unexplained_weight_loss", "night_pain_at_rest"),
    ("cancer_history", "night_pain_at_rest"),
    ("cancer_history", "unexplained_weight_loss"),
)
SAME_DAY_ALONE = ("thoracic_pain_unwell",)

# --- conditions ----------------------------------------------------------------

SEE_CLINICIAN_CONDITIONS = ("dvt", "fracture", "recent_back_surgery", "cancer_treatment")
LIGHT_ONLY_CONDITIONS = ("anticoagulants", "bleeding_disorder", "low_platelets", "osteoporosis")
ONE_LEVEL_LOWER_CONDITIONS = ("diabetes", "older_adult", "fibromyalgia", "reduced_sensation")
PREGNANCY = "pregnancy"
OSTEOPOROSIS = "osteoporosis"
FIBROMYALGIA = "fibromyalgia"
SCIATICA = "sciatica_one_leg"
HYPERTENSION = "hypertension"  # r2: a note only, no change to the plan
NO_HEAT_CONDITIONS = ("diabetes", "reduced_sensation")
MODIFY_CONDITIONS = LIGHT_ONLY_CONDITIONS + (PREGNANCY,) + ONE_LEVEL_LOWER_CONDITIONS + (SCIATICA,)
CONDITIONS = SEE_CLINICIAN_CONDITIONS + MODIFY_CONDITIONS + (HYPERTENSION,)
# What a clinician may clear: the see_clinician flags but fever, and the
# see_clinician conditions (`cleared`, r2).
CLEARABLE = tuple(flag for flag in SEE_CLINICIAN_FLAGS if flag != "fever") + (
    SEE_CLINICIAN_CONDITIONS
)

# --- what is ruled out ---------------------------------------------------------

DEEP_TECHNIQUES = ("tapotement", "friction", "trigger_point")  # light-only, cleared, acute
PERCUSSION = "percussion_massager"
SHIATSU = "shiatsu_massager"
PREGNANCY_POSITIONS = ("side_lying", "seated")
FACE_DOWN = "face_down"
SIDE_LYING = "side_lying"
OSTEOPOROSIS_TOOLS = ("foam_roller", "massage_cane")
HEAT = "heat"
HEAT_PACK = "heat_pack"
HEAT_SECONDS = (600, 1200)
RECOMMENDED_MINUTES = (10, 20)

# Massage tools a `self` or `device` plan must use when allowed (invariant 9):
# what the intake lists beyond the skin media and the heat pack.
MASSAGE_TOOLS = (
    "massage_ball",
    "foam_roller",
    "massage_cane",
    "percussion_massager",
    "shiatsu_massager",
    "vibration_massager",
)
# Tools that work the upper and mid back on yourself; a ball or a cane held still
# gives light sustained pressure, so they can at any pressure (invariant 9, r2).
LIGHT_REACH_TOOLS = ("massage_ball", "massage_cane")
REACH_TOOLS = MASSAGE_TOOLS

# --- doses (invariant 12): seconds per region -----------------------------------

TECHNIQUE_DOSE = {
    "petrissage": (45, 180),
    "friction": (30, 120),
    "tapotement": (20, 60),
    "trigger_point": (30, 180),
    "myofascial_release": (90, 300),
    "vibration": (30, 180),
}
TOOL_DOSE = {PERCUSSION: (30, 120), SHIATSU: (60, 240)}
EFFLEURAGE_SECONDS = (30, 180)  # the whole step, whatever its regions

GENTLE_GOALS = ("relaxation", "sleep")
GENTLE_FORBIDDEN = ("trigger_point", "friction")
GENTLE_MAX_PAIN = 3

# --- shapes ------------------------------------------------------------------------

TOP_KEYS = ("schema", "verdict", "reasons", "warnings", "total_seconds", "steps")
REASON_KEYS = ("code", "message", "sources")
STEP_KEYS = (
    "n",
    "technique",
    "regions",
    "pressure",
    "seconds",
    "tool",
    "position",
    "side",
    "medium",
    "instructions",
    "cue",
    "why",
    "sources",
)
