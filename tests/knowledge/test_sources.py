"""The references: a claim about a study cites the study; a home page supports nothing.

Each rule is a function returning what breaks it, run on the real knowledge base (which
must break none) and on a doctored copy (which must break it), so the checks can fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import msgspec
import pytest

from backrub.contract.intake import load_intake
from backrub.knowledge import KnowledgeBase, load
from backrub.knowledge.model import Source
from backrub.planning.planner import make_plan

ROOT = Path(__file__).resolve().parents[2]
INTAKES = sorted([*(ROOT / "examples").glob("*.json"), *(ROOT / "docs/review").rglob("*.json")])
STUDIES = ("study", "review")
# "in one small study", "a 2022 review", "in one large trial", "in trials": a claim that
# rests on research, so the entry making it must cite a study or a review.
RESEARCH_CLAIM = re.compile(
    r"\b(?:a|an|one|two|in|several)\s+(?:[\w-]+\s+){0,3}?(?:review|trial|study|studies|trials)\b",
    re.IGNORECASE,
)


def _citing_entries(kb: KnowledgeBase) -> Iterator[tuple[str, Any]]:
    """Every entry of every table that names sources, as ("table id", entry)."""
    for field in msgspec.structs.fields(kb):
        if field.name == "sources":
            continue
        for key, entry in getattr(kb, field.name).items():
            if hasattr(entry, "sources"):
                yield f"{field.name} {key}", entry


def _texts(entry: Any) -> Iterator[str]:
    for field in msgspec.structs.fields(entry):
        value = getattr(entry, field.name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, str))


def incomplete_studies(kb: KnowledgeBase) -> list[str]:
    """Studies and reviews without authors or journal; articles and books without authors."""
    wrong = []
    for source in kb.sources.values():
        if source.kind in STUDIES and not (source.authors and source.journal and source.year):
            wrong.append(source.id)
        elif source.kind in ("article", "book") and not source.authors:
            wrong.append(source.id)
    return wrong


def unmarked_home_pages(kb: KnowledgeBase) -> list[str]:
    """Sources whose address is a site's front page but that are not marked `home_page`."""
    return [
        source.id
        for source in kb.sources.values()
        if urlparse(source.url).path in ("", "/") and source.kind != "home_page"
    ]


def doi_pages(kb: KnowledgeBase) -> list[str]:
    """Sources with a DOI (published research) that do not say what kind of research."""
    return [
        source.id
        for source in kb.sources.values()
        if urlparse(source.url).netloc == "doi.org" and source.kind in ("page", "home_page")
    ]


def home_pages_cited(kb: KnowledgeBase) -> list[str]:
    homes = {source.id for source in kb.sources.values() if source.kind == "home_page"}
    return [
        f"{where} cites {cited}"
        for where, entry in _citing_entries(kb)
        for cited in entry.sources
        if cited in homes
    ]


def claims_without_a_study(kb: KnowledgeBase) -> list[str]:
    wrong = []
    for where, entry in _citing_entries(kb):
        kinds = {kb.sources[cited].kind for cited in entry.sources if cited in kb.sources}
        for text in _texts(entry):
            claim = RESEARCH_CLAIM.search(text)
            if claim and not kinds & set(STUDIES):
                wrong.append(f"{where}: {claim.group(0)!r}")
    return wrong


RULES = (incomplete_studies, unmarked_home_pages, doi_pages, home_pages_cited)


@pytest.mark.parametrize("rule", [*RULES, claims_without_a_study], ids=lambda rule: rule.__name__)
def test_the_knowledge_base_keeps_the_rule(rule: Any) -> None:
    assert rule(load()) == []


def _with_source(kb: KnowledgeBase, source_id: str, **changes: Any) -> KnowledgeBase:
    sources = dict(kb.sources)
    sources[source_id] = msgspec.structs.replace(sources[source_id], **changes)
    return msgspec.structs.replace(kb, sources=sources)


def test_each_rule_catches_what_it_is_for() -> None:
    kb = load()
    study = next(s.id for s in kb.sources.values() if s.kind == "study")
    page = next(s.id for s in kb.sources.values() if s.kind == "page")
    assert incomplete_studies(_with_source(kb, study, journal="")) == [study]
    assert incomplete_studies(_with_source(kb, study, authors="")) == [study]
    front = "https://www.example.org/"
    assert unmarked_home_pages(_with_source(kb, page, url=front)) == [page]
    assert doi_pages(_with_source(kb, study, kind="page")) == [study]
    cited = next(iter(kb.techniques["effleurage"].sources))
    assert home_pages_cited(_with_source(kb, cited, kind="home_page")) != []


def test_a_research_claim_needs_a_study_among_the_sources() -> None:
    kb = load()
    technique = kb.techniques["effleurage"]
    pages = tuple(s.id for s in kb.sources.values() if s.kind == "page")[:1]
    claim = msgspec.structs.replace(
        technique, evidence="In one small study it helped.", sources=pages
    )
    doctored = msgspec.structs.replace(kb, techniques={**kb.techniques, "effleurage": claim})
    assert claims_without_a_study(doctored) == ["techniques effleurage: 'In one small study'"]


def test_no_plan_cites_a_home_page_or_an_unknown_source() -> None:
    kb = load()
    homes = {source.id for source in kb.sources.values() if source.kind == "home_page"}
    assert homes, "the rule needs a marked home page to mean anything"
    for path in INTAKES:
        plan = make_plan(load_intake(path.read_bytes()))
        for item in (*plan.reasons, *plan.warnings, *plan.before, *plan.steps):
            for cited in item.sources:
                assert cited in kb.sources, f"{path.name}: unknown source {cited}"
                assert cited not in homes, f"{path.name}: cites the home page {cited}"


def test_heat_rests_on_the_heat_trials() -> None:
    heat = load().techniques["heat"]
    assert {"french-2006-heat", "acp-2017"} <= set(heat.sources)


def test_a_source_kind_outside_the_list_is_refused() -> None:
    with pytest.raises(msgspec.ValidationError, match="kind"):
        msgspec.convert(
            {"id": "x", "title": "t", "publisher": "p", "year": 2000, "url": "u", "kind": "blog"},
            Source,
        )
