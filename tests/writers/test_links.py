"""Links in Word, PDF and slides: a real hyperlink where the format has one, else the text."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

from planmaterials.document import Document, Link, Paragraph, Slide, Span
from planmaterials.model import Theme
from planmaterials.writers import write

LINKED = Paragraph(
    (
        Span("Download "),
        Link("the poster", target="poster.pdf"),
        Span(" or write to "),
        Link("us", target="mailto:office@example.org"),
        Span("."),
    )
)


def _document(*blocks) -> Document:
    return Document("Links", "en-GB", dt.date(2025, 6, 12), "Norrvik University", blocks)


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def test_a_link_in_word_is_a_hyperlink_to_its_target_and_underlined():
    parts = _parts(write(_document(LINKED), "docx", Theme()))
    body, rels = parts["word/document.xml"], parts["word/_rels/document.xml.rels"]
    assert body.count("<w:hyperlink ") == 2 and '<w:u w:val="single"/>' in body
    for target in ("poster.pdf", "mailto:office@example.org"):
        assert f'Target="{target}" TargetMode="External"' in rels


def test_a_link_on_a_slide_is_a_click_action_to_its_target():
    slide = Slide("Where to find it", "content", (LINKED,))
    parts = _parts(write(_document(slide), "pptx", Theme()))
    (xml,) = [xml for name, xml in parts.items() if name.startswith("ppt/slides/slide")]
    assert xml.count("<a:hlinkClick ") == 2
    (rels,) = [xml for name, xml in parts.items() if name.startswith("ppt/slides/_rels/")]
    assert 'Target="poster.pdf" TargetMode="External"' in rels


def test_a_link_in_a_pdf_keeps_its_text_in_the_reading_order(tmp_path):
    path = tmp_path / "links.pdf"
    path.write_bytes(write(_document(LINKED), "pdf", Theme()))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Download the poster or write to us." in " ".join(text.split())
