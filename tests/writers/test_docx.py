"""The Word writer: structure, fields, sections, tables and stable bytes of .docx output."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from lxml import etree

from planmaterials.document import (
    Cell,
    Document,
    Field,
    FillIn,
    Heading,
    Link,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Section,
    Span,
    Table,
)
from planmaterials.model import Colours, Theme
from planmaterials.writers.colours import contrast, tint
from planmaterials.writers.docx import write_docx
from planmaterials.writers.docx_base import MARGIN, twips

from ..conftest import make_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _doc(*blocks, **fields) -> Document:
    return make_document(*blocks, **{"title": "Plan", "date": dt.date(2025, 9, 1), **fields})


def _parts(data: bytes) -> dict[str, etree._Element]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return {
        name: etree.fromstring(package.read(name))
        for name in package.namelist()
        if name.endswith(".xml")
    }


def _p(text: str) -> Paragraph:
    return Paragraph((Span(text),))


def _table(rows: list[list[Cell]], header: list[str]) -> Table:
    return Table(
        widths=(1.0,) * len(header),
        header=(Row(tuple(Cell((_p(h),), header=True) for h in header)),),
        body=tuple(Row(tuple(row)) for row in rows),
    )


def test_the_language_is_declared_in_the_default_run_properties():
    styles = _parts(write_docx(_doc(_p("Hej")), Theme()))["word/styles.xml"]
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "sv-SE"
    assert b"en-US" not in etree.tostring(styles)


def test_core_properties_carry_title_subject_keywords_and_no_library_name():
    data = write_docx(
        _doc(_p("x"), subject="Ämne", keywords=("internationalisering", "plan")), Theme()
    )
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "<dc:title>Plan</dc:title>" in core
    assert "<dc:subject>Ämne</dc:subject>" in core
    assert "internationalisering, plan" in core
    assert "python-docx" not in core
    assert "2025-09-01" in core


def test_the_footer_numbers_pages_with_page_and_numpages_fields():
    parts = _parts(write_docx(_doc(_p("x"), page_label="Page {page} of {pages}"), Theme()))
    footers = [root for name, root in parts.items() if name.startswith("word/footer")]
    assert len(footers) == 1
    instructions = [t.text.strip() for t in footers[0].iter(f"{{{W}}}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    text = "".join(t.text for t in footers[0].iter(f"{{{W}}}t"))
    assert text == "Page 1 of 1"  # the cached results, never an error text


def test_the_header_holds_the_title_and_the_date_at_a_right_tab_stop():
    document = _doc(_p("x"), header="NU – Plan", header_right="1 september 2025")
    parts = _parts(write_docx(document, Theme()))
    header = next(root for name, root in parts.items() if name.startswith("word/header"))
    tab = header.find(".//w:pPr/w:tabs/w:tab", NS)
    assert tab.get(f"{{{W}}}val") == "right"
    assert int(tab.get(f"{{{W}}}pos")) == twips("A4")[0] - 2 * MARGIN
    texts = [t.text for t in header.iter(f"{{{W}}}t")]
    assert texts == ["NU – Plan", "1 september 2025"]
    assert header.find(".//w:r/w:tab", NS) is not None


def test_a_landscape_section_gets_its_own_header_with_the_tab_at_its_width():
    document = _doc(
        _p("first"), Section("landscape", (_p("wide"),)), _p("last"), header_right="idag"
    )
    parts = _parts(write_docx(document, Theme()))
    body = parts["word/document.xml"]
    sections = body.findall(".//w:sectPr", NS)
    orientations = [s.find("w:pgSz", NS).get(f"{{{W}}}orient") for s in sections]
    assert orientations == [None, "landscape", None]
    headers = {
        int(root.find(".//w:tab", NS).get(f"{{{W}}}pos"))
        for name, root in parts.items()
        if name.startswith("word/header")
    }
    width, height = twips("A4")
    assert headers == {width - 2 * MARGIN, height - 2 * MARGIN}


def test_a_document_that_ends_in_a_landscape_section_has_no_empty_page_after_it():
    body = _parts(write_docx(_doc(_p("a"), Section("landscape", (_p("b"),))), Theme()))[
        "word/document.xml"
    ]
    sections = body.findall(".//w:sectPr", NS)
    assert len(sections) == 2
    final = body.find("w:body/w:sectPr", NS)
    assert final.find("w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"


def test_every_numbered_list_starts_again_at_one():
    lists = [ListBlock(True, (ListItem((Span("a"),)), ListItem((Span("b"),)))) for _ in "xy"]
    parts = _parts(write_docx(_doc(lists[0], _p("between"), lists[1]), Theme()))
    num_ids = [n.get(f"{{{W}}}val") for n in parts["word/document.xml"].iter(f"{{{W}}}numId")]
    assert num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    for num_id in {num_ids[0], num_ids[2]}:
        num = parts["word/numbering.xml"].find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS).get(f"{{{W}}}val") == "1"


def test_header_rows_repeat_and_goal_cells_merge_downwards():
    goal = Cell((_p("Mål"),), rowspan=2)
    table = _table([[goal, Cell((_p("A1"),))], [Cell((_p("A2"),))]], ["Mål", "Aktivitet"])
    body = _parts(write_docx(_doc(table), Theme()))["word/document.xml"]
    rows = body.findall(".//w:tbl/w:tr", NS)
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True, False, False]
    merges = [
        (tc.find("w:tcPr/w:vMerge", NS), "".join(tc.itertext()))
        for row in rows[1:]
        for tc in row.findall("w:tc", NS)
    ]
    assert merges[0][0].get(f"{{{W}}}val") == "restart" and merges[0][1] == "Mål"
    assert merges[2][0] is not None and merges[2][0].get(f"{{{W}}}val") is None
    assert merges[2][1] == ""


def test_an_empty_row_is_tall_enough_to_write_in_and_a_filled_one_is_not():
    table = _table(
        [[Cell((), header=True), Cell(())], [Cell((_p("1"),), header=True), Cell((_p("x"),))]],
        ["Nr", "Mål"],
    )
    body = _parts(write_docx(_doc(table), Theme()))["word/document.xml"]
    rows = body.findall(".//w:tbl/w:tr", NS)
    heights = [r.find("w:trPr/w:trHeight", NS) for r in rows]
    assert heights[0] is None and heights[2] is None
    assert int(heights[1].get(f"{{{W}}}val")) >= 567


def test_lists_and_small_text_in_cells_use_the_table_styles():
    cell = Cell(
        (
            _p("Styrkor"),
            ListBlock(False, (ListItem((Span("Vad fungerar?"),)),)),
            Paragraph((Span("liten"),), "small"),
            FillIn(2),
        )
    )
    body = _parts(write_docx(_doc(_table([[cell]], ["S"])), Theme()))["word/document.xml"]
    styles = [s.get(f"{{{W}}}val") for s in body.findall(".//w:tbl/w:tr[2]/w:tc//w:pStyle", NS)]
    assert styles == ["TableText", "TableList", "TableSmall", "FillLine", "FillLine"]


def test_the_paragraph_before_a_table_stays_on_the_same_page_as_the_table():
    body = _parts(
        write_docx(_doc(Heading(2, (Span("Mål"),)), _p("Skriv:"), _table([], ["A"])), Theme())
    )["word/document.xml"]
    intro = body.findall("w:body/w:p", NS)[1]
    assert intro.find("w:pPr/w:keepNext", NS) is not None


def test_the_paragraph_before_a_table_in_a_cell_stays_on_the_same_page_as_the_table():
    cell = Cell((_p("Först"), _p("Skriv:"), _table([], ["A"])))
    body = _parts(write_docx(_doc(_table([[cell]], ["S"])), Theme()))["word/document.xml"]
    first, intro = body.findall(".//w:tbl/w:tr[2]/w:tc/w:p", NS)[:2]
    assert first.find("w:pPr/w:keepNext", NS) is None
    assert intro.find("w:pPr/w:keepNext", NS) is not None


def test_a_row_label_is_bold_on_a_pale_tint_and_column_headings_on_the_primary_colour():
    table = _table([[Cell((_p("1"),), header=True), Cell((_p("x"),))]], ["Nr", "Mål"])
    body = _parts(write_docx(_doc(table), Theme(colours=Colours(primary="#00406B"))))[
        "word/document.xml"
    ]
    heading, row = body.findall(".//w:tr", NS)
    fills = [[c.find("w:tcPr/w:shd", NS) for c in tr.findall("w:tc", NS)] for tr in (heading, row)]
    assert [f.get(f"{{{W}}}fill") for f in fills[0]] == ["00406B", "00406B"]
    label, cell = fills[1]
    assert cell is None
    assert label.get(f"{{{W}}}fill") == tint("#00406B", 0.88)[1:]
    run = row.find("w:tc/w:p/w:r", NS)
    assert run.find("w:rPr/w:b", NS) is not None
    assert run.find("w:rPr/w:color", NS).get(f"{{{W}}}val") == "00406B"


@pytest.mark.parametrize("primary", ["#00406B", "#F2C14E", "#9FC5E8"])
def test_text_colours_have_enough_contrast_against_their_background(primary):
    table = _table([[Cell((_p("1"),), header=True), Cell((_p("x"),))]], ["Nr", "Rubrik"])
    theme = Theme(colours=Colours(primary=primary))
    data = write_docx(_doc(Heading(1, (Span("T"),)), table, header="h"), theme)
    for name, root in _parts(data).items():
        for colour, background in _colours_with_backgrounds(root):
            assert contrast(colour, background) >= 4.5, (name, colour, background)


def _colours_with_backgrounds(root: etree._Element):
    for run_colour in root.iter(f"{{{W}}}color"):
        value = run_colour.get(f"{{{W}}}val")
        if value in (None, "auto"):
            continue
        background = "FFFFFF"
        cell = next(run_colour.iterancestors(f"{{{W}}}tc"), None)
        if cell is not None:
            shading = cell.find("w:tcPr/w:shd", NS)
            if shading is not None:
                background = shading.get(f"{{{W}}}fill")
        yield value, background


def test_the_same_document_gives_the_same_bytes():
    document = _doc(Heading(1, (Span("T"),)), Section("landscape", (_p("x"),)), header_right="d")
    assert write_docx(document, Theme()) == write_docx(document, Theme())


def test_no_paragraph_leaves_a_single_line_alone_at_a_page_break():
    styles = _parts(write_docx(_doc(_p("x")), Theme()))["word/styles.xml"]
    assert styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:widowControl", NS) is not None


def test_a_table_after_a_list_keeps_a_paragraphs_distance_from_it():
    items = ListBlock(True, (ListItem((Span("a"),)), ListItem((Span("b"),))))
    body = _parts(write_docx(_doc(items, _table([], ["A"])), Theme()))["word/document.xml"]
    first, last = body.findall("w:body/w:p", NS)[:2]
    assert first.find("w:pPr/w:spacing", NS) is None
    assert last.find("w:pPr/w:spacing", NS).get(f"{{{W}}}after") == "200"


def test_the_footer_holds_its_text_left_and_the_page_number_at_a_right_tab_stop():
    document = _doc(
        _p("first"),
        Section("landscape", (_p("wide"),)),
        footer="Policy, 12 June 2025",
        page_label="Page {page} of {pages}",
    )
    parts = _parts(write_docx(document, Theme()))
    footers = [root for name, root in parts.items() if name.startswith("word/footer")]
    width, height = twips("A4")
    positions = {int(f.find(".//w:pPr/w:tabs/w:tab", NS).get(f"{{{W}}}pos")) for f in footers}
    assert positions == {width - 2 * MARGIN, height - 2 * MARGIN}
    for footer in footers:
        assert next(t.text for t in footer.iter(f"{{{W}}}t")) == "Policy, 12 June 2025"
        assert footer.find(".//w:r/w:tab", NS) is not None


def test_a_page_break_makes_the_next_paragraph_or_table_start_a_page():
    document = _doc(
        _table([[Cell((_p("a"),))]], ["A"]),
        PageBreak(),
        _table([[Cell((_p("b"),))]], ["B"]),
        PageBreak(),
        _p("after"),
    )
    body = _parts(write_docx(document, Theme()))["word/document.xml"]
    # No paragraph of its own for the break: after a full page it would break once more.
    assert body.find(".//w:br", NS) is None
    starts = [
        p for p in body.iter(f"{{{W}}}p") if p.find("w:pPr/w:pageBreakBefore", NS) is not None
    ]
    texts = ["".join(t.text for t in p.iter(f"{{{W}}}t")) for p in starts]
    assert texts == ["B", "after"]  # the second table's first cell, then the paragraph


def test_links_share_one_external_relationship_per_target_written_as_given():
    target = 'https://example.org/plan?a=1&b="2"'
    paragraph = Paragraph(
        (
            Link("one", target=target),
            Span(" and "),
            Link("two", target=target),
            Link("m", target="mailto:x@y.se"),
        )
    )
    data = write_docx(_doc(paragraph), Theme())
    parts = _parts(data)
    ids = [
        link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        for link in parts["word/document.xml"].iterfind(".//w:hyperlink", NS)
    ]
    relationships = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels")
    rels = {
        rel.get("Id"): rel
        for rel in etree.fromstring(relationships)
        if rel.get("Type").endswith("/hyperlink")
    }
    assert ids[0] == ids[1] != ids[2]
    assert set(rels) == set(ids)
    assert rels[ids[0]].get("Target") == target
    assert {rel.get("TargetMode") for rel in rels.values()} == {"External"}


def test_python_docx_reads_every_part_of_the_package():
    import docx

    document = _doc(
        _p("first"),
        ListBlock(ordered=True, items=(ListItem((Span("a"),)),)),
        Section("landscape", (_p("wide"),)),
        header="Plan",
        header_right="idag",
        identifier="plan-7",
    )
    word = docx.Document(io.BytesIO(write_docx(document, Theme())))
    assert [section.header.paragraphs[0].text for section in word.sections] == [
        "Plan\tidag",
        "Plan\tidag",
    ]
    assert word.sections[1].header.part is not word.sections[0].header.part
    assert word.core_properties.title == "Plan"
    assert word.core_properties.identifier == "plan-7"
    numbering = word.part.numbering_part.element
    assert len(numbering.findall(f"{{{W}}}num")) == 2
    assert word.styles["Heading 1"].style_id == "Heading1"


def test_a_cell_written_again_numbers_its_content_controls_in_document_order():
    field = Cell((Paragraph((Field("status", "text", "Choose"),)),))
    document = _doc(_table([[field], [field]], ["A"]), _table([[field]], ["B"]))
    for _ in range(2):  # the second document writes every cell again from the first's text
        body = _parts(write_docx(document, Theme()))["word/document.xml"]
        ids = [element.get(f"{{{W}}}val") for element in body.iterfind(".//w:sdtPr/w:id", NS)]
        assert ids == ["1", "2", "3"]


def test_a_cell_with_a_link_relates_it_in_each_document_that_holds_the_cell():
    cell = Cell((Paragraph((Link("site", target="https://example.org"),)),))
    first = _doc(_table([[cell]], ["A"]))
    # Another link first: the cell's link has another relationship id in this document.
    second = _doc(Paragraph((Link("x", target="https://example.com"),)), _table([[cell]], ["A"]))
    for document in (first, second, first):
        data = write_docx(document, Theme())
        body = _parts(data)["word/document.xml"]
        rels = etree.fromstring(
            zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels")
        )
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        links = [targets[link.get(r_id)] for link in body.iterfind(".//w:tc//w:hyperlink", NS)]
        assert links == ["https://example.org"]


def test_a_cell_written_again_still_starts_the_page_after_a_page_break():
    cell = Cell((_p("a"),))
    table = Table(widths=(1.0,), header=(), body=(Row((cell,)),))
    document = _doc(table, PageBreak(), table)
    body = _parts(write_docx(document, Theme()))["word/document.xml"]
    breaks = [p.find("w:pPr/w:pageBreakBefore", NS) is not None for p in body.iter(f"{{{W}}}p")]
    texts = ["".join(t.text for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p")]
    assert [text for text, starts in zip(texts, breaks, strict=True) if starts] == ["a"]
    assert texts.count("a") == 2


def test_a_cell_written_again_in_another_language_has_that_languages_date_picker():
    cell = Cell((Paragraph((Field("deadline", "date", "Pick a date"),)),))
    for lang in ("sv", "en", "sv"):
        document = _doc(_table([[cell]], ["A"]), lang=lang)
        body = _parts(write_docx(document, Theme()))["word/document.xml"]
        assert [e.get(f"{{{W}}}val") for e in body.iterfind(".//w:date/w:lid", NS)] == [lang]


@pytest.mark.parametrize(
    "where", ["body", "cell", "title", "identifier", "header", "footer", "keywords"]
)
def test_a_character_xml_cannot_hold_is_refused_wherever_it_is_written(where):
    text = "Bad\x0btext"
    cell = Cell((_p(text if where == "cell" else "fine"),))
    fields = {
        "title": {"title": text},
        "identifier": {"identifier": text},
        "header": {"header": text},
        "footer": {"footer": text},
        "keywords": {"keywords": ("a", text)},
    }.get(where, {})
    document = _doc(_p(text if where == "body" else "fine"), _table([[cell]], ["A"]), **fields)
    with pytest.raises(ValueError, match="XML compatible"):
        write_docx(document, Theme())
