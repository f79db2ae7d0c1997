"""Pieces of WordprocessingML that documents repeat, each written once: properties, runs, parts.

A document repeats a few combinations of paragraph, run, row and cell properties many times,
and most of a build's documents share their headers, footers and sections; each function here
writes its element through :class:`.docx_xml.Element` (children in schema order) and is cached.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..theme import Theme
from .colours import text_palette
from .docx_base import FOOTER, HEADER, MARGIN, root_tags, twips
from .docx_xml import Element, attribute, check_characters, empty, escape, wrap

__all__ = [
    "TextColours",
    "cell_properties",
    "control_kind",
    "footer_part",
    "header_part",
    "paragraph_properties",
    "row_start",
    "run",
    "run_properties",
    "run_text",
    "section_properties",
    "table_start",
    "text_colours",
]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILL_IN_ROW = 794  # twips (1.4 cm): the height of an empty table row to write in

# -- headers, footers and sections: most documents of a build share them ---------------------


@lru_cache(maxsize=64)
def header_part(header: str, right: str, width: int) -> bytes:
    """A header part: ``header`` left, ``right`` at a tab stop at ``width``."""
    check_characters(header + right)
    runs = run("", header) + (run("", "\t" + right) if right else "")
    return _bar(HEADER, "Header", width, runs)


@lru_cache(maxsize=64)
def footer_part(footer: str, label: str, width: int) -> bytes:
    """A footer part: ``footer`` left, the page number ``label`` at a tab stop at ``width``."""
    check_characters(footer)
    return _bar(FOOTER, "Footer", width, run("", footer + "\t") + _page_number(label))


def _bar(root: str, style: str, width: int, runs: str) -> bytes:
    """A header or footer part of one paragraph: its style, and a tab stop at the right margin.

    ``runs`` hold texts checked for characters XML cannot hold.
    """
    start, end = _bar_tags(root, style, width)
    return (start + runs + end).encode()


@lru_cache(maxsize=16)
def _bar_tags(root: str, style: str, width: int) -> tuple[str, str]:
    """A header's or footer's XML before and after the runs of its paragraph."""
    properties = Element("w:pPr")
    properties.add("w:pStyle", val=style)
    tabs = Element("w:tabs")
    tabs.add("w:tab", val="right", pos=str(width))
    properties.add("w:tabs", tabs.xml())
    start, end = root_tags(root)
    paragraph_start, paragraph_end = wrap("w:p", properties.xml(), "\0").split("\0")
    return start + paragraph_start, paragraph_end + end


@lru_cache(maxsize=16)
def _page_number(label: str) -> str:
    """``label`` with ``{page}`` and ``{pages}`` replaced by PAGE and NUMPAGES fields."""
    check_characters(label)
    runs = []
    rest = label
    while rest:
        positions = [(rest.find(m), m) for m in ("{page}", "{pages}") if m in rest]
        if not positions:
            runs.append(run("", rest))
            break
        index, marker = min(positions)
        if index:
            runs.append(run("", rest[:index]))
        runs.append(_field("PAGE" if marker == "{page}" else "NUMPAGES"))
        rest = rest[index + len(marker) :]
    return "".join(runs)


@lru_cache(maxsize=16)
def section_properties(paper: str, orientation: str, header_id: str, footer_id: str) -> str:
    """A section's ``w:sectPr``: its header and footer, page size and margins."""
    section = Element("w:sectPr")
    section.add("w:headerReference", type="default", **{"r:id": header_id})
    section.add("w:footerReference", type="default", **{"r:id": footer_id})
    width, height = twips(paper, orientation)
    size = {"w": str(width), "h": str(height)}
    if orientation == "landscape":
        size["orient"] = "landscape"
    section.add("w:pgSz", **size)
    margins = {side: str(MARGIN) for side in ("top", "right", "bottom", "left")}
    section.add("w:pgMar", header="567", footer="567", gutter="0", **margins)
    return section.xml()


# -- properties: one function per element, each combination written once -------------------


@lru_cache(maxsize=1024)
def paragraph_properties(
    style: str | None,
    keep_next: bool,
    page_break: bool,
    numbering: tuple[int, int] | None,
    spacing_after: str | None,
) -> str:
    """A paragraph's ``w:pPr``, or nothing when it has no properties."""
    properties = Element("w:pPr")
    if style:
        properties.add("w:pStyle", val=style)
    if keep_next:
        properties.add("w:keepNext")
    if page_break:
        properties.add("w:pageBreakBefore")
    if numbering:
        number = Element("w:numPr")
        number.add("w:ilvl", val=str(numbering[1]))
        number.add("w:numId", val=str(numbering[0]))
        properties.add("w:numPr", number.xml())
    if spacing_after:
        properties.add("w:spacing", after=spacing_after)
    return properties.xml() if len(properties) else ""


@lru_cache(maxsize=256)
def run_properties(bold: bool, italic: bool, link: bool, colours: tuple[str, ...]) -> str:
    """A run's ``w:rPr``, or nothing when it has no properties."""
    properties = Element("w:rPr")
    if bold:
        properties.add("w:b")
    if italic:
        properties.add("w:i")
    if link:
        properties.add("w:u", val="single")
    for colour in colours:
        properties.add("w:color", val=colour)
    return properties.xml() if len(properties) else ""


@lru_cache(maxsize=256)
def control_kind(
    kind: str,
    choices: tuple[tuple[str, str], ...],
    value: str | None,
    multiline: bool,
    lang: str,
) -> tuple[str, str]:
    """What a content control is, its element and the element's text: a drop-down of
    ``choices``, a date picker or text, showing ``value`` when it has one."""
    if kind == "choice":
        choice_list = Element("w:dropDownList", **({} if value is None else {"lastValue": value}))
        for choice, text in choices:
            choice_list.add("w:listItem", displayText=text, value=choice)
        return "w:dropDownList", choice_list.xml()
    if kind == "date":
        full = value is not None and _ISO_DATE.fullmatch(value)
        date = Element("w:date", **({"fullDate": f"{value}T00:00:00Z"} if full else {}))
        date.add("w:dateFormat", val="yyyy-MM-dd")
        date.add("w:lid", val=lang)
        date.add("w:storeMappedDataAs", val="dateTime")
        date.add("w:calendar", val="gregorian")
        return "w:date", date.xml()
    return "w:text", empty("w:text", **({"multiLine": "1"} if multiline else {}))


def table_start(columns: tuple[int, ...], caption: str | None) -> tuple[str, str]:
    """A table's start and end tags around its rows: fixed column widths, a caption if any."""
    before, after, end = _table_tags(columns, bool(caption))
    return (before + attribute(caption) + after if caption else before), end


@lru_cache(maxsize=64)
def _table_tags(columns: tuple[int, ...], captioned: bool) -> tuple[str, str, str]:
    """A table's start tags before and after its caption's text (most captions name their
    document), and its end tag."""
    properties = Element("w:tblPr")
    properties.add("w:tblStyle", val="PlanTable")
    properties.add("w:tblW", w=str(sum(columns)), type="dxa")
    properties.add("w:tblLayout", type="fixed")
    properties.add(
        "w:tblLook",
        val="0420",
        firstRow="1",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="1",
        noVBand="1",
    )
    if captioned:
        properties.add("w:tblCaption", val="\1")  # where the caption goes: no XML holds it
    grid = Element("w:tblGrid")
    for column in columns:
        grid.add("w:gridCol", w=str(column))
    table = Element("w:tbl")
    table.add("w:tblPr", properties.xml())
    table.add("w:tblGrid", grid.xml())
    table.add("w:tr", "\0")  # where the rows go: no XML text holds a NUL
    start, end = table.xml().split("\0")
    before, _, after = start.partition("\1")
    return before, after, end


@lru_cache(maxsize=8)
def row_start(fill_in: bool, header: bool) -> str:
    """A table row's start tag and ``w:trPr``: never split over pages, header rows repeated on
    each; its cells and ``</w:tr>`` follow."""
    properties = Element("w:trPr")
    properties.add("w:cantSplit")
    if fill_in:
        properties.add("w:trHeight", val=str(_FILL_IN_ROW), hRule="atLeast")
    if header:
        properties.add("w:tblHeader")
    start, end = wrap("w:tr", properties.xml(), "\0").split("\0")
    assert end == "</w:tr>"
    return start


@lru_cache(maxsize=1024)
def cell_properties(width: int, span: int, merge: str | None, fill: str | None) -> str:
    """A table cell's ``w:tcPr``: width, columns spanned, vertical merge, shading."""
    properties = Element("w:tcPr")
    properties.add("w:tcW", w=str(width), type="dxa")
    if span > 1:
        properties.add("w:gridSpan", val=str(span))
    if merge:
        properties.add("w:vMerge", **({"val": "restart"} if merge == "restart" else {}))
    if fill:
        properties.add("w:shd", val="clear", color="auto", fill=fill)
    return properties.xml()


@lru_cache(maxsize=4)
def _field(instruction: str) -> str:
    """The runs of a complex field with a cached result, so readers that do not compute fields
    still show a number, never an error text."""
    runs = (
        empty("w:fldChar", fldCharType="begin"),
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        empty("w:fldChar", fldCharType="separate"),
        "<w:t>1</w:t>",
        empty("w:fldChar", fldCharType="end"),
    )
    return "".join(wrap("w:r", "", run) for run in runs)


class TextColours(NamedTuple):
    primary: str  # the fill of column headings
    on_primary: str  # column headings, on the primary colour
    label: str  # row labels, on label_fill
    label_fill: str
    quiet: str  # the prompts of empty content controls


@lru_cache(maxsize=16)
def text_colours(theme: Theme) -> TextColours:
    """Text colours readable on their backgrounds (WCAG AA: a contrast of at least 4.5:1)."""
    palette = text_palette(theme.colours)
    label, label_fill = (c[1:] for c in palette["row-label"])
    on_primary, quiet = palette["on-primary"][0][1:], palette["quiet"][0][1:]
    return TextColours(theme.colours.primary[1:], on_primary, label, label_fill, quiet)


def run(properties: str, text: str) -> str:
    """A run of ``text`` (its tabs as ``w:tab``) with ``properties``."""
    if "\t" in text:
        return wrap("w:r", properties, run_text(text, "\t", "<w:tab/>"))
    if not text:
        return f"<w:r>{properties}</w:r>" if properties else "<w:r/>"
    # run_text() and wrap() for the most common run, one piece of text: as they write it.
    if text != text.strip():
        return f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    return f"<w:r>{properties}<w:t>{escape(text)}</w:t></w:r>"


def run_text(text: str, separator: str, element: str) -> str:
    """``text`` as runs' content: a ``w:t`` per piece, ``element`` where ``separator`` was.

    Word drops leading and trailing spaces of a ``w:t`` unless it says to keep them.
    """
    if separator not in text:
        return _piece(text) if text else ""
    return element.join(_piece(piece) if piece else "" for piece in text.split(separator))


def _piece(piece: str) -> str:
    if piece != piece.strip():
        return f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
    return f"<w:t>{escape(piece)}</w:t>"
