"""Tagged PDF: a structure tree in reading order, all content marked, PDF/UA metadata."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from planmaterials.compose import compose
from planmaterials.document import (
    Cell,
    Document,
    FillIn,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Row,
    Span,
    Table,
)
from planmaterials.localize import LocalizedPolicy
from planmaterials.model import Policy
from planmaterials.writers import write
from planmaterials.writers.pdf import tags as pdf_tags

from .pdf_inspect import Element, pdf_materials, render_pdf, structure

_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


def _words(text: str) -> str:
    return " ".join(text.split())


def _document(localized: LocalizedPolicy, material: str, area: str | None = None) -> Document:
    return compose(material, localized, area=area, format="pdf")


def _long_table() -> Document:
    """Headings, lists, a labelled fill-in and a table long enough to repeat its header row."""

    def cell(text: str, header: bool = False) -> Cell:
        return Cell((Paragraph((Span(text),)),), header=header)

    nested = ListBlock(False, (ListItem((Span("underpunkt"),)),))
    return Document(
        title="Prov",
        lang="sv-SE",
        date=dt.date(2025, 1, 2),
        author="Norrviks universitet",
        footer="Fot",
        blocks=(
            Heading(1, (Span("Rubrik"),)),
            Heading(2, (Span("Underrubrik"),)),
            ListBlock(True, (ListItem((Span("ett"),), (nested,)),)),
            FillIn(2, "Anteckningar"),
            Table(
                (2.0, 1.0),
                (Row((cell("Mål", True), cell("Vem", True))),),
                tuple(Row((cell(f"Mål nummer {n}"), cell("Alla"))) for n in range(60)),
            ),
        ),
    )


def test_every_pdf_is_marked_tagged_and_declares_pdf_ua_in_its_metadata(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    for lang, tag in (("sv", "sv-SE"), ("en", "en-GB")):
        for material, area in pdf_materials(policy):
            document = _document(localized(lang), material, area)
            data = write(document, "pdf", policy.theme)
            with pikepdf.open(io.BytesIO(data)) as pdf:
                root = pdf.Root
                assert root.StructTreeRoot.K.S == "/Document"
                assert root.MarkInfo.Marked is True
                assert str(root.Lang) == tag
                assert root.ViewerPreferences.DisplayDocTitle is True
                for index, page in enumerate(pdf.pages):
                    assert page.obj.StructParents == index
                    assert page.obj.Tabs == "/S"
                meta = pdf.open_metadata()
                assert meta["dc:title"] == document.title
                assert meta["pdfuaid:part"] == "1"
                assert tag in meta["dc:language"]
                xmp = bytes(root.Metadata.read_bytes()).decode()
            # every date in the metadata is the policy's date, none comes from the clock
            assert "MetadataDate" not in xmp
            dates = set(re.findall(r"\d{4}-\d\d-\d\d", xmp))
            assert dates == {"2025-06-12"}


def test_the_poster_reads_as_its_title_each_panel_the_steps_the_link_and_the_qr_figure(
    localized: Callable[[str], LocalizedPolicy],
) -> None:
    for lang in ("sv", "en"):
        document = _document(localized(lang), "poster")
        areas = localized(lang).policy.areas
        tree = structure(write(document, "pdf", localized(lang).policy.theme))
        roles = [child.role for child in tree.children]
        assert roles == ["H1", *(["H2", "P", "L"] * len(areas)), "H2", "L", "P", "Figure"]
        heading = document.blocks[0]
        assert isinstance(heading, Heading)
        assert tree.children[0].text == _words("".join(s.text for s in heading.content))
        panels = tree.children[1:]
        shown = len(panels[2].children)  # the poster shows the first few points of each area
        assert 1 <= shown < len(areas[0].points)
        for index, area in enumerate(areas):
            title, description, points = panels[3 * index : 3 * index + 3]
            assert title.text == _words(area.title)
            assert description.text == _words(area.brief_description)
            _assert_one_item_per_point(points, [p.brief for p in area.points[:shown]])
        steps = localized(lang).policy.method.steps
        band = tree.children[-3]
        assert [item.role for item in band.children] == ["LI"] * len(steps)
        for number, (item, step) in enumerate(zip(band.children, steps, strict=True), start=1):
            assert [(child.role, child.text) for child in item.children] == [
                ("Lbl", str(number)),
                ("LBody", _words(step.title)),
            ]
        assert localized(lang).policy.organisation.website.split("//")[1] in tree.children[-2].text


def _assert_one_item_per_point(element: Element, points: list[str]) -> None:
    assert [item.role for item in element.children] == ["LI"] * len(points)
    bodies = [item.children[0] for item in element.children]
    assert [body.role for body in bodies] == ["LBody"] * len(points)
    assert [body.text for body in bodies] == [_words(point) for point in points]


def test_an_area_list_reads_as_heading_lead_and_one_list_of_every_point(
    localized: Callable[[str], LocalizedPolicy],
) -> None:
    for lang in ("sv", "en"):
        for area in localized(lang).policy.areas:
            tree = structure(render_pdf(localized(lang), "area-list", area.id))
            assert [child.role for child in tree.children] == ["H1", "P", "L"]
            heading, lead, points = tree.children
            assert heading.text == _words(area.title)
            assert lead.text == _words(area.description)
            assert points.attributes == {"ListNumbering": "Disc"}
            _assert_one_item_per_point(points, [p.text for p in area.points])


def test_tables_lists_and_labels_get_their_own_elements_and_a_repeated_header_is_read_once(
    tmp_path: Path, policy: Policy
) -> None:
    data = write(_long_table(), "pdf", policy.theme)
    tree = structure(data)
    assert [child.role for child in tree.children] == ["H1", "H2", "L", "P", "Table"]
    numbered = tree.children[2]
    assert numbered.attributes == {"ListNumbering": "Decimal"}
    assert numbered.find("L")[0].find("LBody")[0].text == "underpunkt"
    table = tree.children[4]
    rows = table.children
    assert len(rows) == 61 and {row.role for row in rows} == {"TR"}
    assert [cell.role for cell in rows[0].children] == ["TH", "TH"]
    assert rows[0].children[0].attributes == {"Scope": "Column"}
    assert [cell.role for cell in rows[60].children] == ["TD", "TD"]
    assert rows[60].all_text() == "Mål nummer 59 Alla"
    # the header row is printed again on the next page, but read only once
    path = tmp_path / "table.pdf"
    path.write_bytes(data)
    assert len(pikepdf.open(path).pages) > 1
    assert _pdftotext(path).split().count("Vem") > 1
    assert rows[0].all_text() == "Mål Vem"


def _all_pdfs(policy: Policy, localized: Callable[[str], LocalizedPolicy]) -> list[bytes]:
    kit = [render_pdf(localized("sv"), material, area) for material, area in pdf_materials(policy)]
    return [*kit, write(_long_table(), "pdf", policy.theme)]


def test_every_text_and_painting_operator_is_inside_balanced_marked_content(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    for data in _all_pdfs(policy, localized):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                depth = 0
                for operands, operator in pikepdf.parse_content_stream(page):
                    name = str(operator)
                    if name in ("BDC", "BMC"):
                        depth += 1
                    elif name == "EMC":
                        depth -= 1
                        assert depth >= 0, f"page {number}: EMC without BDC"
                    elif name in _TEXT_SHOWING | _PAINTING:
                        assert depth > 0, f"page {number}: {name} {operands} is not marked"
                assert depth == 0, f"page {number}: marked content left open"


def test_the_parent_tree_maps_every_mcid_of_a_page_to_the_element_that_holds_it(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    for data in _all_pdfs(policy, localized):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for page in pdf.pages:
                mcids = [
                    int(operands[1].MCID)
                    for operands, operator in pikepdf.parse_content_stream(page)
                    if str(operator) == "BDC" and operands[0] != "/Artifact"
                ]
                assert mcids == list(range(len(mcids)))  # from 0 on every page, in order
                elements = parents[int(page.obj.StructParents)]
                assert len(elements) == len(mcids)
                for mcid, element in enumerate(elements):
                    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                    direct = [k for k in kids if isinstance(k, int)]
                    referenced = [
                        int(k.MCID)
                        for k in kids
                        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"
                    ]
                    assert mcid in direct + referenced


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _pixels(path: Path) -> list[bytes]:
    prefix = path.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(prefix)], check=True)
    pages = sorted(path.parent.glob(f"{prefix.name}-*.png"))
    return [page.read_bytes() for page in pages]


def test_tagging_changes_no_pixel_and_no_extracted_text(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    policy: Policy,
    localized: Callable[[str], LocalizedPolicy],
) -> None:
    materials = [("poster", None), ("area-list", policy.areas[2].id)]
    tagged = [render_pdf(localized("sv"), material, area) for material, area in materials]
    # Without the structure and the artifact sweep: reportlab's PDF with only the marks drawn.
    monkeypatch.setattr(pdf_tags, "add_structure", lambda doc, marks, metadata: None)
    plain = [render_pdf(localized("sv"), material, area) for material, area in materials]
    for index, (before, after) in enumerate(zip(plain, tagged, strict=True)):
        assert b"StructTreeRoot" not in before
        paths = []
        for name, data in (("before", before), ("after", after)):
            paths.append(tmp_path / f"{name}{index}.pdf")
            paths[-1].write_bytes(data)
        assert _pdftotext(paths[0]) == _pdftotext(paths[1])
        assert _pixels(paths[0]) == _pixels(paths[1])


def test_the_pdf_ua_checker_finds_nothing(
    tmp_path: Path, policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    # It covers only part of PDF/UA (16 of 106 rules): a gate against regressions, not proof.
    pdfua = pytest.importorskip("pdfua")
    for index, data in enumerate(_all_pdfs(policy, localized)):
        path = tmp_path / f"{index}.pdf"
        path.write_bytes(data)
        report = pdfua.validate(str(path))
        assert not report.findings, [(f.rule_id, f.message) for f in report.findings]
