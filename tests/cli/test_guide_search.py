"""`backrub guide --search WORDS`: the web's search in the terminal and as JSON, on the
test's journal (SQLite, and PostgreSQL in its pass)."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from backrub.cli.guide_search import highlighted
from backrub.journal import open_journal
from backrub.journal.models import Tip, User
from support.cli import ok, refused

NOW = datetime.datetime(2026, 12, 1, 9, 0)
TRICKY = "Capybara [bold red]styled[/] <script>x</script> &amp; \x1b[2J done"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _approved_tip(url: str, body: str) -> None:
    with open_journal(url) as store, store.transaction() as db:
        db.add(User(id="u1", email="reader@example.org", password_hash="x", created=NOW))
        db.flush()
        db.add(
            Tip(
                id="t1",
                author_id="u1",
                guide_kind="region",
                guide_id="spine",
                body=body,
                status="approved",
                created=NOW,
                updated=NOW,
            )
        )


def test_json_has_the_api_shape_best_first(journal_url: str) -> None:
    found = json.loads(ok("guide", "--search", "levator scapulae", "--json"))
    assert [(r["kind"], r["id"], r["url"]) for r in found] == [
        ("region", "shoulder_left", "/guides/regions/shoulder_left"),
        ("region", "shoulder_right", "/guides/regions/shoulder_right"),
    ]
    assert "<mark>levator</mark>" in found[0]["snippet"]
    assert len(json.loads(ok("guide", "--search", "back", "--json", "--limit", "3"))) == 3


def test_the_terminal_lists_each_hit_with_its_command(journal_url: str) -> None:
    text = ok("guide", "--search", "grasp")
    assert "1. Petrissage (kneading) (technique)" in text
    assert "backrub guide technique petrissage" in text
    assert "grasp" in text and "<mark>" not in text


def test_a_tip_is_found_and_shown_as_plain_text(journal_url: str) -> None:
    _approved_tip(journal_url, TRICKY)
    (hit,) = json.loads(ok("guide", "--search", "capybara", "--json"))
    assert (hit["kind"], hit["id"], hit["url"]) == ("tip", "t1", "/guides/regions/spine#tip-t1")
    text = ok("guide", "--search", "capybara")
    assert "1. Tip on spine (midline) (reader's tip)" in text
    assert "[bold red]styled[/]" in text  # Rich markup in a tip stays text
    assert "&amp; " in text  # unescaped once: "&amp;" as posted, not "&"
    if journal_url.startswith("sqlite"):  # PostgreSQL's headline leaves out tag-like text
        assert "<script>x</script> &amp;" in text
    assert "\x1b" not in text and "\ufffd[2J done" in text  # no escape reaches the terminal
    assert "backrub guide region spine; on the web /guides/regions/spine#tip-t1" in text


def test_matched_words_are_highlighted_in_a_colour_terminal(
    journal_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = ok("guide", "--search", "grasp")
    line = next(line for line in text.splitlines() if "grasp" in line)
    styled = re.search(r"\x1b\[[0-9;]+m(grasp)\x1b\[0m", line)
    assert styled is not None, repr(line)
    assert "grasp the muscle" in ANSI.sub("", line)


def test_highlighted_styles_only_the_marked_words() -> None:
    out = highlighted("a &lt;b&gt; <mark>lower</mark> [red]x[/] <mark>back</mark>")
    assert out.plain == "   a <b> lower [red]x[/] back"
    assert [out.plain[s.start : s.end] for s in out.spans] == ["lower", "back"]


def test_no_match_says_so_and_json_is_empty(journal_url: str) -> None:
    assert "No guides or tips match 'zzqx'." in ok("guide", "--search", "zzqx")
    assert json.loads(ok("guide", "--search", "zzqx", "--json")) == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("guide", "--search", ""), "--search: expected 1 to 200 characters of words, got 0"),
        (("guide", "--search", "x" * 201), "--search: expected 1 to 200 characters"),
        (("guide", "--search", "back", "--limit", "51"), "--limit: expected an integer"),
        (("guide", "technique", "--search", "x"), "--search: give the words alone"),
    ],
    ids=["empty", "too-long", "limit", "with-kind"],
)
def test_bad_input_is_one_line(journal_url: str, args: tuple[str, ...], words: str) -> None:
    assert words in refused(*args)
