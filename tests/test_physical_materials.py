"""The poster and the area bullet lists: composed documents, markup, Word fallback and build."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from planmaterials import load_policy, localize
from planmaterials.build import render
from planmaterials.compose import compose
from planmaterials.document import FillIn, ListBlock, Poster
from planmaterials.errors import PolicyError
from planmaterials.localize import LocalizedPolicy
from planmaterials.markup import parse_markup
from planmaterials.model import Policy
from planmaterials.writers import write

from .conftest import parse_body

GOLDEN = Path(__file__).parent / "golden"


def test_the_poster_has_one_panel_per_area_named_by_the_area_id(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    document = compose("poster", localized("en"))
    (poster,) = [block for block in document.blocks if isinstance(block, Poster)]
    assert [panel.id for panel in poster.panels] == [area.id for area in policy.areas]


def test_two_panels_with_one_id_are_a_template_error() -> None:
    with pytest.raises(PolicyError, match="two panels have the id 'a'"):
        _parse(
            '<poster><panel title="A" id="a"><p>x</p></panel>'
            '<panel title="B" id="a"><p>y</p></panel></poster>'
        )


def test_a_poster_takes_a_caption_for_its_link_and_how_many_points_to_show() -> None:
    (poster,) = _parse(
        '<poster link="https://x.example/kit" caption="Scan  for the kit:" points="3">'
        '<panel title="A" id="a"><p>x</p></panel></poster>'
    ).blocks
    assert (poster.link, poster.caption, poster.points) == (
        "https://x.example/kit",
        "Scan for the kit:",
        3,
    )
    (poster,) = _parse('<poster><panel title="A"><p>x</p></panel></poster>').blocks
    assert (poster.caption, poster.points) == (None, None)
    with pytest.raises(PolicyError, match="points='0' must be a whole number of at least 1"):
        _parse('<poster points="0"><panel title="A"><p>x</p></panel></poster>')


def test_the_theme_gives_the_poster_its_number_of_points(
    default_policy_data: dict, write_policy: Callable[[dict], Path]
) -> None:
    default_policy_data["theme"]["poster_points"] = 3
    document = compose("poster", localize(load_policy(write_policy(default_policy_data)), "sv"))
    (poster,) = [block for block in document.blocks if isinstance(block, Poster)]
    assert poster.points == 3


def test_every_point_of_an_area_list_is_followed_by_room_to_write(
    localized: Callable[[str], LocalizedPolicy],
) -> None:
    document = compose("area-list", localized("sv"), area="abroad", format="pdf")
    assert document.type_size == "large"
    lists = [i for i, block in enumerate(document.blocks) if isinstance(block, ListBlock)]
    assert len(lists) == len(localized("sv").policy.area("abroad").points)
    for index in lists:
        assert isinstance(document.blocks[index + 1], FillIn)


def _parse(body: str):
    return parse_body(body)


def test_a_panel_needs_a_title_and_holds_only_paragraphs_and_lists() -> None:
    with pytest.raises(PolicyError, match="<panel> needs a title"):
        _parse("<poster><panel><p>x</p></panel></poster>")
    with pytest.raises(PolicyError, match="<table> is not allowed inside <panel>"):
        _parse('<poster><panel title="A"><table/></panel></poster>')
    with pytest.raises(PolicyError, match="<p> is not allowed inside <poster>"):
        _parse("<poster><p>x</p></poster>")
    with pytest.raises(PolicyError, match="type-size='huge'"):
        parse_markup(
            '<document title="T" type-size="huge"/>',
            template="t.j2",
            lang="sv-SE",
            date=dt.date(2025, 1, 1),
            author="A",
        )


def test_word_writes_a_poster_as_a_heading_per_panel(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
) -> None:
    data = write(compose("poster", localized("sv")), "docx", policy.theme)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    # a heading per panel, and one over the four steps
    assert xml.count('w:val="Heading2"') == len(policy.areas) + 1
    for area in localized("sv").policy.areas:
        assert area.title in xml


def test_the_kit_has_a_poster_and_a_list_per_area_in_both_languages(policy: Policy) -> None:
    result = render(policy)
    pdfs = sorted(f.path for f in result.files if f.format == "pdf")
    assert "sv/oversiktsaffisch-utvecklingsomraden.pdf" in pdfs
    assert "en/overview-poster-development-areas.pdf" in pdfs
    assert "sv/utlandserfarenhet-punktlista.pdf" in pdfs
    assert "en/experience-abroad-bullet-list.pdf" in pdfs
    lists = [f for f in result.files if f.material == "area-list" and f.format == "pdf"]
    assert len(lists) == 2 * len(policy.areas)
    assert {f.area for f in lists} == {area.id for area in policy.areas}
