"""The word tables a step's text is made from, by who does the work and with what.

Three voices: `partner` (the plan speaks to the giver, who works on "them"), `self`
(the person works on their own back) and `helper` (a device plan's hand work on an
area the person cannot reach: partner words for whoever helps). A step done with a
tool that is not a part of the body never mentions fingertips, thumbs, knuckles or
cupped hands, nor squeezing: a ball, a roller, a cane or a massager does neither.
Our own words, checked by `tests/planning/test_words.py`.
"""

from __future__ import annotations

from typing import Literal

Voice = Literal["partner", "self", "helper"]
Grip = Literal["hand", "tool", "device"]  # what meets the skin: the body, a tool, a motor

# --- where: landmarks a giver can find ---------------------------------------------

# Hands measure in thumb-widths; a step with a tool must not name a thumb.
GAP = {"hand": "two thumb-widths", "tool": "a few centimetres (about an inch)"}
LANDMARKS = {
    "shoulder": "the slope from the base of the neck out to the bony tip of the shoulder, "
    "behind the collarbone",
    "upper_back": "between the inner edge of the shoulder blade and the spine, {gap} out "
    "from the bumps of the spine",
    "mid_back": "below the shoulder blade, from {gap} beside the spine out over the ribs "
    "towards the side",
    "lower_back": "{gap} from the spine, between the lowest rib and the top of the pelvis",
}
# Long strokes run up the back: where they start and where they turn, by area.
STROKE_FROM = {
    "lower_back": "the top of the pelvis",
    "mid_back": "the lowest ribs",
    "upper_back": "the bottom of the shoulder blades",
    "shoulder": "the top of the shoulder blades",
}
STROKE_TO = {
    "shoulder": "the base of the neck, fan out over the tops of the shoulders",
    "upper_back": "the top of the shoulder blades",
    "mid_back": "the bottom of the shoulder blades",
    "lower_back": "the lowest ribs",
}

# --- pressure a giver can feel for -------------------------------------------------

PRESSURE_LABEL = {
    "light": "Light pressure",
    "moderate": "Moderate pressure",
    "firm": "Firm pressure",
}
_PRESSURE_FEEL = {
    ("light", "hand"): "the weight of a relaxed hand; the skin moves, the muscle underneath "
    "does not",
    ("light", "tool"): "let it press gently, no more than the weight of a relaxed hand; the "
    "skin moves, the muscle underneath does not",
    ("light", "device"): "let the massager rest under its own weight, no pushing; the skin "
    "moves, the muscle underneath does not",
    ("moderate", "hand"): "lean in until the muscle yields under your hand; it should feel "
    "pleasant, no more than 3 of 10 on tenderness",
    ("moderate", "tool"): "lean in until the muscle yields; it should feel pleasant, no more "
    "than 3 of 10 on tenderness",
    ("moderate", "device"): "let the head sink in just until the muscle yields; it should "
    "feel pleasant, no more than 3 of 10 on tenderness",
    ("firm", "hand"): "deep and slow, never above 7 of 10 on tenderness",
    ("firm", "tool"): "lean in deep and slow, never above 7 of 10 on tenderness",
    ("firm", "device"): "press in slowly, never above 7 of 10 on tenderness",
}
_FIRM_ASK = {
    "partner": "ask before going this deep, and ease off at once if they tense or hold "
    "their breath",
    "helper": "ask before going this deep, and ease off at once if they tense or hold their breath",
    "self": "go this deep only if it feels right, and ease off at once if you tense or "
    "hold your breath",
}


# Tapping is not leaning: its pressure is how hard the strikes land.
_TAPPING_FEEL = {
    "light": "the taps land like light rain; the skin moves, the muscle underneath does "
    "not, and nothing stings",
    "moderate": "the taps are felt in the muscle, pleasant, no more than 3 of 10, never "
    "stinging and never on bone",
    "firm": "brisk taps felt deep in the muscle, never above 7 of 10 and never on bone",
}


def pressure_words(pressure: str, grip: Grip, voice: Voice, technique: str = "") -> str:
    """'Moderate pressure: lean in until the muscle yields ...', always with its label, so a
    reader (and a test) can tell the levels apart."""
    feel = _PRESSURE_FEEL[pressure, grip]
    if technique == "tapotement" and grip == "hand":
        feel = _TAPPING_FEEL[pressure]
    words = f"{PRESSURE_LABEL[pressure]}: {feel}"
    if pressure == "firm":
        words += "; " + _FIRM_ASK[voice]
    return words + "."


# Asked at each new technique (and each new tool): pressure is the giver's to adjust.
CHECK_IN = {
    "partner": "Ask them: more or less?",
    "helper": "Ask them: more or less?",
    "self": "Check in with yourself: more or less?",
    "device": "Check how it feels: more or less?",
}

# --- set-up and where to stand -------------------------------------------------------

PARTNER_SETUP = {
    "face_down": "They lie face down on a firm bed, mat or couch, a pillow under the chest "
    "and a rolled towel under the ankles, forehead on a folded towel so the neck stays "
    "straight.",
    "seated": "They sit on a chair facing its back, leaning forward onto a pillow, feet "
    "flat on the floor.",
    "side_lying": "They lie on their {down} side first, a pillow under the head, knees "
    "bent with a pillow between them, hugging a pillow in front; you work the side that "
    "is up, their {up} side.",
}
PARTNER_STANCE = {
    "face_down": "Stand close at their {side}, feet apart and knees soft, so you lean "
    "with your body weight instead of pushing with your arms.",
    "seated": "Stand close behind them{toward}, feet apart and knees soft, and lean with "
    "your body weight instead of pushing with your arms.",
    "side_lying": "Kneel or stand close behind them, knees soft, and lean with your body "
    "weight instead of pushing with your arms.",
}
SELF_SIDE_LYING = (
    "Lie on your {down} side first, a pillow under your head and one between your bent "
    "knees; you work the side that is up, your {up} side."
)
TURN_OVER = {
    "partner": "Help them turn over onto their {down} side (the only turn), so their {up} "
    "side is up.",
    "self": "Turn over onto your {down} side (the only turn), so your {up} side is up.",
}
WALK_ROUND = "Walk round to their {side}: the {other} side is done."
SIDE_WORDS = {"left": "left side", "right": "right side"}  # "their left side"

# --- what the hands do, by voice ---------------------------------------------------

# (technique, hand part): a partner's hands (also a helper's). {where} is the landmark.
PARTNER_MOVES = {
    ("petrissage", "palms"): "With both hands on the muscle, press in with the "
    "heel of one hand and draw back with the fingers of the other, rolling the muscle "
    "between them like dough; move slowly along it.",
    ("petrissage", "fingertips"): "Pick up the muscle between your fingers and "
    "the heel of your hand, lift a little and let go; move along a hand's width at a time.",
    ("petrissage", "thumbs"): "Lift the muscle between thumb and fingers, squeeze "
    "gently and let go; move along a hand's width at a time.",
    ("friction", "thumbs"): "Find a tight spot. Press in with one thumb stacked on "
    "the other and move the skin over the muscle in small circles or short strokes across "
    "it; the skin moves with your thumb, it does not slide.",
    ("friction", "fingertips"): "Find a tight spot. Press in with two or three "
    "fingertips together, the other hand on top for support, and move the skin in small "
    "circles over the spot.",
    ("friction", "knuckles"): "Find a tight spot. Make a loose fist and press in "
    "with the flat of the middle knuckles, moving the skin in small slow circles.",
    ("trigger_point", "thumbs"): "Feel for a small tender knot. Lean in slowly "
    "through one thumb stacked on the other, hold still while it softens, then release "
    "slowly and stroke over it.",
    ("trigger_point", "knuckles"): "Feel for a small tender knot. Lean in slowly "
    "with the flat of a loose fist's middle knuckles, hold still while it softens, then "
    "release slowly.",
    ("trigger_point", "fingertips"): "Feel for a small tender knot. Lean in "
    "slowly with two fingertips, the other hand on top, hold still while it softens, then "
    "release slowly.",
    ("myofascial_release", "palms"): "On dry skin, rest both hands flat on the muscle, a "
    "hand's width apart. Lean in gently and let the hands drift apart to take up the "
    "slack; then wait, following the stretch as the tissue eases, and release slowly.",
    ("myofascial_release", "forearm"): "On dry skin, rest the flat of your forearm on "
    "the muscle, lean in gently and wait, following as the tissue eases; release slowly.",
    ("tapotement", "cupped_hands"): "Relax your wrists, cup your hands as if holding "
    "water and tap quickly and lightly on the fleshy muscle, letting the hands "
    "bounce off; keep moving and keep off bone.",
    ("tapotement", "hand_edges"): "Relax your wrists and tap quickly and lightly with the "
    "little-finger edges of loose hands on the fleshy muscle; keep off bone.",
    ("tapotement", "fingertips"): "Tap quickly and lightly with loose fingertips on the "
    "fleshy muscle, like rain; keep off bone.",
}
SPARE_HANDS = {
    "thumbs": "Spare your thumbs: keep one stacked on the other (or on your fingers) with "
    "the joint straight, and lean from your body; when they tire, use your knuckles or "
    "forearm instead.",
    "fingertips": "Keep the fingers together and straight, supported by the other hand, "
    "and lean from your body rather than pushing with the fingers.",
    "knuckles": "Keep the wrist straight behind the knuckles and lean from your body; "
    "knuckles feel sharper than thumbs, so build up slowly.",
}

# (technique, hand part, area): the person's own hands. Only shoulders and the lower
# back are in reach; the lower back is worked from behind, the shoulder across the chest.
SELF_MOVES = {
    ("effleurage", "palms", "shoulder"): "Reach across your chest and stroke with the flat "
    "of the opposite hand from the base of your neck out to the tip of the shoulder, then "
    "back.",
    ("effleurage", "palms", "lower_back"): "Put both hands flat behind you, one either "
    "side of the spine, and stroke slowly from the top of your pelvis up as far as you "
    "comfortably reach, then back down the sides.",
    ("effleurage", "palms", "lower_back_one_side"): "Put one hand flat behind you beside the "
    "spine and stroke slowly from the top of your pelvis up as far as you comfortably "
    "reach, then back down the side.",
    ("petrissage", "palms", "shoulder"): "Reach across with the opposite hand, take the "
    "muscle on top of the shoulder between the heel of the hand and the fingers, squeeze "
    "gently and let go, working from the neck out to the shoulder tip.",
    ("petrissage", "palms", "lower_back"): "Put your hands on your hips, fingers forward, "
    "and press the heels of your hands into the muscle beside the spine, circling slowly "
    "up and down between the top of the pelvis and the lowest rib.",
    ("petrissage", "fingertips", "shoulder"): "Reach across with the opposite hand and "
    "pick up the muscle on top of the shoulder between fingers and palm; squeeze gently, "
    "let go and move along from the neck to the shoulder tip.",
    ("friction", "fingertips", "shoulder"): "Reach across and press two or three "
    "fingertips together into the tight spot on top of the shoulder; move the skin in "
    "small circles over it.",
    ("friction", "knuckles", "lower_back"): "Make loose fists behind you and press the "
    "flat of the knuckles into the tight spot beside the spine; circle slowly, letting "
    "the skin move with them.",
    ("trigger_point", "fingertips", "shoulder"): "Reach across and press two fingertips "
    "slowly into the tender knot on top of the shoulder; hold still while it softens, "
    "then let go slowly.",
    ("trigger_point", "thumbs", "lower_back"): "Put your hands on your hips, thumbs "
    "behind, and press one thumb slowly into the tender spot beside the spine; hold still "
    "while it softens, then let go slowly.",
    ("myofascial_release", "palms", "shoulder"): "On dry skin, rest the flat of the "
    "opposite hand on top of the shoulder, lean the shoulder gently into it and wait, "
    "letting the tissue ease.",
    ("myofascial_release", "palms", "lower_back"): "On dry skin, rest both palms flat on "
    "the lower back, lean back gently into them and wait, letting the tissue ease.",
    ("tapotement", "fingertips", "shoulder"): "Reach across and tap lightly with loose "
    "fingertips on the fleshy top of the shoulder, keeping off the collarbone and the "
    "shoulder blade.",
}
