"""Guides: what the knowledge base knows about each technique, region and tool, as
records a reader can learn from, with their related guides (pure: no I/O)."""

from backrub.guides.build import GUIDE_KINDS, Guide, all_guides, find_guide, guide_at
from backrub.guides.model import Link, Summary

__all__ = ["GUIDE_KINDS", "Guide", "Link", "Summary", "all_guides", "find_guide", "guide_at"]
