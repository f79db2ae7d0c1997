"""The poster: strong colour blocks side by side on one page, their text fitted with real metrics.

The grid (how many columns), one type size for every block and how many of each block's
points to show are chosen together: as many points as fit (or as many as the document asks
for), at the largest size at which every block's text fits its box, between a minimum readable
from two metres and a maximum, both growing with the paper. When a block cannot fit at the
minimum, the build stops with a layout error naming it, rather than printing text that runs off
the block. Below the blocks the steps run as a band of numbered boxes, and under them the QR
code of the poster's web address with its caption.

Fitting tries many sizes: each block's words are measured once (:class:`..measure.MeasuredText`)
so that a trial is arithmetic, and only the chosen layout is wrapped into lines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ...document import (
    Inline,
    LayoutError,
    LineBreak,
    ListBlock,
    ListItem,
    Panel,
    Paragraph,
    Poster,
    Span,
)
from ...theme import Colours
from ..colours import poster_fills, text_palette
from ..measure import MeasuredText
from ..wrap import Line, wrap_text
from .lines import draw_lines, pdf_colour, text_height
from .marks import Tagger
from .tags import Tag

__all__ = [
    "Band",
    "LinkStrip",
    "PlacedPanel",
    "PosterFlowable",
    "PosterLayout",
    "PosterStyle",
    "lay_out",
    "lay_out_band",
    "lay_out_link",
]

_STEP = 0.25  # type sizes are tried in quarter points
_MAX_COLUMNS = 4


@dataclass(frozen=True)
class PosterStyle:
    """What the grid needs from the page: paper, scale (page width / A4 width) and colours."""

    paper: str
    scale: float
    colours: Colours

    @property
    def min_size(self) -> float:
        """The smallest body size: 16 pt, readable from two metres, on A3 and larger paper.

        An A4 print is read closer, at 12 pt; a larger poster holds more text at 16 pt.
        """
        return 12.0 if self.scale < 1.2 else 16.0

    @property
    def max_size(self) -> float:
        return max(1.4 * self.min_size, 11.0 * self.scale)

    def title_size(self, size: float) -> float:
        """A block title's size for body text of ``size``: 28 pt or more on A3."""
        return max(1.3 * size, 1.75 * self.min_size)

    @property
    def qr_side(self) -> float:
        """The QR code's side, quiet zone included (about 34 mm on A3)."""
        return 24 * mm * self.scale

    @property
    def gutter(self) -> float:
        return 10.0 * self.scale

    @property
    def padding(self) -> float:
        return 8.0 * self.scale

    @property
    def stripe(self) -> float:
        """The accent rule under each block's title."""
        return 3.0 * self.scale


@dataclass(frozen=True)
class Run:
    """Wrapped text placed in a panel: ``top`` is measured down from the panel body's top."""

    lines: tuple[Line, ...]
    indent: float
    top: float
    size: float
    leading: float
    bullet: bool
    path: tuple[Tag, ...]  # its structure elements inside the panel (keys unique in the panel)


@dataclass(frozen=True)
class PlacedPanel:
    """A panel's box (from the poster's bottom left corner, in points) and its laid-out text."""

    panel: Panel
    x: float
    y: float
    width: float
    height: float
    title: tuple[Line, ...]
    title_size: float
    bar_height: float  # the title's part of the block, above the accent rule
    runs: tuple[Run, ...]
    body_height: float
    tone: int  # which of the two block fills (see colours.poster_fills): 0 or 1


@dataclass(frozen=True)
class PosterLayout:
    """The chosen grid, type size and number of points, with every panel placed."""

    columns: int
    rows: int
    size: float
    points: int | None
    panels: tuple[PlacedPanel, ...]


# -- measuring a panel once -----------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """One paragraph or list item of a panel, measured; sizes are in body sizes."""

    text: MeasuredText
    level: int  # indent, in steps of 1.1 body sizes (a list item is indented one more)
    scale: float  # its size / the body size
    bullet: bool
    path: tuple[Tag, ...]
    before: float  # the space above it
    rank: int | None  # its place in a top-level list (the poster may show only the first few)


@dataclass(frozen=True)
class _Measured:
    panel: Panel
    title: MeasuredText
    pieces: tuple[_Piece, ...]

    @property
    def most(self) -> int:
        """The most items of any of its top-level lists (0 without lists)."""
        return max((piece.rank + 1 for piece in self.pieces if piece.rank is not None), default=0)

    def shown(self, points: int | None) -> tuple[_Piece, ...]:
        if points is None:
            return self.pieces
        return tuple(p for p in self.pieces if p.rank is None or p.rank < points)


def _measure(panel: Panel) -> _Measured:
    pieces: list[_Piece] = []
    state: dict = {"before": 0.0}

    def place(content, level: int, scale: float, bullet: bool, path, rank) -> None:
        text = MeasuredText(content)
        pieces.append(_Piece(text, level, scale, bullet, path, state["before"], rank))

    def list_items(block: ListBlock, level: int, path: tuple[Tag, ...], top: bool) -> None:
        # Numbers are part of the text (see _numbered); bullets are drawn discs.
        numbering = ("ListNumbering", "None" if block.ordered else "Disc")
        path = (*path, Tag("L", len(pieces), (numbering,)))
        for rank, item in enumerate(block.items):
            body = (*path, Tag("LI", len(pieces)), Tag("LBody"))
            place(item.content, level + 1, 1.0, not block.ordered, body, rank if top else None)
            state["before"] = 0.3
            for child in item.children:
                list_items(child, level + 1, body, False)

    for index, block in enumerate(panel.blocks):
        if index:
            state["before"] = 0.5
        match block:
            case Paragraph(content=content, style=style):
                place(
                    content, 0, 0.85 if style == "small" else 1.0, False, (Tag("P", index),), None
                )
            case ListBlock():
                list_items(_numbered(block) if block.ordered else block, 0, (), True)
            case _:
                raise ValueError(f"a poster panel holds paragraphs and lists, not {block!r}")
    return _Measured(panel, MeasuredText(_spans(panel.title)), tuple(pieces))


def _numbered(block: ListBlock) -> ListBlock:
    # Numbers are written into the text: a panel draws bullets only for bulleted lists.
    items = tuple(
        ListItem((Span(f"{n}. "), *item.content), item.children)
        for n, item in enumerate(block.items, start=1)
    )
    return ListBlock(True, items)


def _body_height(pieces: Iterable[_Piece], size: float, width: float) -> tuple[float, bool]:
    """The height of a panel's text at ``size`` in ``width``, and whether every line fits."""
    top, fits = 0.0, True
    for piece in pieces:
        top += piece.before * size
        run_size = size * piece.scale
        count, ok = piece.text.count(run_size, width - 1.1 * size * piece.level)
        fits = fits and ok
        top += text_height(count, run_size, 1.15 * run_size)
    return top, fits


def _runs(pieces: Iterable[_Piece], size: float, width: float) -> tuple[Run, ...]:
    runs, top = [], 0.0
    for piece in pieces:
        top += piece.before * size
        run_size, indent = size * piece.scale, 1.1 * size * piece.level
        lines = tuple(piece.text.lines(run_size, width - indent))
        leading = 1.15 * run_size
        runs.append(Run(lines, indent, top, run_size, leading, piece.bullet, piece.path))
        top += text_height(len(lines), run_size, leading)
    return tuple(runs)


# -- the grid ---------------------------------------------------------------------------------


def _cells(count: int, columns: int, width: float, gutter: float) -> list[tuple[int, float, float]]:
    """(row, x, width) of each panel; a last row that is not full shares the whole width."""
    rows = math.ceil(count / columns)
    cells = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = columns if row < rows - 1 else count - columns * (rows - 1)
        cell_width = (width - gutter * (in_row - 1)) / in_row
        cells.append((row, column * (cell_width + gutter), cell_width))
    return cells


@dataclass(frozen=True)
class _Trial:
    """A grid at one size with one number of points: row heights, and what does not fit."""

    columns: int
    size: float
    points: int | None
    cells: list[tuple[int, float, float]]
    bars: dict[int, float]
    heights: dict[int, float]
    tops: dict[int, float]
    failing: list[Panel]


def _bar(title_lines: int, title_size: float) -> float:
    return text_height(title_lines, title_size, 1.1 * title_size) + 2 * 0.35 * title_size


def _try(
    measured: list[_Measured],
    style: PosterStyle,
    width: float,
    height: float,
    columns: int,
    size: float,
    points: int | None,
) -> _Trial:
    """The grid at ``size``, by arithmetic on measured words, and the panels that do not fit.

    Each row is as tall as its fullest panel needs; the room left over is shared equally, so
    a row of short panels leaves more room to a row of long ones.
    """
    count = len(measured)
    rows = math.ceil(count / columns)
    gutter, pad = style.gutter, style.padding
    cells = _cells(count, columns, width, gutter)
    title_size = style.title_size(size)
    bars: dict[int, float] = {}
    needs: dict[int, float] = {}
    bodies = []
    failing = []
    for panel, (row, _, w) in zip(measured, cells, strict=True):
        title_lines, title_fits = panel.title.count(title_size, w - 2 * pad)
        body_height, body_fits = _body_height(panel.shown(points), size, w - 2 * pad)
        if not (title_fits and body_fits):
            failing.append(panel.panel)
        bars[row] = max(bars.get(row, 0.0), _bar(title_lines, title_size))
        needs[row] = max(needs.get(row, 0.0), body_height)
        bodies.append(body_height)
    heights = {row: bars[row] + style.stripe + 2 * pad + needs[row] for row in range(rows)}
    spare = height - gutter * (rows - 1) - sum(heights.values())
    if spare < 0:
        # Too tall as a whole: the panels with the most text are the ones to shorten.
        fullest = max(range(count), key=lambda i: bodies[i] / cells[i][2])
        failing.append(measured[fullest].panel)
    tops = {}
    top = height
    for row in range(rows):
        heights[row] += max(spare, 0.0) / rows
        tops[row] = top
        top -= heights[row] + gutter
    return _Trial(columns, size, points, cells, bars, heights, tops, failing)


def _placed(measured: list[_Measured], style: PosterStyle, trial: _Trial) -> PosterLayout:
    """The layout of a trial that fits, its text wrapped into lines."""
    pad = style.padding
    title_size = style.title_size(trial.size)
    placed = []
    for panel, (row, x, w) in zip(measured, trial.cells, strict=True):
        title = tuple(panel.title.lines(title_size, w - 2 * pad))
        shown = panel.shown(trial.points)
        runs = _runs(shown, trial.size, w - 2 * pad)
        body_height, _ = _body_height(shown, trial.size, w - 2 * pad)
        column = round(x / (w + style.gutter)) if w else 0
        placed.append(
            PlacedPanel(
                panel.panel,
                x,
                trial.tops[row] - trial.heights[row],
                w,
                trial.heights[row],
                title,
                title_size,
                trial.bars[row],
                runs,
                body_height,
                # Neighbours differ, across and down, like the squares of a chessboard.
                (row + column) % 2,
            )
        )
    rows = math.ceil(len(measured) / trial.columns)
    return PosterLayout(trial.columns, rows, trial.size, trial.points, tuple(placed))


def _spans(text: str) -> tuple[Inline, ...]:
    return (Span(text, bold=True),)


# A PDF with page totals is laid out twice; the same poster is fitted only once.
@lru_cache(maxsize=16)
def lay_out(
    poster: Poster, style: PosterStyle, width: float, height: float, points: int | None = None
) -> PosterLayout:
    """The grid, points and largest common type size at which every panel fits.

    The poster shows ``points`` (else ``poster.points``) items of each panel's lists, or when
    both are None as many as fit (the same number in every panel). Raises
    :class:`LayoutError` naming the panel when even the smallest readable size (and a single
    point) does not fit.
    """
    measured = [_measure(panel) for panel in poster.panels]
    most = max(panel.most for panel in measured)
    points = points if points is not None else poster.points
    if points is not None:
        counts: list[int | None] = [points]
    elif most:
        counts = list(range(most, 0, -1))
    else:
        counts = [None]
    failing: list[Panel] = []
    for count in counts:
        trial, failing = _largest(measured, style, width, height, count)
        if trial is not None:
            return _placed(measured, style, trial)
    panel = failing[0]
    shown = "" if counts[-1] is None else f" with {counts[-1]} of its points"
    raise LayoutError(
        f"the text of '{panel.title}' does not fit its panel on an {style.paper} poster{shown}, "
        f"even at the smallest readable size ({style.min_size:.1f} pt)",
        element=panel.id,
        remedy="choose a larger poster_paper in the theme",
    )


def _largest(
    measured: list[_Measured], style: PosterStyle, width: float, height: float, points: int | None
) -> tuple[_Trial | None, list[Panel]]:
    """The grid with the largest size that fits, or None and the fewest panels that do not."""
    count = len(measured)
    steps = round((style.max_size - style.min_size) / _STEP)
    sizes = [style.min_size + _STEP * i for i in range(steps + 1)]
    best: _Trial | None = None
    least_failing: list[Panel] | None = None
    for columns in range(1, min(count, _MAX_COLUMNS) + 1):
        rows = math.ceil(count / columns)
        if rows * columns - count >= columns:
            continue  # a whole empty row
        trial = _try(measured, style, width, height, columns, sizes[0], points)
        if trial.failing:
            if least_failing is None or len(trial.failing) < len(least_failing):
                least_failing = trial.failing
            continue
        # Binary search for the largest size that fits (fitting shrinks as size grows).
        low, high = 0, len(sizes) - 1
        while low < high:
            middle = (low + high + 1) // 2
            candidate = _try(measured, style, width, height, columns, sizes[middle], points)
            if candidate.failing:
                high = middle - 1
            else:
                low, trial = middle, candidate
        if best is None or trial.size > best.size + 1e-9:
            best = trial
    return best, least_failing or []


# -- the steps band and the link --------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """The steps as numbered boxes in a row (or rows) under their title, with arrows between."""

    height: float
    title: tuple[Line, ...]
    title_size: float
    size: float
    number_size: float
    boxes: tuple[tuple[Line, ...], ...]
    columns: int
    box_width: float
    box_height: float
    gap: float


def lay_out_band(
    poster: Poster, style: PosterStyle, width: float, size: float | None = None
) -> Band | None:
    """The band under the panels, or None when the poster has no steps.

    The step titles are set at ``size`` (the panels' size; the smallest readable size when
    None) if one row of boxes holds them so, else at the smallest size. Raises
    :class:`LayoutError` when a step's title is too long for its box.
    """
    if not poster.steps:
        return None
    pad, count = style.padding, len(poster.steps)
    gap = 1.6 * style.gutter  # room for the arrow between two boxes
    minimum = style.min_size
    wanted = max(size or minimum, minimum)
    texts = [MeasuredText((Span(step),)) for step in poster.steps]

    def fits(columns: int, size: float) -> bool:
        box_width = (width - gap * (columns - 1)) / columns
        return all(text.count(size, box_width - 2 * pad)[1] for text in texts)

    # One row of boxes if every word fits, else as few rows as make them fit, each row full
    # but the last (four steps: a row of four, or two rows of two).
    options = [(count, wanted)]
    options += [
        (columns, minimum)
        for columns in sorted({math.ceil(count / rows) for rows in range(1, count + 1)})[::-1]
    ]
    for columns, size in options:
        if fits(columns, size):
            break
    else:
        raise LayoutError(
            f"a step of '{poster.steps_title}' does not fit the steps band on an "
            f"{style.paper} poster",
            remedy="choose a larger poster_paper in the theme",
        )
    number_size = style.title_size(size)
    box_width = (width - gap * (columns - 1)) / columns
    boxes = tuple(tuple(text.lines(size, box_width - 2 * pad)) for text in texts)
    most = max(len(lines) for lines in boxes)
    box_height = (
        text_height(1, number_size, number_size)
        + 0.3 * size
        + text_height(most, size, 1.2 * size)
        + 2 * pad
    )
    rows = math.ceil(count / columns)
    boxes_height = rows * box_height + (rows - 1) * style.gutter
    title_size = number_size
    title: tuple[Line, ...] = ()
    if poster.steps_title:
        title = tuple(wrap_text(_spans(poster.steps_title), title_size, width))
    title_height = (
        text_height(len(title), title_size, 1.15 * title_size) + 0.4 * title_size if title else 0
    )
    return Band(
        title_height + boxes_height,
        title,
        title_size,
        size,
        number_size,
        boxes,
        columns,
        box_width,
        box_height,
        gap,
    )


@dataclass(frozen=True)
class LinkStrip:
    """The QR code of the poster's web address at the right, its caption and address beside it."""

    height: float
    lines: tuple[Line, ...]
    size: float
    qr: tuple[bytearray, ...]  # segno's module matrix, rows from the top; 1 is dark
    link: str


def lay_out_link(
    poster: Poster, style: PosterStyle, width: float, size: float | None = None
) -> LinkStrip | None:
    """The strip at the foot of the poster, or None when it has no web address.

    Its text is set at ``size`` (the panels' size), and never smaller than the smallest
    readable size.
    """
    if not poster.link:
        return None
    size = max(size or style.min_size, style.min_size)
    # The address as people type it; a long one breaks between characters, never overflows.
    address = re.sub(r"^https?://", "", poster.link).rstrip("/")
    content: tuple[Inline, ...] = (Span(address, bold=True),)
    if poster.caption:
        content = (Span(poster.caption), LineBreak(), *content)
    room = width - style.qr_side - style.gutter
    lines = tuple(wrap_text(content, size, room, break_words=True))
    height = max(style.qr_side, text_height(len(lines), size, 1.2 * size))
    return LinkStrip(height, lines, size, _qr(poster.link), poster.link)


@cache
def _qr(link: str) -> tuple[bytearray, ...]:
    # Encoding takes longer than fitting the whole poster; both languages share the address.
    return tuple(segno.make(link, error="m").matrix)


# -- drawing ------------------------------------------------------------------------------------


class PosterFlowable(Flowable):
    """The panels of a poster, the steps band and the link, filling all the room on the page."""

    def __init__(
        self,
        poster: Poster,
        style: PosterStyle,
        tagger: Tagger,
        parent: tuple[Tag, ...] = (),
        key: object = None,
    ) -> None:
        super().__init__()
        self.poster = poster
        self.style = style
        # Each panel reads as its title (H2), then its text; ``key`` keeps two posters apart.
        self.tagger, self.parent, self.key = tagger, parent, key
        self.layout: PosterLayout | None = None
        self.band: Band | None = None
        self.link: LinkStrip | None = None
        self.palette = {name: pair[0] for name, pair in text_palette(style.colours).items()}

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # The band and the link at the smallest size first; when the panels then get larger
        # type, the band and link follow them if the panels keep as many points.
        style = self.style
        self._fit(available_width, available_height, style.min_size, self.poster.points)
        assert self.layout is not None
        first = self.layout
        if first.size > style.min_size and (self.band or self.link):
            try:
                self._fit(available_width, available_height, first.size, first.points)
                if self.layout.size < first.size:
                    # The larger band took room: set it at the panels' new size.
                    self._fit(available_width, available_height, self.layout.size, first.points)
            except LayoutError:
                self._fit(available_width, available_height, style.min_size, self.poster.points)
        self.width, self.height = available_width, available_height
        # A hair less than the room, so that rounding never pushes it onto the next page.
        return available_width, available_height - 0.01

    def _fit(self, width: float, height: float, size: float, points: int | None) -> None:
        gutter = self.style.gutter
        self.link = lay_out_link(self.poster, self.style, width, size)
        self.band = lay_out_band(self.poster, self.style, width, size)
        self.band_bottom = self.link.height + 1.5 * gutter if self.link else 0.0
        self.panels_bottom = self.band_bottom + (
            self.band.height + 1.5 * gutter if self.band else 0.0
        )
        self.layout = lay_out(self.poster, self.style, width, height - self.panels_bottom, points)

    def draw(self) -> None:
        assert self.layout is not None
        canvas = self.canv
        canvas.saveState()
        canvas.translate(0, self.panels_bottom)
        for index, placed in enumerate(self.layout.panels):
            self._panel(canvas, placed, (self.key, index))
        canvas.restoreState()
        if self.band is not None:
            canvas.saveState()
            canvas.translate(0, self.band_bottom)
            self._band(canvas, self.band)
            canvas.restoreState()
        if self.link is not None:
            self._link(canvas, self.link)

    def _band(self, canvas: Canvas, band: Band) -> None:
        colours, pad, tagger = self.style.colours, self.style.padding, self.tagger
        key = (self.key, "band")
        if band.title:
            with tagger.content(canvas, (*self.parent, Tag("H2", key))):
                draw_lines(
                    canvas,
                    list(band.title),
                    0,
                    band.height,
                    band.title_size,
                    1.15 * band.title_size,
                    self.palette["heading"],
                )
        steps = (*self.parent, Tag("L", key, (("ListNumbering", "Decimal"),)))
        rows = math.ceil(len(band.boxes) / band.columns)
        on_accent = self.palette["on-accent"]
        for index, lines in enumerate(band.boxes):
            row, column = divmod(index, band.columns)
            x = column * (band.box_width + band.gap)
            y = (rows - 1 - row) * (band.box_height + self.style.gutter)
            with tagger.artifact(canvas):
                canvas.setFillColor(pdf_colour(colours.accent))
                canvas.rect(x, y, band.box_width, band.box_height, stroke=0, fill=1)
                if column:
                    # An arrow from the previous box: the steps follow one another.
                    middle, tip = y + band.box_height / 2, x - 0.25 * band.gap
                    half = 0.4 * band.gap
                    canvas.setFillColor(pdf_colour(colours.primary))
                    path = canvas.beginPath()
                    path.moveTo(tip - half, middle + half)
                    path.lineTo(tip, middle)
                    path.lineTo(tip - half, middle - half)
                    path.close()
                    canvas.drawPath(path, stroke=0, fill=1)
            item = (*steps, Tag("LI", (key, index)))
            top = y + band.box_height - pad
            number = wrap_text((Span(f"{index + 1}", bold=True),), band.number_size, band.box_width)
            with tagger.content(canvas, (*item, Tag("Lbl"))):
                draw_lines(
                    canvas, number, x + pad, top, band.number_size, band.number_size, on_accent
                )
            top -= text_height(1, band.number_size, band.number_size) + 0.3 * band.size
            with tagger.content(canvas, (*item, Tag("LBody"))):
                draw_lines(canvas, list(lines), x + pad, top, band.size, 1.2 * band.size, on_accent)

    def _link(self, canvas: Canvas, strip: LinkStrip) -> None:
        """The caption and address, and the QR code drawn from segno's matrix at the right."""
        side = self.style.qr_side
        text_top = (strip.height + text_height(len(strip.lines), strip.size, 1.2 * strip.size)) / 2
        with self.tagger.content(canvas, (*self.parent, Tag("P", (self.key, "link")))):
            draw_lines(
                canvas,
                list(strip.lines),
                0,
                text_top,
                strip.size,
                1.2 * strip.size,
                self.palette["heading"],
            )
        modules = len(strip.qr)
        module = side / (modules + 8)  # the four-module quiet zone on each side
        left, bottom = self.width - side, (strip.height - side) / 2
        with self.tagger.artifact(canvas):
            canvas.setFillColor(pdf_colour(self.style.colours.background))
            canvas.rect(left, bottom, side, side, stroke=0, fill=1)
        figure = Tag("Figure", (self.key, "qr"), alt=strip.link)
        with self.tagger.content(canvas, (*self.parent, figure)):
            canvas.setFillColor(pdf_colour("#000000"))
            for row, cells in enumerate(strip.qr):
                y = bottom + side - (4 + row + 1) * module
                column = 0
                while column < modules:
                    if not cells[column]:
                        column += 1
                        continue
                    start = column
                    while column < modules and cells[column]:
                        column += 1
                    x = left + (4 + start) * module
                    canvas.rect(x, y, (column - start) * module, module, stroke=0, fill=1)

    def _panel(self, canvas: Canvas, placed: PlacedPanel, panel_key: tuple) -> None:
        colours, pad = self.style.colours, self.style.padding
        tagger = self.tagger
        top = placed.y + placed.height
        stripe = self.style.stripe
        text = self.palette[f"on-poster-block-{placed.tone + 1}"]
        with tagger.artifact(canvas):
            canvas.setFillColor(pdf_colour(poster_fills(colours)[placed.tone]))
            canvas.rect(placed.x, placed.y, placed.width, placed.height, stroke=0, fill=1)
            canvas.setFillColor(pdf_colour(colours.accent))
            rule = min(placed.width - 2 * pad, 2.5 * placed.title_size)
            y = top - placed.bar_height - stripe
            canvas.rect(placed.x + pad, y, rule, stripe, stroke=0, fill=1)
        title_height = text_height(len(placed.title), placed.title_size, 1.1 * placed.title_size)
        with tagger.content(canvas, (*self.parent, Tag("H2", panel_key))):
            draw_lines(
                canvas,
                list(placed.title),
                placed.x + pad,
                top - (placed.bar_height - title_height) / 2,
                placed.title_size,
                1.1 * placed.title_size,
                text,
            )
        body_top = top - placed.bar_height - pad - stripe
        for run in placed.runs:
            run_top = body_top - run.top
            if run.bullet:
                with tagger.artifact(canvas):
                    canvas.setFillColor(pdf_colour(colours.accent))
                    radius = 0.2 * run.size
                    first_middle = run_top - 0.55 * run.size
                    bullet_x = placed.x + pad + run.indent - 0.6 * run.size
                    canvas.circle(bullet_x, first_middle, radius, stroke=0, fill=1)
            path = tuple(Tag(t.role, (panel_key, t.key), t.attributes) for t in run.path)
            with tagger.content(canvas, (*self.parent, *path)):
                draw_lines(
                    canvas,
                    list(run.lines),
                    placed.x + pad + run.indent,
                    run_top,
                    run.size,
                    run.leading,
                    text,
                )
