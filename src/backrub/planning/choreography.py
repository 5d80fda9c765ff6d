"""The order of a session, as a therapist works (contract invariants 12-14).

- **Rounds.** A technique's time on a region is cut into steps inside its dose:
  time beyond one dose comes back as another round later, never a longer hold.
- **Skin.** Dry work first (a slow myofascial stretch, friction, tools over
  clothing), then oil or lotion; the opening strokes are dry when dry work follows.
  Where a region has friction, its first round of kneading is done dry as the
  warm-up for it.
- **Sides.** One side is worked through, then the other: the dry work goes left
  then right, the oiled work carries on from the side the giver is on, so a partner
  walks round at most once and back. In side-lying the person turns over once
  (lying on the left side first, so the right side is worked first); when dry and
  oiled work on both sides would need a second turn, the work stays dry and the oil
  comes with the closing strokes.
- **Regions together.** Within a side, top to bottom, each region's rounds in a row
  (kneading, local work, kneading again). Two rounds of the same technique never
  follow each other directly (that would be one long hold cut in two): a few light
  strokes go between them (out of your own reach, light passes with the tool), or
  work on another region in the same place.
"""

from __future__ import annotations

from collections.abc import Sequence

from backrub.contract.ids import Medium, Side
from backrub.planning.balance import UNIT, Draft
from backrub.planning.context import BODY_ORDER, Context

# Techniques done on dry skin: a slow stretch needs grip, friction moves the skin itself.
DRY_TECHNIQUES = frozenset({"myofascial_release", "friction"})
FIRST_SIDE = {"side_lying": "right"}  # lying on the left side first: the right side is up


def rounds(draft: Draft) -> list[Draft]:
    """A technique slot as steps inside its dose: as few as fit, as even as units allow."""
    low, high = draft.dose
    count = max(1, -(-draft.seconds // high))
    if count == 1 and draft.round == 0 and draft.seconds % UNIT == 0:
        return [draft]  # one step, as drafted: no copy needed
    units = draft.seconds // UNIT
    steps = []
    for index in range(count):
        seconds = (units // count + (1 if index < units % count else 0)) * UNIT
        steps.append(draft.again(seconds, index))
    return steps if all(step.seconds >= low for step in steps) or count == 1 else [draft]


def side_of(ctx: Context, regions: Sequence[str]) -> Side:
    if len(regions) == 1:  # most steps: one region, on its own side
        side = ctx.kb.regions[regions[0]].side
        return "left" if side == "left" else "right" if side == "right" else "both"
    sides = {ctx.kb.regions[region].side for region in regions}
    if sides == {"left"}:
        return "left"
    if sides == {"right"}:
        return "right"
    return "both"


def lubricant(ctx: Context) -> Medium:
    """What the hands glide with: oil if listed, else lotion, else nothing."""
    tools = ctx.intake.tools
    return "oil" if "oil" in tools else "lotion" if "lotion" in tools else "dry"


def naturally_dry(ctx: Context, draft: Draft) -> bool:
    return draft.technique in DRY_TECHNIQUES or ctx.kb.tools[draft.tool].kind != "hand"


def arrange(
    ctx: Context, opening: Draft, work: list[Draft], late: list[Draft], closing: Draft
) -> list[Draft]:
    """The whole session in order, each step with its side and medium."""
    wet = lubricant(ctx)
    steps = [step for slot in work for step in rounds(slot)]
    for step in steps + late + [opening, closing]:
        step.side = side_of(ctx, step.regions)
    dry_part, wet_part = _by_skin(ctx, steps, wet)
    for step in late:
        step.medium = wet
    wet_part += late
    first = FIRST_SIDE.get(ctx.hands_position(), "left")
    dry_part = _sides(ctx, dry_part, first)
    ordered = dry_part + _sides(ctx, wet_part, _last_side(dry_part, first))
    side_lying = ctx.hands_position() == "side_lying"
    limit = 1 if side_lying else 2
    if (side_lying or ctx.intake.giver == "partner") and _side_changes(ordered) > limit:
        # one turn only: the work stays dry, and the oil comes with the closing strokes
        ordered = _sides(ctx, _region_runs(ctx, steps, "dry")[0] + late, first)
        for step in late:
            step.medium = "dry"
    closing.medium = wet
    any_dry = wet != "dry" and any(step.medium == "dry" for step in ordered)
    opening.medium = "dry" if any_dry else wet
    return [opening, *_apart(ctx, ordered), closing]


LINK_SECONDS = 30  # light strokes between two rounds of one technique on one region


def _same_hold(a: Draft, b: Draft) -> bool:
    return a.technique == b.technique and a.tool == b.tool and a.regions == b.regions


def _apart(ctx: Context, steps: list[Draft]) -> list[Draft]:
    """Break every run of back-to-back rounds of one technique on one region."""
    keep_side = ctx.intake.giver == "partner" or ctx.hands_position() == "side_lying"
    result: list[Draft] = []
    pending = list(steps)
    while pending:
        step = pending.pop(0)
        if result and _same_hold(result[-1], step):
            # within the hands' reach, light strokes; out of it, rather another region in
            # the same place than light passes with the tool
            other = None if _hands_reach(ctx, step) else _movable(step, pending, keep_side)
            if other is None and not _link(ctx, result, step, pending):
                other = _movable(step, pending, keep_side)
            if other is not None:
                pending.remove(other)
                pending.insert(0, step)
                step = other
        result.append(step)
    return result


def _hands_reach(ctx: Context, step: Draft) -> bool:
    if ctx.intake.giver != "self":
        return True
    return all(ctx.kb.regions[region].self_reach for region in step.regions)


def _movable(step: Draft, pending: list[Draft], keep_side: bool) -> Draft | None:
    """A later step in the same place and on the same skin that can go in between."""
    for other in pending:
        if other.role != "work" or other.position != step.position:
            continue
        if keep_side and other.side != step.side:
            continue
        if other.medium == step.medium and not _same_hold(other, step):
            return other
    return None


def _link(ctx: Context, result: list[Draft], step: Draft, pending: list[Draft]) -> bool:
    """Light strokes between `result[-1]` and `step`, their time taken from the region's
    own steps where they have more than their least dose; False if none can spare it."""
    own = [d for d in result + [step] + pending if d.role == "work" and d.regions == step.regions]
    spare = sum(d.seconds - d.dose[0] for d in own)
    if spare < LINK_SECONDS:
        return False
    needed = LINK_SECONDS
    while needed:
        richest = max(own, key=lambda d: d.seconds - d.dose[0])
        richest.seconds -= UNIT
        needed -= UNIT
    # out of your own reach, the tool itself rolls or glides lightly over the area
    tool = "palms" if _hands_reach(ctx, step) else step.tool
    dose = ctx.dose("effleurage", tool)
    link = step.again(LINK_SECONDS, 0)
    link.technique, link.tool, link.pressure, link.role = "effleurage", tool, "light", "link"
    link.dose, link.rank = dose, 0
    result.append(link)
    return True


def _by_skin(ctx: Context, steps: list[Draft], wet: Medium) -> tuple[list[Draft], list[Draft]]:
    if wet == "dry":
        return _region_runs(ctx, steps, "dry")[0], []
    return _region_runs(ctx, steps, wet)


def _region_runs(ctx: Context, steps: list[Draft], wet: Medium) -> tuple[list[Draft], list[Draft]]:
    """Each region's steps in session order, split into its dry run and its oiled run."""
    by_region: dict[str, list[Draft]] = {}
    for step in steps:
        by_region.setdefault(step.regions[0], []).append(step)
    dry_part: list[Draft] = []
    wet_part: list[Draft] = []
    for region_steps in by_region.values():
        interleaved = sorted(region_steps, key=_session_place)
        dry: list[Draft] = []
        oiled: list[Draft] = []
        for step in interleaved:
            (dry if wet == "dry" or naturally_dry(ctx, step) else oiled).append(step)
        frictions = sum(1 for s in dry if s.technique == "friction")
        if frictions:  # knead dry before each round of friction, as its warm-up
            warm_ups = [s for s in oiled if _warms_up(s, frictions)]
            oiled = [s for s in oiled if not _warms_up(s, frictions)]
            dry = sorted(dry + warm_ups, key=_session_place)
        for step in dry:
            step.medium = "dry"
        for step in oiled:
            step.medium = wet
        dry_part.extend(dry)
        wet_part.extend(oiled)
    return dry_part, wet_part


def _warms_up(step: Draft, frictions: int) -> bool:
    """A round of kneading done dry before a round of friction on the same region."""
    return step.technique == "petrissage" and step.round < frictions


def _session_place(step: Draft) -> tuple[int, bool, int]:
    """Round by round; a slow stretch opens its round, then the techniques by rank."""
    return (step.round, step.technique != "myofascial_release", step.rank)


def _sides(ctx: Context, steps: list[Draft], first: str) -> list[Draft]:
    """Steps of one skin run: position by position for tools, then one side and the
    other, top to bottom, each region's steps together in their own order."""
    hands = ctx.hands_position()
    order = {id(step): index for index, step in enumerate(steps)}

    def key(step: Draft) -> tuple[bool, str, int, int, int]:
        moved = step.position != hands
        late = step.role == "late"  # tapping comes after the side's other work
        # the first side, then the other, then tapping over both sides (no side change)
        side = 2 if late and step.side == "both" else int(step.side != first)
        return (
            moved,
            step.position if moved else "",
            side,
            len(BODY_ORDER) if late else BODY_ORDER[step.regions[0]],
            order[id(step)],
        )

    return sorted(steps, key=key)


def _last_side(steps: list[Draft], first: str) -> str:
    sided = [step.side for step in steps if step.side != "both"]
    return sided[-1] if sided else first


def _side_changes(steps: list[Draft]) -> int:
    sided = [step.side for step in steps if step.side != "both"]
    return sum(1 for a, b in zip(sided, sided[1:], strict=False) if a != b)
