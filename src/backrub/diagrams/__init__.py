"""Stroke diagrams: a step's picture, drawn from the knowledge base as SVG text (pure)."""

from backrub.diagrams.draw import stroke_diagram
from backrub.diagrams.words import describe

__all__ = ["describe", "stroke_diagram"]
