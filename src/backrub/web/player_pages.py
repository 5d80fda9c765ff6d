"""The player page: today's routine with a clock, spoken cues, and the journal entry."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
