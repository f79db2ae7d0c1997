"""Composing materials: templates render data safely, and golden dumps make changes reviewable."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from planmaterials import PolicyError, Templates, compose, dump, localize
from planmaterials.compose import layout_error
from planmaterials.document import Heading, LayoutError, Link, ListBlock, Paragraph
from planmaterials.i18n import language
from planmaterials.listing import ListedFile, Listing, Translation
from planmaterials.materials import BUNDLES, MATERIALS

GOLDEN = Path(__file__).parent / "golden"


def _golden_cases():
    """Every template of every material, both languages: per-area ones for the first area,
    those made for a set of unit plans for the example plans."""
    for material in MATERIALS.values():
        formats = {material.template_for(fmt): fmt for fmt in material.formats}
        for template, fmt in formats.items():
            for lang in ("sv", "en"):
                yield material.id, fmt, template.removesuffix(".j2"), lang


@pytest.mark.parametrize(("material", "format", "name", "lang"), list(_golden_cases()))
def test_each_material_matches_its_golden_dump(material, format, name, lang, localized, policy):
    localized_policy = localized(lang)
    area = localized_policy.policy.areas[0] if MATERIALS[material].per_area else None
    listing = sample_listing(lang) if MATERIALS[material].lists_kit else None
    plans = ()
    if MATERIALS[material].for_plans_only:
        # its own catalogs: the plans' untranslated texts stay out of the shared ones
        localized_policy = localize(policy, lang)
        plans = tuple(map(localized_policy.translate_plan, _example_plans()))
    document = compose(
        material, localized_policy, area=area, plans=plans, format=format, listing=listing
    )
    text = dump(document)
    expected = GOLDEN / f"{name}-{lang}.txt"
    if os.environ.get("PLANMATERIALS_UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert expected.exists(), f"no golden file; run with PLANMATERIALS_UPDATE_GOLDEN=1: {expected}"
    assert text == expected.read_text(encoding="utf-8")


def sample_listing(lang: str) -> Listing:
    """A kit page's listing with one file of each group, a bundle and an unknown material."""
    poster = ListedFile("poster.pdf", "Poster", "poster", "pdf", 64_227)
    home = ListedFile("home.pdf", "Home – bullet list", "area-list", "pdf", 42_005, area="home")
    extra = ListedFile("extra.pdf", "Extra", "glossary", "pdf", 999)
    page = ListedFile("index.html", "Start here", "start-here", "html", 10_596)
    bundle = ListedFile(
        "physical.zip",
        "Physical",
        "bundle-physical",
        "zip",
        1_309_313,
        contains=(page, poster, home),
    )
    other = "en" if lang == "sv" else "sv"
    translation = Translation(language(other), f"../{other}/index.html")
    return Listing((poster, home, extra, bundle), None, (translation,))


def test_a_page_in_a_bundle_links_only_to_the_bundles_files(localized):
    poster = ListedFile("poster.pdf", "Poster", "poster", "pdf", 64_227)
    listing = Listing((poster,), BUNDLES["physical"])
    document = compose("start-here", localized("en"), format="html", listing=listing)
    targets = {
        item.target
        for block in document.blocks
        for content in _inline_contents(block)
        for item in content
        if isinstance(item, Link)
    }
    website = localized("en").policy.organisation.website
    contacts = {f"mailto:{c.email}" for c in localized("en").policy.contacts}
    assert targets == {"poster.pdf", website, *contacts}


def _inline_contents(block):
    if isinstance(block, (Heading, Paragraph)):
        yield block.content
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield item.content
            for child in item.children:
                yield from _inline_contents(child)


def _example_plans():
    from planmaterials import load_policy
    from planmaterials.loader import load_plans

    from .conftest import EXAMPLE_PLANS

    return load_plans(EXAMPLE_PLANS, load_policy())


def test_a_material_for_a_set_of_plans_needs_plans(localized):
    with pytest.raises(ValueError, match="made for a set of unit plans"):
        compose("follow-up", localized("en"))


def test_each_area_becomes_a_heading_with_its_points_in_the_summary(localized):
    english = localized("en")
    text = dump(compose("policy-summary", english))
    for area in english.policy.areas:
        assert f"H2 {english.policy.areas.index(area) + 1}. {area.title}" in text
        for point in area.points:
            assert f"- {point.text}" in text


def test_text_from_data_cannot_break_the_markup(localized):
    english = localized("en")
    policy = english.policy
    evil = dataclasses.replace(policy.areas[0], title='<b>&"Bold"</b> & co')
    tricky = dataclasses.replace(english, policy=dataclasses.replace(policy, areas=(evil,)))
    text = dump(compose("policy-summary", tricky))
    assert 'H2 1. <b>&"Bold"</b> & co' in text


def test_a_users_template_folder_overrides_a_template_by_name(tmp_path, localized):
    (tmp_path / "policy-summary.j2").write_text(
        '<document title="{{ policy.title }}"><h1>{{ pgettext("label.contact", "Contact") }}'
        "</h1></document>",
        encoding="utf-8",
    )
    doc = compose("policy-summary", localized("sv"), templates=Templates([tmp_path]))
    assert dump(doc).splitlines()[-1] == "H1 Kontakt"


def test_a_template_mistake_names_the_template_and_line(tmp_path, localized):
    (tmp_path / "policy-summary.j2").write_text(
        '<document title="x">\n<p>{{ policy.no_such_field }}</p>\n</document>', encoding="utf-8"
    )
    with pytest.raises(PolicyError) as info:
        compose("policy-summary", localized("sv"), templates=Templates([tmp_path]))
    assert str(info.value.file).endswith("policy-summary.j2") and info.value.line == 2
    assert "no_such_field" in str(info.value)


def test_a_missing_template_folder_is_a_clear_error(tmp_path):
    with pytest.raises(PolicyError, match="the templates folder does not exist"):
        Templates([tmp_path / "nope"])


def test_a_layout_error_about_an_area_names_the_policy_file_and_the_area(policy):
    error = layout_error(
        LayoutError("too long", element=policy.areas[1].id, remedy="use larger paper"), policy
    )
    assert (error.file, error.key) == (policy.source, "policy.areas[1]")
    assert error.message == "too long; shorten its description or points, or use larger paper"


def test_a_layout_error_about_other_text_names_the_policy_file(policy):
    error = layout_error(LayoutError("the opening slide is full"), policy)
    assert (error.file, error.key) == (policy.source, None)
    assert error.message == "the opening slide is full; shorten the text"


def test_a_template_file_changed_or_removed_after_it_was_read_is_read_again(tmp_path):
    mine = tmp_path / "mine.j2"
    mine.write_text("first", encoding="utf-8")
    templates = Templates([tmp_path])
    assert templates.source("mine.j2") == ("first", str(mine))
    assert templates.source("mine.j2") == ("first", str(mine))
    mine.write_text("second", encoding="utf-8")
    later = mine.stat().st_mtime + 10  # a file system may keep coarse times
    os.utime(mine, (later, later))
    assert templates.source("mine.j2") == ("second", str(mine))
    mine.unlink()
    with pytest.raises(PolicyError, match=r"no template 'mine\.j2'"):
        templates.source("mine.j2")
