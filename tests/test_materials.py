"""The Word materials of the kit as composed documents: structure, labels and golden dumps."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from planmaterials.compose import compose
from planmaterials.document import (
    Field,
    FillIn,
    Heading,
    ListBlock,
    PageBreak,
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


def _column_headers(table):
    """The texts of a plan table's column header row (the row under the area's title)."""
    return [plain_text(c.blocks[0].content) for c in table.header[-1].cells]


def test_the_filled_plan_shows_period_and_date_in_the_title_block(localized):
    document = compose("action-plan", localized("en"))
    assert document.title == "Action plan for internationalisation 2025–2026"
    assert document.header == "Norrvik University – Action plan for internationalisation 2025–2026"
    assert document.footer.endswith("Norrvik University, 1 September 2025")
    assert document.date.isoformat() == "2025-09-01"


def test_the_filled_plan_is_landscape_with_one_row_per_activity_in_a_table_per_area(
    policy, localized
):
    document = compose("action-plan", localized("sv"))
    # Landscape throughout: no portrait page left half empty before the tables.
    assert [type(b) for b in document.blocks] == [Section]
    assert document.blocks[0].orientation == "landscape"
    tables = _tables(document)
    assert len(tables) == len(policy.plan.areas)
    for table, plan_area in zip(tables, policy.plan.areas, strict=True):
        area_title = localized("sv").policy.area(plan_area.area).title
        # The area's title heads the table and repeats with the header on every page.
        assert plain_text(table.header[0].cells[0].blocks[0].content).endswith(area_title)
        assert table.header[0].cells[0].colspan == len(_column_headers(table))
        assert _column_headers(table) == [
            "Mål",
            "Aktivitet",
            "NORDLINK",
            "Ansvarig (ledande först)",
            "Klart senast",
        ]
        activities = [(g, a) for g in plan_area.goals for a in g.activities]
        assert len(table.body) == len(activities)
        # Every row names its goal: no merged cell leaves a continued page without one.
        for row, (goal, _) in zip(table.body, activities, strict=True):
            assert row.cells[0].rowspan == 1
            assert plain_text(row.cells[0].blocks[0].content) == goal.text


def test_the_plan_sets_the_lead_unit_first_in_bold_and_translates_flags(localized, policy):
    table = _tables(compose("action-plan", localized("en")))[0]
    first = policy.plan.areas[0].goals[1].activities[0]  # the COIL activity, flagged yes
    row = table.body[2]
    texts = [plain_text(c.blocks[0].content) if c.blocks else "" for c in row.cells]
    assert texts[-3:] == ["Yes", ", ".join(first.responsible), "31 Dec 2026"]
    lead = row.cells[-2].blocks[0].content[0]
    assert (lead.text, lead.bold) == ("Inst", True)
    assert not any(span.bold for span in row.cells[-2].blocks[0].content[1:])


def test_each_table_is_preceded_by_the_abbreviations_it_uses(localized, policy):
    document = compose("action-plan", localized("sv"))
    blocks = list(_walk(document.blocks))
    tables = [i for i, b in enumerate(blocks) if isinstance(b, Table)]
    for index, plan_area in zip(tables, policy.plan.areas, strict=True):
        legend = plain_text(blocks[index - 1].content)
        assert legend.startswith("Förkortningar: ")
        entries = legend.removeprefix("Förkortningar: ").rstrip(".").split("; ")
        used = sorted({u for g in plan_area.goals for a in g.activities for u in a.responsible})
        assert [entry.split(" = ")[0] for entry in entries] == used
    assert "IK = Internationella kontoret" in plain_text(blocks[tables[0] - 1].content)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_template_and_filled_plan_have_the_same_columns_in_the_same_order(localized, lang):
    template = _tables(compose("action-plan-template", localized(lang)))
    plan = _tables(compose("action-plan", localized(lang)))
    area_tables = [t for t in template if len(t.header) == 2]
    assert len(area_tables) == len(localized(lang).policy.areas)
    expected = _column_headers(plan[0])
    for table in area_tables + plan:
        assert _column_headers(table) == expected
        assert table.widths == plan[0].widths


def test_the_template_asks_for_every_field_a_plan_file_holds(localized):
    document = compose("action-plan-template", localized("en"))
    assert [type(b) for b in document.blocks] == [Section]
    assert document.blocks[0].orientation == "landscape"
    tables = _tables(document)
    about = tables[0]
    labels = [plain_text(c.blocks[0].content) for r in about.body for c in r.cells if c.header]
    assert labels == ["Unit", "Date", "Title of the plan", "Plan period"]
    assert [plain_text(c.blocks[0].content) for c in tables[1].header[0].cells] == ["Background"]
    goals = tables[2]
    assert len(goals.body) == 4  # room for the "two to four" overall goals
    for table in tables[3:]:
        assert len(table.body) >= 6
        for row in table.body:
            activity = row.cells[1]
            paragraphs = [b.content for b in activity.blocks if isinstance(b, Paragraph)]
            # the activity's own field, then each further field after its label
            assert [type(item).__name__ for item in paragraphs[0]] == ["Field"]
            labels = [plain_text(content[:1]) for content in paragraphs[1:]]
            assert labels == ["Resources:", "Next step:", "Follow-up:"]
            assert all(isinstance(content[-1], Field) for content in paragraphs)


def test_the_template_gives_each_step_where_it_is_worked_on(localized, policy):
    document = compose("action-plan-template", localized("sv"))
    texts = [plain_text(b.content) for b in _walk(document.blocks) if isinstance(b, Paragraph)]
    for number, step in enumerate(localized("sv").policy.method.steps, start=1):
        assert any(text.startswith(f"Steg {number}: {step.title}.") for text in texts)
    questions = localized("sv").policy.method.step("evaluation").questions
    lists = [b for b in _walk(document.blocks) if isinstance(b, ListBlock)]
    assert [plain_text(i.content) for i in lists[-1].items] == list(questions)


def test_the_swot_worksheet_is_landscape_with_fields_and_the_grid_on_its_first_page(localized):
    swot = localized("en").policy.swot
    document = compose("swot-template", localized("en"))
    assert [type(b) for b in document.blocks] == [Section]
    section = document.blocks[0]
    assert section.orientation == "landscape"
    fields, grid = _tables(document)[:2]
    assert _column_headers(fields) == ["Unit", "Date", "Participants"]
    assert all(not c.blocks for c in fields.body[0].cells)
    first_page = section.blocks[: next(i for i, b in enumerate(section.blocks) if b == PageBreak())]
    assert grid in first_page and fields in first_page
    header = [plain_text(c.blocks[0].content) if c.blocks else "" for c in grid.header[0].cells]
    assert header == ["", swot.axes.helpful, swot.axes.harmful]
    rows = grid.body
    assert [plain_text(r.cells[0].blocks[0].content) for r in rows] == [
        swot.axes.internal,
        swot.axes.external,
    ]
    quadrants = [c for r in rows for c in r.cells[1:]]
    assert [plain_text(c.blocks[0].content) for c in quadrants] == [
        swot.quadrant(q).title for q in ("strengths", "weaknesses", "opportunities", "threats")
    ]
    for cell, q in zip(
        quadrants, ("strengths", "weaknesses", "opportunities", "threats"), strict=True
    ):
        # The questions in one small paragraph, then lines to write on.
        questions = cell.blocks[1]
        assert questions.style == "small"
        assert plain_text(questions.content) == " ".join(swot.quadrant(q).questions)
        assert isinstance(cell.blocks[2], FillIn) and cell.blocks[2].lines >= 4


def test_the_area_list_gives_every_point_a_row_with_room_for_notes(localized):
    area = localized("sv").policy.area("hosting")
    table = _tables(compose("area-list", localized("sv"), area="hosting"))[0]
    assert len(table.body) == len(area.points)
    first = table.body[0].cells[0].blocks[0]
    assert isinstance(first, ListBlock)
    assert plain_text(first.items[0].content) == area.points[0].text
