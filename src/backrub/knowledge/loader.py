"""Load the TOML knowledge base once per process, validated and cross-checked.

A broken entry fails loading with one message naming the file, the entry and
the field, so a reviewer editing the data sees at once what to fix.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from backrub import __version__
from backrub.contract import ids
from backrub.contract.validation import ValidationError, parse
from backrub.knowledge.model import (
    Cause,
    Condition,
    Dose,
    Goal,
    LocalIssueRule,
    Movement,
    Muscle,
    Position,
    RedFlag,
    Region,
    Source,
    Technique,
    Tool,
)

T = TypeVar("T")
DATA_DIR = Path(__file__).parent


class KnowledgeError(Exception):
    """The knowledge base's data is wrong; the message says where."""


class KnowledgeBase(msgspec.Struct, frozen=True):
    sources: Mapping[str, Source]
    regions: Mapping[str, Region]
    muscles: Mapping[str, Muscle]
    techniques: Mapping[str, Technique]
    tools: Mapping[str, Tool]
    positions: Mapping[str, Position]
    causes: Mapping[str, Cause]
    goals: Mapping[str, Goal]
    red_flags: Mapping[str, RedFlag]
    conditions: Mapping[str, Condition]
    local_issues: Mapping[str, LocalIssueRule]
    doses: Mapping[str, Dose]
    movements: Mapping[str, Movement]


# (file, table, model, attribute); order only matters for messages.
_TABLES: tuple[tuple[str, str, type, str], ...] = (
    ("sources.toml", "source", Source, "sources"),
    ("regions.toml", "region", Region, "regions"),
    ("muscles.toml", "muscle", Muscle, "muscles"),
    ("techniques.toml", "technique", Technique, "techniques"),
    ("tools.toml", "tool", Tool, "tools"),
    ("positions.toml", "position", Position, "positions"),
    ("causes.toml", "cause", Cause, "causes"),
    ("goals.toml", "goal", Goal, "goals"),
    ("safety.toml", "red_flag", RedFlag, "red_flags"),
    ("safety.toml", "condition", Condition, "conditions"),
    ("safety.toml", "local_issue", LocalIssueRule, "local_issues"),
    ("doses.toml", "dose", Dose, "doses"),
    ("movements.toml", "movement", Movement, "movements"),
)


@cache
def load() -> KnowledgeBase:
    """The packaged knowledge base; parsed on first use, then shared.

    Parsing the TOML is most of `backrub plan`'s start-up, so the checked result is
    also kept in the user's cache folder as JSON, keyed by a hash of the files (an
    edited file is simply a new key) and validated again when read. Anything wrong
    with it falls back to parsing. docs/benchmarks.md has the numbers.
    """
    files = sorted(DATA_DIR.glob("*.toml"))
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    cached = _cache_dir() / f"knowledge-{digest.hexdigest()[:32]}.json"
    try:
        return msgspec.json.decode(cached.read_bytes(), type=KnowledgeBase)
    except (OSError, msgspec.MsgspecError):  # missing, unreadable or stale: parse instead
        pass
    kb = load_from(DATA_DIR)
    _write_cache(cached, kb)
    return kb


def _cache_dir() -> Path:
    configured = os.environ.get("BACKRUB_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("backrub"))


def _write_cache(path: Path, kb: KnowledgeBase) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(msgspec.json.encode(kb))
        temporary.replace(path)  # atomic: a reader sees the old file or the new one
    except OSError:
        pass  # a read-only home is fine: we parse each time


def load_from(folder: Path) -> KnowledgeBase:
    """Load and check the knowledge base in `folder` (tests point it at broken copies)."""
    documents: dict[str, dict[str, Any]] = {}
    tables: dict[str, dict[str, Any]] = {}
    for filename, table, model, attribute in _TABLES:
        if filename not in documents:
            documents[filename] = _read(folder / filename)
        tables[attribute] = _entries(filename, table, model, documents[filename].get(table, []))
    kb = KnowledgeBase(**tables)
    _cross_check(kb)
    return kb


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when the cache misses

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: file missing from the knowledge base") from None
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"{path.name}: not valid TOML ({error})") from None


def _entries(filename: str, table: str, model: type[T], raw: Any) -> dict[str, T]:
    if not isinstance(raw, list):
        raise KnowledgeError(f"{filename}: [[{table}]] must be a list of tables")
    entries: dict[str, T] = {}
    for index, data in enumerate(raw):
        key = data.get("id", data.get("kind")) if isinstance(data, dict) else None
        label = f"{filename}: {table} {key!r}" if key else f"{filename}: {table} #{index + 1}"
        try:
            entry = parse(model, data)
        except ValidationError as error:
            raise KnowledgeError(f"{label}: {error}") from None
        if key in entries:
            raise KnowledgeError(f"{label}: id used twice")
        entries[str(key)] = entry
    return entries


def _require(label: str, field: str, values: Iterable[str], known: Mapping[str, Any]) -> None:
    for value in values:
        if value not in known:
            raise KnowledgeError(f"{label}: {field}: unknown id {value!r}")


def _cross_check(kb: KnowledgeBase) -> None:
    """Every id a file names must exist, and every contract id must be described."""
    for flag in kb.red_flags.values():
        _require(f"safety.toml: red_flag {flag.id!r}", "sources", flag.sources, kb.sources)
    for condition in kb.conditions.values():
        label = f"safety.toml: condition {condition.id!r}"
        _require(label, "sources", condition.sources, kb.sources)
        _require(label, "forbid_techniques", condition.forbid_techniques, kb.techniques)
        for rule in condition.region_forbid_techniques:
            _require(label, "region_forbid_techniques", rule.techniques, kb.techniques)
        _require(label, "forbid_tools", condition.forbid_tools, kb.tools)
        _require(label, "allowed_positions", condition.allowed_positions, kb.positions)
    for issue in kb.local_issues.values():
        _require(f"safety.toml: local_issue {issue.kind!r}", "sources", issue.sources, kb.sources)
    for region in kb.regions.values():
        label = f"regions.toml: region {region.id!r}"
        _require(label, "muscles", region.muscles, kb.muscles)
        _require(label, "mirror", [region.mirror] if region.mirror else [], kb.regions)
    for muscle in kb.muscles.values():
        _require(f"muscles.toml: muscle {muscle.id!r}", "sources", muscle.sources, kb.sources)
    for technique in kb.techniques.values():
        label = f"techniques.toml: technique {technique.id!r}"
        _require(label, "sources", technique.sources, kb.sources)
        _require(label, "hand_parts", technique.hand_parts, kb.tools)
        if ids.PRESSURE_RANK[technique.pressure_min] > ids.PRESSURE_RANK[technique.pressure_max]:
            raise KnowledgeError(f"{label}: pressure_min is above pressure_max")
        if technique.seconds_min > technique.seconds_max:
            raise KnowledgeError(f"{label}: seconds_min is above seconds_max")
        if technique.stroke == "glide" and technique.direction not in ("up", "down", "across"):
            raise KnowledgeError(f"{label}: a glide's direction must be up, down or across")
    for tool in kb.tools.values():
        label = f"tools.toml: tool {tool.id!r}"
        _require(label, "techniques", tool.techniques, kb.techniques)
        _require(label, "sources", tool.sources, kb.sources)
        _require(label, "position", [tool.position] if tool.position else [], kb.positions)
    for cause in kb.causes.values():
        _require(f"causes.toml: cause {cause.id!r}", "sources", cause.sources, kb.sources)
    for goal in kb.goals.values():
        _require(f"goals.toml: goal {goal.id!r}", "sources", goal.sources, kb.sources)
    for movement in kb.movements.values():
        label = f"movements.toml: movement {movement.id!r}"
        _require(label, "sources", movement.sources, kb.sources)
        _require(label, "not_with", movement.not_with, {**kb.conditions, **kb.red_flags})
        areas: dict[str, Region] = {region.area: region for region in kb.regions.values()}
        _require(label, "areas", movement.areas, areas)
    _check_doses(kb)
    _require_described(kb)


def _check_doses(kb: KnowledgeBase) -> None:
    """Every dose names a technique or a tool, has a sane range, and every technique a
    plan can use has one (the planner never guesses a dose)."""
    for dose in kb.doses.values():
        label = f"doses.toml: dose {dose.id!r}"
        known = kb.techniques if dose.applies_to == "technique" else kb.tools
        _require(label, "id", [dose.id], known)
        _require(label, "sources", dose.sources, kb.sources)
        if dose.seconds_min > dose.seconds_max:
            raise KnowledgeError(f"{label}: seconds_min is above seconds_max")
    for technique in kb.techniques:
        if technique not in kb.doses:
            raise KnowledgeError(f"doses.toml: dose {technique!r} is missing")


def _require_described(kb: KnowledgeBase) -> None:
    expected: tuple[tuple[str, Iterable[str], Mapping[str, Any]], ...] = (
        ("regions.toml: region", ids.REGIONS, kb.regions),
        ("causes.toml: cause", ids.CAUSES, kb.causes),
        ("goals.toml: goal", ids.GOALS, kb.goals),
        ("tools.toml: tool", ids.TOOLS + ids.HAND_PARTS, kb.tools),
        ("safety.toml: red_flag", ids.RED_FLAGS, kb.red_flags),
        ("safety.toml: condition", ids.CONDITIONS, kb.conditions),
        ("safety.toml: local_issue", ids.LOCAL_ISSUE_KINDS, kb.local_issues),
        ("techniques.toml: technique", _CONTRACT_TECHNIQUES, kb.techniques),
        ("positions.toml: position", _CONTRACT_POSITIONS, kb.positions),
    )
    for label, wanted, known in expected:
        for value in wanted:
            if value not in known:
                raise KnowledgeError(f"{label} {value!r} is missing")


_CONTRACT_TECHNIQUES = (
    "effleurage",
    "petrissage",
    "friction",
    "tapotement",
    "myofascial_release",
    "trigger_point",
    "heat",
)
_CONTRACT_POSITIONS = ("face_down", "seated", "side_lying", "standing_wall")
