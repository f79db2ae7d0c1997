"""Word XML as text: children in schema order by one ordering table, escapes as lxml wrote them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from docx.oxml import OxmlElement
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from planmaterials.compose import compose
from planmaterials.document import (
    Cell,
    Field,
    FillIn,
    Heading,
    LineBreak,
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
from planmaterials.localize import LocalizedPolicy
from planmaterials.materials import MATERIALS, Scope
from planmaterials.model import Policy, Theme
from planmaterials.writers import write
from planmaterials.writers.docx_pieces import run, run_text
from planmaterials.writers.docx_xml import (
    SCHEMA_ORDER,
    Element,
    attribute,
    check_characters,
    check_encoded,
    empty,
    escape,
    wrap,
)

from ..conftest import make_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _tag(node) -> str:
    return f"w:{etree.QName(node).localname}"


def _tags(parent) -> list[str]:
    return [_tag(child) for child in parent]


def _flat(parent: str) -> list[str]:
    order = SCHEMA_ORDER[parent]
    return [tag for group in order for tag in (group if isinstance(group, tuple) else (group,))]


def _read(xml: str) -> etree._Element:
    """``xml`` (a ``w:`` element written as text) read by lxml, the prefix declared around it."""
    return etree.fromstring(f'<w:root xmlns:w="{W}">{xml}</w:root>')[0]


def test_children_land_in_schema_order_whatever_order_they_are_added_in():
    ppr = Element("w:pPr")
    ppr.add("w:spacing", after="200")
    ppr.add("w:numPr", "<w:numPr/>")
    ppr.add("w:keepNext")
    ppr.add("w:pStyle", val="ListParagraph")
    assert _tags(_read(ppr.xml())) == ["w:pStyle", "w:keepNext", "w:numPr", "w:spacing"]


def test_children_of_one_rank_keep_the_order_they_were_added_in():
    run = Element("w:r")
    run.add("w:t", "<w:t>a</w:t>")
    run.add("w:tab")
    run.add("w:t", "<w:t>b</w:t>")
    run.add("w:rPr", "<w:rPr><w:b/></w:rPr>")
    assert run.xml() == "<w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>"


def test_a_child_the_table_does_not_know_is_a_programming_error():
    with pytest.raises(KeyError):
        Element("w:pPr").add("w:framePr")
    with pytest.raises(KeyError):
        Element("w:framePr")
    with pytest.raises(KeyError):
        wrap("w:tbl", "<w:tblPr/>", "")


def test_properties_come_first_in_the_elements_written_around_them():
    assert wrap("w:p", "<w:pPr/>", "<w:r/>") == "<w:p><w:pPr/><w:r/></w:p>"
    assert wrap("w:r", "", "") == "<w:r/>"
    for tag in ("w:p", "w:r", "w:tr", "w:tc"):
        assert SCHEMA_ORDER[tag][0] == f"{tag}Pr"


def _lxml(text: str, value: str) -> str:
    """An element with ``text`` and an attribute ``value`` as lxml serializes it."""
    element = etree.Element(f"{{{W}}}t", {f"{{{W}}}val": value}, nsmap={"w": W})
    element.text = text
    return etree.tostring(element, encoding="unicode").replace(f' xmlns:w="{W}"', "")


_XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\x00\x0b\x0c\ufffe\uffff"
    ).filter(lambda c: c >= " " or c in "\t\n\r")
    | st.sampled_from("&<>\"'\t\n\r ")
)


@given(_XML_TEXT, _XML_TEXT)
def test_text_and_attributes_are_escaped_as_lxml_escapes_them(text, value):
    written = check_characters(f'<w:t w:val="{attribute(value)}">{escape(text)}</w:t>')
    assert written == _lxml(text, value)


@given(st.sampled_from(["", "<w:rPr><w:b/></w:rPr>"]), _XML_TEXT)
def test_a_run_of_one_piece_of_text_is_written_as_runs_of_tabbed_text_are(properties, text):
    for written in (text, f" {text} ", f"{text}\t{text}"):
        general = wrap("w:r", properties, run_text(written, "\t", "<w:tab/>"))
        assert run(properties, written) == general


def test_an_empty_element_closes_itself_with_its_attributes_in_order():
    assert empty("w:b") == "<w:b/>"
    shading = empty("w:shd", val="clear", color="auto", fill="FF0000")
    assert shading == '<w:shd w:val="clear" w:color="auto" w:fill="FF0000"/>'
    reference = empty("w:headerReference", type="default", **{"r:id": "rId4"})
    assert reference == '<w:headerReference w:type="default" r:id="rId4"/>'
    assert (
        Element("w:dropDownList", lastValue='a"b').xml()
        == '<w:dropDownList w:lastValue="a&quot;b"/>'
    )


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x0b", "\x1f", "\ufffe"])
def test_a_character_xml_cannot_hold_is_refused_as_lxml_refused_it(character):
    with pytest.raises(ValueError, match="XML compatible"):
        check_characters(f"<w:t>a{character}</w:t>")
    with pytest.raises(ValueError, match="XML compatible"):
        check_encoded(f"<w:t>–{character}</w:t>".encode())


@given(st.text())
def test_encoded_text_is_refused_exactly_when_the_text_is(text):
    try:
        check_characters(text)
    except ValueError:
        with pytest.raises(ValueError, match="XML compatible"):
            check_encoded(text.encode("utf-8", "surrogatepass"))
    else:
        assert check_encoded(text.encode("utf-8", "surrogatepass")) == text.encode(
            "utf-8", "surrogatepass"
        )


@pytest.mark.parametrize("parent", ["w:pPr", "w:rPr", "w:tblPr", "w:tcPr", "w:sectPr", "w:numPr"])
def test_the_ordering_table_agrees_with_python_docx(parent):
    """python-docx knows part of each schema sequence: our table puts those in its order."""
    reference = OxmlElement(parent)
    known = [tag for tag in _flat(parent) if hasattr(reference, f"get_or_add_{tag[2:]}")]
    assert len(known) >= 2
    for tag in reversed(known):
        getattr(reference, f"get_or_add_{tag[2:]}")()
    assert _tags(reference) == known


def _checked(data: bytes, label: str) -> int:
    """How many elements of a .docx's parts were checked to have their children in order."""
    package = zipfile.ZipFile(io.BytesIO(data))
    checked = 0
    for name in package.namelist():
        if not name.startswith("word/") or "styles" in name or not name.endswith(".xml"):
            continue
        root = etree.fromstring(package.read(name))
        for parent in root.iter():
            tag = _tag(parent)
            if tag not in SCHEMA_ORDER:
                continue
            ranks = [_rank(tag, child) for child in _tags(parent)]
            assert ranks == sorted(ranks), (label, name, tag, _tags(parent))
            checked += 1
    return checked


def test_every_word_file_of_the_kit_has_its_children_in_schema_order(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
):
    checked = 0
    for material in MATERIALS.values():
        if "docx" not in material.formats or not material.applies_to(policy):
            continue
        if not (material.per_area or Scope.KIT in material.scopes):
            continue  # made from unit plans: the next test covers what they hold
        area = policy.areas[0] if material.per_area else None
        document = compose(material, localized("sv"), area=area, format="docx")
        checked += _checked(write(document, "docx", policy.theme), material.id)
    assert checked > 1000


def test_a_document_with_every_feature_the_writer_has_keeps_schema_order():
    """Every property a later block sets (keep with next, spacing), in every container."""
    date = Field("due", "date", "När?", title="Datum", value="2025-01-31")
    choice = Field("state", "choice", "Status", choices=(("a", "A"), ("b", "B")), value="a")
    text = Field("note", "text", "Skriv", multiline=True)
    spans = (Span(" fet ", bold=True), Span("kursiv\tflik", italic=True), LineBreak())
    content = (*spans, Link("länk", target="https://example.org/?a=1&b=2"), date, choice, text)
    items = (ListItem(content, (ListBlock(True, (ListItem((Span("under"),)),)),)),)
    listing = ListBlock(False, items)
    inner = Table((1.0,), (Row((Cell((Paragraph((Span("x"),)),), header=True),)),), ())
    cells = (
        Cell((Paragraph(content), listing), header=True, rowspan=2),
        Cell((FillIn(2, "Svar"), PageBreak(), inner), colspan=2),
    )
    table = Table(
        (2.0, 1.0, 1.0),
        header=(Row((Cell((Paragraph(content),), header=True, colspan=3),)),),
        body=(Row(cells), Row((Cell(()),)), Row(())),
        caption="Plan",
    )
    blocks = (Heading(1, content), Paragraph(content, "lead"), listing, table, PageBreak(), table)
    document = make_document(
        *blocks,
        Section("landscape", (FillIn(1), table, ListBlock(True, items))),
        Section("portrait", blocks),
        header="Huvud",
        header_right="2025",
        footer="Fot",
    )
    assert _checked(write(document, "docx", Theme()), "every feature") > 200


def _rank(parent: str, child: str) -> int:
    for rank, group in enumerate(SCHEMA_ORDER[parent]):
        if child in (group if isinstance(group, tuple) else (group,)):
            return rank
    raise AssertionError(f"{child} in {parent} is not in the ordering table")
