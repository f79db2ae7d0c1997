"""Balanced pages: a flow of blocks spread evenly over the fewest pages it needs.

Filled greedily, a list of points with room to write under each ends with a page that holds a
single point while the first page is partly empty (every point keeps with its lines, so the one
that does not fit moves on). Here the same number of pages is kept and the points are spread
evenly: the smallest page height that still gives that many pages decides where pages break.
"""

from __future__ import annotations

import io
import itertools

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak
from reportlab.platypus.flowables import _listWrapOn

__all__ = ["balance", "balance_pages", "balanced_breaks", "page_breaks"]

_MAX_EXTRA_LINES = 3  # beyond these, a page stays partly empty rather than all lines


def page_breaks(heights: list[float], capacity: float) -> list[int]:
    """Where pages start (indices of ``heights``) when filled greedily up to ``capacity``."""
    starts, used = [], 0.0
    for index, height in enumerate(heights):
        if used and used + height > capacity:
            starts.append(index)
            used = 0.0
        used += height
    return starts


def balanced_breaks(heights: list[float], capacity: float) -> list[int]:
    """Page starts for ``heights`` on as few pages as greedy filling needs, evenly filled."""
    pages = len(page_breaks(heights, capacity))
    low, high = max(max(heights), sum(heights) / (pages + 1)), capacity
    # Bisection on the page height: the smallest that still needs no more pages.
    for _ in range(40):
        middle = (low + high) / 2
        if len(page_breaks(heights, middle)) > pages:
            low = middle
        else:
            high = middle
    return page_breaks(heights, high)


def _height(flowable: Flowable, width: float, height: float, canvas: Canvas) -> float:
    # Space before and after counted in full: the frame collapses some of it, so a plan made
    # with these heights always fits the real pages.
    if isinstance(flowable, KeepTogether):
        # Its own wrap asks for an endless height (to make the frame split it): measure
        # what it keeps together instead.
        _, drawn = _listWrapOn(flowable._content, width, canvas)
    else:
        _, drawn = flowable.wrapOn(canvas, width, height)
    return drawn + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def balance(story: list[Flowable], width: float, height: float) -> list[Flowable]:
    """``story`` with page breaks that spread it evenly over the pages it fills.

    A story that holds its own page breaks or templates, or a block taller than a page, is
    returned as it is: the even spread is only planned for a plain run of blocks.
    """
    return balance_pages(story, width, height)[0]


def balance_pages(
    story: list[Flowable], width: float, height: float
) -> tuple[list[Flowable], int | None]:
    """:func:`balance`, and the number of pages planned (None when none were planned)."""
    if any(not _plain(flowable) for flowable in story):
        return story, None
    # A block kept with the next (a heading) counts as one with it.
    groups: list[list[Flowable]] = []
    heights: list[float] = []
    joined = False
    canvas = Canvas(io.BytesIO())  # to measure on; never drawn or saved
    for flowable in story:
        measured = _height(flowable, width, height, canvas)
        if joined:
            groups[-1].append(flowable)
            heights[-1] += measured
        else:
            groups.append([flowable])
            heights.append(measured)
        joined = bool(getattr(flowable, "keepWithNext", False))
    if not heights or max(heights) > height:
        return story, None
    if not page_breaks(heights, height):
        return story, 1
    starts = balanced_breaks(heights, height)
    _grow_fill_ins(groups, heights, starts, height)
    starts = set(starts)
    result: list[Flowable] = []
    for index, group in enumerate(groups):
        if index in starts:
            result.append(PageBreak())
        result.extend(group)
    return result, len(starts) + 1


def _fill_ins(flowables: list[Flowable]) -> list[Flowable]:
    """The ruled-line blocks among ``flowables`` (they can ``grow``), also inside keep-togethers."""
    found = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            found.extend(_fill_ins(flowable._content))
        elif hasattr(flowable, "grow"):
            found.append(flowable)
    return found


def _grow_fill_ins(
    groups: list[list[Flowable]], heights: list[float], starts: list[int], height: float
) -> None:
    """Give every fill-in the same number of extra lines, as many as the fullest page allows.

    Spread evenly, the pages keep some room at the bottom; spent as lines to write on, it is
    what the reader of a worksheet wants. Every page keeps its blocks: a page grows by its
    fill-ins' extra lines only where it has that room.
    """
    bounds = [0, *starts, len(groups)]
    extra = _MAX_EXTRA_LINES
    found = False
    for first, last in itertools.pairwise(bounds):
        fills = [f for group in groups[first:last] for f in _fill_ins(group)]
        if not fills:
            continue
        found = True
        room = height - sum(heights[first:last])
        extra = min(extra, int(room // sum(f.pitch for f in fills)))
    if found and extra > 0:
        for group in groups:
            for fill in _fill_ins(group):
                fill.grow(extra)


def _plain(flowable: Flowable) -> bool:
    """A block that draws content (not a page break, template switch or poster)."""
    return type(flowable).__name__ not in ("PageBreak", "NextPageTemplate", "PosterFlowable")
