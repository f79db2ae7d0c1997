"""The workbook writer: tables as cells, merged where a cell spans others, filtered and sized."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from planmaterials.document import Cell, Document, Heading, Paragraph, Row, Span, Table
from planmaterials.model import Theme
from planmaterials.writers import write


def _cell(text: str, **fields) -> Cell:
    return Cell((Paragraph((Span(text),)),), **fields)


def _workbook(*blocks) -> openpyxl.Workbook:
    document = Document("Uppföljning", "sv-SE", dt.date(2026, 3, 1), "Norrvik", blocks)
    return openpyxl.load_workbook(io.BytesIO(write(document, "xlsx", Theme())))


def test_a_cell_spanning_rows_and_columns_is_merged_and_the_cells_beside_it_move_aside():
    header = Row((_cell("Mål"), _cell("Aktivitet"), _cell("Klar")))
    body = (
        Row((_cell("Fler utbyten", rowspan=2), _cell("Avtal", colspan=2))),
        Row((_cell("Resa"), _cell("Ja"))),
    )
    sheet = _workbook(Heading(1, (Span("Plan"),)), Table((1, 1, 1), (header,), body)).active
    assert {str(merged) for merged in sheet.merged_cells.ranges} == {"A2:A3", "B2:C2"}
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=1, max_row=3)] == [
        ["Mål", "Aktivitet", "Klar"],
        ["Fler utbyten", "Avtal", None],
        [None, "Resa", "Ja"],
    ]
    assert sheet.auto_filter.ref == "A1:C3"


def test_a_table_without_merged_cells_fills_its_rows_in_order_under_a_filter_of_its_width():
    long = " ".join(["ord"] * 30)  # wraps onto 3 lines in a column 50 characters wide
    rows = tuple(Row((_cell(f"rad {n}"), _cell(""), _cell(long))) for n in range(3))
    sheet = _workbook(Table((1, 1, 1), (Row((_cell("A"), _cell("B"), _cell("C"))),), rows)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=4)] == [
        [f"rad {n}", None, long] for n in range(3)
    ]
    assert sheet.auto_filter.ref == "A1:C4"
    assert round(sheet.column_dimensions["C"].width) == 53  # 50 characters and the margins
    heights = [sheet.row_dimensions[n].height for n in range(1, 5)]
    assert heights[0] is None and [round(h) for h in heights[1:]] == [41, 41, 41]  # 3 lines


def test_a_date_cell_holds_the_serial_number_xlsxwriter_gives_that_date():
    import re
    import zipfile

    import xlsxwriter

    dates = [dt.date(1899, 12, 31), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(2027, 2, 28)]
    body = tuple(Row((_cell(day.isoformat(), value=day),)) for day in dates)
    document = Document("Datum", "sv-SE", dt.date(2026, 3, 1), "Norrvik", (Table((1,), (), body),))
    ours = zipfile.ZipFile(io.BytesIO(write(document, "xlsx", Theme())))

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for row, day in enumerate(dates):
        sheet.write_datetime(row, 0, dt.datetime(day.year, day.month, day.day))
    book.close()
    theirs = zipfile.ZipFile(buffer)

    def numbers(package: zipfile.ZipFile) -> list[str]:
        return re.findall(r"<v>([^<]*)</v>", package.read("xl/worksheets/sheet1.xml").decode())

    assert numbers(ours) == numbers(theirs) == ["0", "59", "61", "46446"]


def test_the_workbook_holds_every_part_xlsxwriter_makes_and_the_language_of_the_document():
    import zipfile

    header = Row((_cell("Mål"),))
    document = Document(
        "Uppföljning", "sv-SE", dt.date(2026, 3, 1), "Norrvik", (Table((1,), (header,), ()),)
    )
    package = zipfile.ZipFile(io.BytesIO(write(document, "xlsx", Theme())))
    names = package.namelist()
    assert names[0] == "[Content_Types].xml"
    for part in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"):
        assert part in names
    assert b"<dc:language>sv-SE</dc:language>" in package.read("docProps/core.xml")
    assert {info.date_time for info in package.infolist()} == {(2026, 3, 1, 12, 0, 0)}
