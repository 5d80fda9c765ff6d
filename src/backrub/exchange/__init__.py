"""Journals in and out: `backrub.journal/1` JSON, and other formats for other tools.

These modules take and give records (`backrub.contract.records.Journal`) and never
touch the database: writing an imported document is `backrub.journal.transfer`'s.
"""
