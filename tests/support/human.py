"""The check that a sender is a person, done as the widget does it: fetch a challenge
from the app and solve it with the `altcha` package, for tests that post forms."""

from __future__ import annotations

import altcha

from support.web import TestClient


def solve_challenge(client: TestClient) -> str:
    """A solved payload for the form's `altcha` field, good once for ten minutes."""
    answer = client.get("/altcha/challenge")
    assert answer.status_code == 200, answer.text
    challenge = altcha.Challenge.from_dict(answer.json())
    solution = altcha.solve_challenge(challenge)
    assert solution is not None
    return str(altcha.Payload(challenge, solution).to_base64())
