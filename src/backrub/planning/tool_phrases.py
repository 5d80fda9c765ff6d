"""What a tool step says: a ball against a wall, a foam roller, a cane, each massager,
and a heat pack. None of it names a part of the hand that presses or says squeeze
(invariant 16): the tool does the work. `{where}` is the step's landmark.
"""

from __future__ import annotations

# (tool, technique) → how it is done, in the words of whoever holds the tool.
TOOL_MOVES = {
    ("massage_ball", "myofascial_release"): "Set the ball between the wall and the muscle. "
    "Lean back into it until you feel a broad, gentle pressure, then stay still "
    "and breathe; shift a little only as the spot eases.",
    ("massage_ball", "trigger_point"): "Bend and straighten your knees to roll the ball "
    "slowly over the muscle until you find a tender spot; lean in, hold still "
    "and breathe while it eases, then roll on to the next spot.",
    ("foam_roller", "myofascial_release"): "Set the roller across your back under the "
    "tight muscle. Lift your hips a little and roll slowly, about an inch a second, "
    "pausing where it feels tight.",
    ("foam_roller", "trigger_point"): "Roll slowly over the muscle until you "
    "find a tender spot; stop on it, rest there while it eases, then roll on.",
    ("massage_cane", "trigger_point"): "Hook the cane over your shoulder (or round your "
    "side for the lower back) and set its knob on the tender spot. Pull the "
    "other end gently to press, hold still while it eases, then release and move to the "
    "next spot.",
    ("massage_cane", "friction"): "Set the cane's knob on the tight spot and "
    "move the handle so the knob makes small slow circles, taking the skin with it.",
    ("shiatsu_massager", "petrissage"): "Set the massager on the muscle, never on "
    "the spine, and switch it on at its lowest setting. Let the rotating nodes knead, and "
    "every minute or so move it a hand's width along the muscle.",
    ("shiatsu_massager", "friction"): "At the lowest setting, hold the massager on the "
    "tight spot and let the nodes circle on it for a minute, then move it on.",
    ("vibration_massager", "vibration"): "Fit the broad, flat head if it has one and "
    "start at the lowest setting. Rest the massager flat on the muscle and glide it "
    "slowly, about a hand's width every few seconds.",
    ("percussion_massager", "tapotement"): "Fit the soft round (ball) head and switch on "
    "at the lowest speed before it touches the body. Glide it over the muscle, "
    "about an inch a second, never forcing it in, and lift it off before you switch it off.",
}
# Spoken at a tool step's start.
TOOL_CUES = {
    ("massage_ball", "myofascial_release"): "Lean into the ball on {where}; stay still and "
    "breathe.",
    ("massage_ball", "trigger_point"): "Roll the ball to a tender spot in {where}; hold "
    "still while it eases.",
    ("foam_roller", "myofascial_release"): "Roll slowly over {where}; pause where it is tight.",
    ("foam_roller", "trigger_point"): "Rest on the tender spot in {where} while it eases.",
    ("massage_cane", "trigger_point"): "Cane knob on the tender spot in {where}; pull "
    "gently and hold.",
    ("massage_cane", "friction"): "Small slow circles with the cane on {where}.",
    ("shiatsu_massager", "petrissage"): "Let the nodes knead {where}; move it every minute.",
    ("shiatsu_massager", "friction"): "Nodes on the tight spot in {where}; then move on.",
    ("vibration_massager", "vibration"): "Glide the massager slowly over {where}, low "
    "setting, no pushing.",
    ("percussion_massager", "tapotement"): "Float the massager over {where}, low speed, "
    "keep it moving.",
}


def tool_move(tool: str) -> str:
    """A tool's own way of working, for a technique the table has no words for: the
    first technique it lists."""
    return next((move for (owner, _), move in TOOL_MOVES.items() if owner == tool), "")


def tool_cue(tool: str, technique: str) -> str:
    found = TOOL_CUES.get((tool, technique))
    return found or next((cue for (owner, _), cue in TOOL_CUES.items() if owner == tool), "")


# Held near one spot, a motor heats and bruises the tissue: devices always move on.
KEEP_MOVING = "Keep it moving: never park it on one spot."
LOW_SPEED = "Stay on the lowest speed setting, never full speed."
OUT_OF_REACH = "If you cannot reach this area comfortably, have someone hold the massager."
HELPER_HANDS = "This part needs a helper's hands; these words are for them."

HEAT = {
    "partner": "Warm the pack as its instructions say and test it on the inside of your "
    "forearm. Wrap it in a thin towel and rest it on {where} without pressing, for about "
    "{minutes} minutes, on dry skin before any oil. Check their skin every few minutes and "
    "take it off if it turns red or feels too hot.",
    "self": "Warm the pack as its instructions say and test it on the inside of your "
    "forearm. Wrap it in a thin towel and rest it on {where} without pressing, for about "
    "{minutes} minutes, on dry skin before any oil. Check your skin every few minutes and "
    "take it off if it turns red or feels too hot.",
}
HEAT_CUE = "Warm pack on {where}, a towel between it and the skin, for about {minutes} minutes."
