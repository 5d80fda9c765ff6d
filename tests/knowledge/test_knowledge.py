"""The knowledge base: it loads, it covers the contract, it says what the contract says.

The tables below are typed from docs/contract.md, not read from the data, so a
data edit that drifts from the contract fails here. The broken-copy tests copy
the packaged TOML files, break one thing and check that loading fails with a
message naming the file, the entry and the field.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import msgspec
import pytest
from msgspec.structs import fields

from backrub.contract import ids
from backrub.knowledge import KnowledgeBase, KnowledgeError, load, load_from
from backrub.knowledge.loader import DATA_DIR

DOCS = Path(__file__).resolve().parents[2] / "docs" / "knowledge.md"
NON_SPINE = tuple(region for region in ids.REGIONS if region != "spine")
LIGHT_ONLY = {
    "max_pressure": "light",
    "pressure_drop": 0,
    "forbid_techniques": ("tapotement", "friction", "trigger_point"),
    "forbid_tools": ("percussion_massager",),
    "allowed_positions": (),
    "no_heat": False,
    "device_low_speed": False,
}
ONE_LEVEL_LOWER = {
    "max_pressure": "firm",
    "pressure_drop": 1,
    "forbid_techniques": (),
    "forbid_tools": (),
    "allowed_positions": (),
    "no_heat": False,
    "device_low_speed": True,
}
NO_CHANGE = {
    "max_pressure": "firm",
    "pressure_drop": 0,
    "forbid_techniques": (),
    "forbid_tools": (),
    "allowed_positions": (),
    "region_max_pressure": (),
    "region_forbid_techniques": (),
    "no_heat": False,
    "device_low_speed": False,
}
LOWER_BACK = ("lower_back_left", "lower_back_right")

# From docs/contract.md, "Red flags (each stops the plan)".
CONTRACT_RED_FLAGS = {
    "bladder_bowel_change": "emergency",
    "saddle_numbness": "emergency",
    "both_legs_symptoms": "emergency",
    "leg_weakness_worsening": "emergency",
    "major_trauma": "emergency",
    "chest_pain": "emergency",
    "sexual_dysfunction_new": "emergency",
    "fever": "see_clinician",
    "unexplained_weight_loss": "see_clinician",
    "cancer_history": "see_clinician",
    "night_pain_at_rest": "see_clinician",
    "minor_trauma_with_osteoporosis": "see_clinician",
    "steroid_long_term": "see_clinician",
    "immunosuppressed": "see_clinician",
    "iv_drug_use": "see_clinician",
    "new_pain_under_20_or_over_50": "see_clinician",
    "back_lump_or_deformity": "see_clinician",
    "worse_cough_sneeze_strain": "see_clinician",
    "thoracic_pain_unwell": "see_clinician",
}

# From docs/contract.md, "Conditions".
CONTRACT_CONDITION_EFFECTS = {
    "dvt": "see_clinician",
    "fracture": "see_clinician",
    "recent_back_surgery": "see_clinician",
    "cancer_treatment": "see_clinician",
    "anticoagulants": "modify",
    "bleeding_disorder": "modify",
    "low_platelets": "modify",
    "osteoporosis": "modify",
    "pregnancy": "modify",
    "hypertension": "note",  # r2: "no change to the plan"
    "diabetes": "modify",
    "fibromyalgia": "modify",
    "older_adult": "modify",
    "sciatica_one_leg": "modify",
    "reduced_sensation": "modify",
}
CONTRACT_CONDITION_RULES = {
    "anticoagulants": LIGHT_ONLY,
    "bleeding_disorder": LIGHT_ONLY,
    "low_platelets": LIGHT_ONLY,
    "osteoporosis": {
        **LIGHT_ONLY,
        "forbid_tools": ("percussion_massager", "foam_roller", "massage_cane"),
        "allowed_positions": ("side_lying", "seated"),
    },
    "pregnancy": {
        "max_pressure": "firm",
        "pressure_drop": 0,
        "forbid_techniques": (),
        "forbid_tools": ("percussion_massager",),
        "allowed_positions": ("side_lying", "seated"),
        "device_low_speed": False,
    },
    "hypertension": NO_CHANGE,
    "diabetes": {**ONE_LEVEL_LOWER, "no_heat": True},
    "fibromyalgia": {
        **ONE_LEVEL_LOWER,
        "forbid_techniques": ("trigger_point", "friction", "tapotement"),
    },
    "older_adult": ONE_LEVEL_LOWER,
    "sciatica_one_leg": {
        **NO_CHANGE,
        "region_max_pressure": tuple((region, "moderate") for region in LOWER_BACK),
        "region_forbid_techniques": tuple((region, ("trigger_point",)) for region in LOWER_BACK),
    },
    "reduced_sensation": {**NO_CHANGE, "pressure_drop": 1, "no_heat": True},
}
CONTRACT_TECHNIQUES = (
    "effleurage",
    "petrissage",
    "friction",
    "tapotement",
    "myofascial_release",
    "trigger_point",
    "heat",
)
CONTRACT_POSITIONS = ("face_down", "seated", "side_lying", "standing_wall")
# (pressure_min, pressure_max, place) agreed for each technique.
TECHNIQUE_RANGES = {
    "effleurage": ("light", "moderate", "open"),
    "petrissage": ("light", "firm", "work"),
    "friction": ("moderate", "firm", "deep_work"),
    "tapotement": ("light", "moderate", "late"),
    "trigger_point": ("moderate", "firm", "deep_work"),
    "myofascial_release": ("light", "light", "work"),
    "heat": ("light", "light", "before_work"),
    "vibration": ("light", "moderate", "work"),
}


# --- the packaged knowledge base ------------------------------------------------


def test_packaged_knowledge_base_loads() -> None:
    kb = load()
    assert kb.sources and kb.techniques and kb.red_flags


def test_every_contract_id_is_described() -> None:
    kb = load()
    wanted = {
        "regions": ids.REGIONS,
        "causes": ids.CAUSES,
        "goals": ids.GOALS,
        "tools": ids.TOOLS + ids.HAND_PARTS,
        "red_flags": ids.RED_FLAGS,
        "conditions": ids.CONDITIONS,
        "local_issues": ids.LOCAL_ISSUE_KINDS,
        "techniques": CONTRACT_TECHNIQUES,
        "positions": CONTRACT_POSITIONS,
    }
    for attribute, expected in wanted.items():
        missing = set(expected) - set(getattr(kb, attribute))
        assert not missing, f"{attribute} missing {sorted(missing)}"


def test_contract_tables_typed_here_match_ids_module() -> None:
    # Guards the tables above: they must list exactly the contract's ids.
    assert set(CONTRACT_RED_FLAGS) == set(ids.RED_FLAGS)
    assert set(CONTRACT_CONDITION_EFFECTS) == set(ids.CONDITIONS)


def test_red_flag_verdicts_match_contract() -> None:
    kb = load()
    actual = {flag_id: flag.verdict for flag_id, flag in kb.red_flags.items()}
    assert actual == CONTRACT_RED_FLAGS


def test_condition_effects_match_contract() -> None:
    kb = load()
    actual = {condition_id: c.effect for condition_id, c in kb.conditions.items()}
    assert actual == CONTRACT_CONDITION_EFFECTS


@pytest.mark.parametrize("condition_id", sorted(CONTRACT_CONDITION_RULES))
def test_modify_conditions_restrict_what_the_contract_says(condition_id: str) -> None:
    condition = load().conditions[condition_id]
    for field, expected in CONTRACT_CONDITION_RULES[condition_id].items():
        actual = getattr(condition, field)
        if field == "region_max_pressure":
            actual = tuple((rule.region, rule.max_pressure) for rule in actual)
        elif field == "region_forbid_techniques":
            actual = tuple((rule.region, tuple(sorted(rule.techniques))) for rule in actual)
        if isinstance(expected, tuple):
            assert set(actual) == set(expected), f"{condition_id}.{field}"
        else:
            assert actual == expected, f"{condition_id}.{field}"


def test_see_clinician_conditions_say_who_clears_massage() -> None:
    for condition in load().conditions.values():
        if condition.effect == "see_clinician":
            assert condition.seek.strip(), condition.id


def test_pregnancy_limits_lower_back_pressure_and_asks_midwife() -> None:
    pregnancy = load().conditions["pregnancy"]
    limits = {rp.region: rp.max_pressure for rp in pregnancy.region_max_pressure}
    assert limits == {"lower_back_left": "moderate", "lower_back_right": "moderate"}
    assert "midwife" in pregnancy.message.lower()
    assert not any(load().positions[p].face_down for p in pregnancy.allowed_positions)


def test_red_flag_wording_says_get_checked() -> None:
    kb = load()
    for flag in kb.red_flags.values():
        assert "get checked" in flag.message.lower(), flag.id
        assert flag.question.rstrip().endswith("?"), flag.id
        if flag.verdict == "emergency":
            # r2: no country's service alone
            assert "emergency department (A&E, ER)" in flag.seek, flag.id
        else:
            assert "before any massage" in flag.seek.lower(), flag.id


def _all_text(kb: KnowledgeBase) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, str):
            found.append((where, value))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        elif isinstance(value, msgspec.Struct):
            for field in fields(value):
                walk(getattr(value, field.name), f"{where}.{field.name}")

    for table in fields(kb):
        for key, entry in getattr(kb, table.name).items():
            walk(entry, f"{table.name}[{key}]")
    return found


def test_no_text_tells_the_person_they_have_something() -> None:
    offending = [where for where, text in _all_text(load()) if "you have" in text.lower()]
    assert not offending


def test_local_issues_say_leave_it_alone() -> None:
    issues = load().local_issues
    for issue in issues.values():
        assert issue.message.lower().startswith("leave that area alone"), issue.kind
    assert "checked" in issues["lump"].message.lower()


# --- techniques, tools, regions --------------------------------------------------


def test_no_technique_allows_the_spine() -> None:
    for technique in load().techniques.values():
        assert "spine" not in technique.allowed_regions, technique.id


def test_spine_is_never_a_target() -> None:
    spine = load().regions["spine"]
    assert spine.target is False and spine.muscles == () and spine.mirror == ""
    others = [region for region_id, region in load().regions.items() if region_id != "spine"]
    assert all(region.target for region in others)


def test_tapotement_only_on_shoulders_and_upper_back() -> None:
    tapotement = load().techniques["tapotement"]
    assert set(tapotement.allowed_regions) == {
        "shoulder_left",
        "shoulder_right",
        "upper_back_left",
        "upper_back_right",
    }


def test_other_techniques_cover_every_non_spine_region() -> None:
    for technique in load().techniques.values():
        if technique.id != "tapotement":
            assert set(technique.allowed_regions) == set(NON_SPINE), technique.id


@pytest.mark.parametrize("technique_id", sorted(TECHNIQUE_RANGES))
def test_technique_pressure_and_place(technique_id: str) -> None:
    technique = load().techniques[technique_id]
    low, high, place = TECHNIQUE_RANGES[technique_id]
    assert (technique.pressure_min, technique.pressure_max, technique.place) == (low, high, place)


def test_only_effleurage_needs_lubricant() -> None:
    needing = {t.id for t in load().techniques.values() if t.needs_lubricant}
    assert needing == {"effleurage"}


def test_cues_name_the_place_and_format_cleanly() -> None:
    for technique in load().techniques.values():
        assert "{where}" in technique.cue, technique.id
        spoken = technique.cue.format(where="the left shoulder")
        assert "{" not in spoken and "the left shoulder" in spoken


def test_hand_parts_and_tools_agree() -> None:
    kb = load()
    for technique in kb.techniques.values():
        for part in technique.hand_parts:
            tool = kb.tools[part]
            assert tool.kind == "hand", (technique.id, part)
            assert technique.id in tool.techniques, (technique.id, part)
    for tool in kb.tools.values():
        if tool.kind == "hand":
            for technique_id in tool.techniques:
                assert tool.id in kb.techniques[technique_id].hand_parts, (tool.id, technique_id)


def test_hand_parts_are_exactly_the_contract_hand_parts() -> None:
    hands = {tool.id for tool in load().tools.values() if tool.kind == "hand"}
    assert hands == set(ids.HAND_PARTS)


def test_percussion_massager_keeps_off_bone_and_kidneys() -> None:
    gun = load().tools["percussion_massager"]
    no_go = gun.no_go.lower()
    for place in ("spine", "shoulder blade", "collarbone", "hip bone", "neck", "kidneys"):
        assert place in no_go, place
    assert gun.seconds_min == 30 and gun.seconds_max == 120


def test_regions_and_muscles_point_at_each_other() -> None:
    kb = load()
    for region in kb.regions.values():
        if region.mirror:
            assert kb.regions[region.mirror].mirror == region.id
        for muscle_id in region.muscles:
            assert region.id in kb.muscles[muscle_id].regions, (region.id, muscle_id)
    for muscle in kb.muscles.values():
        for region_id in muscle.regions:
            assert muscle.id in kb.regions[region_id].muscles, (muscle.id, region_id)


def test_self_reach_matches_contract() -> None:
    reach = {region_id: region.self_reach for region_id, region in load().regions.items()}
    for region_id, reachable in reach.items():
        expected = region_id.startswith(("shoulder_", "lower_back_"))
        assert reachable is expected, region_id


# --- the reference page ------------------------------------------------------------


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/knowledge.md has no '## {heading}' section"
    return match.group(1)


def _row(section: str, key: str) -> str:
    rows = [line for line in section.splitlines() if line.startswith(f"| `{key}` |")]
    assert rows, f"no table row for `{key}`"
    return rows[0]


def test_docs_describe_every_rule_and_source() -> None:
    kb = load()
    text = DOCS.read_text(encoding="utf-8")
    red_flags = _section(text, "Red flags")
    for flag in kb.red_flags.values():
        assert f"| {flag.verdict} |" in _row(red_flags, flag.id), flag.id
    conditions = _section(text, "Conditions")
    for condition in kb.conditions.values():
        assert f"| {condition.effect} |" in _row(conditions, condition.id), condition.id
    local_issues = _section(text, "Local issues")
    for issue in kb.local_issues.values():
        _row(local_issues, issue.kind)
    techniques = _section(text, "Techniques")
    for technique in kb.techniques.values():
        _row(techniques, technique.id)
    tools = _section(text, "Tools and devices")
    for tool in kb.tools.values():
        _row(tools, tool.id)
    sources = _section(text, "Sources")
    for source in kb.sources.values():
        assert f"- `{source.id}`:" in sources, source.id


def test_docs_name_no_rule_the_data_lacks() -> None:
    kb = load()
    text = DOCS.read_text(encoding="utf-8")
    for heading, known in (
        ("Red flags", kb.red_flags),
        ("Conditions", kb.conditions),
        ("Local issues", kb.local_issues),
        ("Techniques", kb.techniques),
    ):
        listed = re.findall(r"^\| `([a-z0-9_]+)` \|", _section(text, heading), re.M)
        assert set(listed) <= set(known), heading


# --- broken copies ----------------------------------------------------------------


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    for path in DATA_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _block_span(text: str, table: str, key: str) -> tuple[int, int]:
    """Start and end offsets of the `[[table]]` entry whose id (or kind) is `key`."""
    starts = [m.start() for m in re.finditer(rf"^\[\[{table}\]\]$", text, re.M)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        following = re.search(r"^\[\[", text[start + 1 :], re.M)
        end = min(end, start + 1 + following.start()) if following else end
        if re.search(rf'^(id|kind) = "{re.escape(key)}"$', text[start:end], re.M):
            return start, end
    raise AssertionError(f"no [[{table}]] entry {key!r} to break")


def _set_field(folder: Path, filename: str, table: str, key: str, field: str, value: str) -> None:
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    start, end = _block_span(text, table, key)
    block, count = re.subn(rf"^{field} = .*$", f"{field} = {value}", text[start:end], flags=re.M)
    assert count == 1, f"{filename}: {key!r} has no one-line {field!r} to break"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def _remove_entry(folder: Path, filename: str, table: str, key: str) -> None:
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    start, end = _block_span(text, table, key)
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def test_unbroken_copy_loads(kb_copy: Path) -> None:
    kb = load_from(kb_copy)
    assert set(kb.techniques) == set(load().techniques)


def _fails(folder: Path, *expected: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        load_from(folder)
    message = str(caught.value)
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"


def test_dangling_source_in_technique(kb_copy: Path) -> None:
    _set_field(kb_copy, "techniques.toml", "technique", "heat", "sources", '["no-such-source"]')
    _fails(kb_copy, "techniques.toml", "'heat'", "sources", "'no-such-source'")


def test_unknown_region_in_muscle(kb_copy: Path) -> None:
    _set_field(
        kb_copy,
        "muscles.toml",
        "muscle",
        "quadratus_lumborum",
        "regions",
        '["lower_back_left", "lower_back_middle"]',
    )
    _fails(kb_copy, "muscles.toml", "'quadratus_lumborum'", "regions", "lower_back_middle")


def test_missing_red_flag(kb_copy: Path) -> None:
    _remove_entry(kb_copy, "safety.toml", "red_flag", "fever")
    _fails(kb_copy, "safety.toml", "red_flag", "'fever'", "missing")


def test_missing_local_issue(kb_copy: Path) -> None:
    _remove_entry(kb_copy, "safety.toml", "local_issue", "lump")
    _fails(kb_copy, "safety.toml", "local_issue", "'lump'", "missing")


def test_wrong_type(kb_copy: Path) -> None:
    _set_field(kb_copy, "techniques.toml", "technique", "effleurage", "seconds_min", '"sixty"')
    _fails(kb_copy, "techniques.toml", "'effleurage'", "seconds_min", "integer")


def test_wrong_verdict_value(kb_copy: Path) -> None:
    _set_field(kb_copy, "safety.toml", "red_flag", "chest_pain", "verdict", '"urgent"')
    _fails(kb_copy, "safety.toml", "'chest_pain'", "verdict", "urgent")


def test_unknown_tool_in_condition(kb_copy: Path) -> None:
    _set_field(
        kb_copy, "safety.toml", "condition", "osteoporosis", "forbid_tools", '["jackhammer"]'
    )
    _fails(kb_copy, "safety.toml", "'osteoporosis'", "forbid_tools", "'jackhammer'")


def test_unknown_mirror_region(kb_copy: Path) -> None:
    _set_field(kb_copy, "regions.toml", "region", "mid_back_left", "mirror", '"mid_back_centre"')
    _fails(kb_copy, "regions.toml", "'mid_back_left'", "mirror", "'mid_back_centre'")


def test_pressure_range_upside_down(kb_copy: Path) -> None:
    _set_field(kb_copy, "techniques.toml", "technique", "friction", "pressure_min", '"firm"')
    _set_field(kb_copy, "techniques.toml", "technique", "friction", "pressure_max", '"light"')
    _fails(kb_copy, "techniques.toml", "'friction'", "pressure_min")


def test_bad_toml(kb_copy: Path) -> None:
    path = kb_copy / "tools.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[[tool]\nid = "oops\n', encoding="utf-8")
    _fails(kb_copy, "tools.toml", "not valid TOML", "line")


def test_ids_emergency_flags_match_the_knowledge_base() -> None:
    from backrub.contract.ids import EMERGENCY_RED_FLAGS

    kb = load()
    emergency = {flag.id for flag in kb.red_flags.values() if flag.verdict == "emergency"}
    assert emergency == EMERGENCY_RED_FLAGS
