"""The transform stage: a format meets only the blocks it declares; every block has a way out."""

from __future__ import annotations

import ast
import io
import re
import typing
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from planmaterials.document import (
    Block,
    Cell,
    Diagram,
    DiagramItem,
    Field,
    FillIn,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    Panel,
    Paragraph,
    Poster,
    Row,
    Section,
    Slide,
    Span,
    Table,
)
from planmaterials.theme import Theme
from planmaterials.transforms import flow_blocks, transform
from planmaterials.writers import WRITERS

from .conftest import make_document

BLOCK_TYPES = frozenset(typing.get_args(Block))
# Inline content a writer may declare too: a field to fill in (a content control in Word).
DECLARABLE = BLOCK_TYPES | {Field}
WRITERS_DIR = Path(__file__).resolve().parents[1] / "src" / "planmaterials" / "writers"


def _p(text: str) -> Paragraph:
    return Paragraph((Span(text),))


# One block of each type, with a word a reader of the output must find (None: no text).
SAMPLES: dict[type, tuple[Block, str | None]] = {
    Heading: (Heading(2, (Span("Rubrikord"),)), "Rubrikord"),
    Paragraph: (_p("Styckeord"), "Styckeord"),
    ListBlock: (ListBlock(False, (ListItem((Span("Listord"),)),)), "Listord"),
    Table: (
        Table(
            (1.0, 2.0),
            (Row((Cell((_p("Huvudord"),)), Cell((_p("Kolumn"),)))),),
            (Row((Cell((_p("Cellord"),), header=True), Cell(()))),),
        ),
        "Cellord",
    ),
    FillIn: (FillIn(2, "Fyllord"), "Fyllord"),
    PageBreak: (PageBreak(), None),
    Section: (Section("landscape", (_p("Sektionsord"),)), "Sektionsord"),
    Poster: (Poster((Panel("Panelord", (_p("Panelstycke"),), "p"),)), "Panelstycke"),
    Slide: (Slide("Bildord", "content", (_p("Bildstycke"),), ("Anteckningsord",)), "Bildstycke"),
    Diagram: (Diagram("process", (DiagramItem("Diagramord", "Stegtext"),)), "Diagramord"),
    Field: (
        Paragraph((Span("Etikett: "), Field("goal", "text", "Skriv här", value="Fältord"))),
        "Fältord",
    ),
}


def _text(format: str, data: bytes) -> str:
    """All the text of an output, for finding words in it."""
    if format == "pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if format == "html":
        return re.sub(r"<[^>]+>", " ", data.decode("utf-8"))
    package = zipfile.ZipFile(io.BytesIO(data))
    xml = " ".join(
        package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml")
    )
    return re.sub(r"<[^>]+>", " ", xml)


def test_the_samples_cover_every_block_type():
    assert set(SAMPLES) == DECLARABLE


@pytest.mark.parametrize("format", sorted(WRITERS))
def test_every_writer_handles_every_block_type_it_declares(format):
    writer = WRITERS[format]
    assert writer.blocks <= DECLARABLE
    for block_type in sorted(writer.blocks, key=lambda t: t.__name__):
        block, word = SAMPLES[block_type]
        # a block after it, to show that the writer goes on
        after = _p("Slutord") if Paragraph in writer.blocks else Slide("Slutord", "content", ())
        data = writer.write(make_document(block, after), Theme())
        text = _text(format, data)
        assert "Slutord" in text, block_type
        if word is not None:
            assert word in text, block_type


@pytest.mark.parametrize("format", sorted(WRITERS))
def test_a_writer_that_meets_a_block_it_does_not_declare_raises(format):
    writer = WRITERS[format]
    for block_type in sorted(BLOCK_TYPES - writer.blocks, key=lambda t: t.__name__):
        with pytest.raises(TypeError, match=f"does not handle {block_type.__name__}"):
            writer.write(make_document(SAMPLES[block_type][0]), Theme())


def test_every_block_type_is_shown_natively_by_at_least_one_format():
    declared = frozenset().union(*(writer.blocks for writer in WRITERS.values()))
    assert declared == DECLARABLE


@pytest.mark.parametrize("format", sorted(WRITERS))
def test_every_format_gets_every_block_type_through_the_transforms(format):
    blocks = WRITERS[format].blocks
    document = make_document(*(sample for sample, _ in SAMPLES.values()))
    transformed = transform(document, blocks)
    assert {type(block) for block in flow_blocks(transformed.blocks)} <= blocks
    if Field not in blocks:
        assert "Field(" not in repr(transformed)
    assert transform(transformed, blocks) == transformed  # nothing left to rewrite


def test_a_format_that_declares_too_little_is_a_clear_error():
    with pytest.raises(TypeError, match="no rewrite turns Paragraph into the declared Heading"):
        transform(make_document(_p("x")), frozenset({Heading}))


PAGES = frozenset({Heading, Paragraph, ListBlock, Table, FillIn, PageBreak, Section})


def test_a_poster_on_pages_becomes_a_heading_and_the_text_of_each_panel():
    poster = Poster((Panel("A", (_p("a"),)), Panel("B", (_p("b"), _p("c")))))
    document = transform(make_document(poster), PAGES)
    assert document.blocks == (
        Heading(2, (Span("A"),)),
        _p("a"),
        Heading(2, (Span("B"),)),
        _p("b"),
        _p("c"),
    )


def test_a_slide_on_pages_becomes_a_handout_with_its_notes_in_small_italics():
    slides = (
        Slide("Opening", "title", (_p("Welcome"),)),
        Slide("Why", "content", (_p("Because"),), ("Say this.",)),
    )
    document = transform(make_document(*slides), PAGES)
    assert document.blocks == (
        Heading(1, (Span("Opening"),)),
        _p("Welcome"),
        Heading(2, (Span("Why"),)),
        _p("Because"),
        Paragraph((Span("Say this.", italic=True),), "small"),
    )


def test_blocks_in_sections_and_table_cells_are_rewritten_too():
    slide = Slide("Inside", "content", ())
    table = Table((1.0,), (), (Row((Cell((FillIn(1, "Namn"),)),)),))
    document = transform(make_document(Section("landscape", (slide, table))), PAGES - {FillIn})
    (section,) = document.blocks
    assert section.blocks[0] == Heading(2, (Span("Inside"),))
    assert section.blocks[1].body[0].cells[0].blocks == (_p("Namn ________________"),)


def test_for_a_deck_each_heading_starts_a_slide_and_text_before_it_gets_the_document_title():
    document = make_document(
        _p("Before any heading"),
        Heading(1, (Span("First"),)),
        _p("Text"),
        PageBreak(),
        Section("landscape", (Heading(2, (Span("Second"),)), ListBlock(False, ()))),
        Table((1.0, 1.0), (), (Row((Cell((_p("a"),)), Cell((_p("b"),)))),)),
        FillIn(3, "Notes"),
        Slide("Native", "section", ()),
        Poster((Panel("Panel", (_p("p"),)),)),
        title="The deck",
    )
    slides = transform(document, frozenset({Slide})).blocks
    assert slides == (
        Slide("The deck", "content", (_p("Before any heading"),)),
        Slide("First", "content", (_p("Text"),)),
        Slide(
            "Second",
            "content",
            (ListBlock(False, ()), _p("a – b"), _p("Notes ________________")),
        ),
        Slide("Native", "section", ()),
        Slide("Panel", "content", (_p("p"),)),
    )


def test_a_document_with_nothing_to_rewrite_comes_back_as_it_is():
    table = Table((1.0,), (), (Row((Cell((_p("a"),)),)),))
    document = make_document(Heading(1, (Span("H"),)), Section("landscape", (table,)))
    assert transform(document, PAGES) is document


def test_fields_are_found_in_cells_in_sections_and_on_slides_and_posters():
    def field(value: str) -> Paragraph:
        return Paragraph((Field("goal", "text", "Skriv", value=value),))

    table = Table((1.0,), (), (Row((Cell((field("i cell"),)),)),))
    document = make_document(
        Section("landscape", (table,)),
        Slide("S", "content", (field("på bild"),)),
        Poster((Panel("P", (field("på affisch"),)),)),
    )
    transformed = transform(document, PAGES - {Section, Table} | {Poster})
    assert "Field(" not in repr(transformed)
    assert [block for block in transformed.blocks if isinstance(block, Paragraph)] == [
        _p("i cell"),
        _p("på bild"),
    ]
    (poster,) = [block for block in transformed.blocks if isinstance(block, Poster)]
    assert poster.panels[0].blocks == (_p("på affisch"),)


def test_a_block_made_by_one_rewrite_is_rewritten_by_the_next():
    # The slide becomes a heading and its diagram, which the diagram rewrite then makes a list.
    slide = Slide("S", "content", (Diagram("process", (DiagramItem("Steg"),)),))
    document = transform(make_document(slide), PAGES)
    assert document.blocks == (
        Heading(2, (Span("S"),)),
        ListBlock(True, (ListItem((Span("Steg", bold=True),)),)),
    )


# The policy side; from errors only UnknownNameError (a caller's mistake) may reach a writer.
_POLICY_SIDE = {"model", "loader", "compose", "localize", "i18n", "build", "catalogs", "materials"}


def _imports(path: Path) -> set[str]:
    """The modules a source file imports, as absolute names."""
    package = ["planmaterials", *path.relative_to(WRITERS_DIR.parent).parent.parts]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = [*base, *(node.module.split(".") if node.module else [])]
            names.add(".".join(module))
            names.update(".".join([*module, alias.name]) for alias in node.names)
    return names


def test_writers_import_nothing_from_the_policy_side():
    sources = sorted(WRITERS_DIR.rglob("*.py"))
    assert len(sources) > 8
    for path in sources:
        for name in _imports(path):
            parts = name.split(".")
            assert not (parts[0] == "planmaterials" and parts[1] in _POLICY_SIDE), (path, name)
            assert name != "planmaterials.errors.PolicyError", path
    # the relative imports are resolved (the check above would pass on names it cannot see)
    assert "planmaterials.document.Document" in _imports(WRITERS_DIR / "pdf" / "flow.py")
    assert "planmaterials.theme.Theme" in _imports(WRITERS_DIR / "docx.py")
