"""House style in every built file: typographic quotes and apostrophes, readable text colours."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planmaterials import build
from planmaterials.theme import Colours, Theme
from planmaterials.writers.colours import (
    MINIMUM_CONTRAST,
    contrast,
    poster_fills,
    text_palette,
)
from planmaterials.writers.html import write_html
from planmaterials.writers.xlsx import write_xlsx

from .conftest import parse_body

ROOT = Path(__file__).resolve().parents[1]
# Text runs of Word (w:t) and PowerPoint (a:t), and the core properties' values.
_RUNS = re.compile(rb"<(?:w|a):t(?: [^>]*)?>([^<]*)</(?:w|a):t>")
_CORE = re.compile(rb"<(?:dc|cp):\w+(?: [^>]*)?>([^<]*)</(?:dc|cp):\w+>")
_STRAIGHT = re.compile(r"[^\s]*['\"][^\s]*")


def _unescape(text: bytes) -> str:
    decoded = text.decode("utf-8")
    for entity, char in (("&quot;", '"'), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">")):
        decoded = decoded.replace(entity, char)
    return decoded.replace("&amp;", "&")


def _texts(path: str, data: bytes) -> list[str]:
    if path.endswith(".pdf"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode("utf-8")
        return [text]
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                xml = package.read(name)
                pattern = _CORE if name == "docProps/core.xml" else _RUNS
                texts += [_unescape(match) for match in pattern.findall(xml)]
    return texts


@pytest.fixture(scope="module")
def kit_with_plans(tmp_path_factory):
    out = tmp_path_factory.mktemp("kit") / "out"
    examples = ROOT / "examples"
    result = build(None, out, plans_dir=examples / "plans", locale_dirs=[examples / "locales"])
    return [f for f in result.files if f.path.endswith((".docx", ".pptx", ".pdf"))]


def test_no_built_document_has_a_straight_quote_or_apostrophe(kit_with_plans):
    found = {}
    for built in kit_with_plans:
        for text in _texts(built.path, built.data):
            words = _STRAIGHT.findall(text)
            if words:
                found.setdefault(built.path, []).extend(words)
    assert found == {}


def test_the_check_sees_a_straight_apostrophe_in_a_word_run():
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("word/document.xml", "<w:t>the unit's plan</w:t><w:t>fine</w:t>")
    assert _STRAIGHT.findall(" ".join(_texts("x.docx", package.getvalue()))) == ["unit's"]


THEMES = pytest.mark.parametrize(
    "colours",
    [
        Colours(),
        # a light primary, a pale secondary, a dark page, a mid-grey text
        Colours(primary="#F0C419", secondary="#A8C5D6"),
        Colours(background="#1B1B1B", text="#EEEEEE", secondary="#5B7F95", primary="#9FD3FF"),
        Colours(text="#8A8A8A", secondary="#FFFFFF"),
        # a dark accent under the poster's steps, a secondary as dark as the primary
        Colours(accent="#3A1F5C", secondary="#00406B"),
    ],
    ids=["default", "light-primary", "dark-page", "grey-text", "dark-accent"],
)


@THEMES
def test_every_text_colour_of_the_theme_is_readable_on_its_background(colours):
    for name, (text, background) in text_palette(colours).items():
        assert contrast(text, background) >= MINIMUM_CONTRAST, name


@THEMES
def test_the_poster_blocks_are_strong_fills_with_readable_text_on_each(colours):
    fills = poster_fills(colours)
    palette = text_palette(colours)
    assert [palette[f"on-poster-block-{n}"][1] for n in (1, 2)] == list(fills)
    assert palette["on-accent"][1] == colours.accent
    # the secondary block is deepened only as far as comfortable reading needs
    assert contrast(fills[1], colours.background) >= 6.0 or fills[1] in ("#000000", "#FFFFFF")


def _css_rules(css: str) -> list[tuple[str, dict[str, str], bool]]:
    """(selector, declarations, in print) of every rule of a flat style sheet."""
    rules = []
    printing = css.split("@media print{", 1)
    for text, in_print in ((printing[0], False), (printing[1] if len(printing) > 1 else "", True)):
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            declarations = dict(
                (name.strip(), value.strip())
                for name, _, value in (d.partition(":") for d in body.split(";") if ":" in d)
            )
            rules.append((selector.strip(), declarations, in_print))
    return rules


@THEMES
def test_every_text_colour_of_the_web_page_is_readable_on_its_background(colours):
    document = parse_body(
        "<h1>Ett</h1><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>b</td></tr>"
        "</tbody></table>",
        header="Org",
        footer="Fot",
    )
    page = write_html(document, Theme(colours=colours)).decode("utf-8")
    css = re.search(r"<style>\n(.*)</style>", page, re.S).group(1)
    rules = _css_rules(css)
    body = next(d for selector, d, printing in rules if selector == "body" and not printing)
    checked = 0
    for selector, declarations, printing in rules:
        if "color" not in declarations:
            continue
        # on its own background, else the page's; printers leave backgrounds out (white paper)
        own = declarations.get("background", "")
        background = "#FFFFFF" if printing else own if own.startswith("#") else body["background"]
        assert contrast(declarations["color"], background) >= MINIMUM_CONTRAST, selector
        checked += 1
    assert checked >= 6


@THEMES
def test_the_workbook_header_row_text_is_readable_on_its_fill(colours):
    document = parse_body("<h1>S</h1><table><thead><tr><th>Mål</th></tr></thead></table>")
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(document, Theme(colours=colours))))
    cell = next(c for row in book.active.iter_rows() for c in row if c.value == "Mål")
    text, fill = cell.font.color.rgb[-6:], cell.fill.fgColor.rgb[-6:]
    assert fill.upper() == colours.primary[1:]
    assert contrast(text, fill) >= MINIMUM_CONTRAST


def test_the_default_secondary_colour_is_darkened_for_text_but_keeps_its_hue():
    quiet, page = text_palette(Colours())["quiet"]
    assert contrast("#5B7F95", "#FFFFFF") < MINIMUM_CONTRAST <= contrast(quiet, page)
    red, green, blue = (int(quiet[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > green > red  # still the same blue-grey


def test_every_colour_set_on_word_text_is_one_of_the_palette(kit_with_plans):
    allowed = {text[1:].upper() for text, _ in text_palette(Colours()).values()}
    for built in kit_with_plans:
        if not built.path.endswith(".docx"):
            continue
        with zipfile.ZipFile(io.BytesIO(built.data)) as package:
            for name in package.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    xml = package.read(name).decode("utf-8")
                    colours = set(re.findall(r'<w:color w:val="([0-9A-Fa-f]{6})"', xml))
                    assert {c.upper() for c in colours} <= allowed, (built.path, name)


def _furniture(built) -> tuple[str, str]:
    """The running header and footer text of a built Word file or PDF list (first page)."""
    if built.path.endswith(".pdf"):
        text = subprocess.run(
            ["pdftotext", "-l", "1", "-layout", "-enc", "UTF-8", "-", "-"],
            input=built.data,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[0], lines[-1]
    with zipfile.ZipFile(io.BytesIO(built.data)) as package:
        names = sorted(package.namelist())
        header = next(n for n in names if n.startswith("word/header"))
        footer = next(n for n in names if n.startswith("word/footer"))
        return tuple(  # type: ignore[return-value]
            "".join(_unescape(t) for t in _RUNS.findall(package.read(name)))
            for name in (header, footer)
        )


def test_every_word_file_and_pdf_list_has_the_same_header_and_footer_pattern(kit_with_plans):
    organisation = {"sv": "Norrviks universitet – ", "en": "Norrvik University – "}
    policy = {"sv": "Policy för internationalisering", "en": "Internationalisation Policy"}
    page = {"sv": re.compile(r"\d+ \(\d+\)$"), "en": re.compile(r"Page \d+ of \d+$")}
    checked = 0
    for built in kit_with_plans:
        if built.path.endswith(".pptx") or built.material == "poster":
            continue
        header, footer = _furniture(built)
        # organisation – material title; policy and date; the page number
        assert header.startswith(organisation[built.lang]), built.path
        assert len(header) > len(organisation[built.lang]), built.path
        assert footer.startswith(policy[built.lang]), (built.path, footer)
        assert re.search(r"\d{4}", footer), (built.path, footer)
        if built.path.endswith(".pdf"):
            assert page[built.lang].search(footer), (built.path, footer)
        else:
            assert page[built.lang].search(footer.replace("\t", " ")), (built.path, footer)
        checked += 1
    assert checked >= 20
