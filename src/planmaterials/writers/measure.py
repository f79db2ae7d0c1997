"""Text measured once and wrapped at any size by arithmetic, for layouts that try many sizes.

Fitting a poster tries several grids and type sizes. Splitting the text into words and looking
up their widths once, then wrapping by arithmetic (widths grow linearly with the size), gives
the same line breaks as :func:`.wrap.wrap_text` at a fraction of the cost.
"""

from __future__ import annotations

from ..document import Inline
from .wrap import Line, _words, unit_width, wrap_text

__all__ = ["MeasuredText"]


class MeasuredText:
    """Styled text split into words, each with its fragments' widths at 1 pt."""

    def __init__(
        self, content: tuple[Inline, ...], *, bold: bool = False, italic: bool = False
    ) -> None:
        self.content, self.bold, self.italic = content, bold, italic
        # Per paragraph line, per word: its fragments' widths at 1 pt and their sum (summed
        # as wrap_text sums them, so that every comparison comes out the same).
        self.paragraphs = tuple(
            tuple(
                (widths, sum(widths))
                for widths in (tuple(unit_width(*fragment) for fragment in word) for word in words)
            )
            for words in _words(content, bold, italic)
        )

    def count(self, size: float, width: float) -> tuple[int, bool]:
        """How many lines the text takes at ``size`` in ``width``, and whether every one fits.

        The same greedy breaks as :func:`wrap_text` (a word wider than the line stays whole on
        a line of its own, which then does not fit).
        """
        space = unit_width(" ") * size
        count, fits = 0, True
        for words in self.paragraphs:
            x, placed = 0.0, False
            for widths, total in words:
                start = x + space if placed else 0.0
                if placed and start + total * size > width:
                    count += 1
                    fits = fits and x <= width
                    start = 0.0
                offset = start
                for each in widths:
                    offset += each * size
                x, placed = offset, True
            count += 1
            fits = fits and x <= width
        return count, fits

    def lines(self, size: float, width: float) -> list[Line]:
        """The wrapped lines themselves (for the layout that is drawn)."""
        return wrap_text(self.content, size, width, bold=self.bold, italic=self.italic)
