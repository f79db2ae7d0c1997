"""The Word materials of the kit as composed documents: structure, labels and golden dumps."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from planmaterials.compose import compose
from planmaterials.document import (
    Heading,
    ListBlock,
    Paragraph,
    Section,
    Table,
    plain_text,
)
from planmaterials.materials import BUNDLES, MATERIALS

GOLDEN = Path(__file__).parent / "golden"
WORD_MATERIALS = ("action-plan-template", "action-plan", "swot-template", "policy-summary")


def _walk(blocks):
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from _walk(block.blocks)


def _tables(document):
    return [b for b in _walk(document.blocks) if isinstance(b, Table)]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("material", [*WORD_MATERIALS, "area-list"])
def test_headings_start_at_one_and_never_skip_a_level(localized, material, lang):
    document = compose(material, localized(lang), area="home")
    levels = [b.level for b in _walk(document.blocks) if isinstance(b, Heading)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_catalogue_has_every_word_material_with_its_source():
    assert MATERIALS["action-plan"].requires == "plan"
    assert MATERIALS["swot-template"].requires == "swot"
    assert MATERIALS["area-list"].per_area
    assert "docx" in MATERIALS["area-list"].formats
    bundled = {item for bundle in BUNDLES.values() for item in bundle.contents}
    assert ("area-list", "docx") in bundled and ("swot-template", "docx") in bundled


def test_the_filled_plan_shows_period_and_date_in_the_title_block(localized):
    document = compose("action-plan", localized("en"))
    assert document.title == "Action plan for internationalisation 2025–2026"
    assert document.header_right == "1 September 2025"
    assert document.date.isoformat() == "2025-09-01"


def test_the_filled_plan_has_one_landscape_table_per_area_with_merged_goal_cells(policy, localized):
    document = compose("action-plan", localized("sv"))
    landscape = [b for b in document.blocks if isinstance(b, Section)]
    assert [s.orientation for s in landscape] == ["landscape"]
    tables = _tables(document)
    assert len(tables) == len(policy.plan.areas)
    for table, plan_area in zip(tables, policy.plan.areas, strict=True):
        header = [plain_text(c.blocks[0].content) for c in table.header[0].cells]
        assert header == ["Mål", "Aktivitet", "NORDLINK", "Ansvarig(a)", "Klart senast"]
        # a row that starts a goal has every column; the goal cell spans its activities
        spans = [row.cells[0].rowspan for row in table.body if len(row.cells) == len(header)]
        assert spans == [len(goal.activities) for goal in plan_area.goals]


def test_the_plan_puts_the_lead_unit_first_and_translates_flags(localized, policy):
    table = _tables(compose("action-plan", localized("en")))[0]
    first = policy.plan.areas[0].goals[1].activities[0]  # the COIL activity, flagged yes
    row = table.body[2]
    texts = [plain_text(c.blocks[0].content) if c.blocks else "" for c in row.cells]
    assert texts[-3:] == ["Yes", ", ".join(first.responsible), "31 Dec 2026"]
    assert first.responsible[0] == "Inst"


def test_the_legend_spells_out_exactly_the_units_the_plan_uses(localized, policy):
    document = compose("action-plan", localized("sv"))
    legend = next(
        plain_text(b.content)
        for b in _walk(document.blocks)
        if isinstance(b, Paragraph) and plain_text(b.content).startswith("Förkortningar:")
    )
    entries = legend.removeprefix("Förkortningar: ").split("; ")
    used = sorted(policy.plan.units_used())
    assert [entry.split(" = ")[0] for entry in entries] == used
    assert "IK = Internationella kontoret" in entries


def test_the_template_has_landscape_fill_in_tables_for_goals_and_activities(localized):
    document = compose("action-plan-template", localized("en"))
    landscape = next(b for b in document.blocks if isinstance(b, Section))
    assert landscape.orientation == "landscape"
    tables = [b for b in landscape.blocks if isinstance(b, Table)]
    assert len(tables) >= 2
    for table in tables:
        header = [plain_text(c.blocks[0].content) for c in table.header[0].cells]
        assert header == [
            "Sub-goal",
            "Activity or action",
            "Responsible",
            "Deadline",
            "Resources",
            "Next step",
        ]
        assert len(table.body) >= 5
        assert all(not cell.blocks for row in table.body for cell in row.cells)


def test_the_template_lists_the_four_steps_and_the_follow_up_questions(localized, policy):
    document = compose("action-plan-template", localized("sv"))
    headings = [plain_text(b.content) for b in _walk(document.blocks) if isinstance(b, Heading)]
    for step in localized("sv").policy.method.steps:
        assert any(step.title in heading for heading in headings)
    questions = localized("sv").policy.method.step("evaluation").questions
    lists = [b for b in document.blocks if isinstance(b, ListBlock)]
    assert [plain_text(i.content) for i in lists[-1].items] == list(questions)


def test_the_swot_grid_labels_both_axes_and_holds_every_quadrant(localized):
    swot = localized("en").policy.swot
    table = _tables(compose("swot-template", localized("en")))[0]
    header = [plain_text(c.blocks[0].content) if c.blocks else "" for c in table.header[0].cells]
    assert header == ["", swot.axes.helpful, swot.axes.harmful]
    rows = table.body
    assert [plain_text(r.cells[0].blocks[0].content) for r in rows] == [
        swot.axes.internal,
        swot.axes.external,
    ]
    titles = [plain_text(c.blocks[0].content) for r in rows for c in r.cells[1:]]
    assert titles == [
        swot.quadrant(q).title for q in ("strengths", "weaknesses", "opportunities", "threats")
    ]


def test_the_area_list_gives_every_point_a_row_with_room_for_notes(localized):
    area = localized("sv").policy.area("hosting")
    table = _tables(compose("area-list", localized("sv"), area="hosting"))[0]
    assert len(table.body) == len(area.points)
    first = table.body[0].cells[0].blocks[0]
    assert isinstance(first, ListBlock)
    assert plain_text(first.items[0].content) == area.points[0].text
