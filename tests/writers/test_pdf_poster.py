"""The poster: panels in a grid, text fitted with real font metrics, or a clear error."""

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
from planmaterials.document import LayoutError
from planmaterials.errors import PolicyError
from planmaterials.model import Policy
from planmaterials.writers import write
from planmaterials.writers.colours import tint

from .pdf_inspect import hex_rgb, page_contents


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


def _assert_panels_hold_their_text(policy: Policy, lang: str, data: bytes) -> None:
    page, runs, rects = page_contents(data)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    panel_colour = hex_rgb(tint(policy.theme.colours.secondary, 0.9))
    panels = [rect.box for rect in rects if rect.colour == pytest.approx(panel_colour, abs=1e-3)]
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
        # text is either wholly inside one panel or outside every panel (title band, foot)
        assert holders == overlapping, f"{run.text!r} crosses the edge of a panel"
        for i in holders:
            inside[i].append(run.text)
    # panels are drawn in the order of the areas; each holds all of its area's text
    for index, area in enumerate(localized.areas):
        text = _words(" ".join(inside[index]))
        assert _words(area.title) in text
        assert _words(area.description) in text
        for point in area.points:
            # the poster shows a point's short form when the policy gives one
            assert _words(point.short or point.text) in text


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("areas", "points"), [(2, None), (4, None), (8, 4)])
def test_posters_with_two_to_eight_areas_keep_every_line_inside_its_panel(
    default_policy_data: dict,
    write_policy: Callable[[dict], Path],
    areas: int,
    points: int | None,
    lang: str,
) -> None:
    policy = load_policy(write_policy(_variant(default_policy_data, areas, points)))
    _assert_panels_hold_their_text(policy, lang, _poster(policy, lang))


def test_every_panel_uses_the_same_type_size(policy: Policy) -> None:
    _, runs, _ = page_contents(_poster(policy, "sv"))
    point_runs = [
        run
        for run in runs
        if any(
            (p.short or p.text).startswith(run.text)
            for a in localize(policy, "sv").policy.areas
            for p in a.points
        )
    ]
    assert len(point_runs) > 4
    assert len({round(run.size, 3) for run in point_runs}) == 1


def test_the_default_poster_is_set_well_above_the_minimum_size(policy: Policy) -> None:
    _, runs, _ = page_contents(_poster(policy, "en"))
    assert min(run.size for run in runs) >= 12  # well above the 10 pt minimum on A3


def test_a_larger_poster_paper_gives_larger_type(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    sizes = {}
    for paper in ("A3", "A2"):
        data = _variant(default_policy_data, 4, 3)
        data["theme"]["poster_paper"] = paper
        policy = load_policy(write_policy(data))
        data_pdf = _poster(policy, "sv")
        page = PdfReader(io.BytesIO(data_pdf)).pages[0]
        assert round(float(page.mediabox.width)) == {"A3": 842, "A2": 1191}[paper]
        _, runs, _ = page_contents(data_pdf)
        sizes[paper] = max(run.size for run in runs)
        _assert_panels_hold_their_text(policy, "sv", data_pdf)
    assert sizes["A2"] > 1.3 * sizes["A3"]


def test_eight_areas_of_four_points_do_not_fit_a3_at_16_pt_but_fit_a2(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = _variant(default_policy_data, 8, 4)
    data["theme"]["poster_paper"] = "A3"
    with pytest.raises(LayoutError, match=r"A3 poster.*\(16\.0 pt\)"):
        _poster(load_policy(write_policy(data)), "sv")
    data["theme"]["poster_paper"] = "A2"
    policy = load_policy(write_policy(data))
    _assert_panels_hold_their_text(policy, "sv", _poster(policy, "sv"))


def test_the_writer_names_a_panel_that_cannot_fit_by_its_id_and_title(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = copy.deepcopy(default_policy_data)
    area = data["policy"]["areas"][2]
    texts = [p["text"] if isinstance(p, dict) else p for p in area["points"]]
    area["points"] = [text * 12 for text in texts]
    with pytest.raises(LayoutError) as caught:
        _poster(load_policy(write_policy(data)), "sv")
    assert caught.value.element == area["key"]
    assert "Utlandserfarenhet" in caught.value.message
    assert "poster_paper" in str(caught.value)


def test_the_build_names_the_policy_file_and_area_of_a_panel_that_cannot_fit(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = copy.deepcopy(default_policy_data)
    area = data["policy"]["areas"][2]
    texts = [p["text"] if isinstance(p, dict) else p for p in area["points"]]
    area["points"] = [text * 12 for text in texts]
    path = write_policy(data)
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


def test_a_word_wider_than_any_panel_is_an_error_not_an_overflow(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    data = copy.deepcopy(default_policy_data)
    data["policy"]["areas"][1]["points"][0] = "Internationaliserings" * 15
    with pytest.raises(LayoutError, match="Internationella samarbeten"):
        _poster(load_policy(write_policy(data)), "sv")


def _a3_poster(default_policy_data: dict, write_policy: Callable[[dict], Path], lang: str):
    """Four areas of three points each on A3: what fits an A3 poster at 16 pt."""
    data = _variant(default_policy_data, 4, 3)
    data["theme"]["poster_paper"] = "A3"
    policy = load_policy(write_policy(data))
    return policy, _poster(policy, lang)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_a3_poster_reads_from_two_metres_title_60_area_titles_28_text_16_pt(
    default_policy_data: dict, write_policy: Callable[[dict], Path], lang: str
) -> None:
    policy, data = _a3_poster(default_policy_data, write_policy, lang)
    _assert_panels_hold_their_text(policy, lang, data)
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


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_steps_band_below_the_panels_holds_every_step_title_in_order(
    policy: Policy, lang: str
) -> None:
    data = _poster(policy, lang)
    _, runs, rects = page_contents(data)
    panel_colour = hex_rgb(tint(policy.theme.colours.secondary, 0.9))
    lowest = min(r.box.y0 for r in rects if r.colour == pytest.approx(panel_colour, abs=1e-3))
    band = _words(" ".join(run.text for run in runs if run.box.y1 < lowest and run.size >= 16))
    steps = localize(policy, lang).policy.method.steps
    expected = [_words(f"{number}. {step.title}") for number, step in enumerate(steps, 1)]
    positions = [band.find(text) for text in expected]
    assert -1 not in positions, band
    assert positions == sorted(positions)
