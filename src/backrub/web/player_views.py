"""What the player page shows, as typed data."""

from __future__ import annotations

PLAYER_TEMPLATES: dict[type, str] = {}
