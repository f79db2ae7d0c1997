"""The <slide> markup: slides with blocks and speaker notes, and the errors it reports."""

from __future__ import annotations

import io

import docx
import pytest

from planmaterials.document import ListBlock, Paragraph, Slide, Span, dump
from planmaterials.errors import PolicyError
from planmaterials.model import Theme
from planmaterials.writers import write

from .conftest import parse_body


def _parse(body: str):
    return parse_body(body, lang="en-GB", template="deck.j2", title="Deck")


def test_a_slide_holds_paragraphs_lists_and_speaker_notes():
    document = _parse(
        '<slide title="Why" layout="content"><p>Text <strong>bold</strong></p>'
        "<ul><li>One</li></ul><notes><p>Say this.</p><p>Ten   minutes.</p></notes></slide>"
    )
    (slide,) = document.blocks
    assert slide == Slide(
        "Why",
        "content",
        (
            Paragraph((Span("Text "), Span("bold", bold=True))),
            ListBlock(False, (slide.blocks[1].items[0],)),
        ),
        ("Say this.", "Ten minutes."),
    )


def test_the_layout_defaults_to_content():
    assert _parse('<slide title="A"><p>x</p></slide>').blocks[0].layout == "content"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<slide><p>x</p></slide>", "needs a title"),
        ('<slide title="A" layout="grid"/>', "layout='grid'"),
        ('<slide title="A"><table><tbody><tr><td>x</td></tr></tbody></table></slide>', "<table>"),
        ('<slide title="A"><notes><ul><li>x</li></ul></notes></slide>', "<ul>"),
        ("<notes><p>x</p></notes>", "<notes>"),
    ],
)
def test_wrong_slide_markup_is_an_error_naming_the_template(body, message):
    with pytest.raises(PolicyError) as caught:
        _parse(body)
    assert message in str(caught.value)
    assert "deck.j2" in str(caught.value)


def test_dump_prints_slides_with_their_notes():
    text = dump(
        _parse('<slide title="Why" layout="section"><p>x</p><notes><p>n</p></notes></slide>')
    )
    assert "SLIDE section 'Why'\n  P x\n  NOTES n\n" in text


def test_word_shows_a_slide_as_a_heading_its_text_and_the_notes_in_small_print():
    document = _parse('<slide title="Why"><p>Body text</p><notes><p>Say this.</p></notes></slide>')
    package = docx.Document(io.BytesIO(write(document, "docx", Theme())))
    paragraphs = [(p.style.name, p.text) for p in package.paragraphs if p.text]
    assert paragraphs[:3] == [
        ("Heading 2", "Why"),
        ("Normal", "Body text"),
        ("Small", "Say this."),
    ]
