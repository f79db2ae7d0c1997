"""Diagrams on slides, drawn with native shapes that stay editable in PowerPoint and LibreOffice.

Cards are rounded rectangles side by side, a process is a row of chevrons with the steps' text
under them, a grid is 2 × 2 rectangles and a cycle is boxes round an ellipse joined by arrows.
All items of a diagram share one type size, the largest at which every item fits its shape
(measured with :mod:`.slidefit`, like all slide text); text sits inside the shape it belongs to,
in a colour readable on that shape's fill.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..document import Diagram, DiagramItem, LayoutError, Span
from . import slidefit
from .colours import MINIMUM_CONTRAST, contrast, tint
from .fonts import text_width
from .pptx_xml import Box, SlideXml, TextBody
from .slidefit import TextPara

__all__ = ["DIAGRAM_SIZES", "FALLBACK_SIZES", "draw_diagram"]

# Slide text is never below 20 pt; the smaller sizes are a last resort for a policy whose texts
# cannot fit a shape at 20 pt (the default policy never needs them).
DIAGRAM_SIZES = (28, 26, 24, 22, 20)
FALLBACK_SIZES = (18, 16, 14)
GAP = 16.0
INSET = 10.0
ROUNDING = 0.1  # corner radius of rounded rectangles, as a share of the shorter side
ARROW_HEIGHT = 80.0  # a process's chevrons
NUMBER_SIZE = 32.0
PROCESS_ROW_SIZE = 24  # a process's steps one under the other are never set smaller
TAG_WIDTH, TAG_ROW_HEIGHT = 120.0, 72.0


_Box = Box


def draw_diagram(deck, slide: SlideXml, diagram: Diagram, area: _Box | tuple[float, ...]) -> None:
    """Draw ``diagram`` on ``slide`` inside ``area`` (left, top, width, height in points)."""
    box = area if isinstance(area, _Box) else _Box(*area)
    match diagram.kind:
        case "cards":
            _cards(deck, slide, diagram.items, box)
        case "process":
            _process(deck, slide, diagram.items, box)
        case "grid":
            _grid(deck, slide, diagram.items, box)
        case "cycle":
            _cycle(deck, slide, diagram.items, box)
        case _:
            raise ValueError(f"unknown diagram kind {diagram.kind!r}")


# -- layouts ----------------------------------------------------------------------------------


def _cards(deck, slide, items: Sequence[DiagramItem], area: _Box) -> None:
    """Cards side by side; in two rows when their words fit only there at 20 pt or more."""
    layouts = [_card_boxes(len(items), len(items), area)]
    if len(items) > 4:
        layouts = [_card_boxes(len(items), math.ceil(len(items) / 2), area)]
    elif len(items) > 2:
        layouts.append(_card_boxes(len(items), math.ceil(len(items) / 2), area))
    rounding = ROUNDING
    texts = [_paras(item) for item in items]
    boxes = next(
        (b for b in layouts if (_common_size(texts, b, rounding) or 0) >= DIAGRAM_SIZES[-1]),
        layouts[-1],
    )
    fills = [deck.theme.colours.primary] * len(items)
    _shapes(deck, slide, items, boxes, fills, "roundRect", "ctr", "ctr")


def _card_boxes(count: int, per_row: int, area: _Box) -> list[_Box]:
    rows = math.ceil(count / per_row)
    width = (area.width - (per_row - 1) * GAP) / per_row
    height = min((area.height - (rows - 1) * GAP) / rows, 200.0)
    top = area.top + (area.height - rows * height - (rows - 1) * GAP) / 2
    return [
        _Box(
            area.left + (n % per_row) * (width + GAP),
            top + (n // per_row) * (height + GAP),
            width,
            height,
        )
        for n in range(count)
    ]


def _process(deck, slide, items: Sequence[DiagramItem], area: _Box) -> None:
    """Numbered chevrons in a row, each step's text in a box under its chevron."""
    count = len(items)
    gap = 6.0
    width = (area.width - (count - 1) * gap) / count
    # Each step's text starts under its chevron's back and stays clear of the next one's.
    texts = [
        _Box(
            area.left + n * (width + gap) + (ARROW_HEIGHT / 4 if n else 0.0),
            area.top + ARROW_HEIGHT + GAP,
            width - (ARROW_HEIGHT / 4 if n else 0.0),
            area.height - ARROW_HEIGHT - GAP,
        )
        for n in range(count)
    ]
    size = _size(_common_size([_paras(item) for item in items], texts, 0.0, padded=False))
    if size < DIAGRAM_SIZES[0] and _process_rows(deck, slide, items, area, size):
        return
    # The row and its text sit a little above the middle of the space, not stuck to its top.
    needed = max(
        slidefit.text_height(_paras(item), size, box.width)
        for item, box in zip(items, texts, strict=True)
    )
    shift = max(0.0, (area.height - ARROW_HEIGHT - GAP - needed) / 3)
    texts = [_Box(b.left, b.top + shift, b.width, b.height - shift) for b in texts]
    primary = deck.theme.colours.primary
    for n, (item, box) in enumerate(zip(items, texts, strict=True)):
        kind = "homePlate" if n == 0 else "chevron"
        left = area.left + n * (width + gap)
        row = _Box(left, area.top + shift, width, ARROW_HEIGHT)
        number = [TextPara((Span(str(n + 1), bold=True),))]
        body = _body(deck, number, NUMBER_SIZE, _on(primary, deck), "ctr", "ctr", (0, 0, 0, 0))
        slide.shape(kind, row, primary, f"Step {n + 1}", body)
        body = _body(deck, _paras(item), size, deck.theme.colours.text, "l", "t", (0, 0, 0, 0))
        slide.textbox(box, f"Step {n + 1} text", body)


def _process_rows(deck, slide, items: Sequence[DiagramItem], area: _Box, beat: float) -> bool:
    """The steps one under the other: a numbered arrow tag, the step's text beside it.

    Chosen when the steps' words are too long for columns under a row of chevrons at full
    size: the text gets the whole width. False, drawing nothing, unless that sets the text
    larger than ``beat`` (the columns' size) and at 24 pt or more.
    """
    count = len(items)
    gap = 10.0
    height = min((area.height - (count - 1) * gap) / count, TAG_ROW_HEIGHT)
    top = area.top + (area.height - count * height - (count - 1) * gap) / 2
    texts = [
        _Box(area.left + TAG_WIDTH, top + n * (height + gap), area.width - TAG_WIDTH, height)
        for n in range(count)
    ]
    # Measured a little narrower than the band's text area (whose left inset clears the tag).
    narrower = [_Box(b.left, b.top, b.width - 8, b.height) for b in texts]
    lines = [_line(item) for item in items]
    size = _common_size(lines, narrower, ROUNDING)
    if size is None or size <= beat or size < PROCESS_ROW_SIZE:
        return False
    primary = deck.theme.colours.primary
    band = tint(primary, 0.85)
    for n, (text, box) in enumerate(zip(lines, texts, strict=True)):
        # The band behind the text starts under the tag, so that tag and text read as one.
        back = _Box(area.left + TAG_WIDTH / 2, box.top, box.width + TAG_WIDTH / 2, box.height)
        insets = (TAG_WIDTH / 2 + INSET + 8, INSET, INSET, INSET)
        body = _body(deck, text, size, _on(band, deck), "l", "ctr", insets)
        slide.shape("roundRect", back, band, f"Step {n + 1} text", body, adjust=ROUNDING)
        tag = _Box(area.left, box.top, TAG_WIDTH - 8, box.height)
        number = [TextPara((Span(str(n + 1), bold=True),))]
        size_number = min(NUMBER_SIZE, height - 12)
        body = _body(deck, number, size_number, _on(primary, deck), "ctr", "ctr", (0, 0, 0, 0))
        slide.shape("homePlate", tag, primary, f"Step {n + 1}", body)
    return True


def _grid(deck, slide, items: Sequence[DiagramItem], area: _Box) -> None:
    width, height = (area.width - GAP) / 2, (area.height - GAP) / 2
    boxes = [
        _Box(
            area.left + (n % 2) * (width + GAP), area.top + (n // 2) * (height + GAP), width, height
        )
        for n in range(len(items))
    ]
    colours = deck.theme.colours
    fills = [
        colours.primary,
        tint(colours.accent, 0.35),
        tint(colours.primary, 0.85),
        tint(colours.accent, 0.7),
    ]
    _shapes(deck, slide, items, boxes, fills[: len(items)], "rect", "l", "t")


def _cycle(deck, slide, items: Sequence[DiagramItem], area: _Box) -> None:
    """Boxes round an ellipse, clockwise from the top, each joined to the next by an arrow."""
    count = len(items)
    width = min(300.0, area.width / 3)
    height = min(110.0, area.height / 3)
    cx, cy = area.centre
    rx, ry = (area.width - width) / 2, (area.height - height) / 2
    boxes = []
    for n in range(count):
        angle = -math.pi / 2 + 2 * math.pi * n / count
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        boxes.append(_Box(x - width / 2, y - height / 2, width, height))
    fills = [tint(deck.theme.colours.primary, 0.85)] * count
    _shapes(deck, slide, items, boxes, fills, "roundRect", "ctr", "ctr")
    for n in range(count):
        _arrow(deck, slide, boxes[n], boxes[(n + 1) % count])


# -- shapes and text -------------------------------------------------------------------------


def _shapes(deck, slide: SlideXml, items, boxes, fills, kind: str, align, anchor) -> None:
    """One filled shape per item with its text inside, all at the largest size that fits."""
    rounding = ROUNDING if kind == "roundRect" else 0.0
    size = _size(_common_size([_paras(i) for i in items], boxes, rounding))
    for n, (item, box, fill) in enumerate(zip(items, boxes, fills, strict=True)):
        # The shape's own text area already stops short of rounded corners: the insets are
        # only the padding inside it.
        body = _body(deck, _paras(item), size, _on(fill, deck), align, anchor, (INSET,) * 4)
        slide.shape(kind, box, fill, f"Diagram item {n + 1}", body, adjust=rounding or None)


def _arrow(deck, slide: SlideXml, start: _Box, end: _Box) -> None:
    """A straight connector with an arrowhead from the edge of ``start`` to that of ``end``."""
    (x1, y1), (x2, y2) = start.centre, end.centre
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    out = _edge_distance(start, ux, uy) + 6
    into = _edge_distance(end, ux, uy) + 6
    slide.connector(
        (x1 + ux * out, y1 + uy * out),
        (x2 - ux * into, y2 - uy * into),
        deck.theme.colours.primary,
        3.0,
    )


def _edge_distance(box: _Box, ux: float, uy: float) -> float:
    """How far from the centre of ``box`` a ray in direction (ux, uy) leaves it."""
    limits = [
        box.width / 2 / abs(ux) if ux else math.inf,
        box.height / 2 / abs(uy) if uy else math.inf,
    ]
    return min(limits)


def _paras(item: DiagramItem) -> list[TextPara]:
    """An item's title (bold over a line of text, plain when alone) and its text."""
    if not item.text:
        return [TextPara((Span(item.title),))]
    return [
        TextPara((Span(item.title, bold=True),)),
        TextPara((Span(item.text),), space_before=0.3),
    ]


def _line(item: DiagramItem) -> list[TextPara]:
    """An item as one paragraph: its title in bold, then its text after a colon."""
    if not item.text:
        return _paras(item)
    return [TextPara((Span(item.title, bold=True), Span(f": {item.text}")))]


def _geometry_inset(box: _Box, rounding: float) -> float:
    # A rounded rectangle's text area stops short of its corners (the preset's text rectangle);
    # measured as for the preset's default rounding, which LibreOffice may apply instead.
    return (1 - math.sqrt(0.5)) * max(rounding, 1 / 6) * min(box.width, box.height)


def _common_size(
    texts: list[list[TextPara]], boxes: Sequence[_Box], rounding: float, padded: bool = True
) -> float | None:
    """The largest size at which every item's text fits its box, whole words on a line."""
    for size in (*DIAGRAM_SIZES, *FALLBACK_SIZES):
        if all(
            _fits(paras, box, size, rounding, padded)
            for paras, box in zip(texts, boxes, strict=True)
        ):
            return size
    return None


def _size(size: float | None) -> float:
    if size is None:
        raise LayoutError(
            f"a diagram's text does not fit its shapes even at {FALLBACK_SIZES[-1]} pt: "
            "shorten its items"
        )
    return size


def _fits(paras: list[TextPara], box: _Box, size: float, rounding: float, padded: bool) -> bool:
    inset = (INSET if padded else 0.0) + _geometry_inset(box, rounding)
    width, height = box.width - 2 * inset, box.height - 2 * inset
    longest = max(
        text_width(word, size, span.bold, span.italic)
        for para in paras
        for span in para.content
        if isinstance(span, Span)
        for word in span.text.split() or [""]
    )
    return longest <= width * slidefit.WRAP_FACTOR and slidefit.fits(paras, size, width, height)


def _body(deck, paras, size, colour: str, align: str, anchor: str, insets) -> TextBody:
    text = "".join(deck.paragraph(para, size, colour, align) for para in paras)
    return TextBody(text, tuple(insets), anchor)


def _on(fill: str, deck) -> str:
    """The text colour for a fill: white where readable, else the theme's text colour."""
    for colour in ("#FFFFFF", deck.theme.colours.text, "#000000"):
        if contrast(colour, fill) >= MINIMUM_CONTRAST:
            return colour
    return "#000000"
