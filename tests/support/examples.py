"""Example counts for Hypothesis tests whose examples are slow.

tests/conftest.py loads a profile: `dev` (200 examples a test) or `ci` (10,000). A
test whose one example costs as much as many ordinary ones would make `ci` take
minutes, so it asks for `fewer(divisor)` and says in a comment why it is slow; its
count still grows and shrinks with the profile.
"""

from __future__ import annotations

from hypothesis import settings

MINIMUM = 10  # below this a property test checks too little to be worth its time


def fewer(divisor: int) -> int:
    """The loaded profile's example count divided by `divisor`, and at least MINIMUM.

    Call it where the test is defined (in `@settings(...)`): conftest has loaded the
    profile by then."""
    return max(settings.default.max_examples // divisor, MINIMUM)
