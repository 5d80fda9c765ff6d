"""A reader's tip as HTML: a small Markdown subset (emphasis, lists, links), then
cleaned with nh3, so nothing a reader writes can run or load anything in a page.

markdown-it's "zero" preset knows only paragraphs and text; we switch on just the
rules the subset needs and leave raw HTML off, so `<script>` comes out as text. nh3
then keeps only the tags the subset makes, only `href` on links, only http, https
and mailto addresses, and gives every link `rel="nofollow ugc noopener"`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from backrub.contract.validation import ValidationError, check_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MAX_TIP_LENGTH = 2000
TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br"}
LINK_REL = "nofollow ugc noopener"


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True})
    parser.enable(["emphasis", "list", "link", "newline", "escape"])
    # A link's address is checked by nh3 too; refusing it here keeps the words as text.
    parser.validateLink = _allowed_address  # type: ignore[method-assign]
    return parser


def _allowed_address(url: str) -> bool:
    scheme, colon, _rest = url.strip().partition(":")
    return bool(colon) and scheme.lower() in {"http", "https", "mailto"}


def render_tip(body: str) -> str:
    """Safe HTML for a tip's body, whatever it holds."""
    import nh3

    parser = _parser()
    tokens = parser.parse(body)
    for token in tokens:
        if token.children:
            token.children = _without_empty_links(token.children)
    html = parser.renderer.render(tokens, parser.options, {})
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href"}, "*": set()},  # "*": no title or lang either
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def _without_empty_links(children: list[Token]) -> list[Token]:
    """`[words]()` keeps its words as text: a link with no address (markdown-it does not
    ask `validateLink` about an empty one) would be an `<a href="">` to this page."""
    kept, dropping = [], False
    for child in children:
        if child.type == "link_open" and not str(child.attrGet("href") or "").strip():
            dropping = True
            continue
        if child.type == "link_close" and dropping:
            dropping = False
            continue
        kept.append(child)
    return kept


def check_tip_body(body: str) -> str:
    """The body as it will be kept (stripped), or a ValidationError naming `body`."""
    cleaned = body.strip()
    if not cleaned:
        raise ValidationError("body", "write a tip of 1 to 2,000 characters; it was empty")
    if len(cleaned) > MAX_TIP_LENGTH:
        raise ValidationError(
            "body", f"write a tip of 1 to 2,000 characters; it had {len(cleaned):,}"
        )
    check_text("body", cleaned, lines=True)
    return cleaned
