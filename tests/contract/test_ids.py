"""Every id `docs/contract.md` lists exists in the knowledge base and the intake model.

The ids are parsed from the contract's markdown (its tables and id lists), so
adding an id to the contract without adding it to the app fails here. The
parse itself is checked too: each list must come out with at least the ids the
contract has today, so a parse that silently finds nothing fails.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from backrub.contract import ids
from backrub.contract.intake import parse_intake
from backrub.contract.validation import ValidationError
from backrub.knowledge import load
from support.intakes import CONTRACT_PATH, make_intake

TEXT = CONTRACT_PATH.read_text(encoding="utf-8")
TICKED = re.compile(r"`([a-z][a-z0-9_]*)`")


def section(heading: str) -> str:
    """The text under a `##` heading, up to the next `##` heading."""
    match = re.search(rf"^## {re.escape(heading)}[^\n]*\n(.*?)(?=^## |\Z)", TEXT, re.M | re.S)
    assert match, f"contract.md has no section {heading!r}"
    return match.group(1)


def table_after(text: str, label: str) -> list[list[str]]:
    """The data rows (cells) of the first markdown table at or after `label`."""
    start = text.find(label)
    assert start >= 0, f"contract.md: no {label!r}"
    rows: list[list[str]] = []
    for line in text[start:].splitlines():
        stripped = line.strip()
        if not stripped.startswith("|"):
            if rows:
                break
            continue
        # Cells split on pipes that are not escaped (`a` \| `b` is one cell).
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", stripped.strip("|"))]
        if all(set(cell) <= set("-: ") for cell in cells):
            continue  # the separator row
        rows.append(cells)
    assert len(rows) >= 2, f"contract.md: no table after {label!r}"
    return rows[1:]  # without the header


def ticked(cell: str) -> list[str]:
    return TICKED.findall(cell)


def intake_field_row(name: str) -> str:
    for cells in table_after(section("Intake"), "| field |"):
        if ticked(cells[0]) == [name]:
            return " | ".join(cells[1:])
    raise AssertionError(f"contract.md: the intake table has no row for {name!r}")


def _after(text: str, marker: str) -> str:
    assert marker in text, f"contract.md: no {marker!r} in {text!r}"
    return text.split(marker, 1)[1]


# --- the ids, parsed -----------------------------------------------------------

REGIONS = [i for cells in table_after(section("Region ids"), "| id |") for i in ticked(cells[0])]
GIVERS = ticked(intake_field_row("giver"))
PRESSURES = ticked(intake_field_row("pressure"))
CAUSES = ticked(_after(intake_field_row("causes"), "ids:"))
GOALS = ticked(_after(intake_field_row("goals"), "ids:"))
TOOLS = ticked(_after(intake_field_row("tools"), "ids:"))
LOCAL_ISSUE_KINDS = ticked(_after(intake_field_row("local_issues"), "kinds:"))


def _verdict_table(label: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for cells in table_after(section("Intake"), label):
        # The verdict or effect opens the second cell: `modify`: light pressure ...,
        # after an *r2* mark if the row is revision 2's. "no change to the plan" is a
        # condition that only adds a note (the knowledge base's effect "note").
        effect = re.sub(r"^\*r2\*\s*", "", cells[1])
        opening = re.match(r"`([a-z_]+)`", effect)
        verdict = opening.group(1) if opening else ""
        if not opening and effect.startswith("no change to the plan"):
            verdict = "note"
        assert verdict, f"contract.md: row {cells} does not open with a verdict"
        for id_ in ticked(cells[0]):
            table[id_] = verdict
    return table


RED_FLAGS = _verdict_table("Red flags")
CONDITIONS = _verdict_table("Conditions:")

_PLAN = section("Plan")
_TECHNIQUE_LINE = _after(_PLAN, "Technique ids:").split("\n", 1)[0]
# Ids before "and more where the knowledge base adds them" are promised; the
# ones after are examples of extensions.
# Words in brackets describe an id (`heat` is "only in `before`"); they name none.
TECHNIQUES = ticked(re.sub(r"\([^)]*\)", "", _TECHNIQUE_LINE.split("and more", 1)[0]))
HAND_PARTS = [
    i for i in ticked(_after(_PLAN, "names what does the work:").split("\n", 1)[0]) if i != "tool"
]
# Each verdict is written as `id` (what it means).
VERDICTS = re.findall(r"`([a-z_]+)` \(", _after(_PLAN, "Verdicts:").split("\n", 1)[0])


PARSED = {
    "regions": (REGIONS, 9),
    "givers": (GIVERS, 3),
    "pressures": (PRESSURES, 3),
    "causes": (CAUSES, 8),
    "goals": (GOALS, 5),
    "tools": (TOOLS, 9),
    "local_issue_kinds": (LOCAL_ISSUE_KINDS, 8),
    "red_flags": (list(RED_FLAGS), 19),
    "conditions": (list(CONDITIONS), 15),
    "techniques": (TECHNIQUES, 7),
    "hand_parts": (HAND_PARTS, 7),
    "verdicts": (VERDICTS, 4),
}


@pytest.mark.parametrize("name", list(PARSED))
def test_the_contract_parse_finds_each_list(name: str) -> None:
    ids, at_least = PARSED[name]
    assert len(ids) >= at_least, f"{name}: parsed only {ids}"
    assert len(set(ids)) == len(ids), f"{name}: parsed duplicates {ids}"


def test_the_parse_reads_known_rows() -> None:
    """Spot checks that the parse reads the right cells."""
    assert "spine" in REGIONS and "lower_back_left" in REGIONS
    assert RED_FLAGS["chest_pain"] == "emergency"
    assert RED_FLAGS["fever"] == "see_clinician"
    assert CONDITIONS["dvt"] == "see_clinician"
    assert CONDITIONS["pregnancy"] == "modify"
    assert CONDITIONS["hypertension"] == "note"
    assert CONDITIONS["sciatica_one_leg"] == "modify"
    assert RED_FLAGS["sexual_dysfunction_new"] == "emergency"
    assert "effleurage" in TECHNIQUES and "vibration" not in TECHNIQUES
    assert "palms" in HAND_PARTS and "hand_edges" in HAND_PARTS
    assert set(VERDICTS) == {"go", "modify", "see_clinician", "emergency"}


# --- each id exists in the knowledge base --------------------------------------

KB_TABLES = [
    ("regions", REGIONS),
    ("causes", CAUSES),
    ("goals", GOALS),
    ("tools", TOOLS),
    ("tools", HAND_PARTS),
    ("local_issues", LOCAL_ISSUE_KINDS),
    ("red_flags", list(RED_FLAGS)),
    ("conditions", list(CONDITIONS)),
    ("techniques", TECHNIQUES),
]


@pytest.mark.parametrize(
    ("table", "id_"),
    [pytest.param(table, id_, id=f"{table}:{id_}") for table, ids in KB_TABLES for id_ in ids],
)
def test_the_knowledge_base_describes_the_id(table: str, id_: str) -> None:
    assert id_ in getattr(load(), table), f"knowledge base lacks {table} {id_!r}"


@pytest.mark.parametrize("flag", list(RED_FLAGS))
def test_the_knowledge_base_gives_each_red_flag_the_contract_verdict(flag: str) -> None:
    assert load().red_flags[flag].verdict == RED_FLAGS[flag]


@pytest.mark.parametrize("condition", list(CONDITIONS))
def test_the_knowledge_base_gives_each_condition_the_contract_effect(condition: str) -> None:
    assert load().conditions[condition].effect == CONDITIONS[condition]


def test_the_clearable_ids_are_the_contracts() -> None:
    """`cleared` takes see_clinician red flags (not fever) and see_clinician conditions."""
    row = intake_field_row("cleared")
    assert "`see_clinician` red flags or conditions" in row and "`fever`" in row
    flags = {i for i, verdict in RED_FLAGS.items() if verdict == "see_clinician"} - {"fever"}
    conditions = {i for i, effect in CONDITIONS.items() if effect == "see_clinician"}
    assert ids.CLEARABLE == flags | conditions
    assert ids.EMERGENCY_RED_FLAGS == {i for i, v in RED_FLAGS.items() if v == "emergency"}


def test_the_face_down_and_pregnancy_positions_exist() -> None:
    positions = load().positions
    for position in ("face_down", "side_lying", "seated"):
        assert position in positions


# --- each id is accepted by the intake model -----------------------------------


def _intake_with(field: str, id_: str) -> dict[str, Any]:
    if field in ("giver", "pressure"):
        return make_intake(**{field: id_})
    if field == "region":
        return make_intake(
            pain=[{"region": id_, "intensity": 5, "weeks": 1}],
            local_issues=[{"kind": "bruise", "region": id_}],
        )
    if field == "kind":
        return make_intake(local_issues=[{"kind": id_, "region": "shoulder_left"}])
    return make_intake(**{field: [id_]})


INTAKE_FIELDS = [
    ("giver", GIVERS),
    ("pressure", PRESSURES),
    ("region", REGIONS),
    ("causes", CAUSES),
    ("goals", GOALS),
    ("tools", TOOLS),
    ("kind", LOCAL_ISSUE_KINDS),
    ("red_flags", list(RED_FLAGS)),
    ("conditions", list(CONDITIONS)),
]


@pytest.mark.parametrize(
    ("field", "id_"),
    [pytest.param(field, id_, id=f"{field}:{id_}") for field, ids in INTAKE_FIELDS for id_ in ids],
)
def test_the_intake_model_accepts_the_id(field: str, id_: str) -> None:
    intake = parse_intake(_intake_with(field, id_))
    as_dict = intake.to_dict()
    if field in ("giver", "pressure"):
        assert as_dict[field] == id_
    elif field == "region":
        assert as_dict["pain"][0]["region"] == id_
    elif field == "kind":
        assert as_dict["local_issues"][0]["kind"] == id_
    else:
        assert as_dict[field] == [id_]


@pytest.mark.parametrize(("field", "_ids"), INTAKE_FIELDS)
def test_the_intake_model_rejects_an_id_the_contract_lacks(field: str, _ids: list[str]) -> None:
    with pytest.raises(ValidationError):
        parse_intake(_intake_with(field, "not_in_the_contract"))


# --- every source the knowledge base cites resolves ----------------------------


def _cited() -> list[tuple[str, str, str]]:
    kb = load()
    cited = []
    for table in (
        "techniques",
        "red_flags",
        "conditions",
        "local_issues",
        "muscles",
        "tools",
        "causes",
        "goals",
    ):
        for key, entry in getattr(kb, table).items():
            for source in entry.sources:
                cited.append((table, key, source))
    return cited


def test_the_knowledge_base_cites_sources() -> None:
    assert len(_cited()) > 0
    assert len(load().sources) > 0


def test_every_cited_source_resolves() -> None:
    sources = load().sources
    missing = [f"{table} {key!r}: {src!r}" for table, key, src in _cited() if src not in sources]
    assert missing == []


@pytest.mark.parametrize("table", ["techniques", "red_flags", "conditions", "local_issues"])
def test_every_safety_and_technique_entry_cites_a_source(table: str) -> None:
    bare = [key for key, entry in getattr(load(), table).items() if not entry.sources]
    assert bare == []
