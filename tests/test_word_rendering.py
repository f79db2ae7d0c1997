"""Every Word document of the kit, opened by LibreOffice and by an XML reader as a user's tools
would: it converts, has the expected pages and text, and declares language, headings and tables."""

from __future__ import annotations

import copy
import io
import itertools
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from planmaterials import load_policy
from planmaterials.build import render
from planmaterials.loader import load_plans

from .conftest import pdf_text
from .pdf_pages import pdf_pages

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "plans"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FIELD_ERRORS = ("Error! Reference source not found", "Fel! Hittar inte referenskälla")


@pytest.fixture(scope="module")
def kit():
    policy = load_policy()
    result = render(policy, plans=load_plans(EXAMPLES, policy))
    return [f for f in result.files if f.format == "docx"]


@pytest.fixture(scope="module")
def pdfs(kit, full_kit_pdfs):
    # The same input gives the same bytes: the built kit's conversions are these documents'.
    return {built.path: full_kit_pdfs[built.path] for built in kit}


def _xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def test_the_kit_has_every_word_material_in_both_languages(kit):
    made = {(f.material, f.lang) for f in kit}
    for material in (
        "action-plan-template",
        "action-plan",
        "swot-template",
        "policy-summary",
        "area-list",
    ):
        assert {(material, "sv"), (material, "en")} <= made
    assert sum(1 for f in kit if f.material == "area-list") == 2 * 4


@pytest.mark.libreoffice
def test_libreoffice_converts_every_document_with_text_on_every_page(kit, pdfs):
    for built in kit:
        text = pdf_text(pdfs[built.path])
        for error in FIELD_ERRORS:
            assert error not in text, built.path
        pages = text.split("\f")[:-1]
        assert pages, built.path
        for number, page in enumerate(pages, start=1):
            lines = [line for line in page.splitlines() if line.strip()]
            # header and footer alone would be two lines: a page with only those is empty
            assert len(lines) > 3, f"{built.path}: page {number} is empty"
        label = f"1 ({len(pages)})" if built.lang == "sv" else f"Page 1 of {len(pages)}"
        assert label in pages[0], built.path


@pytest.mark.libreoffice
def test_every_area_list_fits_on_one_page_and_the_swot_grid_on_the_first(kit, pdfs):
    for built in kit:
        if built.material == "area-list":
            assert pdf_text(pdfs[built.path]).count("\f") == 1, built.path
        if built.material == "swot-template":
            pages = pdf_text(pdfs[built.path]).split("\f")
            assert len(pages) - 1 == 2, built.path  # the grid, then how-to and priorities
            titles = ("Styrkor", "Svagheter", "Möjligheter", "Hot")
            if built.lang == "en":
                titles = ("Strengths", "Weaknesses", "Opportunities", "Threats")
            assert all(title in pages[0] for title in titles), built.path


@pytest.mark.libreoffice
def test_the_rendered_plan_shows_its_tables_legend_and_translated_labels(kit, pdfs):
    texts = {b.path: pdf_text(pdfs[b.path]) for b in kit if b.material == "action-plan"}
    sv = texts["sv/handlingsplan.docx"]
    assert "Handlingsplan för internationalisering 2025–2026" in sv
    assert "IK = Internationella kontoret" in sv
    assert "Delvis" in sv and "Klart senast" in sv
    en = texts["en/action-plan.docx"]
    assert "Partly" in en and "Deadline" in en and "1 September 2025" in en
    physics = texts["sv/handlingsplan-department-of-physics.docx"]
    assert "Institutionen för fysik" in physics and "Utlandserfarenhet" in physics


def test_every_document_declares_its_language_title_subject_and_keywords(kit):
    for built in kit:
        styles = _xml(built.data, "word/styles.xml")
        lang = styles.find(".//w:rPrDefault/w:rPr/w:lang", NS).get(f"{{{W}}}val")
        assert lang == ("sv-SE" if built.lang == "sv" else "en-GB"), built.path
        core = zipfile.ZipFile(io.BytesIO(built.data)).read("docProps/core.xml").decode()
        for tag in ("dc:title", "dc:subject", "cp:keywords"):
            assert re.search(f"<{tag}>[^<]+</{tag}>", core), (built.path, tag)
        assert "python-docx" not in core


def test_every_document_uses_heading_styles_in_order_and_marks_table_headers(kit):
    for built in kit:
        body = _xml(built.data, "word/document.xml")
        levels = [
            int(s.get(f"{{{W}}}val")[-1])
            for s in body.iterfind(".//w:pStyle", NS)
            if s.get(f"{{{W}}}val").startswith("Heading")
        ]
        assert levels[0] == 1, built.path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), built.path
        for table in body.iterfind(".//w:tbl", NS):
            first_row = table.find("w:tr", NS)
            assert first_row.find("w:trPr/w:tblHeader", NS) is not None, built.path


def test_every_document_numbers_its_pages_with_fields_and_never_shows_a_field_error(kit):
    for built in kit:
        package = zipfile.ZipFile(io.BytesIO(built.data))
        footers = [n for n in package.namelist() if n.startswith("word/footer")]
        instructions = [
            t.text.strip() for t in _xml(built.data, footers[0]).iter(f"{{{W}}}instrText")
        ]
        assert instructions == ["PAGE", "NUMPAGES"], built.path
        for name in package.namelist():
            if name.endswith(".xml"):
                text = package.read(name).decode("utf-8")
                assert not any(error in text for error in FIELD_ERRORS), (built.path, name)


def test_wide_tables_sit_on_landscape_pages(kit):
    for built in kit:
        if built.material not in ("action-plan", "action-plan-template"):
            continue
        body = _xml(built.data, "word/document.xml")
        orientations = [
            s.find("w:pgSz", NS).get(f"{{{W}}}orient") for s in body.iterfind(".//w:sectPr", NS)
        ]
        assert "landscape" in orientations, built.path


def test_the_kit_is_the_same_bytes_every_time(kit):
    policy = load_policy()
    again = render(policy, plans=load_plans(EXAMPLES, policy))
    assert [f.data for f in again.files if f.format == "docx"] == [f.data for f in kit]


def _headings(data: bytes) -> list[str]:
    body = _xml(data, "word/document.xml")
    return [
        "".join(p.itertext()).strip()
        for p in body.iterfind(".//w:p", NS)
        if (style := p.find("w:pPr/w:pStyle", NS)) is not None
        and style.get(f"{{{W}}}val").startswith("Heading")
    ]


def _orphaned_headings(built, pdf: Path) -> list[str]:
    """The headings that end a page (but the last), with their text on the next page."""
    headings = [h for h in _headings(built.data) if h]
    pages = pdf_pages(pdf)
    return [
        f"{built.path}: page {number} ends with the heading {page.last_line!r}"
        for number, page in enumerate(pages[:-1], start=1)
        if page.last_line and any(h.endswith(page.last_line) for h in headings)
    ]


def _short_pages(built, pdf: Path) -> list[str]:
    """Pages of a filled plan that are less than a third full, where the text could flow on.

    The last page may be short, and so may the last page before the orientation changes.
    """
    pages = pdf_pages(pdf)
    return [
        f"{built.path}: page {number} is only {page.fill:.0%} full"
        for number, (page, after) in enumerate(itertools.pairwise(pages), start=1)
        if page.landscape == after.landscape and page.fill < 1 / 3
    ]


def test_every_table_row_stays_whole_and_only_header_rows_repeat(kit):
    for built in kit:
        body = _xml(built.data, "word/document.xml")
        for table in body.iterfind(".//w:tbl", NS):
            rows = table.findall("w:tr", NS)
            repeats = [row.find("w:trPr/w:tblHeader", NS) is not None for row in rows]
            assert repeats[0], built.path
            # the header rows come first; the table breaks between body rows, never inside one
            assert repeats == sorted(repeats, reverse=True), built.path
            assert not all(repeats), built.path
            for row in rows:
                assert row.find("w:trPr/w:cantSplit", NS) is not None, built.path


@pytest.mark.libreoffice
def test_no_page_ends_with_a_heading(kit, pdfs):
    problems = [p for built in kit for p in _orphaned_headings(built, pdfs[built.path])]
    assert not problems


@pytest.mark.libreoffice
def test_every_page_of_a_filled_plan_is_at_least_a_third_full(kit, pdfs):
    plans = [built for built in kit if built.material == "action-plan"]
    assert len(plans) == 6
    problems = [p for built in plans for p in _short_pages(built, pdfs[built.path])]
    assert not problems


@pytest.mark.libreoffice
def test_the_tables_follow_each_other_without_forced_pages(kit, pdfs):
    # The first area's table starts on the page after the introduction, and the second area
    # follows it directly: under it where its header and first row fit, else on the next page.
    for path, areas in (
        ("en/action-plan.docx", ("Internationalisation at home", "International collaboration")),
        (
            "sv/handlingsplan.docx",
            ("Internationalisering på hemmaplan", "Internationella samarbeten"),
        ),
    ):
        pages = pdf_pages(pdfs[path])
        found = [
            [
                n
                for n, page in enumerate(pages)
                if any(line.text.endswith(": " + area) for line in page.lines)
            ]
            for area in areas
        ]
        assert found[0] == [1] and found[1][0] in (1, 2), path


def test_every_page_of_a_plan_table_shows_its_area_and_column_headers(kit, pdfs):
    for built in kit:
        if built.material != "action-plan":
            continue
        label = "Development area: " if built.lang == "en" else "Utvecklingsområde: "
        goal = "Goal" if built.lang == "en" else "Mål"
        for number, page in enumerate(pdf_pages(pdfs[built.path])):
            texts = [line.text for line in page.lines]
            if number == 0 and not any(t.startswith(label) for t in texts):
                continue  # the title page, before the tables
            assert any(t.startswith(label) for t in texts), (built.path, number)
            assert any(t.startswith(goal) for t in texts), (built.path, number)


def _variants(data: dict) -> dict[str, dict]:
    """The default policy with two areas, with eight, and with very long points and activities."""
    two = copy.deepcopy(data)
    two["policy"]["areas"] = two["policy"]["areas"][:2]
    kept = {area["key"] for area in two["policy"]["areas"]}
    two["plan"]["areas"] = [a for a in two["plan"]["areas"] if a["area"] in kept]
    eight = copy.deepcopy(data)
    for area in data["policy"]["areas"]:
        eight["policy"]["areas"].append(
            {
                **area,
                "key": area["key"] + "-more",
                "slug": area["key"] + "-more",
                "title": area["title"] + " (fördjupning)",
            }
        )
    for area in data["plan"]["areas"]:
        eight["plan"]["areas"].append({**area, "area": area["area"] + "-more"})
    long = copy.deepcopy(data)
    for area in long["policy"]["areas"]:
        # three times the text; the poster shows each point's short form, kept as it was
        area["points"] = [
            {**p, "text": f"{p['text']} {p['text']} {p['text']}"}
            if isinstance(p, dict)
            else f"{p} {p} {p}"
            for p in area["points"]
        ]
    for area in long["plan"]["areas"]:
        for goal in area["goals"]:
            goal["goal"] = f"{goal['goal']} {goal['goal']}"
            for activity in goal["activities"]:
                activity["activity"] = f"{activity['activity']} {activity['activity']}"
    for variant in (eight, long):
        variant["theme"]["poster_paper"] = "A1"  # the poster must hold the longer text too
    return {"two-areas": two, "eight-areas": eight, "long-points": long}


@pytest.mark.libreoffice
def test_policies_with_two_or_eight_areas_or_long_points_lay_out_cleanly(
    default_policy_data, write_policy, convert_to_pdf, tmp_path
):
    built = []
    for name, data in _variants(default_policy_data).items():
        policy = load_policy(write_policy(data))
        for file in render(policy, langs=("sv",)).files:
            if file.format == "docx" and file.material in (
                "action-plan",
                "policy-summary",
                "action-plan-template",
                "area-list",
            ):
                path = tmp_path / f"{name}-{file.path.replace('/', '-')}"
                path.write_bytes(file.data)
                built.append((file, path))
    pdfs = convert_to_pdf([path for _, path in built])
    problems = []
    for (file, _), pdf in zip(built, pdfs, strict=True):
        problems += _orphaned_headings(file, pdf)
        if file.material == "action-plan":
            problems += _short_pages(file, pdf)
    assert not problems


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(left, top, bottom, text) of every word on ``page`` (1-based) of ``pdf``."""
    xhtml = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    found = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', xhtml
    )
    return [(float(x), float(top), float(bottom), word) for x, top, bottom, word in found]


@pytest.mark.libreoffice
def test_the_swot_grid_is_landscape_and_leaves_most_of_each_quadrant_to_write_in(kit, pdfs):
    for built in kit:
        if built.material != "swot-template":
            continue
        pages = pdf_pages(pdfs[built.path])
        assert pages[0].landscape, built.path
        words = _words(pdfs[built.path], 1)
        upper, lower = ("Strengths", "Opportunities")
        if built.lang == "sv":
            upper, lower = ("Styrkor", "Möjligheter")
        left, top, _, _ = next(w for w in words if w[3] == upper)
        bottom = next(w for w in words if w[3] == lower)[1]
        # the words of the upper-left quadrant: its title and its guiding questions
        inside = [w for w in words if left - 1 <= w[0] < left + 250 and top <= w[1] < bottom]
        text_bottom = max(w[2] for w in inside)
        free = (bottom - text_bottom) / (bottom - top)
        assert free >= 0.6, (built.path, round(free, 2))
