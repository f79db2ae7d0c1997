"""The few private parts of python-pptx and reportlab the writers rely on are still there.

Each use in the writers has a comment pointing here; if a library release changes one, these
tests fail before a deck or PDF comes out wrong.
"""

from __future__ import annotations

import inspect

from lxml import etree
from pptx import Presentation
from pptx.opc.package import XmlPart
from pptx.util import Pt
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from planmaterials.writers.pdf.marks import TaggedParagraph, Tagger
from planmaterials.writers.pdf.tags import Tag
from planmaterials.writers.pptx import _paragraph_xml


def test_a_python_pptx_xml_part_saves_the_element_it_keeps_in_element():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    part = slide.part
    assert isinstance(part, XmlPart)
    assert part._element is slide.element
    part._element.set("marked", "yes")
    assert b'marked="yes"' in part.blob


def test_a_python_pptx_paragraph_keeps_its_xml_in_p():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(0, 0, Pt(100), Pt(50))
    paragraph = box.text_frame.paragraphs[0]
    element = _paragraph_xml(paragraph)
    assert element is box.element.txBody.p_lst[0]
    element.get_or_add_pPr().set("algn", "r")
    assert b'algn="r"' in etree.tostring(box.element)


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
