"""The intake questions in the terminal: numbered choices, sensible defaults.

Returns the intake as contract JSON (a dict) so that it goes through the same
validation as a file. A wrong answer is explained and asked again; running out
of input (a pipe, no terminal) raises EOFError, which the CLI reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console

from backrub.contract.ids import (
    CLEARABLE,
    CONDITIONS,
    GIVERS,
    LOCAL_ISSUE_KINDS,
    PRESSURES,
    RED_FLAGS,
    REGIONS,
)
from backrub.knowledge import KnowledgeBase, load

Ask = Callable[[str], str]

BACK_MAP = """\
        Your back, seen from behind
   ┌──────────────┬─┬──────────────┐
   │ 1 left       │ │ 2 right      │  shoulders
   │   shoulder   │ │   shoulder   │
   ├──────────────┤9├──────────────┤
   │ 3 upper back │s│ 4 upper back │  between the shoulder blades
   │   left       │p│   right      │
   ├──────────────┤i├──────────────┤
   │ 5 mid back   │n│ 6 mid back   │  below the shoulder blades
   │   left       │e│   right      │
   ├──────────────┤ ├──────────────┤
   │ 7 lower back │ │ 8 lower back │  lowest rib to the hip bone
   │   left       │ │   right      │
   └──────────────┴─┴──────────────┘"""

GIVER_WORDS = {
    "self": "Myself, with my hands or tools",
    "partner": "A partner, with their hands",
    "device": "An electric massager",
}


class Interview:
    def __init__(self, out: Console, ask: Ask, kb: KnowledgeBase) -> None:
        self.out = out
        self.ask_line = ask
        self.kb = kb

    def say(self, text: str) -> None:
        self.out.print(text, markup=False, highlight=False)

    def ask(self, question: str, default: str = "") -> str:
        shown = f"{question} [{default}]: " if default else f"{question}: "
        answer = self.ask_line(shown).strip()
        return answer or default

    def one(
        self, question: str, options: Sequence[str], labels: Sequence[str], default: int
    ) -> str:
        self.say(question)
        for number, label in enumerate(labels, 1):
            self.say(f"  {number}. {label}")
        while True:
            answer = self.ask("Choose a number", str(default))
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
            self.say(f"Please type a number from 1 to {len(options)}.")

    def many(self, question: str, options: Sequence[str], labels: Sequence[str]) -> list[str]:
        self.say(question)
        for number, label in enumerate(labels, 1):
            self.say(f"  {number}. {label}")
        while True:
            answer = self.ask("Numbers separated by commas, or Enter for none")
            chosen = parse_numbers(answer, len(options))
            if chosen is not None:
                return [options[number - 1] for number in chosen]
            self.say(f"Please type numbers from 1 to {len(options)}, like 1,3.")

    def number(self, question: str, low: int, high: int, default: int) -> int:
        while True:
            answer = self.ask(question, str(default))
            if answer.isdigit() and low <= int(answer) <= high:
                return int(answer)
            self.say(f"Please type a whole number from {low} to {high}.")


def parse_numbers(answer: str, count: int) -> list[int] | None:
    """'1, 3 4' → [1, 3, 4]; None when any part is not a number from 1 to count."""
    parts = answer.replace(",", " ").split()
    if not all(part.isdigit() and 1 <= int(part) <= count for part in parts):
        return None
    return sorted({int(part) for part in parts})


def ask_intake(ask: Ask | None = None, out: Console | None = None) -> dict[str, Any]:
    out = out or Console(highlight=False)
    kb = load()
    interview = Interview(out, ask or out.input, kb)
    say = interview.say
    say("Let's plan today's back massage. Press Enter to take the answer in [brackets].\n")
    giver = interview.one(
        "Who gives the massage?", GIVERS, [GIVER_WORDS[g] for g in GIVERS], default=2
    )
    say("\n" + BACK_MAP)
    regions = interview.many(
        "Where does it hurt? (9 is the spine itself)",
        REGIONS,
        [kb.regions[r].name for r in REGIONS],
    )
    pain = []
    for region in regions:
        name = kb.regions[region].name
        intensity = interview.number(f"How much does the {name} hurt, 0 (none) to 10?", 0, 10, 5)
        weeks = interview.number(
            "For how many weeks has it hurt (0 if it started less than a week ago)?", 0, 2600, 1
        )
        pain.append({"region": region, "intensity": intensity, "weeks": weeks})
    say("\nSome safety questions. Answer honestly: they decide whether massage is safe today.")
    red_flags = interview.many(
        "Do any of these apply to you right now?",
        RED_FLAGS,
        [kb.red_flags[f].question for f in RED_FLAGS],
    )
    conditions = interview.many(
        "Do any of these apply to you?", CONDITIONS, [kb.conditions[c].name for c in CONDITIONS]
    )
    cleared = ask_cleared(interview, red_flags + conditions)
    kinds = interview.many(
        "Is there anything on or under the skin of your back to leave alone?",
        LOCAL_ISSUE_KINDS,
        [kb.local_issues[k].name for k in LOCAL_ISSUE_KINDS],
    )
    local_issues = []
    for kind in kinds:
        name = kb.local_issues[kind].name.lower()
        for region in interview.many(
            f"Where is the {name}?", REGIONS[:-1], [kb.regions[r].name for r in REGIONS[:-1]]
        ):
            local_issues.append({"kind": kind, "region": region})
    say("")
    minutes = interview.number("How many minutes do you have (5 to 60; 10-20 is ideal)?", 5, 60, 15)
    pressure = interview.one(
        "How much pressure do you like at most?", PRESSURES, list(PRESSURES), default=2
    )
    causes = interview.many(
        "What do you think set it off?", list(kb.causes), [c.name for c in kb.causes.values()]
    )
    goals = interview.many(
        "What do you want from it?", list(kb.goals), [g.name for g in kb.goals.values()]
    )
    tool_ids = [t.id for t in kb.tools.values() if t.kind != "hand"]
    tools = interview.many(
        "What do you have at hand?", tool_ids, [kb.tools[t].name for t in tool_ids]
    )
    say("")
    return {
        "schema": "backrub.intake/1",
        "giver": giver,
        "minutes": minutes,
        "pressure": pressure,
        "pain": pain,
        "causes": causes,
        "goals": goals,
        "tools": tools,
        "red_flags": red_flags,
        "conditions": conditions,
        "local_issues": local_issues,
        **({"cleared": cleared} if cleared else {}),
    }


def ask_cleared(interview: Interview, answered: list[str]) -> list[str]:
    """Which of the answers a clinician has already checked and cleared for massage.

    Asked only for answers that can be cleared (contract r2): an emergency sign,
    a fever or a condition that only changes the plan is never offered.
    """
    clearable = [answer for answer in answered if answer in CLEARABLE]
    if not clearable:
        return []
    kb = interview.kb

    def label(answer: str) -> str:
        if answer in kb.conditions:
            return kb.conditions[answer].name
        return kb.red_flags[answer].question

    return interview.many(
        "\nA doctor, nurse or physiotherapist who has looked at these can clear massage. "
        "Has one checked and told you massage is fine, for any of them?",
        clearable,
        [label(answer) for answer in clearable],
    )
