"""The PDF writer: metadata, embedded fonts, extractable text, stable bytes, every block type."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from planmaterials.compose import compose
from planmaterials.document import (
    Cell,
    Document,
    FillIn,
    Heading,
    LineBreak,
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
from planmaterials.model import Policy
from planmaterials.writers import write

from .pdf_inspect import page_contents, pdf_materials, render_pdf

LANG_TAGS = {"sv": "sv-SE", "en": "en-GB"}


def _save(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_pdfs_declare_language_title_author_and_subject(
    policy: Policy, localized: Callable[[str], LocalizedPolicy], lang: str
) -> None:
    for material, area in pdf_materials(policy):
        document = compose(material, localized(lang), area=area)
        reader = PdfReader(io.BytesIO(write(document, "pdf", policy.theme)))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == LANG_TAGS[lang]
        assert root["/ViewerPreferences"]["/DisplayDocTitle"]
        assert reader.metadata.title == document.title
        assert reader.metadata.author == localized(lang).policy.organisation.name
        assert reader.metadata.subject == document.subject
        assert "ReportLab" not in (reader.metadata.producer or "")
        assert reader.metadata["/CreationDate"].startswith("D:20250612")


def test_fonts_are_embedded_subsets_of_the_shipped_face_and_helvetica_is_never_declared(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    for material, area in pdf_materials(policy):
        data = render_pdf(localized("sv"), material, area)
        assert b"Helvetica" not in data
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            fonts = page["/Resources"]["/Font"]
            assert fonts
            for font in fonts.values():
                font = font.get_object()
                assert "+LiberationSans" in font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_pdftotext_gives_back_every_word_including_swedish_letters(
    tmp_path: Path, localized: Callable[[str], LocalizedPolicy], lang: str
) -> None:
    policy = localized(lang).policy
    area = policy.areas[0]
    path = _save(tmp_path, render_pdf(localized(lang), "area-list", area.id))
    words = _extract(path).split()
    expected = " ".join([area.title, area.description, *(p.text for p in area.points)]).split()
    assert set(expected) <= set(words)
    text = " ".join(words)
    for point in area.points:
        assert " ".join(point.text.split()) in text
    if lang == "sv":
        assert all(letter in text for letter in "åäö")
    poster = _save(tmp_path, render_pdf(localized(lang), "poster"), "poster.pdf")
    poster_text = " ".join(_extract(poster).split())
    for each in policy.areas:
        assert " ".join(each.title.split()) in poster_text


def _extract(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_qpdf_finds_no_errors(
    tmp_path: Path, policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    for index, (material, area) in enumerate(pdf_materials(policy)):
        path = _save(tmp_path, render_pdf(localized("en"), material, area), f"{index}.pdf")
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_same_document_gives_the_same_bytes(
    localized: Callable[[str], LocalizedPolicy],
) -> None:
    assert render_pdf(localized("sv"), "poster") == render_pdf(localized("sv"), "poster")
    assert render_pdf(localized("en"), "area-list", "home") == render_pdf(
        localized("en"), "area-list", "home"
    )


def test_area_lists_are_a4_in_large_type_with_every_character_on_the_page(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    for area in policy.areas:
        data = render_pdf(localized("sv"), "area-list", area.id)
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages):
            assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]
            box, runs, _ = page_contents(data, number)
            assert runs
            for run in runs:
                assert box.contains(run.box), f"{run.text!r} runs off page {number + 1}"
        _, runs, _ = page_contents(data, 0)
        point_runs = [r for r in runs if any(r.text in p.text for p in area.points)]
        assert point_runs and min(r.size for r in point_runs) >= 18


def test_every_block_type_is_written(tmp_path: Path, policy: Policy) -> None:
    cells = (Cell((Paragraph((Span("Mål"),)),), header=True), Cell((Paragraph((Span("Vem"),)),)))
    document = Document(
        title="Prov",
        lang="sv-SE",
        date=dt.date(2025, 1, 2),
        author="Norrviks universitet",
        blocks=(
            Heading(1, (Span("Rubrik"),)),
            Heading(2, (Span("Underrubrik"),)),
            Heading(3, (Span("Tredje nivån"),)),
            Paragraph((Span("Fet", bold=True), Span(" och "), Span("kursiv", italic=True))),
            Paragraph((Span("rad ett"), LineBreak(), Span("rad två & <tre>")), "small"),
            ListBlock(
                True, (ListItem((Span("ett"),), (ListBlock(False, (ListItem((Span("a"),)),)),)),)
            ),
            FillIn(3, "Anteckningar"),
            PageBreak(),
            Section(
                "landscape",
                (
                    Table(
                        (2.0, 1.0),
                        (Row(cells),),
                        (Row((Cell((Paragraph((Span("Öka utbytet"),)),), colspan=2),)),),
                        caption="Tabell",
                    ),
                ),
            ),
        ),
        footer="Fot",
    )
    path = _save(tmp_path, write(document, "pdf", policy.theme))
    reader = PdfReader(path)
    assert len(reader.pages) == 3
    last = reader.pages[2]
    assert float(last.mediabox.width) > float(last.mediabox.height)
    text = " ".join(_extract(path).split())
    for words in (
        "Tredje nivån",
        "Fet och kursiv",
        "rad två & <tre>",
        "Anteckningar",
        "Öka utbytet",
    ):
        assert words in text
    assert "3 (3)" in text  # the page label, with the page count from the first pass
    # The count comes from a layout that draws nothing: every page shows the same total.
    for number in range(3):
        page_text = " ".join(reader.pages[number].extract_text().split())
        assert f"{number + 1} (3)" in page_text


@pytest.mark.parametrize("wrong_by", [-1, 1])
def test_a_page_total_planned_wrongly_is_drawn_again_with_the_pages_counted(
    monkeypatch: pytest.MonkeyPatch, localized: Callable[[str], LocalizedPolicy], wrong_by: int
) -> None:
    from planmaterials.writers.pdf import flow

    right = render_pdf(localized("en"), "area-list", "home")
    assert len(PdfReader(io.BytesIO(right)).pages) > 1
    planned = flow.balance_pages

    def mistaken(*args):
        story, pages = planned(*args)
        return story, pages + wrong_by

    monkeypatch.setattr(flow, "balance_pages", mistaken)
    assert render_pdf(localized("en"), "area-list", "home") == right
