"""A guide's "Tips from readers" read from the journal: what the guide page shows, and
the tip form's page again after a refusal (the same reads, so the two cannot differ)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backrub.journal import tips
from backrub.web.tips.views import TipsSection, tips_section


def guide_tips(
    *,
    db: Session,
    kind: str,
    guide_id: str,
    viewer_id: str | None,
    draft: str = "",
    error: str = "",
) -> TipsSection:
    """The published tips for everyone; signed in, also the viewer's own unpublished ones."""
    own = (
        []
        if viewer_id is None
        else tips.own_tips(db=db, user_id=viewer_id, kind=kind, guide_id=guide_id)
    )
    return tips_section(
        kind=kind,
        guide_id=guide_id,
        approved=tips.approved_tips(db=db, kind=kind, guide_id=guide_id),
        own=own,
        viewer_id=viewer_id,
        draft=draft,
        error=error,
    )
