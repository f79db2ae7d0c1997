"""The few private parts of reportlab the writers rely on are still there.

Each use in the writers has a comment pointing here; if a library release changes one, these
tests fail before a deck or PDF comes out wrong.
"""

from __future__ import annotations

import inspect
import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from planmaterials.writers.pdf.marks import TaggedParagraph, Tagger
from planmaterials.writers.pdf.tags import Tag


def test_reportlab_draws_a_flowable_with_the_signature_tagged_paragraphs_override():
    ours = list(inspect.signature(TaggedParagraph.drawOn).parameters)
    assert list(inspect.signature(Flowable.drawOn).parameters) == ours
    assert list(inspect.signature(Paragraph.drawOn).parameters) == ours


def test_reportlab_splits_a_paragraph_into_parts_of_its_own_class():
    style = ParagraphStyle("p", fontSize=10, leading=12)
    paragraph = TaggedParagraph("word " * 400, style).tag(Tagger(), (Tag("P", 1),))
    paragraph.wrap(200, 100)
    parts = paragraph.split(200, 100)
    assert len(parts) == 2
    assert all(isinstance(part, TaggedParagraph) for part in parts)
    assert all(part.path == (Tag("P", 1),) for part in parts)


def test_reportlab_lays_out_without_writing_a_file_when_told_not_to_save():
    # flow.py counts a document's pages this way before drawing it once.
    out = io.BytesIO()
    frame = Frame(0, 0, 200, 100, id="f")
    doc = BaseDocTemplate(out, pagesize=(200, 100), pageTemplates=[PageTemplate("p", [frame])])
    doc._doSave = 0
    style = ParagraphStyle("p", fontSize=10, leading=12)
    doc.build([Paragraph("word " * 200, style)])
    assert doc.page > 1
    assert out.getvalue() == b""


def test_reportlab_places_a_flowable_in_a_frame_with_the_signature_the_counting_frame_overrides():
    assert list(inspect.signature(Frame._add).parameters) == [
        "self",
        "flowable",
        "canv",
        "trySplit",
    ]
