"""docs/review/ (twenty intakes and their plans, for a clinician to read) stays in sync.

The plans are what `scripts/review.py` writes from the intakes with today's planner and
knowledge base; when they differ, the fix is to run `python scripts/review.py` and read
the diff as a reviewer would.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from backrub.contract.intake import load_intake
from backrub.planning.planner import make_plan

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "docs" / "review"
INTAKES = sorted((REVIEW / "intakes").glob("*.json"))


@pytest.fixture(scope="module")
def review() -> ModuleType:
    """scripts/review.py, loaded from its file (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("review_script", ROOT / "scripts" / "review.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_plans_match_the_planner(review: ModuleType) -> None:
    stale = review.differences(REVIEW)
    names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
    assert not stale, f"docs/review is stale ({names}): run python scripts/review.py"


def test_there_are_twenty_valid_intakes() -> None:
    assert len(INTAKES) == 20
    for path in INTAKES:
        load_intake(path.read_bytes())  # raises on bad input


def test_the_set_covers_every_verdict_and_giver() -> None:
    intakes = [load_intake(path.read_bytes()) for path in INTAKES]
    assert {make_plan(intake).verdict for intake in intakes} == {
        "go",
        "modify",
        "see_clinician",
        "emergency",
    }
    assert {intake.giver for intake in intakes} == {"self", "partner", "device"}
    assert any(intake.cleared for intake in intakes)


def test_each_page_shows_every_step_and_the_verdict(review: ModuleType) -> None:
    files = review.expected(REVIEW)
    for path in INTAKES:
        plan = make_plan(load_intake(path.read_bytes()))
        page = files[REVIEW / "plans" / f"{path.stem}.md"]
        assert f"**Verdict:** {plan.verdict}" in page
        for step in (*plan.before, *plan.steps):
            assert f"### {step.n}. " in page
            assert step.instructions in page and step.cue in page and step.why in page
        for reason in (*plan.reasons, *plan.warnings):
            assert reason.message in page
        assert f"plans/{path.stem}.md" in files[REVIEW / "README.md"]


def test_check_names_an_edited_a_missing_and_a_left_over_file(
    review: ModuleType, tmp_path: Path
) -> None:
    copy = tmp_path / "review"
    shutil.copytree(REVIEW, copy)
    review.write(copy)
    assert review.differences(copy) == []
    edited = sorted((copy / "plans").glob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    missing = sorted((copy / "plans").glob("*.md"))[1]
    missing.unlink()
    leftover = copy / "plans" / "99-gone.md"
    leftover.write_text("old\n", encoding="utf-8")
    assert set(review.differences(copy)) == {edited, missing, leftover}
    assert review.main(["--check", "--dir", str(copy)]) == 1
    review.write(copy)
    assert review.main(["--check", "--dir", str(copy)]) == 0
    assert not leftover.exists()


def test_a_new_intake_needs_its_page(review: ModuleType, tmp_path: Path) -> None:
    copy = tmp_path / "review"
    shutil.copytree(REVIEW, copy)
    review.write(copy)
    data = json.loads(INTAKES[0].read_text(encoding="utf-8"))
    (copy / "intakes" / "21-new.json").write_text(json.dumps(data), encoding="utf-8")
    assert set(review.differences(copy)) == {copy / "plans" / "21-new.md", copy / "README.md"}
