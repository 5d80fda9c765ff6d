"""The tips' forms as plain values: a tip's body, and a moderator's decision.

Only the text is read here; what it may hold is `guides.markup.check_tip_body`'s and
`journal.tips`' to say, so the web and the API refuse the same things in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import FormData


def text(form: FormData, name: str) -> str:
    """A text field's value; a missing or a file field reads as empty."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class DecisionForm:
    decision: str  # approve or reject, as the button said
    reason: str


def decision_form(form: FormData) -> DecisionForm:
    return DecisionForm(decision=text(form, "decision"), reason=text(form, "reason"))
