"""Matplotlib's SVG made fit to sit inside a page served under the app's CSP.

The Content-Security-Policy (`style-src 'self'`) refuses `style="..."` attributes and
`<style>` elements, inline SVG included, and matplotlib writes both. Every property it
writes is also an SVG presentation attribute, which CSP does not govern, so each style
becomes attributes, and the one `*{...}` rule goes on the root, where it is inherited.
Ids get a prefix of their own (four charts on a page would otherwise all have
`figure_1`), the RDF metadata goes, and anything that could run script is refused:
the charts are ours, but they are inserted unescaped, so this is checked, not assumed.
"""

from __future__ import annotations

import re
from html import escape

# SVG presentation attributes (SVG 1.1, "Property index") that matplotlib writes.
PRESENTATION = frozenset(
    {
        "clip-path",
        "clip-rule",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "dominant-baseline",
    }
)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_STYLE_ELEMENT = re.compile(r"<defs>\s*<style[^>]*>(.*?)</style>\s*</defs>\s*", re.S)
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r' (width|height)="[^"]*"')
_ID = re.compile(r' id="([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")
_HREF = re.compile(r' (xlink:href|href)="#([^"]+)"')
_UNSAFE = re.compile(
    r"<script|<foreignObject|<iframe|<image|\son[a-z]+\s*=|javascript:|<style|\sstyle=", re.I
)


class UnsafeSvg(ValueError):
    """An SVG this module cannot make safe: a property with no attribute, or script."""


def _attributes(declarations: str) -> str:
    """`fill: #fff; stroke: none` as ` fill="#fff" stroke="none"`."""
    attributes = []
    for declaration in declarations.split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name:
            continue
        if not colon or name not in PRESENTATION:
            raise UnsafeSvg(f"no presentation attribute for the style {declaration.strip()!r}")
        attributes.append(f' {name}="{value}"')
    return "".join(attributes)


def _root_rule(css: str) -> str:
    """The attributes for matplotlib's one rule, `*{stroke-linejoin: round; ...}`."""
    match = re.fullmatch(r"\s*\*\s*\{([^}]*)\}\s*", css)
    if match is None:
        raise UnsafeSvg(f"unexpected stylesheet in the SVG: {css.strip()[:80]!r}")
    return _attributes(match[1])


def inline_svg(svg: str, *, prefix: str, label: str) -> str:
    """`svg` (matplotlib's output) with styles as attributes, ids prefixed with `prefix`,
    no fixed size (CSS sizes it), and `role="img"` with `label` as its name."""
    start = svg.find("<svg")
    if start < 0:
        raise UnsafeSvg("not an SVG document")
    text = _METADATA.sub("", svg[start:], count=1)
    inherited = ""
    sheet = _STYLE_ELEMENT.search(text)
    if sheet is not None:
        inherited = _root_rule(sheet[1])
        text = text[: sheet.start()] + text[sheet.end() :]
    text = _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m[1]), text)
    text = _ID.sub(lambda m: f' id="{prefix}{m[1]}"', text)
    text = _URL.sub(lambda m: f"url(#{prefix}{m[1]})", text)
    text = _HREF.sub(lambda m: f' {m[1]}="#{prefix}{m[2]}"', text)
    root = _ROOT.search(text)
    assert root is not None  # found above
    opening = _SIZE.sub("", root[0][:-1])
    named = f' role="img" aria-label="{escape(label)}" focusable="false"{inherited}>'
    text = text[: root.start()] + opening + named + text[root.end() :]
    unsafe = _UNSAFE.search(text)
    if unsafe is not None:
        raise UnsafeSvg(f"the SVG holds {unsafe[0].strip()!r}, which is not allowed inline")
    return text
