"""A tip's Markdown subset: what it renders, and that nothing else gets through."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.contract.validation import ValidationError
from backrub.guides.markup import check_tip_body, render_tip

REL = 'rel="nofollow ugc noopener"'


class _Tags(HTMLParser):
    """Every start tag and its attributes, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def test_emphasis_and_strong() -> None:
    assert render_tip("*slow* and **firm**") == "<p><em>slow</em> and <strong>firm</strong></p>"


def test_bullet_and_numbered_lists() -> None:
    html = render_tip("- warm up\n- go slow\n\n1. first\n2. second")
    assert "<ul>\n<li>warm up</li>\n<li>go slow</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html


def test_links_get_the_rel_and_keep_only_their_address() -> None:
    html = render_tip('[a source](https://example.org/a "a title")')
    assert html == f'<p><a href="https://example.org/a" {REL}>a source</a></p>'
    assert f'<a href="mailto:me@example.org" {REL}>' in render_tip("[me](mailto:me@example.org)")


@pytest.mark.parametrize(
    "body",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
    ],
    ids=["javascript", "javascript-mixed-case", "data", "vbscript"],
)
def test_other_addresses_stay_plain_text(body: str) -> None:
    html = render_tip(body)
    assert "<a" not in html
    assert html == f"<p>{body}</p>"


def test_images_are_not_images() -> None:
    html = render_tip("![a cat](https://example.org/cat.png)")
    assert "<img" not in html


def test_raw_html_is_text() -> None:
    html = render_tip('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert tags_of(html) == [("p", [])]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_headings_and_code_are_plain_paragraphs() -> None:
    html = render_tip("# big\n\n`code`\n\n| a | b |")
    assert {tag for tag, _ in tags_of(html)} == {"p"}


def test_a_single_newline_is_a_line_break() -> None:
    assert render_tip("one\ntwo") == "<p>one<br>\ntwo</p>"


MARKUP = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        '"',
        "'",
        "<",
        ">",
        "&",
        "javascript:",
        "[x](",
        "](javascript:alert(1))",
        ")",
        "![",
        "*",
        "**",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        " onload=",
        "<a href=",
        "<svg/onload=alert(1)>",
        "&#106;avascript:",
        "https://example.org",
        "\\",
        "`",
    ]
)


@given(st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=20).map("".join))
def test_no_text_renders_anything_that_runs(body: str) -> None:
    html = render_tip(body)
    assert "<script" not in html.lower()
    for tag, attrs in tags_of(html):
        assert tag in {"p", "em", "strong", "ul", "ol", "li", "a", "br"}
        names = {name for name, _ in attrs}
        assert not any(name.startswith("on") for name in names)
        if tag == "a":
            assert names <= {"href", "rel"}
            href = dict(attrs).get("href") or ""
            assert href.split(":", 1)[0].lower() in {"http", "https", "mailto"}
            assert dict(attrs).get("rel") == "nofollow ugc noopener"
        else:
            assert not names


def test_check_tip_body_strips() -> None:
    assert check_tip_body("  a tip \n") == "a tip"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("   ", "it was empty"),
        ("x" * 2001, "it had 2,001"),
        ("a\x00b", "U+0000"),
        ("right\u202eleft", "U+202E"),
    ],
    ids=["empty", "too-long", "nul", "direction"],
)
def test_check_tip_body_refuses(body: str, words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_tip_body(body)
    assert refused.value.path == "body"
    assert words in refused.value.message


def test_check_tip_body_keeps_two_thousand() -> None:
    assert len(check_tip_body("y" * 2000)) == 2000


def test_a_link_without_an_address_is_just_its_words() -> None:
    """Found by the property above in CI: `[x]()` made `<a href="">`, a link to the page."""
    assert render_tip("[x]() and [y]( )") == "<p>x and y</p>"
    assert render_tip("[a](https://e.org) [b]()") == (
        '<p><a href="https://e.org" rel="nofollow ugc noopener">a</a> b</p>'
    )
