"""What the journal pages show, as typed data (the twin of `views.py` for the journal)."""

from __future__ import annotations

JOURNAL_TEMPLATES: dict[type, str] = {}
