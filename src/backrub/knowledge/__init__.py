"""The knowledge base: reviewed data files plus the loader that validates them."""

from backrub.knowledge.loader import KnowledgeBase, KnowledgeError, derived, load, load_from

__all__ = ["KnowledgeBase", "KnowledgeError", "derived", "load", "load_from"]
