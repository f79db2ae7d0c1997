"""The HTML writer: a self-contained page that declares its language and title, with real links."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest

from planmaterials.document import (
    Document,
    FillIn,
    Heading,
    Link,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Span,
)
from planmaterials.model import Theme
from planmaterials.writers import write
from planmaterials.writers.html import BLOCKS, write_html

VOID = {"meta", "br", "link", "img", "hr", "input"}


def _document(*blocks, **fields) -> Document:
    values = {
        "title": "Start här",
        "lang": "sv-SE",
        "date": dt.date(2025, 6, 12),
        "author": "Norrviks universitet",
        "blocks": blocks,
        "subject": "Om materialet",
        "header": "Norrviks universitet",
        "footer": "Sidfot",
        **fields,
    }
    return Document(**values)


class _Tree(HTMLParser):
    """Every element in order, with its attributes; fails on a wrongly nested end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(data: bytes) -> _Tree:
    tree = _Tree()
    tree.feed(data.decode("utf-8"))
    tree.close()
    assert tree.stack == []
    return tree


def test_the_page_declares_its_language_title_and_description():
    data = write_html(_document(Heading(1, (Span("Start här"),))), Theme())
    assert data.startswith(b"<!DOCTYPE html>\n")
    tree = _parse(data)
    assert tree.elements[0] == ("html", {"lang": "sv-SE"})
    metas = {a.get("name"): a.get("content") for tag, a in tree.elements if tag == "meta"}
    assert metas["description"] == "Om materialet"
    assert metas["author"] == "Norrviks universitet"
    assert ("meta", {"charset": "utf-8"}) in tree.elements
    assert "<title>Start här</title>" in data.decode()


def test_text_is_escaped_and_cannot_become_markup():
    data = write_html(_document(Paragraph((Span('<script>alert("x")</script> & co'),))), Theme())
    tree = _parse(data)
    assert "script" not in {tag for tag, _ in tree.elements}
    assert '<script>alert("x")</script> & co' in "".join(tree.text)


def test_links_become_anchors_and_a_link_in_another_language_says_so():
    paragraph = Paragraph(
        (
            Link("Affisch, ", target="poster.pdf"),
            Link("PDF", bold=True, target="poster.pdf"),
            Span(" · "),
            Link("English", target="../en/index.html", lang="en"),
        )
    )
    data = write_html(_document(paragraph), Theme()).decode()
    assert '<a href="poster.pdf">Affisch, <strong>PDF</strong></a>' in data
    assert '<a href="../en/index.html" hreflang="en" lang="en">English</a>' in data


def test_nested_lists_and_headings_keep_their_structure():
    nested = ListBlock(False, (ListItem((Span("b"),)),))
    document = _document(
        Heading(1, (Span("Ett"),)),
        Heading(2, (Span("Två"),)),
        ListBlock(True, (ListItem((Span("a"),), (nested,)),)),
    )
    tree = _parse(write_html(document, Theme()))
    tags = [tag for tag, _ in tree.elements if tag in {"h1", "h2", "ol", "ul", "li"}]
    assert tags == ["h1", "h2", "ol", "li", "ul", "li"]


def test_the_page_loads_nothing_from_elsewhere_and_runs_no_script():
    document = _document(Heading(1, (Span("Ett"),)), Paragraph((Span("Text"),)))
    text = write_html(document, Theme()).decode()
    for needle in ("<script", "<link", "src=", "url(", "@import", "http"):
        assert needle not in text, needle


def test_the_theme_colours_style_the_page():
    text = write_html(_document(Heading(1, (Span("Ett"),))), Theme()).decode()
    assert Theme().colours.primary in text and Theme().colours.text in text


@pytest.mark.parametrize("block", [FillIn(3), PageBreak()])
def test_a_block_the_writer_does_not_declare_is_an_error(block):
    assert type(block) not in BLOCKS
    with pytest.raises(TypeError, match=f"does not handle {type(block).__name__}"):
        write_html(_document(block), Theme())


def test_the_same_document_gives_the_same_bytes_through_the_registry():
    document = _document(Heading(1, (Span("Ett"),)), Paragraph((Span("Två"),), "lead"))
    assert write(document, "html", Theme()) == write(document, "html", Theme())
    assert b'<p class="lead">' in write(document, "html", Theme())
