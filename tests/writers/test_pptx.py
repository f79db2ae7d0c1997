"""The PowerPoint writer: titles, language, metadata, fitting and splitting, stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu

from planmaterials.document import Document, ListBlock, ListItem, Paragraph, Slide, Span
from planmaterials.model import Theme
from planmaterials.writers import write

from ..conftest import make_document
from ..pptx_frames import measure_frame

LONG_POINT = (
    "Develop long-term strategic partnerships with universities abroad that cover education, "
    "research and collaboration with society, and follow them up every year with all partners"
)


def _items(count: int, text: str = LONG_POINT) -> tuple[ListItem, ...]:
    return tuple(ListItem((Span(f"{n}. {text}"),)) for n in range(1, count + 1))


def _document(*slides: Slide, lang: str = "sv-SE") -> Document:
    return make_document(
        *slides,
        title="Workshop deck",
        lang=lang,
        author="Norrvik University",
        subject="Internationalisation",
        keywords=("workshop", "policy"),
        footer="Norrvik University · Policy",
    )


def _deck(document: Document, theme: Theme | None = None):
    return Presentation(io.BytesIO(write(document, "pptx", theme or Theme())))


SAMPLE = _document(
    Slide("Opening", "title", (Paragraph((Span("Norrvik University"),)),), ("Welcome.",)),
    Slide(
        "Points",
        "content",
        (
            Paragraph((Span("Lead text", italic=True),), "lead"),
            ListBlock(False, _items(3)),
        ),
        ("Talk for two minutes.",),
    ),
    Slide("Part two", "section", (), ("A divider.",)),
    Slide("Steps", "content", (ListBlock(True, _items(4, "Step")),), ("Ten minutes.",)),
)


def test_every_slide_has_a_unique_title_placeholder_first_in_reading_order():
    deck = _deck(SAMPLE)
    titles = []
    for slide in deck.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert slide.shapes[0].shape_id == title.shape_id
        titles.append(title.text_frame.text)
    assert titles == ["Opening", "Points", "Part two", "Steps"]


def test_every_run_in_slides_notes_and_defaults_carries_the_document_language():
    data = write(_document(*SAMPLE.blocks, lang="en-GB"), "pptx", Theme())
    package = zipfile.ZipFile(io.BytesIO(data))
    run_count = 0
    for name in package.namelist():
        if not name.endswith(".xml"):
            continue
        xml = package.read(name).decode("utf-8")
        assert 'lang="en-US"' not in xml, name
        if name.startswith(("ppt/slides/slide", "ppt/notesSlides/")):
            for tag in ("<a:rPr", "<a:endParaRPr"):
                run_count += xml.count(tag)
                assert xml.count(tag) == xml.count(f"{tag} ") and all(
                    'lang="en-GB"' in part.split(">", 1)[0] for part in xml.split(tag)[1:]
                ), name
    assert run_count > 10
    assert 'lang="en-GB"' in package.read("ppt/presentation.xml").decode("utf-8")
    notes = [s.notes_slide.notes_text_frame.text for s in _deck(SAMPLE).slides]
    assert notes == ["Welcome.", "Talk for two minutes.", "A divider.", "Ten minutes."]


def test_core_properties_come_from_the_document_and_nothing_names_the_library():
    data = write(SAMPLE, "pptx", Theme())
    props = Presentation(io.BytesIO(data)).core_properties
    assert props.title == "Workshop deck"
    assert props.author == props.last_modified_by == "Norrvik University"
    assert props.created == props.modified == dt.datetime(2025, 6, 12, 12, 0)
    assert props.revision == 1
    assert props.language == "sv-SE"
    assert props.comments == ""
    package = zipfile.ZipFile(io.BytesIO(data))
    for name in package.namelist():
        blob = package.read(name).lower()
        assert b"python-pptx" not in blob and b"steve canny" not in blob, name
    assert "docProps/thumbnail.jpeg" not in package.namelist()


def test_slides_are_16_to_9():
    deck = _deck(SAMPLE)
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))


def test_the_same_document_gives_the_same_bytes():
    assert write(SAMPLE, "pptx", Theme()) == write(SAMPLE, "pptx", Theme())


def test_a_list_too_long_for_one_slide_continues_on_numbered_slides():
    document = _document(
        Slide("Twenty points", "content", (ListBlock(False, _items(20)),), ("Notes.",))
    )
    deck = _deck(document)
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    # At 20 pt, the smallest size a slide uses, twenty long points take three slides.
    assert titles == [f"Twenty points ({n}/3)" for n in (1, 2, 3)]
    texts = [p.text for s in deck.slides for p in s.placeholders[1].text_frame.paragraphs]
    assert texts == [f"{n}. {LONG_POINT}" for n in range(1, 21)]
    assert all(s.notes_slide.notes_text_frame.text == "Notes." for s in deck.slides)


def test_a_numbered_list_keeps_counting_on_its_continuation_slide():
    document = _document(Slide("Steps", "content", (ListBlock(True, _items(20)),)))
    deck = _deck(document)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    second = deck.slides[1].placeholders[1].element.find(f".//{a}p")
    auto = second.find(f"{a}pPr/{a}buAutoNum")
    assert int(auto.get("startAt")) > 1


def test_a_point_longer_than_a_whole_slide_is_cut_between_words():
    words = " ".join(["internationalisation"] * 400)
    document = _document(Slide("Long", "content", (ListBlock(False, (ListItem((Span(words),)),)),)))
    deck = _deck(document)
    assert len(deck.slides) > 1
    text = " ".join(p.text for s in deck.slides for p in s.placeholders[1].text_frame.paragraphs)
    assert text == words
    _assert_everything_fits(deck)


def _assert_everything_fits(deck) -> None:
    checked = 0
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                needed, available = measure_frame(shape)
                assert needed <= available, (number, shape.name, needed, available)
                checked += 1
    assert checked


@pytest.mark.parametrize("count", [1, 5, 12, 20, 40])
def test_every_text_frame_fits_by_the_layout_model(count):
    document = _document(
        Slide("Opening", "title", (Paragraph((Span(LONG_POINT),)),)),
        Slide(
            LONG_POINT, "content", (Paragraph((Span(LONG_POINT),)), ListBlock(True, _items(count)))
        ),
    )
    _assert_everything_fits(_deck(document))


def test_no_shape_asks_for_auto_fit():
    package = zipfile.ZipFile(io.BytesIO(write(SAMPLE, "pptx", Theme())))
    for name in package.namelist():
        if name.endswith(".xml"):
            xml = package.read(name).decode("utf-8")
            assert "normAutofit" not in xml and "spAutoFit" not in xml, name


def test_headings_and_paragraphs_outside_slides_become_slides():
    from planmaterials.document import Heading

    document = _document()
    document = Document(
        **{
            **document.__dict__,
            "blocks": (
                Heading(1, (Span("First"),)),
                Paragraph((Span("Text"),)),
                Heading(2, (Span("Second"),)),
                ListBlock(False, _items(2)),
            ),
        }
    )
    titles = [s.shapes.title.text_frame.text for s in _deck(document).slides]
    assert titles == ["First", "Second"]


def test_a_logo_gets_alt_text_from_the_organisation(tmp_path: Path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "navy").save(logo)
    deck = _deck(SAMPLE, Theme(logo=logo))
    pictures = [s for s in deck.slides[0].shapes if s.shape_type == 13]
    assert len(pictures) == 1
    assert pictures[0].element.nvPicPr.cNvPr.get("descr") == "Norrvik University"


def test_a_short_numbered_list_fills_the_slide_as_rows_with_its_numbers_in_circles():
    deck = _deck(_document(Slide("Steps", "content", (ListBlock(True, _items(4, "Step")),))))
    slide = deck.slides[0]
    badges = [s for s in slide.shapes if s.name.startswith("Number")]
    assert [b.text_frame.text for b in badges] == ["1", "2", "3", "4"]
    assert all(b.auto_shape_type == MSO_SHAPE.OVAL for b in badges)
    # The items stay one list in the body placeholder, without numbers of their own.
    paragraphs = slide.placeholders[1].text_frame.paragraphs
    assert [p.text for p in paragraphs] == [f"{n}. Step" for n in range(1, 5)]
    assert all(p._p.find(".//{*}buAutoNum") is None for p in paragraphs)
    # Rows of equal height spread down to the lower third of the slide.
    steps = {b2.top - b1.top for b1, b2 in itertools.pairwise(badges)}
    assert max(steps) - min(steps) <= Emu(12700)
    assert badges[-1].top + badges[-1].height > deck.slide_height * 2 // 3
    _assert_everything_fits(deck)
