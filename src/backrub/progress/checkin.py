"""The weekly check-in's questions and how their answers are read and told back.

Pure data and pure functions: `backrub checkin` asks these on a terminal, and
anything else that asks them (a web form) can share the words and the scoring.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backrub.contract.records import CheckinRecord

PEG_QUESTIONS = (
    "Over the past week, what number describes your pain on average? "
    "(0 no pain, 10 as bad as you can imagine)",
    "Over the past week, how much did pain get in the way of enjoying life? "
    "(0 not at all, 10 completely)",
    "Over the past week, how much did pain get in the way of your usual activities? "
    "(0 not at all, 10 completely)",
)
SLEEP_QUESTION = "How well have you slept over the past week? (0 very badly, 10 very well)"
STRESS_QUESTION = "How stressed have you felt over the past week? (1 not at all, 5 extremely)"
RMDQ_OFFER = "Answer 24 yes/no questions on how your back limits you today?"
# The Roland-Morris Disability Questionnaire's 24 items, said plainly in our own words.
RMDQ_ITEMS = (
    "I am staying at home most of the day.",
    "I keep shifting position to find one that is comfortable.",
    "I walk more slowly than I normally do.",
    "I am not doing my usual jobs around the home.",
    "I need the handrail to get up the stairs.",
    "I lie down to rest more often than usual.",
    "I have to hold on to something to get up from a soft chair.",
    "I ask other people to do things for me.",
    "Getting dressed takes me longer than usual.",
    "I can only stand for short stretches.",
    "I try not to bend over or kneel.",
    "Getting up from a chair is hard.",
    "My back hurts nearly all the time.",
    "Turning over in bed is hard.",
    "I have less appetite because of the pain.",
    "Putting on socks or tights is hard.",
    "I only walk short distances.",
    "I sleep worse than usual.",
    "I need someone's help to get dressed.",
    "I spend most of the day sitting.",
    "I stay away from heavy work around the home.",
    "The pain makes me more irritable or short-tempered with people.",
    "I go up stairs more slowly than usual.",
    "I stay in bed most of the day.",
)


def parse_peg(value: str) -> tuple[int, int, int] | None:
    """`P,E,A` as three answers from 0 to 10; None when it is not that."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 3 or not all(part.isdigit() and int(part) <= 10 for part in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def rmdq_score(answers: Iterable[bool]) -> int:
    """The Roland-Morris score: how many of the 24 statements were answered yes."""
    return sum(answers)


def checkin_words(entry: CheckinRecord) -> str:
    """A check-in told back in one line: the PEG items, then whatever else was answered."""
    pain, enjoyment, activity = entry.peg
    words = [f"PEG {entry.peg_score:.1f} (pain {pain}, enjoyment {enjoyment}, activity {activity})"]
    if entry.sleep is not None:
        words.append(f"sleep {entry.sleep}/10")
    if entry.stress is not None:
        words.append(f"stress {entry.stress}/5")
    if entry.rmdq is not None:
        words.append(f"Roland-Morris {entry.rmdq}/24")
    return ", ".join(words)
