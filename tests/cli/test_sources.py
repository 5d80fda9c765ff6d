"""`backrub sources`: every reference, readable, with what kind it is and what cites it."""

from __future__ import annotations

import io
import json

from rich.console import Console

from backrub.cli.sources import render_sources
from backrub.knowledge import load
from backrub.knowledge.citations import cited_by
from support.cli import ok, refused


def _plain(*ids: str) -> str:
    buffer = io.StringIO()
    out = Console(file=buffer, width=100, color_system=None, highlight=False)
    kb = load()
    render_sources(kb, list(ids or kb.sources), out)
    return " ".join(buffer.getvalue().split())


def test_the_listing_shows_every_source_with_its_citation_and_address() -> None:
    text = "".join(ok("sources").split())  # long addresses wrap mid-word
    for source in load().sources.values():
        assert f"{source.id}·" in text
        assert "".join(source.url.split()) in text


def test_a_study_reads_as_a_reference_with_authors_year_and_journal() -> None:
    kb = load()
    study = next(s for s in kb.sources.values() if s.kind == "study")
    text = _plain(study.id)
    assert f"{study.authors} ({study.year}). {study.title}. {study.journal}." in text
    assert "study" in text


def test_a_home_page_says_it_supports_nothing() -> None:
    home = next(s for s in load().sources.values() if s.kind == "home_page")
    assert "supports no claim" in _plain(home.id)


def test_each_source_names_what_cites_it() -> None:
    kb = load()
    citing = cited_by(kb)
    heat = _plain("french-2006-heat")
    assert citing["french-2006-heat"] and "technique heat" in heat
    assert "technique heat" in citing["french-2006-heat"]
    uncited = next(s for s, where in citing.items() if not where)
    assert "Cited by" not in _plain(uncited)


def test_one_source_by_id() -> None:
    text = " ".join(ok("sources", "acp-2017").split())
    assert "acp-2017" in text and "french-2006-heat" not in text


def test_json_has_the_citation_fields_and_what_cites_each() -> None:
    listed = json.loads(ok("sources", "--json"))
    assert [entry["id"] for entry in listed] == list(load().sources)
    for entry in listed:
        assert {"kind", "authors", "journal", "citation", "cited_by"} <= set(entry)
    one = json.loads(ok("sources", "sherman-2014", "--json"))
    assert one["id"] == "sherman-2014" and one["kind"] == "study" and one["authors"]


def test_an_unknown_source_is_one_line_exit_2() -> None:
    assert "no-such-source" in refused("sources", "no-such-source")
