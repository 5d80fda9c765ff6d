"""The knowledge base: reviewed data files plus the loader that validates them."""

from backrub.knowledge.loader import KnowledgeBase, KnowledgeError, load, load_from

__all__ = ["KnowledgeBase", "KnowledgeError", "load", "load_from"]
