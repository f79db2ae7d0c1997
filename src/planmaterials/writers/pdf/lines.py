"""Measuring, wrapping and drawing styled text with the shipped fonts, for layouts we compute.

Platypus wraps text for flowing pages; a poster panel needs to know in advance how tall its
text is at each size, so it wraps here, with the same font metrics that reportlab embeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.pdfgen.canvas import Canvas

from ...document import Inline, LineBreak, Span
from ..fonts import font_name, text_width

__all__ = ["ASCENT", "DESCENT", "Line", "draw_lines", "text_height", "wrap_inline"]

# Liberation Sans (like Arial): ascender and descender in em, from the font's hhea table.
ASCENT = 0.905
DESCENT = 0.212

Fragment = tuple[str, bool, bool]  # text, bold, italic


@dataclass(frozen=True)
class Line:
    """One wrapped line: styled fragments and their x offsets (in points), and its width."""

    fragments: tuple[tuple[float, Fragment], ...]
    width: float


@cache
def _unit_width(text: str, bold: bool, italic: bool) -> float:
    # Advance widths scale linearly with size: measure once at 1 pt.
    return text_width(text, 1.0, bold, italic)


def _words(content: tuple[Inline, ...]) -> list[list[list[Fragment]]]:
    """Paragraph lines (split at line breaks) of words, each word a list of styled fragments."""
    lines: list[list[list[Fragment]]] = [[]]
    word: list[Fragment] = []
    for item in content:
        if isinstance(item, LineBreak):
            if word:
                lines[-1].append(word)
            word = []
            lines.append([])
            continue
        assert isinstance(item, Span)
        parts = item.text.split(" ")
        for index, part in enumerate(parts):
            if index > 0 and word:
                lines[-1].append(word)
                word = []
            if part:
                word.append((part, item.bold, item.italic))
    if word:
        lines[-1].append(word)
    return lines


def wrap_inline(content: tuple[Inline, ...], size: float, width: float) -> list[Line]:
    """Greedy word wrap of styled text at ``size`` into lines of at most ``width`` points.

    A word wider than the line stays whole: callers compare each :attr:`Line.width` with
    ``width`` to find text that cannot fit.
    """
    space = _unit_width(" ", False, False) * size
    result: list[Line] = []
    for words in _words(content):
        fragments: list[tuple[float, Fragment]] = []
        x = 0.0
        for word in words:
            word_width = sum(_unit_width(*fragment) for fragment in word) * size
            start = x + space if fragments else 0.0
            if fragments and start + word_width > width:
                result.append(Line(tuple(fragments), x))
                fragments, start = [], 0.0
            offset = start
            for index, fragment in enumerate(word):
                _append(fragments, offset, fragment, " " if index == 0 and start else "")
                offset += _unit_width(*fragment) * size
            x = offset
        result.append(Line(tuple(fragments), x))
    return result


def _append(
    fragments: list[tuple[float, Fragment]], offset: float, fragment: Fragment, gap: str
) -> None:
    # One text run per style per line, so that extracted text keeps its real spaces
    # (every font face we ship has the same space width, so offsets stay exact).
    if fragments and fragments[-1][1][1:] == fragment[1:]:
        previous_offset, (text, bold, italic) = fragments[-1]
        fragments[-1] = (previous_offset, (text + gap + fragment[0], bold, italic))
    else:
        fragments.append((offset, fragment))


def text_height(lines: int, size: float, leading: float) -> float:
    """From the top of the first line's ascender to the bottom of the last line's descender."""
    if lines == 0:
        return 0.0
    return ASCENT * size + (lines - 1) * leading + DESCENT * size


def draw_lines(
    canvas: Canvas,
    lines: list[Line],
    x: float,
    top: float,
    size: float,
    leading: float,
    colour: str,
) -> None:
    """Draw wrapped lines with their tops of ascenders at ``top`` (PDF coordinates)."""
    canvas.setFillColor(colour)
    baseline = top - ASCENT * size
    for line in lines:
        for offset, (text, bold, italic) in line.fragments:
            canvas.setFont(font_name(bold, italic), size)
            canvas.drawString(x + offset, baseline, text)
        baseline -= leading
