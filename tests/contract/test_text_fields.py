"""Names and notes refuse what would make them read as something else: C0 and C1 control
characters (NUL included), and Unicode's direction embeddings, overrides and isolates.
A note may hold tab and newlines (LF, or CRLF as a browser sends a textarea); a name
nothing of the kind. Everything else is kept exactly as given."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.contract.records import PersonRecord, SessionRecord, load_journal
from backrub.contract.validation import ValidationError, check_text
from support.examples import fewer

DIRECTION = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
CONTROL = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
FORBIDDEN_IN_NAMES = [chr(c) for c in CONTROL + DIRECTION]
FORBIDDEN_IN_NOTES = [c for c in FORBIDDEN_IN_NAMES if c not in "\t\n\r"]
STARTED = datetime.datetime(2026, 1, 5, 19, tzinfo=datetime.UTC)


def _is_forbidden_in_name(char: str) -> bool:
    return ord(char) in CONTROL or ord(char) in DIRECTION


def _note_is_clean(text: str) -> bool:
    """The rule written out: no forbidden character, and a CR only right before an LF."""
    for i, char in enumerate(text):
        if char == "\r":
            if text[i + 1 : i + 2] != "\n":
                return False
        elif char not in "\t\n" and _is_forbidden_in_name(char):
            return False
    return True


def _message(char: str) -> str:
    return f"must not contain control or direction-changing characters (found U+{ord(char):04X})"


def _session(note: str) -> SessionRecord:
    return SessionRecord(
        id="s1",
        started=STARTED,
        ended=None,
        status="completed",
        giver="partner",
        plan={"schema": "backrub.plan/1"},
        note=note,
    )


# A twentieth of the profile (500 under `ci`): one small rule on text, and at the full
# 10,000 these four took about 115 s of CI's 2 cores, most of it drawing text.
SOME = settings(max_examples=fewer(20), deadline=None)


@SOME
@given(st.text(), st.sampled_from(FORBIDDEN_IN_NAMES), st.text())
def test_a_name_with_a_forbidden_character_is_refused_naming_the_field(
    before: str, bad: str, after: str
) -> None:
    name = before + bad + after
    first = next(c for c in name if _is_forbidden_in_name(c))
    with pytest.raises(ValidationError) as refused:
        PersonRecord(id="p1", name=name)
    assert (refused.value.path, refused.value.message) == ("name", _message(first))
    assert str(refused.value) == f"name: {_message(first)}"


@SOME
@given(st.text(alphabet=st.characters(exclude_categories=("Cc",)), min_size=1))
def test_a_name_without_one_is_kept_unchanged(name: str) -> None:
    name = "".join(c for c in name if ord(c) not in DIRECTION) or "x"
    assert PersonRecord(id="p1", name=name).name == name


@SOME
@given(st.text(), st.sampled_from(FORBIDDEN_IN_NOTES), st.text())
def test_a_note_with_a_forbidden_character_is_refused_naming_the_field(
    before: str, bad: str, after: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _session(before + bad + after)
    assert refused.value.path == "note"
    assert refused.value.message.startswith(
        "must not contain control or direction-changing characters (found U+"
    )


@SOME
@given(st.text())
def test_any_note_is_kept_unchanged_or_refused_as_the_rule_says(note: str) -> None:
    if _note_is_clean(note):
        assert _session(note).note == note
    else:
        with pytest.raises(ValidationError, match=r"^note: must not contain"):
            _session(note)


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        ("calm\nthen sleepy", True),
        ("calm\r\nthen\tsleepy", True),
        ("over\rwritten", False),  # a lone CR rewrites a terminal's line
        ("ring\a", False),
        ("\x1b[2J", False),
        ("nul\x00", False),
        ("next\x85line", False),  # C1's NEXT LINE
        ("fine\u202egnp.exe", False),
        ("isolate\u2068d", False),
        ("Zoë, 漢字, 👍, \u200d", True),
    ],
)
def test_notes_by_example(note: str, kept: bool) -> None:
    if kept:
        check_text("note", note, lines=True)
    else:
        with pytest.raises(ValidationError):
            check_text("note", note, lines=True)


def test_an_import_names_the_person_and_the_note_by_their_path() -> None:
    person = {"id": "p1", "name": "Sam\u2066", "sessions": []}
    document = {"schema": "backrub.journal/1", "people": [person]}
    with pytest.raises(ValidationError) as refused:
        load_journal(json.dumps(document))
    assert str(refused.value) == f"people[0].name: {_message(chr(0x2066))}"
    person["name"] = "Sam"
    person["sessions"] = [json.loads(json.dumps(_session("").to_dict()))]
    person["sessions"][0]["note"] = "ok\x1b[31m"
    with pytest.raises(ValidationError) as refused:
        load_journal(json.dumps(document))
    assert str(refused.value) == f"people[0].sessions[0].note: {_message(chr(0x1B))}"
