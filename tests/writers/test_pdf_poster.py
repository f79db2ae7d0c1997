"""The poster: strong colour blocks in a grid, fitted with real font metrics, or a clear error."""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
import segno
from pypdf import PdfReader

from planmaterials import load_policy, localize, render
from planmaterials.compose import compose
from planmaterials.document import LayoutError, ListBlock, Poster
from planmaterials.errors import PolicyError
from planmaterials.model import Policy
from planmaterials.theme import Colours
from planmaterials.writers import write
from planmaterials.writers.colours import MINIMUM_CONTRAST, contrast, poster_fills
from planmaterials.writers.pdf import poster as poster_module

from .pdf_inspect import FilledRect, hex_rgb, page_contents


def _variant(data: dict, areas: int, points: int | None = None) -> dict:
    """The default policy with ``areas`` development areas (copies get new keys and titles)."""
    data = copy.deepcopy(data)
    base = data["policy"]["areas"]
    result = []
    for index in range(areas):
        area = copy.deepcopy(base[index % len(base)])
        if index >= len(base):
            area["key"] = f"{area['key']}-{index}"
            area.pop("slug", None)
            area["title"] = f"{area['title']} ({index + 1})"
        if points is not None:
            area["points"] = area["points"][:points]
        result.append(area)
    data["policy"]["areas"] = result
    keys = {area["key"] for area in result}
    data["plan"]["areas"] = [a for a in data["plan"]["areas"] if a["area"] in keys]
    return data


def _poster(policy: Policy, lang: str) -> bytes:
    return write(compose("poster", localize(policy, lang)), "pdf", policy.theme)


def _words(text: str) -> str:
    return " ".join(text.split())


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgb)


def _blocks(policy: Policy, rects: list[FilledRect]) -> list[FilledRect]:
    """The area blocks, in drawing order: rectangles of the two block fills but the title band."""
    fills = [hex_rgb(fill) for fill in poster_fills(policy.theme.colours)]
    found = [r for r in rects if any(r.colour == pytest.approx(f, abs=1e-3) for f in fills)]
    primary = [r for r in found if r.colour == pytest.approx(fills[0], abs=1e-3)]
    title_band = max(primary, key=lambda r: r.box.y1)  # the policy's title, above the blocks
    return [r for r in found if r is not title_band]


def _assert_panels_hold_their_text(policy: Policy, lang: str, data: bytes) -> int:
    """Every line inside the page and inside one block at most; each block shows its area.

    Returns how many points the poster shows: the first few of each area, the same number in
    every block (or all of an area's points if it has fewer).
    """
    page, runs, rects = page_contents(data)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    panels = [rect.box for rect in _blocks(policy, rects)]
    localized = localize(policy, lang).policy
    assert len(panels) == len(localized.areas)
    for run in runs:
        assert page.contains(run.box), f"{run.text!r} runs off the page"
    inside = {index: [] for index in range(len(panels))}
    for run in runs:
        holders = [i for i, box in enumerate(panels) if box.contains(run.box)]
        overlapping = [
            i
            for i, box in enumerate(panels)
            if run.box.x1 > box.x0
            and run.box.x0 < box.x1
            and run.box.y1 > box.y0
            and run.box.y0 < box.y1
        ]
        # text is either wholly inside one block or outside every block (title, band, foot)
        assert holders == overlapping, f"{run.text!r} crosses the edge of a block"
        for i in holders:
            inside[i].append(run.text)
    # blocks are drawn in the order of the areas; each holds its title, aim and first points
    shown = []
    for index, area in enumerate(localized.areas):
        text = _words(" ".join(inside[index]))
        assert _words(area.title) in text
        assert _words(area.brief_description) in text
        briefs = [_words(point.brief) for point in area.points]
        count = 0
        while count < len(briefs) and briefs[count] in text:
            count += 1
        assert count >= 1, text
        assert not [brief for brief in briefs[count:] if brief in text], "points out of order"
        shown.append((count, len(briefs)))
    most = max(count for count, _ in shown)
    assert all(count == min(most, total) for count, total in shown), shown
    return most


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("areas", "paper"), [(2, "A3"), (4, "A3"), (5, "A3"), (8, "A2")])
def test_posters_with_two_to_eight_areas_keep_every_line_inside_its_block(
    default_policy_data: dict,
    write_policy: Callable[[dict], Path],
    areas: int,
    paper: str,
    lang: str,
) -> None:
    data = _with_theme(_variant(default_policy_data, areas), poster_paper=paper)
    policy = load_policy(write_policy(data))
    _assert_panels_hold_their_text(policy, lang, _poster(policy, lang))


def _point_sizes(policy: Policy, lang: str, data: bytes) -> set[float]:
    """The sizes of the points that take one line each."""
    _, runs, _ = page_contents(data)
    briefs = {p.brief for a in localize(policy, lang).policy.areas for p in a.points}
    sizes = {round(r.size, 3) for r in runs if r.text in briefs}
    assert sizes
    return sizes


def test_every_block_uses_the_same_type_size(policy: Policy) -> None:
    assert len(_point_sizes(policy, "sv", _poster(policy, "sv"))) == 1


def _with_theme(data: dict, **theme) -> dict:
    data = copy.deepcopy(data)
    data["theme"].update(theme)
    return data


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_default_poster_is_a3_and_shows_as_many_points_as_fit(
    policy: Policy, default_policy_data: dict, write_policy: Callable[[dict], Path], lang: str
) -> None:
    data = _poster(policy, lang)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 1191)
    shown = _assert_panels_hold_their_text(policy, lang, data)
    # a summary: some of each area's points, not the handouts' whole lists
    assert 3 <= shown < min(len(area.points) for area in policy.areas)
    # one point more does not fit A3 at the smallest readable size
    more = load_policy(write_policy(_with_theme(default_policy_data, poster_points=shown + 1)))
    with pytest.raises(LayoutError, match=r"A3 poster with \d+ of its points.*\(16\.0 pt\)"):
        _poster(more, lang)


def test_the_theme_sets_how_many_points_the_poster_shows_and_fewer_are_set_larger(
    policy: Policy, default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    two = load_policy(write_policy(_with_theme(default_policy_data, poster_points="2")))
    data = _poster(two, "sv")
    assert _assert_panels_hold_their_text(two, "sv", data) == 2
    assert min(_point_sizes(two, "sv", data)) > max(
        _point_sizes(policy, "sv", _poster(policy, "sv"))
    )


@pytest.mark.parametrize("value", ["0", "-1", "51", "fem", "2.5"])
def test_poster_points_must_be_a_whole_number_from_1_to_50(
    default_policy_data: dict, write_policy: Callable[[dict], Path], value: str
) -> None:
    with pytest.raises(PolicyError, match=r"is not a whole number from 1 to 50") as caught:
        load_policy(write_policy(_with_theme(default_policy_data, poster_points=value)))
    assert caught.value.key == "theme.poster_points"


def test_a_larger_poster_paper_shows_more_points(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    shown = {}
    for paper in ("A3", "A2"):
        policy = load_policy(write_policy(_with_theme(default_policy_data, poster_paper=paper)))
        data = _poster(policy, "sv")
        page = PdfReader(io.BytesIO(data)).pages[0]
        assert round(float(page.mediabox.width)) == {"A3": 842, "A2": 1191}[paper]
        shown[paper] = _assert_panels_hold_their_text(policy, "sv", data)
    assert shown["A2"] > shown["A3"]


def test_eight_areas_of_three_points_do_not_fit_a3_at_16_pt_but_fit_a2(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = _with_theme(_variant(default_policy_data, 8), poster_points=3, poster_paper="A3")
    with pytest.raises(LayoutError, match=r"A3 poster with 3 of its points.*\(16\.0 pt\)"):
        _poster(load_policy(write_policy(data)), "sv")
    data["theme"]["poster_paper"] = "A2"
    policy = load_policy(write_policy(data))
    assert _assert_panels_hold_their_text(policy, "sv", _poster(policy, "sv")) == 3


def _long_points(data: dict, index: int) -> dict:
    data = copy.deepcopy(data)
    area = data["policy"]["areas"][index]
    area["points"] = [(p["text"] if isinstance(p, dict) else p) * 12 for p in area["points"]]
    return data


def test_the_writer_names_a_block_that_cannot_fit_even_one_point_by_its_id_and_title(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = _long_points(default_policy_data, 2)
    with pytest.raises(LayoutError) as caught:
        _poster(load_policy(write_policy(data)), "sv")
    assert caught.value.element == data["policy"]["areas"][2]["key"]
    assert "'Utlandserfarenhet'" in caught.value.message
    assert "with 1 of its points" in caught.value.message
    assert "poster_paper" in str(caught.value)


def test_the_build_names_the_policy_file_and_area_of_a_block_that_cannot_fit(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    path = write_policy(_long_points(default_policy_data, 2))
    with pytest.raises(PolicyError) as caught:
        render(load_policy(path), ["sv"])
    error = caught.value
    assert error.file == path
    assert error.key == "policy.areas[2]"
    message = str(error)
    assert "Utlandserfarenhet" in message
    assert re.search(r"smallest readable size \(16\.0 pt\)", message)
    assert (
        "shorten its description or points, or choose a larger poster_paper in the theme" in message
    )


def test_an_aim_too_long_for_its_block_is_an_error_naming_the_area(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = copy.deepcopy(default_policy_data)
    data["policy"]["areas"][3]["description"]["short"] = "Ett långt syfte. " * 60
    with pytest.raises(LayoutError, match="'Värdskap som gynnar internationalisering'"):
        _poster(load_policy(write_policy(data)), "sv")


def test_a_word_wider_than_any_block_is_an_error_not_an_overflow(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = copy.deepcopy(default_policy_data)
    data["policy"]["areas"][1]["points"][0] = "Internationaliserings" * 15
    with pytest.raises(LayoutError, match="Internationella samarbeten"):
        _poster(load_policy(write_policy(data)), "sv")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_default_a3_poster_reads_from_two_metres_title_60_area_titles_28_text_16_pt(
    policy: Policy, lang: str
) -> None:
    data = _poster(policy, lang)
    _, runs, _ = page_contents(data)
    localized = localize(policy, lang)
    footer = compose("poster", localized).footer
    title_words = set(localized.policy.title.split())
    area_words = {word for area in localized.policy.areas for word in area.title.split()}
    title_runs = [run for run in runs if run.size > 50]
    assert title_runs and set(" ".join(r.text for r in title_runs).split()) == title_words
    assert min(run.size for run in title_runs) >= 60
    area_runs = [run for run in runs if set(run.text.split()) <= area_words and run.size > 20]
    assert len(area_runs) >= len(localized.policy.areas)
    assert min(run.size for run in area_runs) >= 28
    body = [run for run in runs if run.text not in footer]
    assert min(run.size for run in body) >= 16
    # the organisation at the top of the page, above the title
    name = localized.policy.organisation.name
    top = max(runs, key=lambda run: run.box.y1)
    assert top.text == name and top.size >= 16


@pytest.mark.parametrize(
    "colours",
    [Colours(), Colours(primary="#F0C419", secondary="#A8C5D6", accent="#7A1F5C")],
    ids=["default", "light-primary"],
)
def test_every_text_on_the_poster_reads_on_what_it_stands_on_at_4_5_to_1(
    default_policy_data: dict, write_policy: Callable[[dict], Path], colours: Colours
) -> None:
    data = copy.deepcopy(default_policy_data)
    data["theme"]["colours"] = {
        name: getattr(colours, name)
        for name in ("primary", "secondary", "accent", "text", "background")
    }
    policy = load_policy(write_policy(data))
    _, runs, rects = page_contents(_poster(policy, "sv"))
    blocks = _blocks(policy, rects)
    assert len(blocks) == 4
    for run in runs:
        # the last rectangle drawn under the text is what it stands on (else the page)
        under = [rect for rect in rects if rect.box.contains(run.box)]
        background = _hex(under[-1].colour) if under else colours.background
        assert contrast(_hex(run.colour), background) >= MINIMUM_CONTRAST, run.text


def test_the_area_blocks_are_strong_colours_and_neighbours_differ(policy: Policy) -> None:
    _, _, rects = page_contents(_poster(policy, "sv"))
    blocks = _blocks(policy, rects)
    page = policy.theme.colours.background
    # strong: page-coloured text reads on every block (not a pale tint of a colour)
    assert all(contrast(_hex(block.colour), page) >= MINIMUM_CONTRAST for block in blocks)
    # a 2 × 2 grid: side by side and one above the other differ, like a chessboard
    assert [_hex(block.colour) for block in blocks] == [
        poster_fills(policy.theme.colours)[i] for i in (0, 1, 1, 0)
    ]


def _qr_matrix(data: bytes) -> list[list[int]]:
    """The QR code's modules read back from the black rectangles drawn on the page."""
    _, _, rects = page_contents(data)
    black = [rect.box for rect in rects if rect.colour == pytest.approx((0, 0, 0), abs=1e-3)]
    assert black, "no QR code drawn"
    module = min(box.y1 - box.y0 for box in black)
    left, top = min(box.x0 for box in black), max(box.y1 for box in black)
    size = round((max(box.x1 for box in black) - left) / module)
    matrix = [[0] * size for _ in range(size)]
    for box in black:
        row = round((top - box.y1) / module)
        for column in range(round((box.x0 - left) / module), round((box.x1 - left) / module)):
            matrix[row][column] = 1
    return matrix


def _figures(data: bytes) -> list[pikepdf.Dictionary]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = []

        def walk(node) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == pikepdf.Name.Figure:
                    found.append({"alt": str(node.get("/Alt", "")), "kids": "/K" in node})
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    for kid in kids:
                        walk(kid)
                elif isinstance(kids, pikepdf.Dictionary):
                    walk(kids)

        walk(pdf.Root.StructTreeRoot)
        return found


def test_the_qr_code_draws_segnos_matrix_of_the_website_and_is_a_figure_with_its_address(
    policy: Policy,
) -> None:
    url = policy.organisation.website
    assert url
    data = _poster(policy, "en")
    expected = [list(row) for row in segno.make(url, error="m").matrix]
    assert _qr_matrix(data) == expected
    assert _figures(data) == [{"alt": url, "kids": True}]


@pytest.mark.parametrize(
    ("lang", "caption"),
    [("sv", "Skanna koden för allt material"), ("en", "Scan the code for all the workshop")],
)
def test_beside_the_qr_code_stand_its_caption_and_the_address_as_people_type_it(
    policy: Policy, lang: str, caption: str
) -> None:
    data = _poster(policy, lang)
    _, runs, rects = page_contents(data)
    qr_left = min(r.box.x0 for r in rects if r.colour == pytest.approx((0, 0, 0), abs=1e-3))
    qr_top = max(r.box.y1 for r in rects if r.colour == pytest.approx((0, 0, 0), abs=1e-3))
    beside = [run for run in runs if run.box.x1 < qr_left and run.box.y0 < qr_top]
    text = _words(" ".join(run.text for run in beside))
    assert caption in text
    assert "www.norrvik.example/international" in text and "https://" not in text
    assert min(run.size for run in beside if run.text in text) >= 16


def test_a_policy_without_a_website_gets_no_qr_code(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = copy.deepcopy(default_policy_data)
    data["organisation"].pop("website")
    policy = load_policy(write_policy(data))
    pdf = _poster(policy, "sv")
    _, _, rects = page_contents(pdf)
    assert not [r for r in rects if r.colour == pytest.approx((0, 0, 0), abs=1e-3)]
    assert _figures(pdf) == []
    _assert_panels_hold_their_text(policy, "sv", pdf)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_steps_band_below_the_blocks_holds_every_step_numbered_in_order(
    policy: Policy, lang: str
) -> None:
    data = _poster(policy, lang)
    _, runs, rects = page_contents(data)
    lowest = min(r.box.y0 for r in _blocks(policy, rects))
    accent = hex_rgb(policy.theme.colours.accent)
    boxes = [r.box for r in rects if r.colour == pytest.approx(accent, abs=1e-3)]
    band_boxes = [box for box in boxes if box.y1 < lowest]
    assert len(band_boxes) == 4
    assert len({round(box.y0, 2) for box in band_boxes}) == 1  # one row across the page
    band = _words(" ".join(run.text for run in runs if run.box.y1 < lowest and run.size >= 16))
    steps = localize(policy, lang).policy.method.steps
    expected = [_words(f"{number} {step.title}") for number, step in enumerate(steps, 1)]
    positions = [band.find(text) for text in expected]
    assert -1 not in positions, band
    assert positions == sorted(positions)
    numbers = [run for run in runs if run.text in {"1", "2", "3", "4"}]
    assert len(numbers) == 4 and min(run.size for run in numbers) >= 28
    # the steps are set at the size of the blocks' points
    in_boxes = [r for r in runs if r not in numbers and any(b.contains(r.box) for b in band_boxes)]
    assert {round(run.size, 3) for run in in_boxes} == _point_sizes(policy, lang, data)


def test_on_larger_paper_the_steps_and_the_link_grow_with_the_blocks(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    policy = load_policy(write_policy(_with_theme(default_policy_data, poster_paper="A1")))
    data = _poster(policy, "sv")
    _assert_panels_hold_their_text(policy, "sv", data)
    _, runs, _ = page_contents(data)
    (points,) = _point_sizes(policy, "sv", data)
    assert points > 20
    steps = [run for run in runs if run.text.startswith("Formulera er")]
    address = [run for run in runs if run.text == "www.norrvik.example/international"]
    sizes = [run.size for run in steps + address]
    # as large as the points, or a little smaller where the larger band took their room
    assert len(sizes) == 2 and all(0.9 * points <= size <= points for size in sizes), sizes


def test_fitting_measures_each_text_once_however_many_layouts_it_tries(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = compose("poster", localize(policy, "sv"))
    poster = next(b for b in document.blocks if isinstance(b, Poster))
    texts = sum(
        1 + sum(1 for block in panel.blocks for _ in _texts(block)) for panel in poster.panels
    )
    calls = []
    original = poster_module.MeasuredText.__init__

    def counting(self, *args, **kwargs) -> None:
        calls.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(poster_module.MeasuredText, "__init__", counting)
    style = poster_module.PosterStyle("A3", 842 / 595.2755905511812, policy.theme.colours)
    layout = poster_module.lay_out.__wrapped__(poster, style, 754.0, 532.0)  # not the cache
    assert layout.points is not None and layout.points < 8
    assert len(calls) == texts  # each title, aim and point once, not once per trial


def _texts(block):
    if isinstance(block, ListBlock):
        for item in block.items:
            yield item
            for child in item.children:
                yield from _texts(child)
    else:
        yield block
