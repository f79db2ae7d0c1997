"""The poster grid: panels side by side on one page, their text fitted with real font metrics.

The grid (how many columns) and one type size for every panel are chosen together: the
largest size at which every panel's text fits its box, between a minimum readable from two
metres and a maximum, both growing with the paper. When a panel cannot fit at the minimum, the
build stops with a layout error naming it, rather than printing text that runs off the panel.
Below the panels, the steps run as a band of numbered boxes, with the QR code of the poster's
web address beside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ...document import (
    Block,
    Inline,
    LayoutError,
    ListBlock,
    ListItem,
    Panel,
    Paragraph,
    Poster,
    Span,
)
from ...theme import Colours
from ..colours import tint
from ..wrap import Line, wrap_text
from .lines import draw_lines, text_height
from .marks import Tagger
from .tags import Tag

__all__ = [
    "Band",
    "PlacedPanel",
    "PosterFlowable",
    "PosterLayout",
    "PosterStyle",
    "lay_out",
    "lay_out_band",
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
        """A panel title's size for body text of ``size``: 28 pt or more on A3."""
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
        """The accent stripe under each title bar."""
        return 2.5 * self.scale


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
    bar_height: float
    runs: tuple[Run, ...]
    body_height: float


@dataclass(frozen=True)
class PosterLayout:
    """The chosen grid and type size, with every panel placed."""

    columns: int
    rows: int
    size: float
    panels: tuple[PlacedPanel, ...]


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


def _body(blocks: tuple[Block, ...], size: float, width: float) -> tuple[list[Run], float, bool]:
    """Lay out a panel's blocks; returns the runs, their height and whether every line fits."""
    runs: list[Run] = []
    leading = 1.15 * size
    state = {"top": 0.0, "fits": True}

    def place(content, indent: float, run_size: float, bullet: bool, path) -> None:
        run_leading = leading * run_size / size
        lines = tuple(wrap_text(content, run_size, width - indent))
        state["fits"] = state["fits"] and all(line.width <= width - indent for line in lines)
        runs.append(Run(lines, indent, state["top"], run_size, run_leading, bullet, path))
        state["top"] += text_height(len(lines), run_size, run_leading)

    def list_items(block: ListBlock, level: int, path: tuple[Tag, ...]) -> None:
        indent = 1.1 * size * (level + 1)
        # Numbers are part of the text (see _numbered); bullets are drawn discs.
        numbering = ("ListNumbering", "None" if block.ordered else "Disc")
        path = (*path, Tag("L", len(runs), (numbering,)))
        for item in block.items:
            body = (*path, Tag("LI", len(runs)), Tag("LBody"))
            place(item.content, indent, size, not block.ordered, body)
            state["top"] += 0.3 * size
            for child in item.children:
                list_items(child, level + 1, body)

    for index, block in enumerate(blocks):
        if index:
            state["top"] += 0.5 * size
        match block:
            case Paragraph(content=content, style=style):
                run_size = size * (0.85 if style == "small" else 1.0)
                place(content, 0.0, run_size, False, (Tag("P", index),))
            case ListBlock():
                if block.ordered:
                    block = _numbered(block)
                list_items(block, 0, ())
                state["top"] -= 0.3 * size
            case _:
                raise ValueError(f"a poster panel holds paragraphs and lists, not {block!r}")
    return runs, state["top"], bool(state["fits"])


def _numbered(block: ListBlock) -> ListBlock:
    # Numbers are written into the text: a panel draws bullets only for bulleted lists.
    items = tuple(
        ListItem((Span(f"{n}. "), *item.content), item.children)
        for n, item in enumerate(block.items, start=1)
    )
    return ListBlock(True, items)


def _try(
    poster: Poster, style: PosterStyle, width: float, height: float, columns: int, size: float
) -> tuple[PosterLayout, list[Panel]]:
    """The layout at ``size`` and the panels whose text does not fit at that size.

    Each row is as tall as its fullest panel needs; the room left over is shared equally, so
    a row of short panels leaves more room to a row of long ones.
    """
    count = len(poster.panels)
    rows = math.ceil(count / columns)
    gutter, pad = style.gutter, style.padding
    cells = _cells(count, columns, width, gutter)
    title_size = style.title_size(size)
    bars: dict[int, float] = {}
    needs: dict[int, float] = {}
    laid_out = []
    failing = []
    for panel, (row, _, w) in zip(poster.panels, cells, strict=True):
        title = tuple(wrap_text(_spans(panel.title), title_size, w - 2 * pad))
        bar = text_height(len(title), title_size, 1.1 * title_size) + 2 * 0.35 * title_size
        runs, body_height, lines_fit = _body(panel.blocks, size, w - 2 * pad)
        if not (lines_fit and all(line.width <= w - 2 * pad for line in title)):
            failing.append(panel)
        bars[row] = max(bars.get(row, 0.0), bar)
        needs[row] = max(needs.get(row, 0.0), body_height)
        laid_out.append((title, runs, body_height))
    heights = {row: bars[row] + style.stripe + 2 * pad + needs[row] for row in range(rows)}
    spare = height - gutter * (rows - 1) - sum(heights.values())
    if spare < 0:
        # Too tall as a whole: the panels with the most text are the ones to shorten.
        fullest = max(range(count), key=lambda i: laid_out[i][2] / cells[i][2])
        failing.append(poster.panels[fullest])
    tops = {}
    top = height
    for row in range(rows):
        heights[row] += max(spare, 0.0) / rows
        tops[row] = top
        top -= heights[row] + gutter
    placed = [
        PlacedPanel(
            panel,
            x,
            tops[row] - heights[row],
            w,
            heights[row],
            title,
            title_size,
            bars[row],
            tuple(runs),
            body_height,
        )
        for panel, (row, x, w), (title, runs, body_height) in zip(
            poster.panels, cells, laid_out, strict=True
        )
    ]
    return PosterLayout(columns, rows, size, tuple(placed)), failing


def _spans(text: str) -> tuple[Inline, ...]:
    return (Span(text, bold=True),)


def lay_out(poster: Poster, style: PosterStyle, width: float, height: float) -> PosterLayout:
    """The grid and the largest common type size at which every panel fits ``width × height``.

    Raises :class:`LayoutError` naming the panel when even the smallest readable size does not
    fit.
    """
    count = len(poster.panels)
    steps = round((style.max_size - style.min_size) / _STEP)
    sizes = [style.min_size + _STEP * i for i in range(steps + 1)]
    best: PosterLayout | None = None
    least_failing: tuple[int, list[Panel]] | None = None
    for columns in range(1, min(count, _MAX_COLUMNS) + 1):
        rows = math.ceil(count / columns)
        if rows * columns - count >= columns:
            continue  # a whole empty row
        layout, failing = _try(poster, style, width, height, columns, sizes[0])
        if failing:
            if least_failing is None or len(failing) < least_failing[0]:
                least_failing = (len(failing), failing)
            continue
        # Binary search for the largest size that fits (fitting shrinks as size grows).
        low, high = 0, len(sizes) - 1
        while low < high:
            middle = (low + high + 1) // 2
            candidate, failing = _try(poster, style, width, height, columns, sizes[middle])
            if failing:
                high = middle - 1
            else:
                low, layout = middle, candidate
        if best is None or layout.size > best.size + 1e-9:
            best = layout
    if best is None:
        assert least_failing is not None
        panel = least_failing[1][0]
        raise LayoutError(
            f"the text of '{panel.title}' does not fit its panel on an {style.paper} poster, "
            f"even at the smallest readable size ({style.min_size:.1f} pt)",
            element=panel.id,
            remedy="choose a larger poster_paper in the theme",
        )
    return best


@dataclass(frozen=True)
class Band:
    """The steps as numbered boxes in a row under their title, and the QR code at the right."""

    height: float
    title: tuple[Line, ...]
    title_size: float
    size: float
    boxes: tuple[tuple[Line, ...], ...]
    columns: int
    box_width: float
    box_height: float
    gap: float
    qr: tuple[bytearray, ...] | None  # segno's module matrix, rows from the top; 1 is dark
    link: str | None


def lay_out_band(poster: Poster, style: PosterStyle, width: float) -> Band | None:
    """The band under the panels, or None when the poster has neither steps nor a link.

    Raises :class:`LayoutError` when a step's title is too long for its box.
    """
    if not poster.steps and not poster.link:
        return None
    size, pad = style.min_size, style.padding
    qr = segno.make(poster.link, error="m").matrix if poster.link else None
    room = width - (style.qr_side + style.gutter if qr is not None else 0.0)
    count = len(poster.steps)
    gap = 1.6 * style.gutter  # room for the arrow between two boxes
    # One row of boxes if every word fits, else as few rows as make them fit, each row full
    # but the last (four steps: a row of four, or two rows of two).
    for columns in sorted({math.ceil(count / rows) for rows in range(1, count + 1)}, reverse=True):
        box_width = (room - gap * (columns - 1)) / columns
        boxes = [
            tuple(wrap_text((Span(f"{n}. {step}", bold=True),), size, box_width - 2 * pad))
            for n, step in enumerate(poster.steps, start=1)
        ]
        if all(line.width <= box_width - 2 * pad for lines in boxes for line in lines):
            break
    else:
        boxes, columns, box_width = [], 1, room
        if count:
            raise LayoutError(
                f"a step of '{poster.steps_title}' does not fit the steps band on an "
                f"{style.paper} poster",
                remedy="choose a larger poster_paper in the theme",
            )
    most = max((len(lines) for lines in boxes), default=0)
    box_height = text_height(most, size, 1.2 * size) + 2 * pad if boxes else 0.0
    rows = math.ceil(count / columns) if count else 0
    boxes_height = rows * box_height + (rows - 1) * style.gutter if rows else 0.0
    title_size = 1.3 * size
    title: tuple[Line, ...] = ()
    if poster.steps and poster.steps_title:
        title = tuple(wrap_text(_spans(poster.steps_title), title_size, room))
    title_height = (
        text_height(len(title), title_size, 1.15 * title_size) + 0.5 * size if title else 0
    )
    height = max(title_height + boxes_height, style.qr_side if qr is not None else 0.0)
    return Band(
        height,
        title,
        title_size,
        size,
        tuple(boxes),
        columns,
        box_width,
        box_height,
        gap,
        qr,
        poster.link,
    )


class PosterFlowable(Flowable):
    """The panels of a poster, filling all the room left on the page."""

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

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.band = lay_out_band(self.poster, self.style, available_width)
        self.panels_bottom = self.band.height + 1.5 * self.style.gutter if self.band else 0.0
        self.layout = lay_out(
            self.poster, self.style, available_width, available_height - self.panels_bottom
        )
        self.width, self.height = available_width, available_height
        # A hair less than the room, so that rounding never pushes it onto the next page.
        return available_width, available_height - 0.01

    def draw(self) -> None:
        assert self.layout is not None
        canvas = self.canv
        canvas.saveState()
        canvas.translate(0, self.panels_bottom)
        for index, placed in enumerate(self.layout.panels):
            self._panel(canvas, placed, (self.key, index))
        canvas.restoreState()
        if self.band is not None:
            self._band(canvas, self.band)

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
                    colours.primary,
                )
        steps = (*self.parent, Tag("L", key, (("ListNumbering", "None"),)))
        rows = math.ceil(len(band.boxes) / band.columns)
        for index, lines in enumerate(band.boxes):
            row, column = divmod(index, band.columns)
            x = column * (band.box_width + band.gap)
            y = (rows - 1 - row) * (band.box_height + self.style.gutter)
            with tagger.artifact(canvas):
                canvas.setFillColor(colours.primary)
                canvas.rect(x, y, band.box_width, band.box_height, stroke=0, fill=1)
                if column:
                    # An arrow from the previous box: the steps follow one another.
                    middle, tip = y + band.box_height / 2, x - 0.3 * band.gap
                    half = 0.35 * band.gap
                    canvas.setFillColor(colours.accent)
                    path = canvas.beginPath()
                    path.moveTo(tip - half, middle + half)
                    path.lineTo(tip, middle)
                    path.lineTo(tip - half, middle - half)
                    path.close()
                    canvas.drawPath(path, stroke=0, fill=1)
            item = (*steps, Tag("LI", (key, index)), Tag("LBody"))
            with tagger.content(canvas, item):
                draw_lines(
                    canvas,
                    list(lines),
                    x + pad,
                    y + band.box_height - pad,
                    band.size,
                    1.2 * band.size,
                    colours.background,
                )
        if band.qr is not None:
            self._qr(canvas, band)

    def _qr(self, canvas: Canvas, band: Band) -> None:
        """The QR code drawn from segno's matrix, one rectangle per run of dark modules."""
        assert band.qr is not None and band.link is not None
        side = self.style.qr_side
        modules = len(band.qr)
        module = side / (modules + 8)  # the four-module quiet zone on each side
        left, bottom = self.width - side, 0.0
        with self.tagger.artifact(canvas):
            canvas.setFillColor(self.style.colours.background)
            canvas.rect(left, bottom, side, side, stroke=0, fill=1)
        figure = Tag("Figure", (self.key, "qr"), alt=band.link)
        with self.tagger.content(canvas, (*self.parent, figure)):
            canvas.setFillColor("#000000")
            for row, cells in enumerate(band.qr):
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
        with tagger.artifact(canvas):
            canvas.setStrokeColor(tint(colours.secondary, 0.75))
            canvas.setFillColor(tint(colours.secondary, 0.9))
            canvas.rect(placed.x, placed.y, placed.width, placed.height, stroke=0, fill=1)
            canvas.setFillColor(colours.primary)
            canvas.rect(placed.x, top - placed.bar_height, placed.width, placed.bar_height, 0, 1)
            canvas.setFillColor(colours.accent)
            canvas.rect(placed.x, top - placed.bar_height - stripe, placed.width, stripe, 0, 1)
        title_height = text_height(len(placed.title), placed.title_size, 1.1 * placed.title_size)
        with tagger.content(canvas, (*self.parent, Tag("H2", panel_key))):
            draw_lines(
                canvas,
                list(placed.title),
                placed.x + pad,
                top - (placed.bar_height - title_height) / 2,
                placed.title_size,
                1.1 * placed.title_size,
                colours.background,
            )
        body_top = top - placed.bar_height - pad - stripe
        for run in placed.runs:
            run_top = body_top - run.top
            if run.bullet:
                with tagger.artifact(canvas):
                    canvas.setFillColor(colours.accent)
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
                    colours.text,
                )
