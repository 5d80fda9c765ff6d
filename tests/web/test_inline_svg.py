"""Matplotlib's SVG made fit for the pages' CSP: styles become attributes, ids get a prefix,
and anything that could run script is refused."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ElementTree

import pytest

from backrub.progress.demo import demo_person
from backrub.progress.summary import summarize
from backrub.report.charts import all_charts
from backrub.web.inline_svg import UnsafeSvg, inline_svg

SMALL = """<?xml version="1.0"?>
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="540pt" height="273.6pt"
 viewBox="0 0 540 273.6" xmlns="http://www.w3.org/2000/svg">
 <metadata><rdf:RDF>who made it</rdf:RDF></metadata>
 <defs>
  <style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>
 </defs>
 <g id="figure_1"><path id="p1" style="fill: #ffffff; stroke: none" clip-path="url(#clip1)"/>
 <use xlink:href="#m1" style="stroke: #2563eb; stroke-opacity: 0.5"/></g>
</svg>
"""


def test_styles_become_attributes_and_ids_a_prefix() -> None:
    out = inline_svg(SMALL, prefix="chart-pain-", label="Pain & more")
    assert out.startswith('<svg xmlns:xlink="http://www.w3.org/1999/xlink"\n viewBox="0 0 540')
    assert 'role="img" aria-label="Pain &amp; more"' in out
    assert 'stroke-linejoin="round" stroke-linecap="butt">' in out
    assert (
        '<path id="chart-pain-p1" fill="#ffffff" stroke="none" clip-path="url(#chart-pain-clip1)"/>'
        in out
    )
    assert '<use xlink:href="#chart-pain-m1" stroke="#2563eb" stroke-opacity="0.5"/>' in out
    assert "metadata" not in out and "style" not in out and "width=" not in out


@pytest.mark.parametrize(
    "bad",
    [
        '<svg><g style="behavior: url(x.htc)"/></svg>',
        "<svg><script>alert(1)</script></svg>",
        '<svg><g onload="alert(1)"/></svg>',
        '<svg><a href="javascript:alert(1)"/></svg>',
        "<svg><defs><style>g{fill:red}</style></defs></svg>",
        "not a picture",
    ],
)
def test_what_cannot_be_made_safe_is_refused(bad: str) -> None:
    with pytest.raises(UnsafeSvg):
        inline_svg(bad, prefix="x-", label="x")


def test_every_report_chart_converts_to_well_formed_svg() -> None:
    person = demo_person(weeks=6)
    charts = all_charts(person, summarize(person, today=datetime.date(2026, 1, 1)))
    for key, svg in charts.items():
        out = inline_svg(svg, prefix=f"chart-{key}-", label=key)
        ElementTree.fromstring(out)  # well formed: no attribute was written twice
        assert " style=" not in out and "<style" not in out
