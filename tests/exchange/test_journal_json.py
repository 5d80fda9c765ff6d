"""The export's text with values spliced in from JSON text (`journal_json.Splice`): each
text formatted once, and the document the same, byte for byte, as with the values in
place; nothing else in the document is ever taken for a placeholder."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import Splice, document_text, export_json
from support.journal_factories import SAMPLE_PLAN, make_session

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


class Spliced:
    """Where a test document has a value given as text."""

    def __init__(self, value: Any, spaced: bool) -> None:
        self.value = value
        # As msgspec writes it (the journal's own), or spaced as the standard library
        # spaces it ("a": 1, "b": 2), as older journals may hold a plan.
        text = _encoded(value)
        self.text = msgspec.json.format(text, indent=0) if spaced else text


def _encoded(value: Any) -> str:
    return msgspec.json.encode(value).decode()


trees = st.recursive(
    scalars | st.builds(Spliced, values, st.booleans()),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)


def _split(tree: Any, splice: Splice, texts: dict[str, str]) -> tuple[Any, Any]:
    """(the document with the values, the document with placeholders for them)"""
    if isinstance(tree, Spliced):
        key = f"k{len(texts)}"
        texts[key] = tree.text
        return tree.value, splice.placeholder(key)
    if isinstance(tree, list):
        pairs = [_split(item, splice, texts) for item in tree]
        return [a for a, _ in pairs], [b for _, b in pairs]
    if isinstance(tree, dict):
        split = {key: _split(item, splice, texts) for key, item in tree.items()}
        return {k: a for k, (a, _) in split.items()}, {k: b for k, (_, b) in split.items()}
    return tree, tree


@given(tree=st.dictionaries(st.text(max_size=5), trees, max_size=4))
def test_a_spliced_document_is_the_document_with_its_values(tree: dict[str, Any]) -> None:
    texts: dict[str, str] = {}
    splice = Splice(texts)
    whole, holed = _split(tree, splice, texts)
    assert splice.document_text(holed) == document_text(whole)


def test_one_text_stands_at_several_depths_and_places() -> None:
    plan = {**SAMPLE_PLAN, "nested": {"deeper": [1, {"x": "é"}], "empty": {}, "none": []}}
    texts = {"a": _encoded(plan)}
    splice = Splice(texts)
    holed = {
        "top": splice.placeholder("a"),
        "list": [splice.placeholder("a"), [splice.placeholder("a")]],
    }
    whole = {"top": plan, "list": [plan, [plan]]}
    assert splice.document_text(holed) == document_text(whole)


def test_a_journal_with_its_plans_spliced_is_the_journal_exported() -> None:
    sessions = tuple(make_session(plan=SAMPLE_PLAN) for _ in range(3))
    journal = Journal(people=(PersonRecord(id="p", name="Sam", sessions=sessions),))
    document = journal.to_dict()
    splice = Splice({"plan": _encoded(SAMPLE_PLAN)})
    for session in document["people"][0]["sessions"]:
        session["plan"] = splice.placeholder("plan")
    assert splice.document_text(document) == export_json(journal)


def test_no_string_of_the_document_is_taken_for_a_placeholder() -> None:
    """A note or name holding a placeholder's text, escaped or not, or another Splice's
    placeholder, stays as written: only this Splice's placeholders, quoted, are replaced."""
    splice = Splice({"k1": "[1,2]"})
    other = Splice({"k1": "[3]"})
    mine = splice.placeholder("k1")
    lookalikes = [
        other.placeholder("k1"),
        mine.replace("\x00", "\\u0000"),  # the text the document would show
        mine.replace("\x00", ""),
        mine + "x",
        "x" + mine,
        f'"{mine}"',
        f'"{mine}',  # after an escaped quote: `"\\"\\u0000...:k1"`
        f"\\{mine}",
        mine[1:],
    ]
    holed = {"plan": mine, "notes": lookalikes, mine[1:]: 1}
    whole = {"plan": [1, 2], "notes": lookalikes, mine[1:]: 1}
    assert splice.document_text(holed) == document_text(whole)


def test_each_splice_draws_its_own_placeholders() -> None:
    assert Splice({"a": "1"}).placeholder("a") != Splice({"a": "1"}).placeholder("a")


def test_a_placeholder_is_for_a_text_it_has() -> None:
    splice = Splice({"a": "1"})
    assert "a" in splice and "b" not in splice
    with pytest.raises(KeyError):
        splice.placeholder("b")


@pytest.mark.parametrize("key", ["", "a b", 'a"', "é", "a\\u0000"])
def test_a_key_is_letters_and_digits(key: str) -> None:
    with pytest.raises(ValueError, match="letters and digits"):
        Splice({key: "1"}).placeholder(key)
