"""The getting-started presentation: its content in both languages, any number of areas."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from planmaterials import load_policy, localize
from planmaterials.build import render
from planmaterials.compose import compose
from planmaterials.document import Slide, dump
from planmaterials.writers import write

from .conftest import pdf_text
from .pptx_frames import measure_frame

GOLDEN = Path(__file__).parent / "golden"


def _deck(localized):
    document = compose("presentation", localized)
    data = write(document, "pptx", localized.policy.theme)
    return document, Presentation(io.BytesIO(data)), data


def _titles(deck) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in deck.slides]


def _check_deck(deck) -> None:
    titles = _titles(deck)
    assert len(titles) == len(set(titles)), titles
    for number, slide in enumerate(deck.slides, start=1):
        assert slide.shapes[0].shape_id == slide.shapes.title.shape_id
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), number
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                needed, available = measure_frame(shape)
                assert needed <= available, (number, shape.name, needed, available)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_deck_has_every_part_of_the_workshop_introduction(localized, lang):
    loc = localized(lang)
    policy = loc.policy
    document, deck, _ = _deck(loc)
    titles = _titles(deck)
    assert len(titles) >= 10 + len(policy.areas)
    for area in policy.areas:
        assert area.title in titles
    text = "\n".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    for needle in (
        policy.organisation.name,
        loc.format.date(policy.adopted),
        policy.background.split("\n\n")[0].split(". ")[0],
        *(step.title for step in policy.method.steps),
        *policy.method.step("evaluation").questions[:5],
        *(quadrant.title for quadrant in policy.swot.quadrants),
        *(contact.email for contact in policy.contacts),
    ):
        assert needle in text, needle
    layouts = [block.layout for block in document.blocks if isinstance(block, Slide)]
    assert layouts[0] == "title" and layouts.count("title") == 1


def test_labels_and_speaker_notes_are_translated(localized):
    sv = _deck(localized("sv"))[1]
    en = _deck(localized("en"))[1]
    assert "Därför är internationalisering viktigt" in _titles(sv)
    assert "Why internationalisation matters" in _titles(en)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in sv.slides)
    assert "minuter" in notes and "minutes" not in notes
    _check_deck(sv)
    _check_deck(en)


def test_the_deck_names_the_kits_materials_by_their_file_names(localized):
    loc = localized("en")
    document = compose("presentation", loc)
    text = dump(document)
    assert "ITEM Policy summary – Word" in text


def _variant(default_policy_data, write_policy, areas):
    data = dict(default_policy_data)
    data["policy"] = {**data["policy"], "areas": areas}
    data.pop("plan", None)
    return load_policy(write_policy(data))


@pytest.mark.parametrize("count", [2, 8])
def test_two_or_eight_areas_give_one_slide_each_and_nothing_runs_off(
    default_policy_data, write_policy, count
):
    base = default_policy_data["policy"]["areas"]
    areas = [
        {
            **base[n % len(base)],
            "key": f"area-{n}",
            "slug": f"area-{n}",
            "title": f"{base[n % len(base)]['title']} {n}",
        }
        for n in range(count)
    ]
    policy = _variant(default_policy_data, write_policy, areas)
    for lang in ("sv", "en"):
        _, deck, _ = _deck(localize(policy, lang))
        for area in areas:
            assert area["title"] in _titles(deck)
        _check_deck(deck)


def test_an_area_whose_points_do_not_fit_at_20_pt_continues_on_numbered_slides(
    default_policy_data, write_policy
):
    long_point = (
        "Utveckla långsiktiga strategiska partnerskap med lärosäten i andra länder som omfattar "
        "utbildning, forskning och samverkan, och följ upp dem varje år tillsammans med parterna, "
        "så att samarbetet ger verklig nytta för studenter, lärare och forskare vid alla "
        "lärosäten som deltar i det"
    )
    areas = [
        {
            "key": "long",
            "title": "Ett område med mycket långa punkter",
            "description": "Ett område för att pröva att långa listor delas upp.",
            "points": [f"{long_point} ({n})." for n in range(1, 21)],
        },
        default_policy_data["policy"]["areas"][0],
    ]
    policy = _variant(default_policy_data, write_policy, areas)
    _, deck, _ = _deck(localize(policy, "sv"))
    name = "Ett område med mycket långa punkter"
    parts = [title for title in _titles(deck) if title.startswith(name)]
    assert len(parts) >= 2
    assert parts == [f"{name} ({n}/{len(parts)})" for n in range(1, len(parts) + 1)]
    points = [
        p.text
        for slide in deck.slides
        if slide.shapes.title.text_frame.text in parts
        for p in slide.placeholders[1].text_frame.paragraphs
    ]
    # The slides show the first five points (the point list has them all), whole.
    assert points[1:] == [f"{long_point} ({n})." for n in range(1, 6)]
    _check_deck(deck)


def test_the_build_makes_the_presentation_in_both_languages(policy):
    result = render(policy)
    made = {(f.lang, f.format) for f in result.files if f.material == "presentation"}
    assert made == {("sv", "pptx"), ("en", "pptx")}
    paths = [f.path for f in result.files if f.material == "presentation"]
    assert "sv/presentation-internationalisering-och-handlingsplanen.pptx" in paths


@pytest.mark.libreoffice
def test_libreoffice_opens_every_deck_of_the_kit_with_one_page_per_slide(full_kit, full_kit_pdfs):
    from pypdf import PdfReader

    decks = {path: pdf for path, pdf in full_kit_pdfs.items() if path.endswith(".pptx")}
    assert {path.split("/")[0] for path in decks} == {"sv", "en"}
    for path, pdf in decks.items():
        deck = Presentation(str(full_kit / path))
        assert len(PdfReader(pdf).pages) == len(deck.slides) > 1
        text = " ".join(pdf_text(pdf).split())
        for title in _titles(deck):
            assert " ".join(title.split()) in text
