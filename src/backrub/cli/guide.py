"""`backrub guide`: the guides to techniques, regions and tools, as the web shows them.

The same records as `/guides` and `GET /api/v1/guides` (`backrub.guides`), written
for the terminal with Rich, or as JSON with `--json`; the related guides come last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from backrub.cli.support import emit_json, fail

if TYPE_CHECKING:
    from rich.console import Console

    from backrub.guides import Guide
    from backrub.guides.model import Cited, Link

KINDS = ("technique", "region", "tool")


def register(app: typer.Typer) -> None:
    """Add the `guide` command to the app."""
    app.command("guide")(guide)


def guide(
    kind: Annotated[
        str | None,
        typer.Argument(metavar="[KIND]", help="technique, region or tool."),
    ] = None,
    guide_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="The guide's id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    search: Annotated[
        str | None,
        typer.Option("--search", metavar="WORDS", help="Find guides and readers' approved tips."),
    ] = None,
    limit: Annotated[
        str | None, typer.Option("--limit", metavar="N", help="With --search: 1 to 50.")
    ] = None,
) -> None:
    """List the guides, or show one: what it is, how, where, and what is related.

    Example: backrub guide technique petrissage; backrub guide --search "lower back"
    """
    import msgspec

    from backrub.guides import find_guide
    from backrub.guides.build import summaries
    from backrub.knowledge import load

    kb = load()
    if search is not None or limit is not None:
        from backrub.cli.guide_search import search_guides

        if kind is not None:
            fail("--search: give the words alone, without KIND or ID")
        search_guides(kb, search, limit, as_json=as_json)
        return
    if kind is None:
        if as_json:
            emit_json(msgspec.to_builtins(summaries(kb)))
            return
        from backrub.cli.render import console

        _render_index(kb, console())
        return
    if kind not in KINDS:
        fail(f"KIND: expected technique, region or tool, got {kind!r}")
    ids = {"technique": kb.techniques, "region": kb.regions, "tool": kb.tools}[kind]
    if guide_id is None:
        fail(f"ID: missing; one of {', '.join(ids)}")
    found = find_guide(kb, kind, guide_id)
    if found is None:
        fail(f"ID: unknown {kind} {guide_id!r}; one of {', '.join(ids)}")
    if as_json:
        emit_json(msgspec.to_builtins(found))
        return
    from backrub.cli.render import console

    render_guide(found, console())


def _render_index(kb: Any, out: Console) -> None:
    from rich.table import Table

    from backrub.guides.build import summaries

    for kind in KINDS:
        table = Table(title=f"{kind.capitalize()} guides", expand=True)
        for column in ("id", "title", "you may also like"):
            table.add_column(column, overflow="fold")
        for line in summaries(kb):
            if line.kind == kind:
                table.add_row(line.id, line.title, ", ".join(r.id for r in line.related))
        out.print(table)
    out.print("More on one: backrub guide KIND ID", markup=False)


def _links(links: tuple[Link, ...]) -> str:
    return ", ".join(f"{link.title} ({link.kind} {link.id})" for link in links) or "none"


def _sources(sources: tuple[Cited, ...]) -> list[str]:
    return [f"  {cited.citation} {cited.url}" for cited in sources]


def _sections(found: Guide) -> list[tuple[str, list[str]]]:
    from backrub.guides.model import RegionGuide, TechniqueGuide

    if isinstance(found, TechniqueGuide):
        return [
            ("", [found.summary]),
            ("How", [f"  {i}. {step}" for i, step in enumerate(found.how_to, 1)]),
            ("Hands", [f"  {_links(found.hand_parts)}"]),
            ("Tools that do it", [f"  {_links(found.tools)}"]),
            ("Pressure", [f"  {found.pressure}"]),
            ("Rate", [f"  {found.rate}"]),
            ("How long", [f"  {found.dose}. {found.dose_why}".rstrip(". ") + "."]),
            ("Where", [f"  {found.use_on}", f"  Never: {found.avoid}"]),
            ("Common mistakes", [f"  • {m}" for m in found.mistakes]),
            ("Evidence", [f"  {found.evidence_strength}", f"  {found.evidence}"]),
        ]
    if isinstance(found, RegionGuide):
        muscles = [
            f"  • {m.name}: {m.where} Knots here: {m.referral}"
            + (" (weak evidence)" if m.weak_evidence else "")
            for m in found.muscles
        ]
        return [
            ("Where", [f"  {found.where}"]),
            ("Muscles", muscles or ["  none: it is bone"]),
            ("Techniques that suit it", [f"  {_links(found.techniques)}"]),
            ("Tools that reach it", [f"  {_links(found.tools)}"]),
            ("On your own", [f"  {found.self_reach}"]),
            ("Pressed?", [f"  {found.pressed}"]),
        ]
    return [
        ("", [f"{found.title}: {found.kind_name}."]),
        ("Stands in for", [f"  {_links(found.stands_in_for)}"]),
        ("How to use it", [f"  {found.how_to}"] if found.how_to else ["  As its techniques say."]),
        ("How long", [f"  {found.per_area}"]),
        ("Where you are", [f"  {found.position}"] if found.position else ["  Any position."]),
        ("Where it may work", [f"  {_links(found.regions)}"]),
        ("Never", [f"  {found.no_go}"]),
        (
            "Who should not use it",
            [f"  • {line}" for line in found.not_for] or ["  Nobody in particular."],
        ),
    ]


def render_guide(found: Guide, out: Console) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from backrub.guides.build import guide_kind

    lines: list[Text] = []
    for heading, body in [*_sections(found), ("Sources", _sources(found.sources))]:
        if heading:
            lines.append(Text(heading, style="bold"))
        lines.extend(Text(line) for line in body)
    lines.append(Text("You may also like", style="bold"))
    lines.extend(
        Text(f"  • {r.title} ({r.reason}): backrub guide {r.kind} {r.id}") for r in found.related
    )
    kind = guide_kind(found)
    out.print(Panel(Group(*lines), title=f"{found.title} ({kind} {found.id})", title_align="left"))
