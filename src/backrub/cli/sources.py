"""`backrub sources`: the references backrub's advice rests on, as a reader wants them.

Each source reads as a reference list has it (authors, year, title, journal), says what
kind of evidence it is, and names the advice that cites it, so a clinician can check a
claim against its reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from backrub.cli.support import emit_json, fail

if TYPE_CHECKING:
    from rich.console import Console

    from backrub.knowledge import KnowledgeBase


def register(app: typer.Typer) -> None:
    """Add the `sources` command to the app."""
    app.command("sources")(sources)


def sources(
    source_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show only this source.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the references backrub's advice rests on, with what cites each one.

    Example: backrub sources french-2006-heat
    """
    import msgspec

    from backrub.knowledge import load

    kb = load()
    if source_id is not None and source_id not in kb.sources:
        fail(f"ID: unknown source {source_id!r}; `backrub sources` lists them")
    chosen = [kb.sources[source_id]] if source_id else list(kb.sources.values())
    if as_json:
        from backrub.knowledge.citations import citation, cited_by

        citing = cited_by(kb)
        listed: list[dict[str, Any]] = [
            {
                **msgspec.to_builtins(source),
                "citation": citation(source),
                "cited_by": citing[source.id],
            }
            for source in chosen
        ]
        emit_json(listed[0] if source_id else listed)
        return
    from backrub.cli.render import console

    render_sources(kb, [source.id for source in chosen], console())


def render_sources(kb: KnowledgeBase, source_ids: list[str], out: Console) -> None:
    """Each source as a short block: id and kind, the citation, the address, the note."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from backrub.knowledge.citations import KIND_NAMES, citation, cited_by

    citing = cited_by(kb)
    for source_id in source_ids:
        source = kb.sources[source_id]
        lines = [Text(citation(source)), Text(source.url, style="dim")]
        if source.note:
            lines.append(Text(source.note))
        if citing[source_id]:
            lines.append(Text(f"Cited by: {', '.join(citing[source_id])}.", style="dim"))
        out.print(Text.assemble((source.id, "bold"), f" · {KIND_NAMES[source.kind]}"))
        out.print(Padding(Group(*lines), (0, 0, 1, 2), expand=False))
