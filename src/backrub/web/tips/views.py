"""The tips' page data: the "Tips from readers" section of a guide page, a tip's edit
page and the moderation queue.

A tip's text is shown only as `render_tip` made it (Markdown subset, cleaned by nh3), so
these are the one place its HTML is marked safe. `TIPS_TEMPLATES` joins
`intake.views.TEMPLATES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from backrub.guides import GUIDE_KINDS, find_guide
from backrub.guides.markup import render_tip
from backrub.journal.tips import DecisionRecord, TipRecord
from backrub.knowledge import KnowledgeBase

PLURAL: dict[str, str] = {kind: plural for plural, kind in GUIDE_KINDS.items()}
MARKDOWN_HINT = (
    "Plain text. For emphasis put *stars* around words (**two** for bold); start lines "
    "with - or 1. for a list; a link is [words](https://address). No pictures, no HTML."
)
STATUS_WORDS = {"pending": "Waiting for approval", "approved": "Published", "rejected": ""}


@dataclass(frozen=True)
class TipView:
    id: str
    author: str  # a label that tells nothing about the account (`tips.author_label`)
    html: Markup  # render_tip's cleaned HTML
    status: str  # pending, approved or rejected
    status_words: str  # "Waiting for approval", "Not approved: <reason>", ...
    when: str  # "4 Dec 2026"
    mine: bool
    can_report: bool


@dataclass(frozen=True)
class TipsSection:
    """A guide's tips: the published ones, and signed in, your own that wait or were
    turned down, with the form to share one (what was written kept after a refusal)."""

    kind: str
    guide_id: str
    action: str  # where the form posts
    signed_in: bool
    approved: tuple[TipView, ...]
    own: tuple[TipView, ...]  # yours that are not published: pending or rejected
    draft: str = ""
    error: str = ""
    hint: str = MARKDOWN_HINT


@dataclass(frozen=True)
class TipEditPage:
    title: str
    guide_title: str
    guide_url: str
    tip: TipView
    body: str
    action: str
    hint: str
    error: str = ""


@dataclass(frozen=True)
class QueueItem:
    tip: TipView
    guide_title: str
    guide_url: str
    reports: int
    own: bool  # the moderator's own tip: another moderator decides
    error: str = ""  # why the last decision on it was refused
    reason: str = ""  # the reason typed, kept after a refusal


@dataclass(frozen=True)
class DecisionLine:
    who: str
    when: str
    what: str  # "Approved" or "Rejected"
    why: str
    guide_title: str
    guide_url: str


@dataclass(frozen=True)
class ModerationPage:
    title: str
    queue: tuple[QueueItem, ...]
    log: tuple[DecisionLine, ...]  # the latest first


TIPS_TEMPLATES: dict[type, str] = {TipEditPage: "tip_edit.html", ModerationPage: "moderation.html"}
LOG_LINES = 50


def guide_url(kind: str, guide_id: str) -> str:
    return f"/guides/{PLURAL.get(kind, kind)}/{guide_id}"


def guide_title(kb: KnowledgeBase, kind: str, guide_id: str) -> str:
    """The guide's title, or its id when the knowledge base no longer has it."""
    found = find_guide(kb, kind, guide_id)
    title = found.title if found is not None else guide_id
    return f"{title[:1].upper()}{title[1:]}"


def _date(tip: TipRecord) -> str:
    return f"{tip.updated.day} {tip.updated:%b %Y}"


def tip_view(tip: TipRecord, *, viewer_id: str | None) -> TipView:
    mine = viewer_id is not None and tip.author_id == viewer_id
    words = STATUS_WORDS.get(tip.status, tip.status)
    if tip.status == "rejected":
        words = f"Not approved: {tip.reason or 'no reason given'}"
    return TipView(
        id=tip.id,
        author=tip.author_label,
        html=Markup(render_tip(tip.body)),  # noqa: S704 - markup.render_tip cleans with nh3
        status=tip.status,
        status_words=words,
        when=_date(tip),
        mine=mine,
        can_report=viewer_id is not None and not mine and tip.status == "approved",
    )


def tips_section(
    *,
    kind: str,
    guide_id: str,
    approved: list[TipRecord],
    own: list[TipRecord],
    viewer_id: str | None,
    draft: str = "",
    error: str = "",
) -> TipsSection:
    return TipsSection(
        kind=kind,
        guide_id=guide_id,
        action=guide_url(kind, guide_id) + "/tips",
        signed_in=viewer_id is not None,
        approved=tuple(tip_view(t, viewer_id=viewer_id) for t in approved),
        own=tuple(tip_view(t, viewer_id=viewer_id) for t in own if t.status != "approved"),
        draft=draft,
        error=error,
    )


def edit_page(
    kb: KnowledgeBase, tip: TipRecord, *, viewer_id: str, body: str | None = None, error: str = ""
) -> TipEditPage:
    return TipEditPage(
        title="Edit your tip",
        guide_title=guide_title(kb, tip.kind, tip.guide_id),
        guide_url=guide_url(tip.kind, tip.guide_id),
        tip=tip_view(tip, viewer_id=viewer_id),
        body=tip.body if body is None else body,
        action=f"/tips/{tip.id}/edit",
        hint=MARKDOWN_HINT,
        error=error,
    )


def moderation_page(
    kb: KnowledgeBase,
    *,
    queue: list[TipRecord],
    log: list[tuple[DecisionRecord, TipRecord | None]],
    viewer_id: str,
    refused: tuple[str, str, str] = ("", "", ""),
) -> ModerationPage:
    """`refused` is (tip id, message, reason typed) when a decision was refused."""
    refused_id, message, reason = refused
    items = tuple(
        QueueItem(
            tip=tip_view(t, viewer_id=viewer_id),
            guide_title=guide_title(kb, t.kind, t.guide_id),
            guide_url=guide_url(t.kind, t.guide_id),
            reports=t.reports,
            own=t.author_id == viewer_id,
            error=message if t.id == refused_id else "",
            reason=reason if t.id == refused_id else "",
        )
        for t in queue
    )
    lines = tuple(
        DecisionLine(
            who=d.moderator_email,
            when=f"{d.at.day} {d.at:%b %Y, %H:%M} UTC",
            what="Approved" if d.decision == "approve" else "Rejected",
            why=d.reason,
            guide_title=guide_title(kb, t.kind, t.guide_id) if t else "a deleted tip",
            guide_url=guide_url(t.kind, t.guide_id) if t else "",
        )
        for d, t in reversed(log[-LOG_LINES:])
    )
    return ModerationPage(title="Moderation", queue=items, log=lines)
