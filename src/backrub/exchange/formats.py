"""The export formats by name, as `backrub export --format` knows them, for every adapter.

`export_text` gives exactly what `backrub export` writes; `EXPORT_FILES` the media
type and a download name for a web answer. The format modules are imported only
when used (FHIR's is the heaviest).
"""

from __future__ import annotations

import json

from backrub.contract.records import Journal

EXPORT_FORMATS = ("json", "csv", "checkins-csv", "measurements-csv", "fhir")
# format: (media type, download name)
EXPORT_FILES = {
    "json": ("application/json", "backrub-journal.json"),
    "csv": ("text/csv; charset=utf-8", "backrub-sessions.csv"),
    "checkins-csv": ("text/csv; charset=utf-8", "backrub-checkins.csv"),
    "measurements-csv": ("text/csv; charset=utf-8", "backrub-measurements.csv"),
    "fhir": ("application/fhir+json", "backrub-fhir.json"),
}


def export_text(journal: Journal, format_: str) -> str:
    """The journal as `format_` (one of `EXPORT_FORMATS`); ValueError for another."""
    if format_ == "json":
        from backrub.exchange.journal_json import export_json

        return export_json(journal)
    if format_ == "csv":
        from backrub.exchange.csv_export import export_csv

        return export_csv(journal)
    if format_ == "checkins-csv":
        from backrub.exchange.csv_export import export_checkins_csv

        return export_checkins_csv(journal)
    if format_ == "measurements-csv":
        from backrub.exchange.csv_export import export_measurements_csv

        return export_measurements_csv(journal)
    if format_ == "fhir":
        from backrub.exchange.fhir_export import export_fhir

        return json.dumps(export_fhir(journal), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"expected one of {', '.join(EXPORT_FORMATS)}; got {format_!r}")
