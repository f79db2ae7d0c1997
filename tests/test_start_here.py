"""The start-here page of the built kit: valid, accessible, honest about sizes, every link works,
in the kit's folders and inside every bundle, and a real browser shows it."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html
from PIL import Image

from planmaterials import build, load_policy
from planmaterials.i18n import language

LANGS = ("sv", "en")
VOID = {"meta", "br"}


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("start-here") / "kit"
    build(None, out, LANGS)
    return out


@pytest.fixture(scope="module")
def manifest(kit: Path) -> dict:
    return json.loads((kit / "manifest.json").read_text(encoding="utf-8"))


class _Page(HTMLParser):
    """The page's elements, links and headings; a wrongly nested end tag fails the test."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.links: list[tuple[dict[str, str], str]] = []  # (attributes, text)
        self.headings: list[tuple[int, str]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "a" or (len(tag) == 2 and tag[0] == "h" and tag[1].isdigit()):
            self._text = []

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()
        if self._text is not None and tag == "a":
            self.links.append((self.elements[_last(self.elements, "a")][1], "".join(self._text)))
            self._text = None
        elif self._text is not None and tag[0] == "h" and tag[1:].isdigit():
            self.headings.append((int(tag[1]), "".join(self._text)))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def _last(elements: list[tuple[str, dict[str, str]]], tag: str) -> int:
    return max(i for i, (name, _) in enumerate(elements) if name == tag)


def _page(data: bytes) -> _Page:
    page = _Page()
    page.feed(data.decode("utf-8"))
    page.close()
    assert page.stack == [], f"unclosed elements: {page.stack}"
    return page


def _size(n: int, lang: str) -> str:
    """The size as the page writes it (kB and MB in steps of 1000, the language's decimals)."""
    comma = "," if lang == "sv" else "."
    if n < 1000:
        return f"{n}\u00a0B"
    if n < 999_500:
        return f"{round(n / 1000)}\u00a0kB"
    return f"{n / 1_000_000:.1f}\u00a0MB".replace(".", comma).replace(f"{comma}0\u00a0", "\u00a0")


def _external(policy) -> set[str]:
    """The only addresses outside the kit a page may link to."""
    return {policy.organisation.website, *(f"mailto:{c.email}" for c in policy.contacts)}


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_a_start_here_page_in_the_manifest(manifest, kit, lang):
    (entry,) = [f for f in manifest["files"] if f["material"] == "start-here" and f["lang"] == lang]
    assert entry["path"] == f"{lang}/index.html" and entry["format"] == "html"
    assert (kit / entry["path"]).stat().st_size == entry["bytes"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_is_well_formed_with_one_h1_and_headings_in_order(kit, lang):
    data = (kit / lang / "index.html").read_bytes()
    page = _page(data)
    assert page.elements[0] == ("html", {"lang": language(lang).tag})
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert all(text.strip() for _, text in page.headings)
    # lxml's HTML parser reads the same structure (title, one body, one main)
    tree = lxml_html.fromstring(data)
    assert tree.findtext("head/title").strip()
    assert len(tree.findall("body")) == 1 and len(tree.findall("body/main")) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_of_the_page_opens_a_file_of_the_kit_or_the_offices_addresses(kit, lang):
    policy = load_policy()
    page = _page((kit / lang / "index.html").read_bytes())
    assert page.links
    for attributes, text in page.links:
        href = attributes["href"]
        if urlsplit(href).scheme:
            assert href in _external(policy), href
        else:
            assert (kit / lang / href).resolve().is_file(), href
            assert (kit / lang / href).resolve().is_relative_to(kit.resolve())
        assert text.strip(), href
    linked = {attributes["href"] for attributes, _ in page.links}
    beside = {p.name for p in (kit / lang).iterdir()} - {"index.html"}
    assert beside <= linked, beside - linked  # every file of the language is offered


@pytest.mark.parametrize("lang", LANGS)
def test_each_download_link_says_what_it_is_its_format_and_its_true_size(kit, manifest, lang):
    page = _page((kit / lang / "index.html").read_bytes())
    labels = {
        "pdf": "PDF",
        "docx": "Word",
        "pptx": "PowerPoint",
        "zip": "zip-fil" if lang == "sv" else "zip file",
    }
    files = {f["path"]: f for f in manifest["files"]}
    for attributes, text in page.links:
        entry = files.get(f"{lang}/{attributes['href']}")
        if entry is None:
            continue
        assert text.endswith(f", {labels[entry['format']]}, {_size(entry['bytes'], lang)}"), text


def test_the_page_links_to_itself_in_the_other_language(kit):
    for lang, other in (("sv", "en"), ("en", "sv")):
        page = _page((kit / lang / "index.html").read_bytes())
        (switch,) = [(a, t) for a, t in page.links if "hreflang" in a]
        attributes, text = switch
        assert attributes["hreflang"] == other and attributes["lang"] == other
        assert attributes["href"] == f"../{other}/index.html"
        assert text == language(other).name.capitalize()


@pytest.mark.parametrize("lang", LANGS)
def test_every_bundle_holds_the_page_and_its_links_open_members_of_the_zip(kit, manifest, lang):
    policy = load_policy()
    bundles = [f for f in manifest["files"] if f["lang"] == lang and f["format"] == "zip"]
    assert {b["material"] for b in bundles} == {"bundle-physical", "bundle-digital", "bundle-all"}
    for bundle in bundles:
        with zipfile.ZipFile(kit / bundle["path"]) as archive:
            names = archive.namelist()
            page = _page(archive.read("index.html"))
        assert names[0] == "index.html" and bundle["contains"] == names
        assert all("/" not in name for name in names)  # flat, like the language's folder
        linked = set()
        for attributes, _ in page.links:
            href = attributes["href"]
            if urlsplit(href).scheme:
                assert href in _external(policy), href
            else:
                assert href in names, (bundle["path"], href)
                linked.add(href)
        assert linked == set(names) - {"index.html"}, bundle["path"]
        assert not [a for a, _ in page.links if "hreflang" in a]


def test_the_complete_bundle_holds_every_file_of_its_language_but_the_other_bundles(kit, manifest):
    for lang in LANGS:
        (complete,) = [
            f for f in manifest["files"] if f["lang"] == lang and f["material"] == "bundle-all"
        ]
        loose = {
            f["path"].split("/", 1)[1]
            for f in manifest["files"]
            if f["lang"] == lang and f["format"] != "zip"
        }
        assert set(complete["contains"]) == loose


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI")
        pytest.skip("chromium is not installed")
    return found


def _screenshot(url: str, png: Path, width: int, height: int) -> Image.Image:
    subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={png.parent / 'profile'}",
            f"--screenshot={png}",
            f"--window-size={width},{height}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return Image.open(png).convert("RGB")


def _dom(url: str, profile: Path) -> str:
    done = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--dump-dom",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return done.stdout.decode("utf-8")


def _ink(image: Image.Image) -> float:
    """The share of pixels that are not (near) white."""
    grey = image.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:230]) / (grey.width * grey.height)


@pytest.mark.parametrize(("lang", "width"), [("sv", 1280), ("en", 1280), ("sv", 390)])
def test_chromium_shows_the_page_from_the_kit_folder(kit, tmp_path, lang, width):
    url = (kit / lang / "index.html").as_uri()
    image = _screenshot(url, tmp_path / "page.png", width, 1600)
    assert image.size == (width, 1600)
    assert _ink(image) > 0.05  # headings, text and the banner, not a blank page
    primary = tuple(int(load_policy().theme.colours.primary[i : i + 2], 16) for i in (1, 3, 5))
    assert image.getpixel((width // 2, 5)) == primary  # the banner in the theme's colour
    dom = lxml_html.fromstring(_dom(url, tmp_path / "profile"))
    heading = (kit / lang / "index.html").read_text(encoding="utf-8")
    assert dom.findtext(".//h1") == lxml_html.fromstring(heading).findtext(".//h1")


def test_chromium_shows_the_page_of_an_unpacked_bundle(kit, tmp_path):
    with zipfile.ZipFile(kit / "en" / "workshop-materials-online-meetings.zip") as archive:
        archive.extractall(tmp_path / "unpacked")
    url = (tmp_path / "unpacked" / "index.html").as_uri()
    assert _ink(_screenshot(url, tmp_path / "bundle.png", 1024, 1200)) > 0.05
    dom = lxml_html.fromstring(_dom(url, tmp_path / "profile"))
    hrefs = [a.get("href") for a in dom.iter("a")]
    local = [h for h in hrefs if not urlsplit(h).scheme]
    assert local and all((tmp_path / "unpacked" / h).is_file() for h in local)


def test_the_pages_own_words_use_typographic_quotes_and_apostrophes():
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[1]
    with (root / "locales" / "sv" / "LC_MESSAGES" / "labels.po").open("rb") as po:
        catalog = read_po(po)
    own = [m for m in catalog if m.context and m.context.startswith("start-here.")]
    assert len(own) > 20
    for message in own:
        for text in (message.id, message.string):
            assert "'" not in text and '"' not in text, (message.context, text)
    # English quotes “…”, Swedish ”…”
    assert any("“%(bundle)s”" in m.id and "”%(bundle)s”" in m.string for m in own)


def test_a_policy_without_steps_swot_or_website_still_gets_a_sound_page(
    default_policy_data, write_policy
):
    from planmaterials import render

    for key in ("method", "swot"):
        default_policy_data.pop(key)
    default_policy_data["organisation"].pop("website")
    result = render(load_policy(write_policy(default_policy_data)), ["en"])
    (built,) = [f for f in result.files if f.material == "start-here"]
    page = _page(built.data)
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert not [text for _, text in page.headings if text.startswith("Step ")]
    hrefs = {attributes["href"] for attributes, _ in page.links}
    assert not [h for h in hrefs if h.startswith("http")]
    assert "swot-template.docx" not in hrefs and "policy-summary.docx" in hrefs
