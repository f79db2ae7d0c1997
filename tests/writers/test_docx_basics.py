"""The Word writer on real materials: language, title, heading order, theme, grid widths."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile

import docx
from docx.oxml.ns import qn

from planmaterials import compose, write
from planmaterials.document import (
    Cell,
    FillIn,
    Heading,
    Paragraph,
    Row,
    Span,
    Table,
)
from planmaterials.model import Theme

from ..conftest import make_document


def _doc(*blocks):
    return make_document(*blocks, subject="Ämne", keywords=("a", "b"), header="Sidhuvud")


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_the_summary_declares_language_title_and_no_generator(localized):
    for lang, tag in (("sv", "sv-SE"), ("en", "en-GB")):
        data = write(compose("policy-summary", localized(lang)), "docx", Theme())
        document = _open(data)
        styles = document.styles.element
        assert styles.find(f".//{qn('w:rPrDefault')}//{qn('w:lang')}").get(qn("w:val")) == tag
        props = document.core_properties
        assert props.title.startswith("Summary" if lang == "en" else "Sammanfattning")
        assert props.language == tag and props.created == dt.datetime(
            2025, 6, 12, 12, 0, tzinfo=dt.UTC
        )
        assert props.author in ("Norrviks universitet", "Norrvik University")
        raw = b"".join(
            zipfile.ZipFile(io.BytesIO(data)).read(n)
            for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
        )
        assert b"python-docx" not in raw and b"en-US" not in raw


def test_headings_use_real_heading_styles_in_order(localized):
    document = _open(write(compose("policy-summary", localized("en")), "docx", Theme()))
    levels = [
        int(p.style.name.split()[-1])
        for p in document.paragraphs
        if p.style.name.lower().startswith("heading")
    ]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert document.paragraphs[0].text == "Internationalisation Policy"


def test_table_columns_get_grid_widths_in_proportion_filling_the_text_width():
    table = Table(
        (1.0, 3.0),
        (Row((Cell((Paragraph((Span("Mål"),)),)), Cell((Paragraph((Span("Aktivitet"),)),)))),),
        (
            Row((Cell((Paragraph((Span("g"),)),), rowspan=2), Cell((Paragraph((Span("x"),)),)))),
            Row((Cell((Paragraph((Span("y"),)),)),)),
        ),
    )
    document = _open(write(_doc(table), "docx", Theme()))
    tbl = document.element.body.find(qn("w:tbl"))
    rows = tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert rows[1].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    merges = [tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for tc in (rows[1][1], rows[2][1])]
    assert merges[0].get(qn("w:val")) == "restart" and merges[1].get(qn("w:val")) is None
    widths = [int(col.get(qn("w:w"))) for col in tbl.find(qn("w:tblGrid"))]
    assert abs(widths[1] - 3 * widths[0]) <= 3 and sum(widths) == 11906 - 2 * 1134
    assert document.tables[0].cell(2, 1).text == "y"


def test_fill_in_lines_are_ruled_paragraphs():
    document = _open(write(_doc(FillIn(3, "Anteckningar")), "docx", Theme()))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Fill-in Line") == 3 and document.paragraphs[0].text == "Anteckningar"


def test_the_theme_colours_and_fonts_reach_the_styles():
    theme = Theme(heading_font="Georgia")
    data = write(_doc(Heading(1, (Span("x"),))), "docx", theme)
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:ascii="Georgia"' in styles and theme.colours.primary[1:] in styles


def test_the_same_document_gives_the_same_bytes(localized):
    document = compose("policy-summary", localized("sv"))
    assert write(document, "docx", Theme()) == write(document, "docx", Theme())
    entries = zipfile.ZipFile(io.BytesIO(write(document, "docx", Theme()))).infolist()
    assert {entry.date_time for entry in entries} == {(2025, 6, 12, 12, 0, 0)}
