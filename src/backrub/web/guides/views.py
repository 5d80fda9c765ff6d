"""The guides pages' data: the index by kind, and one guide with its picture.

The guides are `backrub.guides`' records, the API's too; these add only what a page
needs (its picture as markup, and for a signed-in person which tools suit them).
`GUIDES_TEMPLATES` joins `intake.views.TEMPLATES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from backrub.contract.intake import Intake
from backrub.guides import Guide, Summary
from backrub.guides.build import guide_kind, summaries
from backrub.guides.model import ToolFit
from backrub.guides.suits import tool_fits
from backrub.knowledge import KnowledgeBase
from backrub.web.tips.views import TipsSection


@dataclass(frozen=True)
class GuidesPage:
    title: str
    techniques: tuple[Summary, ...]
    regions: tuple[Summary, ...]
    tools: tuple[Summary, ...]
    fits: tuple[ToolFit, ...]  # for a signed-in person with saved answers, else empty
    signed_in: bool


@dataclass(frozen=True)
class GuidePage:
    title: str
    kind: str
    guide: Guide
    picture: Markup  # built by backrub.guides/diagrams, every text in it escaped
    tips: TipsSection  # "Tips from readers" (web/tips)


GUIDES_TEMPLATES: dict[type, str] = {GuidesPage: "guides.html", GuidePage: "guide.html"}


def guides_page(kb: KnowledgeBase, intake: Intake | None, *, signed_in: bool) -> GuidesPage:
    every = summaries(kb)
    return GuidesPage(
        title="Learn",
        techniques=tuple(s for s in every if s.kind == "technique"),
        regions=tuple(s for s in every if s.kind == "region"),
        tools=tuple(s for s in every if s.kind == "tool"),
        fits=tool_fits(intake, kb) if intake is not None else (),
        signed_in=signed_in,
    )


def guide_page(guide: Guide, tips: TipsSection) -> GuidePage:
    kind = guide_kind(guide)
    svg = getattr(guide, "diagram", "") or getattr(guide, "no_go_map", "")
    return GuidePage(
        title=f"{guide.title[:1].upper()}{guide.title[1:]}",
        kind=kind,
        guide=guide,
        picture=Markup(svg),  # noqa: S704 - SVG from backrub.diagrams, its texts escaped
        tips=tips,
    )
