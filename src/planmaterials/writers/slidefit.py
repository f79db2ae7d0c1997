"""Fitting text into slide text frames: the font size that fits, and where a long slide splits.

The model was measured against LibreOffice rendering thousands of slide texts: line pitch =
1.2 × size (line spacing 100 %), the first paragraph's space before is ignored, greedy word
wrap (:func:`.wrap.wrap_text`, words too long for a line broken between characters) against
99 % of the usable width, plus a 2 pt safety margin on the height. PowerPoint does not
shrink text that a program wrote (auto-fit only acts when someone edits the shape), so the
writer must choose sizes that fit before it writes anything.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Inline, Span
from .wrap import wrap_text

__all__ = [
    "BODY_SIZES",
    "TextPara",
    "fits",
    "largest_fitting_size",
    "left_margin",
    "line_count",
    "paginate",
    "text_height",
]

LINE_PITCH = 1.2
HEIGHT_MARGIN = 2.0
WRAP_FACTOR = 0.99
BODY_SIZES = (28, 26, 24, 22, 20, 18, 16, 14)
BULLET_EM = 1.6  # hanging indent of a list level, in em of the paragraph's size


@dataclass(frozen=True)
class TextPara:
    """One paragraph of a text frame, as the layout model sees it.

    ``depth`` is the list nesting (0 for a plain paragraph, 1 for a top-level list item);
    ``bullet`` is ``None``, ``"bullet"``, ``"number"`` (with ``number``) or ``"none"`` (a list
    item's continuation: indented, without a marker). ``scale`` multiplies the frame's size;
    ``space_before`` is in em of the paragraph's own size.
    """

    content: tuple[Inline, ...]
    depth: int = 0
    bullet: str | None = None
    number: int = 0
    scale: float = 1.0
    bold: bool = False
    italic: bool = False
    space_before: float = 0.0


def left_margin(para: TextPara, size: float) -> float:
    """The paragraph's left margin in points (where wrapped lines start)."""
    return para.depth * BULLET_EM * size * para.scale


def line_count(para: TextPara, size: float, width: float) -> int:
    """How many lines ``para`` takes at ``size`` (the frame's size) in a frame ``width`` wide."""
    own = size * para.scale
    available = WRAP_FACTOR * (width - left_margin(para, size))
    lines = wrap_text(
        para.content, own, available, bold=para.bold, italic=para.italic, break_words=True
    )
    return len(lines)


def text_height(paras: Sequence[TextPara], size: float, width: float) -> float:
    """The height in points that ``paras`` need at ``size``, including the safety margin."""
    height = HEIGHT_MARGIN
    for index, para in enumerate(paras):
        own = size * para.scale
        if index:
            height += para.space_before * own
        height += line_count(para, size, width) * LINE_PITCH * own
    return height


def fits(paras: Sequence[TextPara], size: float, width: float, height: float) -> bool:
    return text_height(paras, size, width) <= height


def largest_fitting_size(
    paras: Sequence[TextPara], width: float, height: float, sizes: Sequence[float] = BODY_SIZES
) -> float | None:
    """The first of ``sizes`` (largest first) at which ``paras`` fit, or None."""
    return next((size for size in sizes if fits(paras, size, width, height)), None)


def paginate(
    paras: Sequence[TextPara], width: float, height: float, sizes: Sequence[float] = BODY_SIZES
) -> list[tuple[tuple[TextPara, ...], float]]:
    """Split ``paras`` into as few frames as fit at the smallest size, each with its size.

    Text that fits stays in one frame at the largest size that fits. Otherwise the parts are
    balanced by height, so that continuation slides look alike, and each part gets its own
    largest fitting size.
    """
    size = largest_fitting_size(paras, width, height, sizes)
    if size is not None or not paras:
        return [(tuple(paras), size or sizes[-1])]
    smallest = sizes[-1]
    pieces = [piece for para in paras for piece in _split_long(para, smallest, width, height)]
    chunks = _greedy(pieces, smallest, width, height)
    balanced = _balanced(pieces, len(chunks), smallest, width)
    if all(fits(chunk, smallest, width, height) for chunk in balanced):
        chunks = balanced
    return [
        (chunk, largest_fitting_size(chunk, width, height, sizes) or smallest) for chunk in chunks
    ]


def _greedy(
    paras: Sequence[TextPara], size: float, width: float, height: float
) -> list[tuple[TextPara, ...]]:
    chunks: list[tuple[TextPara, ...]] = []
    current: list[TextPara] = []
    for para in paras:
        if current and not fits([*current, para], size, width, height):
            chunks.append(tuple(current))
            current = []
        current.append(para)
    chunks.append(tuple(current))
    return chunks


def _balanced(
    paras: Sequence[TextPara], count: int, size: float, width: float
) -> list[tuple[TextPara, ...]]:
    """``paras`` cut into ``count`` runs of about equal height."""
    heights = [text_height([p], size, width) - HEIGHT_MARGIN for p in paras]
    total = sum(heights)
    cuts, cumulative, k = [], 0.0, 1
    for index, h in enumerate(heights[:-1], start=1):
        cumulative += h
        if k < count and cumulative + heights[index] / 2 >= k * total / count:
            cuts.append(index)
            k += 1
    bounds = [0, *cuts, len(paras)]
    return [tuple(paras[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


def _split_long(para: TextPara, size: float, width: float, height: float) -> list[TextPara]:
    """A paragraph too long for a whole frame, cut between words into pieces that fit."""
    if fits([para], size, width, height):
        return [para]
    words = [w for item in para.content if isinstance(item, Span) for w in item.text.split()]
    pieces: list[TextPara] = []
    current: list[str] = []
    first = True
    for word in words:
        candidate = dataclasses.replace(
            para,
            content=(Span(" ".join([*current, word])),),
            bullet=para.bullet if first or para.bullet is None else "none",
        )
        if current and not fits([candidate], size, width, height):
            pieces.append(dataclasses.replace(candidate, content=(Span(" ".join(current)),)))
            current, first = [], False
        current.append(word)
    pieces.append(
        dataclasses.replace(
            para,
            content=(Span(" ".join(current)),),
            bullet=para.bullet if first or para.bullet is None else "none",
        )
    )
    return pieces
