"""Word wrapping with the shipped fonts' metrics: the one routine for every layout we compute.

Poster panels (PDF) and slide text frames (PowerPoint) are laid out before anything is drawn,
so both must know where lines break, and they break the same way: greedily between words, at
runs of ordinary white space (a no-break space holds its words together), measured with the
advance widths of the Liberation Sans faces we ship (metric-compatible with Arial).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..document import Inline, LineBreak, Span
from .fonts import text_width

__all__ = ["Fragment", "Line", "unit_width", "wrap_text"]

Fragment = tuple[str, bool, bool]  # text, bold, italic

_BREAK = re.compile(r"[ \t\n\r\f\v]+")


@dataclass(frozen=True)
class Line:
    """One wrapped line: styled fragments and their x offsets (in points), and its width."""

    fragments: tuple[tuple[float, Fragment], ...]
    width: float


@cache
def unit_width(text: str, bold: bool = False, italic: bool = False) -> float:
    """The advance width of ``text`` at 1 pt (widths scale linearly with the size)."""
    return text_width(text, 1.0, bold, italic)


def _words(content: tuple[Inline, ...], bold: bool, italic: bool) -> list[list[list[Fragment]]]:
    """Paragraph lines (split at line breaks) of words, each word a list of styled fragments.

    A word may change style midway (``<strong>Inter</strong>national`` is one word).
    """
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
        style = (item.bold or bold, item.italic or italic)
        for index, part in enumerate(_BREAK.split(item.text)):
            if index > 0 and word:
                lines[-1].append(word)
                word = []
            if part:
                word.append((part, *style))
    if word:
        lines[-1].append(word)
    return lines


def _pieces(word: list[Fragment], size: float, width: float) -> list[list[Fragment]]:
    """A word wider than the line, broken between characters into pieces that fill lines."""
    pieces: list[list[Fragment]] = [[]]
    used = 0.0
    for text, bold, italic in word:
        for char in text:
            advance = unit_width(char, bold, italic) * size
            if pieces[-1] and used + advance > width:
                pieces.append([])
                used = 0.0
            piece = pieces[-1]
            if piece and piece[-1][1:] == (bold, italic):
                piece[-1] = (piece[-1][0] + char, bold, italic)
            else:
                piece.append((char, bold, italic))
            used += advance
    return pieces


def _width(word: list[Fragment], size: float) -> float:
    return sum(unit_width(*fragment) for fragment in word) * size


def wrap_text(
    content: tuple[Inline, ...],
    size: float,
    width: float,
    *,
    bold: bool = False,
    italic: bool = False,
    break_words: bool = False,
) -> list[Line]:
    """Greedy word wrap of styled text at ``size`` into lines of at most ``width`` points.

    ``bold`` and ``italic`` apply to the whole text. A word wider than the line stays whole on
    a line of its own (callers compare :attr:`Line.width` with ``width`` to find text that
    cannot fit) or, with ``break_words``, is broken between characters, as slide editors do.
    """
    space = unit_width(" ") * size
    result: list[Line] = []
    for words in _words(content, bold, italic):
        fragments: list[tuple[float, Fragment]] = []
        x = 0.0
        for word in words:
            word_width = _width(word, size)
            start = x + space if fragments else 0.0
            if fragments and start + word_width > width:
                result.append(Line(tuple(fragments), x))
                fragments, start = [], 0.0
            if break_words and word_width > width:
                *full, word = _pieces(word, size, width)
                for piece in full:
                    _place(fragments, piece, start, size, "")
                    result.append(Line(tuple(fragments), start + _width(piece, size)))
                    fragments, start = [], 0.0
            x = _place(fragments, word, start, size, " " if start else "")
        result.append(Line(tuple(fragments), x))
    return result


def _place(
    fragments: list[tuple[float, Fragment]],
    word: list[Fragment],
    start: float,
    size: float,
    gap: str,
) -> float:
    """Put ``word`` on the line at ``start``; returns where it ends."""
    offset = start
    for index, fragment in enumerate(word):
        _append(fragments, offset, fragment, gap if index == 0 else "")
        offset += unit_width(*fragment) * size
    return offset


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
