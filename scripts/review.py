"""Write the review fixture: `docs/review/`'s intakes, planned and shown as Markdown.

Each `docs/review/intakes/NAME.json` is a realistic intake; `docs/review/plans/NAME.md`
is the plan backrub makes for it today, written out in full (verdict, urgency, reasons,
warnings, the preparation step, every step with its fields, the advice and the sources),
and `docs/review/README.md` lists them all. A clinician reviews a change to the routine
as the diff of these files.

Run `python scripts/review.py` after changing the planner, the knowledge base or an
intake; with `--check` it writes nothing and exits 1, naming each file that differs from
what the planner makes now (tests/test_review.py runs that check).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from backrub.contract.intake import Intake, load_intake
from backrub.contract.plan import Plan, Reason, Step, clock
from backrub.knowledge import KnowledgeBase, load
from backrub.knowledge.citations import citation
from backrub.planning.planner import make_plan

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "docs" / "review"
COMMAND = "python scripts/review.py"


def _title(name: str) -> str:
    """`07-sciatica-one-leg` → `Sciatica one leg`."""
    words = name.split("-", 1)[-1].replace("-", " ")
    return words[:1].upper() + words[1:]


def _names(kb: KnowledgeBase, table: str, ids: Iterable[str]) -> str:
    entries = getattr(kb, table)
    return ", ".join(entries[i].name if i in entries else i for i in ids) or "none"


def _intake_lines(kb: KnowledgeBase, intake: Intake) -> list[str]:
    pain = "; ".join(
        f"{kb.regions[p.region].name} {p.intensity}/10 for {p.weeks} weeks" for p in intake.pain
    )
    issues = "; ".join(f"{i.kind} on the {kb.regions[i.region].name}" for i in intake.local_issues)
    return [
        f"- Giver: {intake.giver}; {intake.minutes} minutes; pressure up to {intake.pressure}",
        f"- Pain: {pain or 'none'}",
        f"- Causes: {', '.join(intake.causes) or 'none'}",
        f"- Goals: {', '.join(intake.goals) or 'none'}",
        f"- Tools: {_names(kb, 'tools', intake.tools)}",
        f"- Red flags: {', '.join(intake.red_flags) or 'none'}",
        f"- Conditions: {', '.join(intake.conditions) or 'none'}",
        f"- Cleared by a clinician: {', '.join(intake.cleared) or 'none'}",
        f"- Local issues: {issues or 'none'}",
    ]


def _reason_lines(kb: KnowledgeBase, heading: str, reasons: tuple[Reason, ...]) -> list[str]:
    lines = [f"## {heading}", ""]
    if not reasons:
        return [*lines, "None.", ""]
    for reason in reasons:
        where = f" (regions: {_names(kb, 'regions', reason.regions)})" if reason.regions else ""
        cited = f" [{', '.join(reason.sources)}]" if reason.sources else ""
        lines.append(f"- `{reason.code}`{where}: {reason.message}{cited}")
    return [*lines, ""]


def _step_lines(kb: KnowledgeBase, step: Step) -> list[str]:
    return [
        f"### {step.n}. {_names(kb, 'techniques', [step.technique])}, {clock(step.seconds)}",
        "",
        f"- Technique: `{step.technique}`",
        f"- Regions: {_names(kb, 'regions', step.regions)}",
        f"- Side: {step.side}; medium: {step.medium}; pressure: {step.pressure}",
        f"- Tool: {_names(kb, 'tools', [step.tool])}; position: "
        + _names(kb, "positions", [step.position]),
        f"- Instructions: {step.instructions}",
        f"- Cue: {step.cue}",
        f"- Why: {step.why}",
        f"- Sources: {', '.join(step.sources)}",
        "",
    ]


def _cited(plan: Plan) -> list[str]:
    found: dict[str, None] = {}
    for item in (*plan.reasons, *plan.warnings, *plan.before, *plan.steps):
        found.update(dict.fromkeys(item.sources))
    return list(found)


def render(kb: KnowledgeBase, name: str, intake: Intake, plan: Plan) -> str:
    """One intake and its plan as a Markdown page a clinician can read top to bottom."""
    urgency = plan.urgency if isinstance(plan.urgency, str) else "none"
    lines = [
        f"# {_title(name)}",
        "",
        f"Intake: [`intakes/{name}.json`](../intakes/{name}.json)",
        "",
        *_intake_lines(kb, intake),
        "",
        f"**Verdict:** {plan.verdict} · **urgency:** {urgency} · "
        f"**total:** {clock(plan.total_seconds)} in {len(plan.steps)} steps",
        "",
        *_reason_lines(kb, "Reasons", plan.reasons),
        *_reason_lines(kb, "Warnings", plan.warnings),
    ]
    if plan.before:
        lines += ["## Before the session", ""]
        for step in plan.before:
            lines += _step_lines(kb, step)
    if plan.steps:
        lines += ["## Steps", ""]
        for step in plan.steps:
            lines += _step_lines(kb, step)
    lines += ["## Advice", "", plan.advice or "None.", "", "## Sources cited", ""]
    for source_id in _cited(plan):
        source = kb.sources.get(source_id)
        lines.append(
            f"- `{source_id}` ({source.kind}): {citation(source)}"
            if source
            else f"- `{source_id}`: NOT IN THE KNOWLEDGE BASE"
        )
    return "\n".join(lines).rstrip() + "\n"


def _index(rows: list[tuple[str, Plan]]) -> str:
    lines = [
        "# Review fixture",
        "",
        "Twenty realistic intakes and the plans backrub makes for them, written out in full",
        "so that a massage therapist or a physiotherapist can read every routine, and review",
        "any change to the planner or the knowledge base as a diff of these files.",
        "",
        f"Generated by `{COMMAND}` (do not edit the plans by hand); `tests/test_review.py`",
        f"fails when a file here differs from what the planner makes now: run `{COMMAND}`",
        "and read the diff before committing.",
        "",
        "| case | intake | verdict | urgency | steps | minutes |",
        "|---|---|---|---|---|---|",
    ]
    for name, plan in rows:
        urgency = plan.urgency if isinstance(plan.urgency, str) else ""
        lines.append(
            f"| [{_title(name)}](plans/{name}.md) | [json](intakes/{name}.json) | {plan.verdict} "
            f"| {urgency} | {len(plan.steps)} | {clock(plan.total_seconds)} |"
        )
    return "\n".join(lines) + "\n"


def expected(review: Path = REVIEW) -> dict[Path, str]:
    """Every generated file under `review` and the text it should hold now."""
    kb = load()
    files: dict[Path, str] = {}
    rows: list[tuple[str, Plan]] = []
    for path in sorted((review / "intakes").glob("*.json")):
        intake = load_intake(path.read_bytes())
        plan = make_plan(intake)
        files[review / "plans" / f"{path.stem}.md"] = render(kb, path.stem, intake, plan)
        rows.append((path.stem, plan))
    files[review / "README.md"] = _index(rows)
    return files


def differences(review: Path = REVIEW) -> list[Path]:
    """Files that differ from what the planner makes now, are missing, or are left over."""
    wanted = expected(review)
    stale = [
        path
        for path, text in wanted.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    leftover = [p for p in sorted((review / "plans").glob("*.md")) if p not in wanted]
    return stale + leftover


def write(review: Path = REVIEW) -> list[Path]:
    wanted = expected(review)
    (review / "plans").mkdir(parents=True, exist_ok=True)
    for path in sorted((review / "plans").glob("*.md")):
        if path not in wanted:
            path.unlink()
    changed = []
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--dir", type=Path, default=REVIEW, help="the review folder")
    args = parser.parse_args(argv)
    if args.check:
        stale = differences(args.dir)
        for path in stale:
            print(f"differs: {path}", file=sys.stderr)
        if stale:
            print(f"docs/review is stale: run {COMMAND}", file=sys.stderr)
        return 1 if stale else 0
    for path in write(args.dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
