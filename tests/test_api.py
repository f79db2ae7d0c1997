"""The public surface is what we promise, and it works end to end."""

from __future__ import annotations

import dataclasses

import pytest

import planmaterials


def test_the_exports_are_exactly_the_promised_ones():
    assert set(planmaterials.__all__) == {
        "MATERIALS",
        "WRITERS",
        "ActionPlan",
        "Activity",
        "ActivityStatus",
        "Block",
        "Bundle",
        "BuildResult",
        "BuiltFile",
        "CatalogLayer",
        "Catalogs",
        "Cell",
        "Colours",
        "Contact",
        "DevelopmentArea",
        "Diagram",
        "DiagramItem",
        "Document",
        "Field",
        "FillIn",
        "FlagColumn",
        "FlagValue",
        "Formatter",
        "Goal",
        "Heading",
        "Inline",
        "KitChanges",
        "Language",
        "LayoutError",
        "LineBreak",
        "Link",
        "ListBlock",
        "ListedFile",
        "Listing",
        "ListItem",
        "LocalizedPolicy",
        "Lookup",
        "Material",
        "Method",
        "Organisation",
        "PageBreak",
        "Panel",
        "Paragraph",
        "PlanArea",
        "Point",
        "PoEntry",
        "Policy",
        "PolicyError",
        "Config",
        "Poster",
        "Row",
        "Scope",
        "Section",
        "Slide",
        "Span",
        "State",
        "Step",
        "SwotAxes",
        "SwotQuadrant",
        "SwotTemplate",
        "Table",
        "Templates",
        "TextChange",
        "Translation",
        "Theme",
        "Unit",
        "UnknownNameError",
        "Writer",
        "__version__",
        "build",
        "compose",
        "dump",
        "find_config",
        "load_config",
        "load_plan",
        "load_policy",
        "localize",
        "render",
        "write",
    }
    for name in planmaterials.__all__:
        assert getattr(planmaterials, name) is not None


def test_load_localize_compose_write_go_one_way():
    policy = planmaterials.load_policy()
    localized = planmaterials.localize(policy, "en")
    document = planmaterials.compose("policy-summary", localized)
    data = planmaterials.write(document, "docx", policy.theme)
    assert document.lang == "en-GB" and data[:2] == b"PK"


def test_an_unknown_material_is_an_error_listing_the_known_ones(localized):
    with pytest.raises(planmaterials.UnknownNameError) as info:
        planmaterials.compose("nope", localized("en"))
    assert str(info.value).startswith("unknown material 'nope'; expected one of: policy-summary")
    assert set(info.value.known) == set(planmaterials.MATERIALS)


def test_an_unknown_format_is_an_error_listing_the_writers(policy, localized):
    document = planmaterials.compose("policy-summary", localized("en"))
    with pytest.raises(planmaterials.UnknownNameError) as info:
        planmaterials.write(document, "odt", policy.theme)
    assert str(info.value) == "unknown format 'odt'; expected one of: docx, html, pdf, pptx, xlsx"


def test_an_unknown_area_is_an_error_listing_the_policys_areas(policy, localized):
    areas = ", ".join(area.id for area in policy.areas)
    with pytest.raises(planmaterials.UnknownNameError, match=f"expected one of: {areas}$"):
        planmaterials.compose("area-list", localized("en"), area="nope")
    with pytest.raises(planmaterials.UnknownNameError, match="unknown development area 'nope'"):
        policy.area("nope")


@pytest.mark.parametrize(
    ("look_up", "message"),
    [
        (lambda p: p.unit("XYZ"), "unknown unit 'XYZ'; expected one of: "),
        (lambda p: p.method.step("nope"), "unknown step 'nope'; expected one of: current-state"),
        (lambda p: p.swot.quadrant("nope"), "unknown SWOT quadrant 'nope'; expected one of: "),
    ],
)
def test_every_lookup_by_key_names_what_was_unknown(policy, look_up, message):
    with pytest.raises(planmaterials.UnknownNameError) as info:
        look_up(policy)
    assert str(info.value).startswith(message) and info.value.known


def test_an_unknown_name_can_be_caught_as_a_key_error_or_a_value_error(policy):
    with pytest.raises(KeyError):
        policy.area("nope")
    with pytest.raises(ValueError):
        policy.area("nope")


def test_a_per_area_material_without_an_area_says_which_areas_there_are(policy, localized):
    areas = ", ".join(area.id for area in policy.areas)
    with pytest.raises(ValueError, match=f"made per area: give one of {areas}$"):
        planmaterials.compose("area-list", localized("en"))


def test_a_material_the_policy_has_nothing_for_is_a_clear_error(policy):
    bare = dataclasses.replace(policy, swot=None, plan=None)
    localized = planmaterials.localize(bare, "en")
    with pytest.raises(ValueError, match="made from the policy's swot, which this policy does not"):
        planmaterials.compose("swot-template", localized)
    with pytest.raises(ValueError, match="made from the policy's plan"):
        planmaterials.compose("action-plan", localized)
    document = planmaterials.compose("action-plan", localized, plan=policy.plan)
    assert document.title
