"""The progress report as one self-contained HTML file.

Inline CSS and inline SVG charts: no scripts, no fonts or images to fetch, so
the file opens offline, can be mailed to a clinician, and reads on a phone.
Every piece of text from the journal is escaped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import escape

from backrub.contract.records import AnyPerson
from backrub.progress.figures import Change
from backrub.progress.summary import Progress
from backrub.progress.words import count, journal_length, number

CAPTIONS = {
    "pain": (
        "Each dot is one session's pain before it started (crosses: sessions stopped early; "
        "over a year, only weekly averages are drawn). "
        "The dashed line is your average over the first two weeks; the green zone is 2 points "
        "or 30% below it, where the change is big enough that most people feel it."
    ),
    "peg": (
        "PEG is the mean of three 0-10 questions: pain, how much it spoiled enjoyment of life, "
        "and how much it got in the way of daily activity. A fall of 1 point or more matters."
    ),
    "sessions": (
        "Sessions in each week, Monday to Sunday. Studies that found a benefit mostly used "
        "2-3 sessions a week (the green band)."
    ),
    "before_after": (
        "Open circle: pain before a session; filled dot: right after it. Green lines went down."
    ),
}
CSS = """
:root{--ink:#1f2933;--muted:#52606d;--line:#e4e7eb;--bg:#f7f8fa;--accent:#2563eb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
 font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:880px;margin:0 auto;padding:16px}
.verdict{border-radius:12px;padding:20px 22px;color:#fff;margin-bottom:16px}
.verdict h1{margin:.1em 0 .3em;font-size:1.7rem;line-height:1.2}
.verdict p{margin:0}
.kicker{font-size:.85rem;opacity:.9;text-transform:uppercase;letter-spacing:.04em}
.v-better,.v-slightly_better{background:#15803d}.v-no_change{background:#a16207}
.v-worse{background:#b91c1c}.v-not_enough_data{background:#1d4ed8}
.refer{border:2px solid #b91c1c;background:#fef2f2;border-radius:12px;padding:14px 18px;
 margin-bottom:16px}
.refer h2{color:#b91c1c;margin:0 0 .3em;font-size:1.2rem}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;
 margin-bottom:16px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.card .label{font-size:.8rem;color:var(--muted)}
.card .value{font-size:1.35rem;font-weight:700}
.card .sub{font-size:.85rem;color:var(--muted)}
section{background:#fff;border:1px solid var(--line);border-radius:12px;padding:14px 18px;
 margin-bottom:16px}
section.cards{background:none;border:0;padding:0}
h2{font-size:1.15rem;margin:0 0 .5em}
ul{margin:0;padding-left:1.2em}li{margin:.25em 0}
figure{margin:0 0 22px}figure:last-child{margin-bottom:0}
figure svg{width:100%;max-width:40rem;height:auto;display:block}
figcaption{font-size:.9rem;color:var(--muted);margin-top:4px}
footer{font-size:.8rem;color:var(--muted);padding:0 4px 24px}
@media (max-width:600px){main{padding:8px}.verdict h1{font-size:1.35rem}
 .cards{grid-template-columns:repeat(2,1fr)}}
"""


@dataclass(frozen=True)
class Card:
    """One figure of the report: what it is, its value, and a line about it."""

    label: str
    value: str
    sub: str = ""


def _change_card(label: str, change: Change, scale: str) -> Card:
    if change.change is None:
        return Card(label, "-", "not enough entries yet")
    percent = f" ({number(change.percent, True)}%)" if change.percent is not None else ""
    sub = f"{number(change.baseline)} → {number(change.recent)} {scale}{percent}"
    return Card(label, f"{number(change.change, True)}", sub)


def figure_cards(progress: Progress) -> tuple[Card, ...]:
    """The figures at the top of a report, in order (the web's progress page shows them too)."""
    cards = [
        _change_card("Pain before sessions", progress.pain, "of 10"),
        _change_card("PEG (pain's effect on life)", progress.peg, "of 10"),
        Card(
            "Right after a session",
            f"{number(progress.immediate_effect, True)}",
            "points of pain, on average",
        ),
        Card("Sessions a week", number(progress.sessions_per_week), "aim: 2-3"),
        Card(
            "Journal kept for",
            journal_length(progress.span_days) if progress.first_date else "-",
            f"{count(progress.sessions, 'session')}, {progress.aborted} stopped early",
        ),
    ]
    if progress.rmdq.change is not None:
        cards.insert(2, _change_card("Roland-Morris (disability)", progress.rmdq, "of 24"))
    return tuple(cards)


def _card_html(card: Card) -> str:
    sub_html = f'<div class="sub">{escape(card.sub)}</div>' if card.sub else ""
    return (
        f'<div class="card"><div class="label">{escape(card.label)}</div>'
        f'<div class="value">{escape(card.value)}</div>{sub_html}</div>'
    )


def _cards(progress: Progress) -> str:
    cards = "".join(_card_html(card) for card in figure_cards(progress))
    return f'<section class="cards">{cards}</section>'


def date_span(progress: Progress) -> str:
    """`05 Jan 2026 to 29 Mar 2026`, or "no entries yet"."""
    if progress.first_date is None or progress.last_date is None:
        return "no entries yet"
    return f"{progress.first_date:%d %b %Y} to {progress.last_date:%d %b %Y}"


def _list(lines: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def render_html(
    person: AnyPerson,
    progress: Progress,
    charts: dict[str, str],
    made: datetime.date | None = None,
) -> str:
    """The whole page; `charts` maps chart ids to inline `<svg>` strings."""
    words = progress.words
    refer = ""
    if words.referral:
        refer = f'<div class="refer"><h2>Please see a clinician</h2>{_list(words.referral)}</div>'
    figures = "".join(
        f'<figure id="chart-{escape(key)}"><div class="chart">{svg}</div>'
        f"<figcaption>{escape(CAPTIONS.get(key, ''))}</figcaption></figure>"
        for key, svg in charts.items()
    )
    made_text = f" Made on {made:%d %b %Y}." if made else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>backrub progress: {escape(person.name)}</title>
<style>{CSS}</style></head>
<body><main>
<header class="verdict v-{progress.verdict}">
<p class="kicker">backrub progress · {escape(person.name)} · {date_span(progress)}</p>
<h1>{escape(words.headline)}</h1>
<p>{escape(words.meaning)}</p>
</header>
{refer}
{_cards(progress)}
<section><h2>In detail</h2>{_list(words.details)}</section>
<section><h2>What studies found</h2><p>{escape(words.evidence)}</p></section>
<section><h2>Charts</h2>{figures}</section>
<footer>How the figures are worked out: a session's pain is the mean of the pain you rated
before it; "then" is the average over the first 14 days of the journal and "now" over the
last 14 days (at least 3 weeks and 2 sessions in each are needed). Numbers are rounded to
one decimal. This report is not a diagnosis and not medical advice.{made_text}</footer>
</main></body></html>
"""
