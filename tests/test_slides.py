"""The deck as a room sees it: type sizes, words and bullets per slide, pictures, notes, ending."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as Word
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE

from planmaterials.compose import compose
from planmaterials.document import Diagram, DiagramItem, Document, LayoutError, Slide
from planmaterials.theme import Theme
from planmaterials.writers import write

from .pptx_frames import measure_frame

MIN_BODY, MIN_TITLE = 20.0, 28.0
MAX_BULLETS, MAX_WORDS = 6, 55
LANGS = ["sv", "en"]


def _deck(localized, lang):
    loc = localized(lang)
    data = write(compose("presentation", loc), "pptx", loc.policy.theme)
    return loc, Presentation(io.BytesIO(data))


def _is_footer(shape) -> bool:
    # The footer line and the slide number: small by design, the same on every slide.
    return shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX and not shape.name.startswith("Step")


def _body_shapes(slide):
    title = slide.shapes.title
    return [
        shape
        for shape in slide.shapes
        if shape.has_text_frame
        and shape.text_frame.text.strip()
        and shape.shape_id != title.shape_id
        and not _is_footer(shape)
    ]


def _runs(shape):
    return [run for p in shape.text_frame.paragraphs for run in p.runs if run.text.strip()]


def _slide_words(slide) -> int:
    return sum(len(shape.text_frame.text.split()) for shape in _body_shapes(slide))


def _bullets(slide) -> int:
    count = 0
    for shape in _body_shapes(slide):
        for p in shape.text_frame.paragraphs:
            ppr = p._p.pPr
            if ppr is not None and any(
                child.tag.endswith(("}buChar", "}buAutoNum")) for child in ppr
            ):
                count += 1
    return count


def _autoshapes(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]


def _diagram_shapes(slide, kind):
    return [s for s in _autoshapes(slide) if s.auto_shape_type == kind and s.text_frame.text]


def _slide_titled(deck, title):
    return next(s for s in deck.slides if s.shapes.title.text_frame.text == title)


@pytest.mark.parametrize("lang", LANGS)
def test_every_title_is_at_least_28_pt_and_all_other_slide_text_at_least_20_pt(localized, lang):
    _, deck = _deck(localized, lang)
    for number, slide in enumerate(deck.slides, start=1):
        title_sizes = {run.font.size.pt for run in _runs(slide.shapes.title)}
        assert title_sizes and min(title_sizes) >= MIN_TITLE, (number, title_sizes)
        for shape in _body_shapes(slide):
            sizes = {run.font.size.pt for run in _runs(shape)}
            assert min(sizes) >= MIN_BODY, (number, shape.name, sizes)


@pytest.mark.parametrize("lang", LANGS)
def test_no_slide_has_more_than_six_bullets_or_about_fifty_words(localized, lang):
    _, deck = _deck(localized, lang)
    for number, slide in enumerate(deck.slides, start=1):
        assert _bullets(slide) <= MAX_BULLETS, number
        assert _slide_words(slide) <= MAX_WORDS, (number, _slide_words(slide))


@pytest.mark.parametrize("lang", LANGS)
def test_the_second_slide_is_an_agenda_of_the_decks_own_sections(localized, lang):
    _, deck = _deck(localized, lang)
    agenda = deck.slides[1]
    assert agenda.shapes.title.text_frame.text in ("Agenda", "Dagordning")
    items = [p.text for p in agenda.placeholders[1].text_frame.paragraphs]
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert 4 <= len(items) <= MAX_BULLETS
    assert all(item in titles for item in items), items


@pytest.mark.parametrize("lang", LANGS)
def test_area_slides_show_short_forms_and_the_areas_are_four_cards(localized, lang):
    loc, deck = _deck(localized, lang)
    for area in loc.policy.areas:
        slide = _slide_titled(deck, area.title)
        text = slide.placeholders[1].text_frame.text
        assert area.points[0].short in text and area.points[0].text not in text
    cards = [
        s
        for slide in deck.slides
        if (s := _diagram_shapes(slide, MSO_SHAPE.ROUNDED_RECTANGLE))
        and {c.text_frame.text for c in s} == {a.title for a in loc.policy.areas}
    ]
    assert len(cards) == 1 and len(cards[0]) == len(loc.policy.areas) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_the_steps_are_a_process_of_chevrons_and_swot_a_two_by_two_grid(localized, lang):
    loc, deck = _deck(localized, lang)
    steps = loc.policy.method.steps
    process = next(
        slide
        for slide in deck.slides
        if any(s.text_frame.text == steps[0].title for s in slide.shapes if s.has_text_frame)
    )
    arrows = [
        s
        for s in _autoshapes(process)
        if s.auto_shape_type in (MSO_SHAPE.PENTAGON, MSO_SHAPE.CHEVRON)
    ]
    assert [a.text_frame.text for a in arrows] == [str(n) for n in range(1, len(steps) + 1)]
    assert arrows[0].auto_shape_type == MSO_SHAPE.PENTAGON
    grid = next(
        slide for slide in deck.slides if len(_diagram_shapes(slide, MSO_SHAPE.RECTANGLE)) == 4
    )
    cells = _diagram_shapes(grid, MSO_SHAPE.RECTANGLE)
    titles = [cell.text_frame.paragraphs[0].text for cell in cells]
    assert titles == [q.title for q in loc.policy.swot.quadrants]
    lefts = sorted({c.left for c in cells})
    tops = sorted({c.top for c in cells})
    assert len(lefts) == len(tops) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_the_follow_up_is_a_cycle_of_boxes_joined_by_arrows(localized, lang):
    _, deck = _deck(localized, lang)
    slide = next(
        s
        for s in deck.slides
        if any(
            x.shape_type == MSO_SHAPE_TYPE.LINE or x.element.tag.endswith("}cxnSp")
            for x in s.shapes
        )
    )
    boxes = _diagram_shapes(slide, MSO_SHAPE.ROUNDED_RECTANGLE)
    connectors = [x for x in slide.shapes if x.element.tag.endswith("}cxnSp")]
    assert len(boxes) == len(connectors) == 4
    for connector in connectors:
        assert connector.element.find(".//{*}tailEnd").get("type") == "triangle"


@pytest.mark.parametrize("lang", LANGS)
def test_every_slide_has_notes_of_its_own(localized, lang):
    _, deck = _deck(localized, lang)
    notes = [slide.notes_slide.notes_text_frame.text.strip() for slide in deck.slides]
    assert all(notes)
    assert len(set(notes)) == len(notes)


@pytest.mark.parametrize("lang", LANGS)
def test_the_closing_slide_shows_where_to_download_the_kit_and_whom_to_contact(localized, lang):
    loc, deck = _deck(localized, lang)
    last = deck.slides[-1]
    text = "\n".join(shape.text_frame.text for shape in _body_shapes(last))
    assert loc.policy.organisation.website in text
    assert all(contact.email in text for contact in loc.policy.contacts)


@pytest.mark.parametrize("lang", LANGS)
def test_slide_text_and_notes_use_typographic_quotes_and_apostrophes(localized, lang):
    _, deck = _deck(localized, lang)
    for number, slide in enumerate(deck.slides, start=1):
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        texts.append(slide.notes_slide.notes_text_frame.text)
        for text in texts:
            assert "'" not in text and '"' not in text, (number, text)


def test_a_diagram_on_a_page_format_becomes_a_list():
    document = Document(
        title="Steps",
        lang="en-GB",
        date=dt.date(2025, 1, 1),
        author="Us",
        blocks=(
            Slide(
                "Steps",
                "content",
                (Diagram("process", (DiagramItem("Plan", "what to do"), DiagramItem("Do"))),),
            ),
        ),
    )
    word = Word(io.BytesIO(write(document, "docx", Theme())))
    texts = [p.text for p in word.paragraphs]
    assert "Plan: what to do" in texts and "Do" in texts


def test_a_diagram_whose_words_cannot_fit_is_refused_plainly():
    word = "Internationaliseringsutvecklingsprogrammen" * 3
    document = Document(
        title="Grid",
        lang="sv-SE",
        date=dt.date(2025, 1, 1),
        author="Vi",
        blocks=(Slide("Grid", "content", (Diagram("grid", (DiagramItem(word),) * 4),)),),
    )
    with pytest.raises(LayoutError, match="does not fit"):
        write(document, "pptx", Theme())


def _content_bottom(shape) -> float:
    """Where a shape's visible content ends, in points from the top of the slide."""
    if shape.is_placeholder:
        needed, _ = measure_frame(shape)
        inset = shape.text_frame.margin_top / 12700
        return (shape.top / 12700) + inset + needed
    return (shape.top + shape.height) / 12700


@pytest.mark.parametrize("lang", LANGS)
def test_no_content_slide_leaves_the_lower_third_of_its_body_empty(localized, lang):
    _, deck = _deck(localized, lang)
    body_top, body_bottom = 121.0, 506.0  # under the title bar, above the footer
    for number, slide in enumerate(list(deck.slides)[1:], start=2):
        shapes = [
            s
            for s in slide.shapes
            if s.shape_id != slide.shapes.title.shape_id
            and not _is_footer(s)
            and not s.name.startswith("Decoration")
        ]
        bottom = max(_content_bottom(s) for s in shapes)
        assert bottom >= body_top + 2 / 3 * (body_bottom - body_top), (number, bottom)


@pytest.mark.parametrize("lang", LANGS)
def test_the_steps_of_every_process_are_set_at_24_pt_or_more(localized, lang):
    _, deck = _deck(localized, lang)
    steps = [
        shape
        for slide in deck.slides
        for shape in slide.shapes
        if shape.name.startswith("Step") and shape.name.endswith("text")
    ]
    assert len(steps) >= 8
    for shape in steps:
        assert min(run.font.size.pt for run in _runs(shape)) >= 24, shape.text_frame.text
