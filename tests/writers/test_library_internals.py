"""The few private parts of reportlab the writers rely on are still there.

Each use in the writers has a comment pointing here; if a library release changes one, these
tests fail before a deck or PDF comes out wrong.
"""

from __future__ import annotations

import inspect
import io
import subprocess
import sys

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


def test_reportlab_keeps_drawn_pages_unformatted_until_saving_and_writes_the_entries_a_page_lists():
    # tags.py sweeps each page's content (``stream``) and gives the page two more entries by
    # extending its __NoDefault__ when the canvas saves; it refers to pages by the names
    # reportlab registers them under ("Page1", ...).
    from reportlab.pdfbase.pdfdoc import PDFName, PDFPage
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 100), invariant=1, pageCompression=0, pdfVersion=(1, 7))
    canvas.drawString(10, 10, "one")
    canvas.showPage()
    canvas.drawString(10, 10, "two")
    canvas.showPage()
    pages = canvas._doc.Pages.pages
    assert len(pages) == 2 and all(isinstance(page, PDFPage) for page in pages)
    assert "(one) Tj" in pages[0].stream
    assert [canvas._doc.idToObject[f"Page{n}"] for n in (1, 2)] == pages
    pages[0].stream = pages[0].stream.replace("(one)", "(ONE)")
    pages[1].__NoDefault__ = [*PDFPage.__NoDefault__, "Tabs"]
    pages[1].Tabs = PDFName("S")
    canvas.save()
    data = out.getvalue()
    assert data.startswith(b"%PDF-1.7")
    assert b"(ONE) Tj" in data and b"(one)" not in data
    assert data.count(b"/Tabs /S") == 1


def test_the_pdf_writer_leaves_reportlabs_hyphenation_patterns_to_be_compiled_when_used():
    # pdf/_platypus.py defers them (~40 ms to compile, and used only to hyphenate). In a new
    # process: this one may have imported platypus before the writer.
    code = """if True:
        import re
        import planmaterials.writers.pdf
        from reportlab.platypus import paragraph
        from reportlab.lib import textsplit

        waiting = (paragraph.uri_pat, paragraph._hy_letters_pat, textsplit.rx)
        print(not any(isinstance(pattern, re.Pattern) for pattern in waiting))
        address = "https://example.org/a/b"
        compiled = re.compile(paragraph.uri_pat._source, paragraph.uri_pat._flags)
        print(paragraph.uri_pat.match(address).groups() == compiled.match(address).groups())
        print(paragraph._uri_split_pairs(address))
        print(ascii(textsplit.rx.sub(r"[\\1]", "ab\\u4e2d")))
        """
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert out == [
        "True",
        "True",
        "[('https://example.org/a/', 'b'), ('https://example.org/', 'a/b'),"
        " ('https://', 'example.org/a/b')]",
        "'ab[\\u4e2d]'",
    ]
