"""The journal part of `/api/v1`: sessions, check-ins, progress, schedule, export and import."""

from __future__ import annotations

from fastapi import APIRouter

from backrub.web.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["journal"])
