"""The workbook writer: a document's tables as Excel worksheets with real dates (XlsxWriter).

A level-1 heading starts a worksheet named by its text (a workbook has no other place for it);
lower headings, paragraphs and list items are rows of text; a table is a block of rows whose
header rows stand out. The first table of a sheet gets the sheet's filter, and when it opens the
sheet its header rows stay in view (a frozen pane), so a sheet that is one table can be filtered
and imported as it is. A cell with a typed value (a date, a number) holds that value, formatted, not
its text. Columns are as wide as their longest line, up to a limit past which text wraps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.worksheet import Worksheet

from ..document import (
    Block,
    Cell,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Row,
    Table,
    plain_text,
)
from ..theme import Theme
from .colours import text_palette
from .package import Deflated, zip_files

__all__ = ["BLOCKS", "write_xlsx"]

BLOCKS = frozenset({Heading, Paragraph, ListBlock, Table})

_MIN_WIDTH, _MAX_WIDTH = 8, 50  # column widths in characters; longer text wraps
_LINE_HEIGHT, _ROW_PADDING = 13, 2  # points, for the 10-point type
_DATE_FORMAT = "yyyy-mm-dd"  # unambiguous in every language, and what planning systems import
_DATE_WIDTH = len(_DATE_FORMAT)
_NUMBERS = (int, float)
_SHEET_NAME_LENGTH = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_CORE = "docProps/core.xml"


@dataclass
class _Sheet:
    """A worksheet being filled: the next free row, column widths, and whether it has a filter."""

    sheet: Worksheet
    row: int = 0
    widths: dict[int, int] = field(default_factory=dict)
    filtered: bool = False
    # The texts of each row that may wrap, by column: the row gets the height of the longest.
    texts: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


_BLANK, _STRING, _NUMBER = "blank", "string", "number"  # what a cell writes
_NEVER, _ALWAYS = 0, _MAX_WIDTH + 1  # no column is fitted narrower than 0, each below _ALWAYS


@dataclass(frozen=True, slots=True)
class _Written:
    """What one cell writes: its kind, data and format, the width it asks of its column, and
    the column width below which its text wraps (its length less one; _ALWAYS with a line
    break, _NEVER without text)."""

    cell: Cell
    kind: str
    data: str | int | float | None
    format: Format
    width: int
    wraps_below: int


class _Writer:
    """Writes one document into one workbook, block by block."""

    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.book = _Book(
            io.BytesIO(),  # holds only an empty zip (see _Book)
            {
                "in_memory": True,
                # Text stays text: a cell starting with "=" or looking like a number or a link
                # is what the plan says, never a formula.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_format_properties": {"font_name": theme.body_font, "font_size": 10},
            },
        )
        colours = theme.colours
        # The header row's text: the palette's colour for text on the primary colour.
        header_text = text_palette(colours)["on-primary"][0]
        base = {"font_name": theme.body_font, "font_size": 10, "valign": "top"}
        self.formats: dict[str, Format] = {
            "text": self.book.add_format({**base, "text_wrap": True}),
            "date": self.book.add_format({**base, "num_format": _DATE_FORMAT, "align": "left"}),
            "number": self.book.add_format(base),
            "header": self.book.add_format(
                {
                    **base,
                    "bold": True,
                    "text_wrap": True,
                    "font_color": header_text,
                    "bg_color": colours.primary,
                    "border": 1,
                    "border_color": colours.primary,
                }
            ),
            "paragraph": self.book.add_format({**base}),
            "h2": self.book.add_format(
                {**base, "bold": True, "font_size": 13, "font_name": theme.heading_font}
            ),
            "h3": self.book.add_format(
                {**base, "bold": True, "font_size": 11, "font_name": theme.heading_font}
            ),
        }
        self.sheets: list[_Sheet] = []
        self.names: set[str] = set()
        # What each Cell of the document writes, by its id (the document holds every cell
        # while it is written, and so does each entry): as a header cell, and otherwise.
        self.header_cells: dict[int, _Written] = {}
        self.body_cells: dict[int, _Written] = {}

    def write(self) -> bytes:
        document = self.document
        self.book.set_properties(
            {
                "title": document.title,
                "subject": document.subject,
                "author": document.author,
                "keywords": ", ".join(document.keywords),
                # The date from the data, so that the same input gives the same bytes.
                "created": dt.datetime.combine(document.date, dt.time(12), dt.UTC),
            }
        )
        for block in document.blocks:
            self.block(block)
        if not self.sheets:
            self.new_sheet(document.title)
        for sheet in self.sheets:
            for column, width in sorted(sheet.widths.items()):
                sheet.sheet.set_column(column, column, width + 2)
            # Spreadsheet programs do not all grow a row for wrapped text when they open a file:
            # give each row that wraps the height of its most lines.
            for row, texts in sorted(sheet.texts.items()):
                lines = max(
                    # the column is set two wider than its text; one of those is margin
                    _line_count(text, sheet.widths.get(column, _MIN_WIDTH) + 1)
                    for column, text in texts
                )
                if lines > 1:
                    sheet.sheet.set_row(row, lines * _LINE_HEIGHT + _ROW_PADDING)
        self.book.close()
        return _package(self.book.parts, document.lang, document.date)

    # -- sheets ---------------------------------------------------------------------------

    def new_sheet(self, title: str) -> _Sheet:
        name = _sheet_name(title, self.names)
        self.names.add(name.lower())
        sheet = self.book.add_worksheet(name)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)  # as wide as one page, as long as it takes
        current = _Sheet(sheet)
        self.sheets.append(current)
        return current

    @property
    def current(self) -> _Sheet:
        return self.sheets[-1] if self.sheets else self.new_sheet(self.document.title)

    # -- blocks ---------------------------------------------------------------------------

    def block(self, block: Block) -> None:
        match block:
            case Heading(level=1, content=content):
                self.new_sheet(plain_text(content))
            case Heading(level=level, content=content):
                self.line(plain_text(content), f"h{min(level, 3)}", gap=True)
            case Paragraph(content=content):
                self.line(plain_text(content), "paragraph")
            case ListBlock():
                for line in _cell_text((block,)).split("\n"):
                    self.line(line, "paragraph")
            case Table():
                self.table(block)
            case _:
                raise TypeError(
                    f"the xlsx writer does not handle {type(block).__name__} blocks; "
                    "write through planmaterials.write, which rewrites them first"
                )

    def line(self, text: str, style: str, gap: bool = False) -> None:
        current = self.current
        if gap and current.row:
            current.row += 1
        current.sheet.write_string(current.row, 0, text, self.formats[style])
        current.row += 1

    def table(self, table: Table) -> None:
        current = self.current
        top = current.row
        groups = ((table.header, True), (table.body, False))
        if any(c.rowspan > 1 or c.colspan > 1 for rows, _ in groups for r in rows for c in r.cells):
            columns = self.merged_rows(current, groups)
        else:  # each cell in its own column, in order: no cell to step round
            columns = 1
            for rows, header in groups:
                for row in rows:
                    for column, cell in enumerate(row.cells):
                        self.cell(current, cell, column, header)
                    columns = max(columns, len(row.cells))
                    current.row += 1
        last_header = top + len(table.header) - 1
        if table.header and not current.filtered and current.row > last_header:
            # One filter per sheet (Excel's rule): the first table's, on its last header row.
            current.sheet.autofilter(last_header, 0, max(current.row - 1, last_header), columns - 1)
            current.filtered = True
            if top == 0:
                current.sheet.freeze_panes(last_header + 1, 0)
                current.sheet.repeat_rows(0, last_header)
        current.row += 1  # a blank row after the table

    def merged_rows(self, current: _Sheet, groups: tuple[tuple[tuple[Row, ...], bool], ...]) -> int:
        """Write rows whose cells may span others; the number of columns they take."""
        taken: set[tuple[int, int]] = set()
        for rows, header in groups:
            for row in rows:
                column = 0
                for cell in row.cells:
                    while (current.row, column) in taken:
                        column += 1
                    self.cell(current, cell, column, header)
                    for r in range(cell.rowspan):
                        for c in range(cell.colspan):
                            taken.add((current.row + r, column + c))
                    column += cell.colspan
                current.row += 1
        return max((column + 1 for _, column in taken), default=1)

    def cell(self, current: _Sheet, cell: Cell, column: int, header: bool) -> None:
        # Called for every cell of every table (thousands in a follow-up of many plans). The
        # parser makes one Cell for each text it meets again (a status, a unit, a date), so
        # what a cell writes is worked out once per Cell of the document (see _Written).
        written = (self.header_cells if header else self.body_cells).get(id(cell))
        if written is None:
            written = self.written(cell, header)
        row = current.row
        sheet = current.sheet
        rowspan, colspan = cell.rowspan, cell.colspan
        if rowspan > 1 or colspan > 1:
            last = (row + rowspan - 1, column + colspan - 1)
            sheet.merge_range(row, column, *last, "", written.format)
        kind = written.kind
        if kind is _STRING:
            sheet.write_string(row, column, written.data, written.format)
        elif kind is _NUMBER:
            sheet.write_number(row, column, written.data, written.format)
        else:
            sheet.write_blank(row, column, None, written.format)  # empty, not ""
        if colspan == 1:
            # The column widens for the text, up to the limit past which text wraps.
            widths = current.widths
            fitted = written.width
            known = widths.get(column, _MIN_WIDTH)
            if known > fitted:
                fitted = known
            widths[column] = fitted
            # A text that fits its column now stays on one line (columns only widen): only the
            # others can make their row taller.
            if rowspan == 1 and fitted < written.wraps_below:
                current.texts.setdefault(row, []).append((column, written.data))

    def written(self, cell: Cell, header: bool) -> _Written:
        """What ``cell`` writes (as a header cell if ``header``), kept for its next place."""
        blocks = cell.blocks
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):  # most cells: one paragraph
            text = plain_text(blocks[0].content)
        else:
            text = _cell_text(blocks)
        value: Any = cell.value
        wraps_below = _NEVER
        if header or cell.header:
            style, value = "header", None
        elif value is None:
            style = "text"
        elif isinstance(value, dt.date):
            style = "date"
        elif isinstance(value, _NUMBERS):
            style = "number"
        else:
            style, value = "text", None
        if value is None:
            if not text:
                kind, data, width = _BLANK, None, 0
            else:
                kind, data = _STRING, text
                # A header wraps at its spaces: its longest word sets its width, the data the
                # rest.
                if style == "header":
                    width = max(map(len, text.split()), default=0)
                elif "\n" in text:
                    width = max(map(len, text.split("\n")))
                else:
                    width = len(text)
                # In a column fitted narrower than this, the text wraps (see cell()).
                wraps_below = _ALWAYS if "\n" in text else len(text) - 1
        elif style == "date":
            # A date is its serial number in Excel's 1900 date system, shown in the date format
            # (what write_datetime stores, without converting the same few deadlines again).
            kind, data, width = _NUMBER, _excel_date(value), _DATE_WIDTH
        else:
            kind, data, width = _NUMBER, value, len(text)
        written = _Written(
            cell, kind, data, self.formats[style], min(width, _MAX_WIDTH), wraps_below
        )
        (self.header_cells if header else self.body_cells)[id(cell)] = written
        return written


def _cell_text(blocks: tuple[Block, ...]) -> str:
    """A cell's blocks as text: paragraphs on lines of their own, list items with bullets."""
    lines: list[str] = []
    for block in blocks:
        match block:
            case Paragraph(content=content):
                lines.append(plain_text(content))
            case ListBlock(items=items, ordered=ordered):
                for number, item in enumerate(items, start=1):
                    marker = f"{number}." if ordered else "•"
                    lines.append(f"{marker} {plain_text(item.content)}")
            case _:
                raise TypeError(f"the xlsx writer does not handle {type(block).__name__} in cells")
    return "\n".join(lines)


@lru_cache(maxsize=4096)  # rows repeat their texts (a goal's, on each of its activities' rows)
def _line_count(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped at spaces."""
    if len(text) <= width and "\n" not in text:
        return 1  # fits as it is (wrapping only ever joins words with one space)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > width:
                count += 1
                used = 0
            used += (1 if used else 0) + len(word)
    return max(count, 1)


_EXCEL_EPOCH = dt.date(1899, 12, 31)  # day 0 of Excel's 1900 date system


def _excel_date(date: dt.date) -> int:
    """``date`` as Excel's serial number: days since the epoch, and one more from March 1900
    (Excel counts a 29 February 1900 that never was)."""
    days = (date - _EXCEL_EPOCH).days
    return days + 1 if days > 59 else days


def _sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique worksheet name from a heading (at most 31 characters, no []:*?/\\)."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", title).strip().strip("'") or "Sheet"
    name = base[:_SHEET_NAME_LENGTH].strip()
    number = 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: _SHEET_NAME_LENGTH - len(suffix)].strip() + suffix
    return name


class _Parts(Packager):
    """XlsxWriter's packager, which keeps the parts of the package it makes instead of handing
    them to the workbook to zip."""

    parts: list[tuple[io.StringIO | io.BytesIO, str, bool]]

    def _create_package(self) -> list[tuple[io.StringIO | io.BytesIO, str, bool]]:
        self.parts.extend(super()._create_package())  # (data, name in the package, is binary)
        return []


class _Book(xlsxwriter.Workbook):
    """A workbook whose parts we zip ourselves (:func:`_package`), with fixed times and one
    more core property: XlsxWriter's own zip would be compressed only to be read back."""

    parts: list[tuple[io.StringIO | io.BytesIO, str, bool]]

    def _get_packager(self) -> Packager:  # XlsxWriter's hook for another packager
        packager = _Parts()
        self.parts = packager.parts = []
        return packager


def _package(
    parts: list[tuple[io.StringIO | io.BytesIO, str, bool]], lang: str, date: dt.date
) -> bytes:
    """The zip of the workbook's parts, in XlsxWriter's order, with ``dc:language`` in its core
    properties (XlsxWriter writes none)."""
    entries: list[tuple[str, bytes | Deflated]] = []
    for data, name, binary in parts:
        content = data.getvalue() if binary else data.getvalue().encode("utf-8")
        if name == _CORE:
            language = f"<dc:language>{escape(lang)}</dc:language>".encode()
            content = content.replace(b"</cp:coreProperties>", language + b"</cp:coreProperties>")
        entries.append((name, content))
    return zip_files(entries, date)


def write_xlsx(document: Document, theme: Theme) -> bytes:
    """The workbook of ``document``: its headings, paragraphs and tables on worksheets."""
    return _Writer(document, theme).write()
