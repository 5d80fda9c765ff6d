"""backrub: a personal, safe, guided back-massage routine that shows whether it helps."""

__version__ = "0.1.0"
