"""The journal pages: journal, check-in, soreness, progress, schedule, export and import,
profile and settings."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
