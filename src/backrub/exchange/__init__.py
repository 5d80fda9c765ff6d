"""Journals in and out: `backrub.journal/1` JSON, and other formats for other tools.

These modules take and give records (`backrub.contract.records.Journal`); only the
import's last step touches the database, through the repository.
"""
