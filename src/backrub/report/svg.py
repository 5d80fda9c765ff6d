"""A small SVG plotter for the report's charts: a title, a legend, a 0-10 frame, marks.

Written out by hand instead of by matplotlib: matplotlib took 0.75 s to import and
about 85 ms per chart however few the points (ticks, text layout, legend), which
alone broke the progress page's 300 ms. These charts need lines, dots, bars and
bands on a date axis, nothing more.

The drawing is 360 units wide and scales to its box (viewBox, no fixed size in
CSS), so it fits a 360 px phone; the title and the legend wrap into rows inside
those 360 units, so nothing is cut off. Colours are presentation attributes, not
styles, so the SVG can be inlined under a CSP without 'unsafe-inline'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 360
PAD = 8  # around the drawing
TITLE_SIZE, TEXT_SIZE, TICK_SIZE = 15, 13, 12
LINE = 1.35  # line height, in font sizes
CHAR = 0.62  # a generous average glyph width, in font sizes (DejaVu Sans is about 0.55)
PLOT_HEIGHT = 170
LEFT, RIGHT = 40, 10  # room for the y tick labels and the y label; the last date label
PLOT_WIDTH = WIDTH - LEFT - RIGHT
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
INK, MUTED, GRID = "#1f2933", "#616e7c", "#e4e7eb"


@dataclass(frozen=True)
class Key:
    """One legend entry: `shape` is line, dash, dot, ring, cross or box."""

    label: str
    colour: str
    shape: str = "line"


@dataclass(frozen=True)
class Frame:
    """The plot's box in drawing units and the data ranges it shows."""

    left: float
    top: float
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def x(self, value: float) -> float:
        low, high = self.x_range
        return self.left + (value - low) / ((high - low) or 1) * self.width

    def y(self, value: float) -> float:
        low, high = self.y_range
        return self.top + self.height - (value - low) / ((high - low) or 1) * self.height


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR


def wrap(text: str, size: float, width: float) -> list[str]:
    """Words into lines no wider than `width` (a longer word keeps a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def f(value: float) -> str:
    """A coordinate with one decimal: small files, and sharp enough at any size."""
    return f"{value:.1f}".removesuffix(".0")


def text(x: float, y: float, words: str, *, size: float = TICK_SIZE, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{f(x)}" y="{f(y)}" font-size="{size:g}"{extra}>{escape(words)}</text>'


def line(points: Iterable[tuple[float, float]], colour: str, width: float, dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{f(x)},{f(y)}" for x, y in points)
    return (
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width:g}"'
        f' stroke-linejoin="round"{dashes}/>'
    )


def polygon(points: Iterable[tuple[float, float]], colour: str, opacity: float = 1) -> str:
    path = " ".join(f"{f(x)},{f(y)}" for x, y in points)
    shade = f' fill-opacity="{opacity:g}"' if opacity < 1 else ""
    return f'<polygon points="{path}" fill="{colour}"{shade}/>'


def rect(x: float, y: float, w: float, h: float, colour: str, opacity: float = 1) -> str:
    shade = f' fill-opacity="{opacity:g}"' if opacity < 1 else ""
    return (
        f'<rect x="{f(x)}" y="{f(y)}" width="{f(max(w, 0))}" height="{f(max(h, 0))}"'
        f' fill="{colour}"{shade}/>'
    )


def marker(x: float, y: float, shape: str, colour: str, opacity: float = 1) -> str:
    """A dot (filled), a ring (white inside) or a cross, about 6 units across."""
    shade = f' opacity="{opacity:g}"' if opacity < 1 else ""
    if shape == "cross":
        return (
            f'<path d="M{f(x - 3)},{f(y - 3)}l6,6m0,-6l-6,6" stroke="{colour}"'
            f' stroke-width="1.5"{shade}/>'
        )
    fill = "#ffffff" if shape == "ring" else colour
    edge = INK if shape == "ring" else colour
    return f'<circle cx="{f(x)}" cy="{f(y)}" r="3" fill="{fill}" stroke="{edge}"{shade}/>'


def _swatch(x: float, y: float, key: Key) -> str:
    """The legend's sample of a mark, 16 units wide, centred on `y`."""
    if key.shape in ("dot", "ring", "cross"):
        return marker(x + 8, y, key.shape, key.colour)
    if key.shape == "box":
        return rect(x, y - 5, 16, 10, key.colour, 0.6 if key.colour.startswith("#16") else 1)
    return line([(x, y), (x + 16, y)], key.colour, 2, "4 3" if key.shape == "dash" else "")


def _legend(keys: Sequence[Key], top: float) -> tuple[list[str], float]:
    """The keys side by side in rows that fit the width (a label too long for a row
    wraps under itself); the elements and the height they take."""
    room = WIDTH - 2 * PAD - 21  # after the swatch
    step = TEXT_SIZE * LINE
    parts: list[str] = []
    x, row = float(PAD), 0
    for key in keys:
        lines = wrap(key.label, TEXT_SIZE, room)
        width = 21 + max(text_width(words, TEXT_SIZE) for words in lines)
        if x > PAD and (len(lines) > 1 or x + width > WIDTH - PAD):
            x, row = float(PAD), row + 1
        y = top + step * row + step / 2
        parts.append(_swatch(x, y, key))
        for n, words in enumerate(lines):
            baseline = y + step * n + TEXT_SIZE * 0.35
            parts.append(text(x + 21, baseline, words, size=TEXT_SIZE, fill=INK))
        row += len(lines) - 1
        x += width + 14
    return parts, step * (row + 1) if keys else 0.0


@dataclass(frozen=True)
class Axes:
    """What the frame shows: the ranges, the y label and ticks, and the x ticks."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    y_label: str
    y_ticks: Sequence[int]
    x_ticks: Sequence[tuple[float, str]] = ()


def chart(
    name: str,
    title: str,
    axes: Axes,
    keys: Sequence[Key],
    marks: Callable[[Frame], list[str]],
    empty: str = "",
) -> str:
    """The whole `<svg>` element: title, legend, frame with its ticks, and the marks
    `marks(frame)` draws; with `empty`, that message instead of ticks and marks."""
    parts: list[str] = []
    y = float(PAD)
    for title_line in wrap(title, TITLE_SIZE, WIDTH - 2 * PAD):
        y += TITLE_SIZE * LINE
        parts.append(text(PAD, y - 4, title_line, size=TITLE_SIZE, font_weight="bold", fill=INK))
    legend, height = _legend([] if empty else keys, y + 4)
    parts += legend
    top = y + 4 + height + 10
    frame = Frame(LEFT, top, PLOT_WIDTH, PLOT_HEIGHT, axes.x_range, axes.y_range)
    bottom = top + PLOT_HEIGHT
    middle = top + PLOT_HEIGHT / 2
    parts.append(
        text(12, middle, axes.y_label, size=TICK_SIZE, fill=INK, text_anchor="middle",
             transform=f"rotate(-90 12 {f(middle)})")
    )  # fmt: skip
    if empty:
        centre = LEFT + frame.width / 2
        for n, words in enumerate(wrap(empty, TEXT_SIZE, frame.width - 16)):
            y_text = middle + n * TEXT_SIZE * LINE
            parts.append(
                text(centre, y_text, words, size=TEXT_SIZE, fill=MUTED, text_anchor="middle")
            )
    else:
        parts += _ticks(frame, axes)
        parts += marks(frame)
    parts.append(line([(LEFT, top), (LEFT, bottom), (LEFT + frame.width, bottom)], MUTED, 1))
    height_all = bottom + (TICK_SIZE * LINE + 6 if not empty else 6) + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {f(height_all)}"'
        f' width="{WIDTH}" height="{f(height_all)}" role="img" aria-labelledby="{name}-title"'
        f' font-family="{FONT}"><title id="{name}-title">{escape(title)}</title>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(parts)}</svg>'
    )


def _ticks(frame: Frame, axes: Axes) -> list[str]:
    """Grid lines and labels along y; labels along x (the first and last kept inside)."""
    parts = []
    for tick in axes.y_ticks:
        y = frame.y(tick)
        parts.append(line([(frame.left, y), (frame.left + frame.width, y)], GRID, 0.8))
        parts.append(text(frame.left - 5, y + 4, str(tick), fill=MUTED, text_anchor="end"))
    bottom = frame.top + frame.height
    for position, label in axes.x_ticks:
        x = frame.x(position)
        half = text_width(label, TICK_SIZE) / 2
        x_text = min(max(x, frame.left - 6 + half), WIDTH - PAD - half)
        parts.append(line([(x, bottom), (x, bottom + 4)], MUTED, 1))
        parts.append(text(x_text, bottom + 4 + TICK_SIZE, label, fill=MUTED, text_anchor="middle"))
    return parts
