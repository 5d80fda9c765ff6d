"""The stroke data the diagrams draw from: every technique has it, and it makes sense."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from backrub.knowledge import KnowledgeError, load, load_from
from backrub.knowledge.loader import DATA_DIR

# The mark the issue asks for, per technique kind (issue 12: arrows for gliding strokes,
# circles for friction, dots for tapping, hold markers for trigger points).
EXPECTED = {
    "effleurage": ("glide", "up"),
    "friction": ("friction", "still"),
    "tapotement": ("tap", "still"),
    "trigger_point": ("hold", "still"),
}


def test_every_technique_says_what_its_diagram_draws() -> None:
    kb = load()
    for technique_id, (stroke, direction) in EXPECTED.items():
        technique = kb.techniques[technique_id]
        assert (technique.stroke, technique.direction) == (stroke, direction)
    glides = [t for t in kb.techniques.values() if t.stroke == "glide"]
    assert glides and all(t.direction in ("up", "down", "across") for t in glides)


def _copy_with(tmp_path: Path, technique_id: str, field: str, value: str) -> Path:
    for path in DATA_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    path = tmp_path / "techniques.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f'id = "{technique_id}"')
    end = text.find("[[technique]]", start)
    end = len(text) if end < 0 else end
    block, count = re.subn(rf"^{field} = .*$", f"{field} = {value}", text[start:end], flags=re.M)
    assert count == 1
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return tmp_path


def test_a_glide_without_a_way_to_go_is_refused(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "effleurage", "direction", '"still"')
    with pytest.raises(KnowledgeError, match="'effleurage'.*glide's direction"):
        load_from(folder)


def test_an_unknown_stroke_is_refused_naming_the_field(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "friction", "stroke", '"wiggle"')
    with pytest.raises(KnowledgeError, match="stroke"):
        load_from(folder)
