"""Where the person lies or sits and where the giver stands, in words, as a plan goes
from step to step: a partner walks round once, a side-lying person turns over once
(on their left side first unless the first side worked is the left), and each set-up
is said when the position changes, not on every step."""

from __future__ import annotations

from backrub.knowledge import KnowledgeBase
from backrub.planning import phrases as ph
from backrub.planning.balance import Draft

OTHER_SIDE = {"left": "right", "right": "left"}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def orientation(
    kb: KnowledgeBase, partner: bool, draft: Draft, side: str, said: set[str]
) -> tuple[str, str]:
    """(set-up, turn): how to lie or sit and where to stand when the position changes;
    walking round or turning over when the worked side changes. `said` keeps the
    position ("position:seated"), which side the person lies on ("lying:left"), where
    the giver stands ("standing:right") and whether the stance was given ("stance")."""
    position = draft.position
    moved = f"position:{position}" not in said
    if moved:
        said.difference_update([item for item in said if item.startswith(_STATE)])
        said.add(f"position:{position}")
    # A heat pack needs no stance: the giver's stance comes with the first hands-on step.
    stance = partner and draft.technique != "heat" and "stance" not in said
    if stance:
        said.add("stance")
    if position == "side_lying":
        lying = "left" if "lying:left" in said else "right" if "lying:right" in said else ""
        return _side_lying(partner, side, moved, stance, lying, said)
    if not partner:
        entry = kb.positions[position]
        return (f"Position: {entry.name}. {_sentence(entry.how)}" if moved else ""), ""
    standing = "left" if "standing:left" in said else "right" if "standing:right" in said else ""
    # The giver stands where the hands work; a heat pack just lies there.
    stand = side if side in OTHER_SIDE and draft.technique != "heat" else ""
    setup = turn = ""
    if moved:
        setup = ph.PARTNER_SETUP.get(position, _sentence(kb.positions[position].how))
    if stance:
        toward = f" and a little to their {stand}" if stand else ""
        words = ph.PARTNER_STANCE.get(position, "")
        setup = " ".join(
            p
            for p in [setup, words.format(side=ph.SIDE_WORDS.get(stand, "side"), toward=toward)]
            if p
        )
    elif stand and standing and stand != standing:
        turn = ph.WALK_ROUND.format(side=ph.SIDE_WORDS[stand], other=standing)
    elif stand and not standing:
        turn = f"Stand at their {ph.SIDE_WORDS[stand]}."
    if stand:
        said.discard(f"standing:{standing}")
        said.add(f"standing:{stand}")
    return setup, turn


# What `said` holds about the set-up; a new position starts it afresh.
_STATE = ("position:", "lying:", "standing:", "stance")


def _side_lying(
    partner: bool, side: str, moved: bool, stance: bool, lying: str, said: set[str]
) -> tuple[str, str]:
    """The person lies on the side opposite the one worked: on their left side first
    (right side up) unless the first one-sided step works the left; they turn once."""
    down = OTHER_SIDE[side] if side in OTHER_SIDE else lying or "left"
    words = {"down": down, "up": OTHER_SIDE[down]}
    setup = turn = ""
    if moved:
        setup = (ph.PARTNER_SETUP["side_lying"] if partner else ph.SELF_SIDE_LYING).format(**words)
    elif lying and down != lying:
        turn = ph.TURN_OVER["partner" if partner else "self"].format(**words)
    if stance:
        setup = " ".join(p for p in [setup, ph.PARTNER_STANCE["side_lying"]] if p)
    said.discard(f"lying:{lying}")
    said.add(f"lying:{down}")
    return setup, turn
