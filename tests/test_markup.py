"""The document markup: what templates may write, and clear errors for the rest."""

from __future__ import annotations

import datetime as dt

import pytest

from planmaterials import PolicyError
from planmaterials.document import (
    FillIn,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Section,
    Span,
    Table,
    plain_text,
)
from planmaterials.markup import parse_markup

from .conftest import parse_body


def test_headings_paragraphs_and_inline_emphasis_become_blocks():
    doc = parse_body(
        "<h1>Rubrik</h1><p class='lead'>Hej <em>du</em> <strong>där</strong><br/>ny</p>"
    )
    assert doc.blocks[0] == Heading(1, (Span("Rubrik"),))
    assert doc.blocks[1] == Paragraph(
        (
            Span("Hej "),
            Span("du", italic=True),
            Span(" "),
            Span("där", bold=True),
            LineBreak(),
            Span("ny"),
        ),
        "lead",
    )


def test_white_space_collapses_as_in_html():
    doc = parse_body("<p>\n   två\n   rader   \n</p>")
    assert doc.blocks[0] == Paragraph((Span("två rader"),))


def test_lists_nest_and_tables_keep_header_rows_and_spans():
    doc = parse_body(
        "<ol><li>ett<ul><li>a</li></ul></li><li>två</li></ol>"
        "<table widths='1,2'><thead><tr><th>M</th><th>A</th></tr></thead>"
        "<tbody><tr><td rowspan='2'>g</td><td>x</td></tr><tr><td>y</td></tr></tbody></table>"
        "<fill lines='2' label='Anteckningar'/><pagebreak/>"
        "<section orientation='landscape'><p>bred</p></section>"
    )
    numbered, table, fill, pagebreak, section = doc.blocks
    assert isinstance(numbered, ListBlock) and numbered.ordered
    assert numbered.items[0].children[0].items[0].content == (Span("a"),)
    assert isinstance(table, Table) and table.widths == (1.0, 2.0)
    assert table.header[0].cells[0].blocks == (Paragraph((Span("M"),)),)
    assert table.body[0].cells[0].rowspan == 2
    assert fill == FillIn(2, "Anteckningar") and pagebreak == PageBreak()
    assert section == Section("landscape", (Paragraph((Span("bred"),)),))


def test_document_attributes_become_metadata():
    doc = parse_body(
        "<p>x</p>", subject="S", keywords="a, b", header="H", **{"page-label": "{page}"}
    )
    assert (doc.title, doc.subject, doc.keywords, doc.header) == ("T", "S", ("a", "b"), "H")
    assert (doc.lang, doc.date, doc.author, doc.page_label) == (
        "sv-SE",
        dt.date(2025, 6, 12),
        "Norrviks universitet",
        "{page}",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<blink>x</blink>", "unknown element <blink>"),
        ("<p style='x'>x</p>", "unknown attribute 'style' on <p>"),
        ("bare text", "text directly inside <document>"),
        ("<p><h1>x</h1></p>", "<h1> is not allowed inside <p>"),
        ("<table widths='1'><tbody><tr><td>a</td><td>b</td></tr></tbody></table>", "2 positive"),
        ("<p>unclosed", "invalid markup"),
        ("<ul></ul>", "needs at least one <li>"),
    ],
)
def test_unknown_or_misplaced_markup_is_an_error_naming_the_template(body, message):
    with pytest.raises(PolicyError, match=message) as info:
        parse_body(body)
    assert str(info.value.file) == "t.j2"


def test_an_error_in_unmarked_markup_points_at_the_markup_line():
    source = "<document title='T'>\n<p>ok</p>\n<blink>x</blink>\n</document>"
    with pytest.raises(PolicyError) as info:
        parse_markup(source, template="t.j2", lang="sv-SE", date=dt.date(2025, 1, 1), author="A")
    assert info.value.line == 3


def test_an_error_points_at_the_file_and_line_in_the_source_mark():
    source = (
        '<document pm-source="a.j2:1" title="T">\n'
        '<section pm-source="b.j2:7"><p pm-source="b.j2:8"><ul/></p></section>\n</document>'
    )
    with pytest.raises(PolicyError, match="<ul> is not allowed inside <p>") as info:
        parse_markup(source, template="a.j2", lang="sv-SE", date=dt.date(2025, 1, 1), author="A")
    # <ul> has no mark of its own (as if an expression wrote it): its parent's is the place.
    assert (str(info.value.file), info.value.line) == ("b.j2", 8)


def test_the_source_mark_is_no_attribute_of_the_document():
    marked = parse_body('<p pm-source="t.j2:4" class="lead">x</p>')
    assert marked == parse_body('<p class="lead">x</p>')


def test_a_link_keeps_its_target_and_language_and_its_text_shows_anywhere():
    doc = parse_body(
        '<p>See <a href="poster.pdf">the <strong>poster</strong></a> or '
        '<a href="../en/index.html" hreflang="en">English</a>.</p>'
    )
    (paragraph,) = doc.blocks
    assert paragraph.content == (
        Span("See "),
        Link("the ", target="poster.pdf"),
        Link("poster", bold=True, target="poster.pdf"),
        Span(" or "),
        Link("English", target="../en/index.html", lang="en"),
        Span("."),
    )
    assert all(isinstance(item, Span) for item in paragraph.content)  # writers that cannot link
    assert plain_text(paragraph.content) == "See the poster or English."


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "../../etc/passwd", "/etc/passwd", ".hidden", "a b", "", "data:x"],
)
def test_a_link_to_anything_but_a_file_beside_it_or_a_web_or_mail_address_is_refused(href):
    with pytest.raises(PolicyError, match="href="):
        parse_body(f'<p><a href="{href}">x</a></p>')


def test_a_link_inside_a_link_is_refused():
    with pytest.raises(PolicyError, match="<a> is not allowed inside <a>"):
        parse_body('<p><a href="a.pdf">x <a href="b.pdf">y</a></a></p>')


def test_a_link_language_must_be_a_language_tag():
    with pytest.raises(PolicyError, match="hreflang"):
        parse_body('<p><a href="a.pdf" hreflang="en&quot; onclick=&quot;x">x</a></p>')


def test_neighbouring_texts_of_one_style_become_one_span_each_collapsed_on_its_own():
    doc = parse_body(
        "<p> a <em></em> b<br/> <strong>c </strong><strong> d</strong>"
        '<a href="x.pdf">e</a><a href="x.pdf"> f</a><a href="y.pdf">g</a>\t</p>'
    )
    assert doc.blocks[0].content == (
        Span("a  b"),  # as in HTML, the empty emphasis keeps a space on either side
        LineBreak(),
        Span("c  d", bold=True),
        Link("e f", target="x.pdf"),
        Link("g", target="y.pdf"),
    )


def test_no_break_spaces_and_spaces_around_fields_are_kept():
    doc = parse_body("<p>\u00a012\u00a0kB <field tag='a' prompt='p'/> text</p>")
    first, _, last = doc.blocks[0].content
    assert (first, last) == (Span("\u00a012\u00a0kB "), Span(" text"))


def test_cells_and_paragraphs_with_the_same_text_keep_their_own_kind_style_and_spans():
    doc = parse_body(
        "<table><thead><tr><th>x</th><td>x</td><td colspan='2'>x</td></tr></thead>"
        "<tbody><tr><td>x</td><td type='number' value='7'>x</td><td><p>x</p></td>"
        "<td><p class='small'>x</p></td></tr></tbody></table>"
    )
    (table,) = doc.blocks
    head, body = table.header[0].cells, table.body[0].cells
    x = (Paragraph((Span("x"),)),)
    assert [(c.blocks, c.header, c.colspan, c.value) for c in head] == [
        (x, True, 1, None),
        (x, False, 1, None),
        (x, False, 2, None),
    ]
    assert [(c.blocks, c.value) for c in body] == [
        (x, None),
        (x, 7),
        (x, None),
        ((Paragraph((Span("x"),), "small"),), None),
    ]


def test_choices_that_suit_a_choice_field_are_still_refused_on_a_text_field():
    fields = (
        "<p><field tag='a' kind='choice' choices='y=Yes|n=No' prompt='p'/></p>"
        "<p><field tag='b' kind='text' choices='y=Yes|n=No' prompt='p'/></p>"
    )
    with pytest.raises(PolicyError, match="a field of kind 'text' has no choices"):
        parse_body(fields)


def test_an_error_in_a_repeated_cell_or_field_names_the_line_of_the_one_at_fault():
    rows = "".join(
        f"<tr><td>same</td><td><p><field tag='s' kind='choice' choices='a=A|b=B' prompt='p'"
        f" value='{'c' if line == 4 else 'a'}'/></p></td></tr>\n"
        for line in range(1, 6)
    )
    with pytest.raises(PolicyError) as error:
        parse_markup(
            f"<document title='T'>\n<table><tbody>\n{rows}</tbody></table></document>",
            template="t.j2",
            lang="sv",
            date=dt.date(2025, 6, 12),
            author="A",
        )
    assert error.value.line == 6 and "value='c' is not one of the field's choices" in str(
        error.value
    )


def test_a_cell_repeated_in_another_document_reads_the_same_and_its_neighbours_stay_apart():
    cells = "<td><p>x</p></td><td><p class='small'>x</p></td><td rowspan='2'><p>x</p></td>"
    table = f"<table><tbody><tr>{cells}</tr></tbody></table>"
    first, second = parse_body(table).blocks[0], parse_body(table, template="u.j2").blocks[0]
    assert first == second
    x, small = (Paragraph((Span("x"),)),), (Paragraph((Span("x"),), "small"),)
    assert [(c.blocks, c.rowspan) for c in second.body[0].cells] == [(x, 1), (small, 1), (x, 2)]
    with pytest.raises(PolicyError, match=r"^u\.j2:1: unknown paragraph class 'big'"):
        parse_body(table.replace("'small'", "'big'"), template="u.j2")
