"""Area lists in print: points spread evenly over the pages, with their lines, in large type."""

from __future__ import annotations

import itertools
import re
import subprocess

import pytest
from lxml import etree

from planmaterials.compose import compose
from planmaterials.writers import write
from planmaterials.writers.pdf.balance import balanced_breaks, page_breaks

XHTML = "{http://www.w3.org/1999/xhtml}"


def _point_pages(data: bytes, points: list[str]) -> list[list[int]]:
    """For each page, the indices of the points whose first words open a line on it."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    pages = []
    for page in etree.fromstring(xhtml).iter(f"{XHTML}page"):
        lines = [
            " ".join(w.text for w in line.iter(f"{XHTML}word")).lstrip("• ")
            for line in page.iter(f"{XHTML}line")
        ]
        starts = [" ".join(point.split()[:3]) for point in points]
        pages.append(
            [i for i, start in enumerate(starts) if any(ln.startswith(start) for ln in lines)]
        )
    return pages


def _word_heights(data: bytes, words: set[str]) -> list[float]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', xhtml)
    return [float(bottom) - float(top) for top, bottom, word in found if word in words]


def test_greedy_filling_leaves_a_lone_point_that_balancing_spreads():
    heights = [250.0] + [100.0] * 12  # a title block, then twelve points
    greedy = _pages(heights, page_breaks(heights, 700))
    assert [len(page) for page in greedy] == [5, 7, 1]  # the lone last point
    balanced = _pages(heights, balanced_breaks(heights, 700))
    assert len(balanced) == 3
    # the title and two points, then five and five: no page fuller than it must be
    assert [len(page) for page in balanced] == [3, 5, 5]
    assert max(sum(page) for page in balanced) == 500


def _pages(heights, starts):
    bounds = [0, *starts, len(heights)]
    return [heights[a:b] for a, b in itertools.pairwise(bounds)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_page_of_an_area_list_holds_a_lone_point(localized, lang):
    for area in localized(lang).policy.areas:
        document = compose("area-list", localized(lang), area=area, format="pdf")
        data = write(document, "pdf", localized(lang).policy.theme)
        points = [point.text for point in area.points]
        pages = _point_pages(data, points)
        # every point is found once, in order, and each page holds at least two of them
        assert [i for page in pages for i in page] == list(range(len(points))), area.id
        assert all(len(page) >= 2 for page in pages), (area.id, pages)


def test_area_list_points_are_set_in_large_type(localized):
    area = localized("en").policy.areas[0]
    document = compose("area-list", localized("en"), area=area, format="pdf")
    data = write(document, "pdf", localized("en").policy.theme)
    first_words = {point.text.split()[0] for point in area.points}
    heights = _word_heights(data, first_words)
    # pdftotext's word box is about 1.2 × the type size: 14 pt type gives boxes of ~16.8 pt
    assert heights and min(heights) >= 14 * 1.1
