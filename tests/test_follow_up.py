"""The university-wide follow-up: a Word report and a workbook on every unit plan of a build."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import yaml

from planmaterials import build, compose, load_policy, localize, write
from planmaterials.cli import main
from planmaterials.compose import Templates
from planmaterials.document import Paragraph, Slide, Span, Table
from planmaterials.errors import PolicyError
from planmaterials.kitcheck import check_kit
from planmaterials.loader import load_plan, load_plans
from planmaterials.model import ActivityStatus
from planmaterials.writers.xlsx import write_xlsx

from .conftest import EXAMPLE_PLANS, make_document, parse_body, pdf_text, require_tool
from .unit_plans import write_unit_plans

STATUSES = ("planned", "ongoing", "done", "postponed", "cancelled", "not-reported")
STEMS = {"en": "follow-up-of-the-action-plans", "sv": "uppfoljning-av-handlingsplanerna"}
COLUMNS = [
    "Unit",
    "Area key",
    "Development area",
    "Goal",
    "Activity",
    "NORDLINK",
    "Klimat",
    "Lead unit",
    "Co-responsible",
    "Deadline",
    "Status",
    "Comment",
]


@pytest.fixture(scope="module")
def twenty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """20 generated unit plans and the kit built from them: (plans folder, kit folder)."""
    root = tmp_path_factory.mktemp("twenty")
    write_unit_plans(root / "plans", 20)
    build(None, root / "kit", plans_dir=root / "plans")
    return root / "plans", root / "kit"


def _activities(plans: Path) -> list[dict]:
    """Every activity of the plan files, read from the YAML itself, with its plan's fields."""
    rows = []
    for path in sorted(plans.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for area in data["areas"]:
            for goal in area["goals"]:
                for activity in goal["activities"]:
                    rows.append({"plan": data, "area": area["area"], **activity})
    return rows


def _workbook(kit: Path, lang: str = "en") -> openpyxl.Workbook:
    return openpyxl.load_workbook(kit / lang / f"{STEMS[lang]}.xlsx")


def _table(sheet, first_row: int) -> list[list]:
    """The rows of the table starting at ``first_row`` (1-based), up to the first empty row."""
    rows = []
    for row in sheet.iter_rows(min_row=first_row, values_only=True):
        if all(value is None for value in row):
            break
        rows.append(list(row))
    # the sheet's rows are as wide as its widest table: cut the columns this one leaves empty
    width = max(max((i + 1 for i, v in enumerate(row) if v is not None), default=0) for row in rows)
    return [row[:width] for row in rows]


def _counts(sheet, title: str) -> list[list]:
    """The table under the heading ``title`` on a sheet."""
    texts = [row[0] for row in sheet.iter_rows(values_only=True)]
    return _table(sheet, texts.index(title) + 2)


def _late(rows: list[dict]) -> list[dict]:
    as_of = max(row["plan"]["date"] for row in rows)
    return [
        row
        for row in rows
        if isinstance(row.get("deadline"), dt.date)
        and row["deadline"] < as_of
        and row.get("status") not in ("done", "cancelled")
    ]


# -- the plan file's status and comment -----------------------------------------------------


def test_a_plan_file_without_status_or_comment_loads_as_before(policy):
    plan = load_plan(EXAMPLE_PLANS / "student-services.yaml", policy)
    activities = [a for area in plan.areas for goal in area.goals for a in goal.activities]
    assert all(a.status is None and a.comment is None for a in activities)


def test_status_and_comment_are_read_from_a_plan_file_and_the_comment_is_translatable(
    policy, tmp_path
):
    plans = write_unit_plans(tmp_path, 3)
    data = yaml.safe_load(plans[0].read_text(encoding="utf-8"))
    first = data["areas"][0]["goals"][0]["activities"][0]
    first.update(status="postponed", comment="Flyttas till nästa år.")
    plans[0].write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    activity = load_plan(plans[0], policy).areas[0].goals[0].activities[0]
    assert activity.status is ActivityStatus.POSTPONED
    assert activity.comment == "Flyttas till nästa år."
    from planmaterials.model import iter_texts

    assert (f"{activity.key}.comment", "Flyttas till nästa år.") in list(iter_texts(activity))


def test_an_unknown_status_is_a_policy_error_naming_the_file_line_and_the_statuses(
    policy, tmp_path
):
    path = tmp_path / "plan.yaml"
    text = (EXAMPLE_PLANS / "student-services.yaml").read_text(encoding="utf-8")
    text = text.replace("responsible: [SA]", "responsible: [SA]\n            status: finished", 1)
    assert "finished" in text
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as raised:
        load_plan(path, policy)
    message = str(raised.value)
    assert "plan.yaml" in message and "status" in message
    assert "'finished' is not one of" in message and "postponed" in message


# -- the follow-up in the kit ---------------------------------------------------------------


def test_a_build_without_plans_makes_no_follow_up(tmp_path):
    result = build(None, tmp_path / "kit", langs=["en"])
    assert not [f for f in result.files if f.material == "follow-up"]


def test_a_build_with_plans_makes_one_report_and_one_workbook_per_language(twenty):
    _, kit = twenty
    follow_up = sorted(
        path.relative_to(kit).as_posix() for path in kit.rglob(f"*{STEMS['en']}*")
    ) + sorted(path.relative_to(kit).as_posix() for path in kit.rglob(f"*{STEMS['sv']}*"))
    assert follow_up == [
        f"en/{STEMS['en']}.docx",
        f"en/{STEMS['en']}.xlsx",
        f"sv/{STEMS['sv']}.docx",
        f"sv/{STEMS['sv']}.xlsx",
    ]
    assert check_kit(kit) == []  # title and language declared, as the manifest says


def test_the_workbook_has_one_row_per_activity_with_the_plan_files_values(twenty):
    plans, kit = twenty
    rows = _activities(plans)
    sheet = _workbook(kit)["Activities"]
    table = _table(sheet, 1)
    assert table[0] == COLUMNS
    assert len(table) - 1 == len(rows) == 144
    swedish = _table(_workbook(kit, "sv").worksheets[0], 1)  # the plans' own language
    for written, in_swedish, row in zip(table[1:], swedish[1:], rows, strict=True):
        record = dict(zip(COLUMNS, written, strict=True))
        assert record["Unit"] == row["plan"]["owner"]
        assert record["Area key"] == row["area"]
        assert record["Activity"] == row["activity"]
        assert record["Lead unit"] == row["responsible"][0]
        assert record["Co-responsible"] == (", ".join(row["responsible"][1:]) or None)
        assert record["Status"] == (row.get("status") or "not reported").capitalize()
        assert record["Comment"] == row.get("comment")
        deadline = row.get("deadline")
        if isinstance(deadline, dt.date):  # a real date, shown as a date
            assert record["Deadline"] == dt.datetime.combine(deadline, dt.time())
        else:  # a text, translated where the catalogs have it ("Varje termin")
            assert in_swedish[COLUMNS.index("Deadline")] == deadline
            assert (record["Deadline"] is None) == (deadline is None)
        flags = {flag["key"] for flag in row["plan"].get("flags", [])}
        for key, title in (("alliance", "NORDLINK"), ("climate", "Klimat")):
            expected = row.get("flags", {}).get(key, "no").capitalize() if key in flags else None
            assert record[title] == expected


def test_the_workbook_has_a_frozen_header_a_filter_fitting_widths_and_date_cells(twenty):
    _, kit = twenty
    book = _workbook(kit)
    assert book.sheetnames == ["Activities", "Counts", "Past the deadline"]
    sheet = book["Activities"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"
    deadline = sheet.cell(row=2, column=COLUMNS.index("Deadline") + 1)
    dates = [c for c in sheet["J"][1:] if isinstance(c.value, dt.datetime)]
    assert dates and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in dates)
    assert deadline.value is None or deadline.is_date or isinstance(deadline.value, str)
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABEJK"}
    longest_unit = max(len(str(c.value)) for c in sheet["A"])
    assert widths["A"] == pytest.approx(longest_unit + 2, abs=1)
    assert widths["J"] >= len("yyyy-mm-dd") and widths["E"] <= 62
    core = book.properties
    assert core.title == "Follow-up of the action plans" and core.language == "en-GB"


def test_the_counts_match_the_plan_files_in_both_languages(twenty):
    plans, kit = twenty
    rows = _activities(plans)
    by_status = Counter(row.get("status") or "not-reported" for row in rows)
    titles = {
        "en": "Activities by development area and status",
        "sv": "Aktiviteter per utvecklingsområde och status",
    }
    for lang in ("en", "sv"):
        counts = _counts(_workbook(kit, lang).worksheets[1], titles[lang])
        header, *body = counts
        assert len(header) == len(STATUSES) + 2
        totals = body[-1]
        assert totals[1:] == [by_status[status] for status in STATUSES] + [len(rows)]
        areas = {row["area"] for row in rows}
        assert len(body) == len(areas) + 1
        assert sum(line[-1] for line in body[:-1]) == len(rows)
    # per area, by the English titles of the default policy
    policy = localize(load_policy(), "en").policy
    counts = _counts(_workbook(kit)["Counts"], titles["en"])
    for line in counts[1:-1]:
        area = next(a.id for a in policy.areas if a.title == line[0])
        in_area = [row for row in rows if row["area"] == area]
        expected = Counter(row.get("status") or "not-reported" for row in in_area)
        assert line[1:] == [expected[status] for status in STATUSES] + [len(in_area)]


def test_the_counts_per_unit_responsible_unit_and_flag_match_the_plan_files(twenty):
    plans, kit = twenty
    rows = _activities(plans)
    sheet = _workbook(kit)["Counts"]
    unit_table = _counts(sheet, "Activities by unit and status")
    for line in unit_table[1:-1]:
        mine = [row for row in rows if row["plan"]["owner"] == line[0]]
        expected = Counter(row.get("status") or "not-reported" for row in mine)
        assert line[1:] == [expected[status] for status in STATUSES] + [len(mine)]
    assert len(unit_table) == 20 + 2
    responsible = _counts(sheet, "Activities by responsible unit")
    for _, abbreviation, leads, takes_part in responsible[1:]:
        assert leads == sum(1 for row in rows if row["responsible"][0] == abbreviation)
        assert takes_part == sum(1 for row in rows if abbreviation in row["responsible"][1:])
    flags = _counts(sheet, "Activities by flag column")
    for title, yes, partly, total, of in flags[1:]:
        key = {"NORDLINK": "alliance", "Klimat": "climate"}[title]
        having = [r for r in rows if key in {f["key"] for f in r["plan"].get("flags", [])}]
        values = Counter(r.get("flags", {}).get(key, "no") for r in having)
        assert (yes, partly, total, of) == (
            values["yes"],
            values["partly"],
            values["yes"] + values["partly"],
            len(having),
        )


def test_activities_past_their_deadline_are_those_before_the_latest_plan_date_and_not_done(
    twenty,
):
    plans, kit = twenty
    rows = _activities(plans)
    late = _late(rows)
    assert late, "the generated plans should have late activities"
    table = _table(_workbook(kit)["Past the deadline"], 1)
    assert sorted(line[2] for line in table[1:]) == sorted(row["activity"] for row in late)
    deadlines = [line[5] for line in table[1:]]
    assert deadlines == sorted(deadlines)  # earliest first


def test_the_word_report_shows_every_activity_by_area_with_the_lead_unit_in_bold(twenty):
    plans, _ = twenty
    policy = load_policy()
    localized = localize(policy, "en")
    loaded = load_plans(plans, policy)
    document = compose("follow-up", localized, plans=[localized.translate_plan(p) for p in loaded])
    tables = [b for section in document.blocks for b in section.blocks if isinstance(b, Table)]
    area_tables = [t for t in tables if t.caption and t.caption.startswith(document.title)]
    rows = _activities(plans)
    assert sum(len(t.body) for t in area_tables) == len(rows)
    first = area_tables[0].body[0].cells
    responsible = first[3].blocks[0]
    assert isinstance(responsible, Paragraph)
    assert isinstance(responsible.content[0], Span) and responsible.content[0].bold
    assert document.date == max(p.date for p in loaded)  # the report is as of the latest plan


def test_the_follow_up_gives_the_same_bytes_for_the_same_plans(twenty):
    plans, kit = twenty
    policy = load_policy()
    loaded = load_plans(plans, policy)
    for lang in ("en", "sv"):
        localized = localize(policy, lang)
        translated = [localized.translate_plan(p) for p in loaded]
        for fmt in ("docx", "xlsx"):
            made = [
                write(
                    compose(
                        "follow-up", localized, plans=translated, templates=Templates(), format=fmt
                    ),
                    fmt,
                    policy.theme,
                )
                for _ in range(2)
            ]
            assert made[0] == made[1] == (kit / lang / f"{STEMS[lang]}.{fmt}").read_bytes()


@pytest.mark.libreoffice
def test_the_report_and_workbook_for_twenty_plans_open_in_libreoffice_with_their_counts(
    twenty, tmp_path
):
    import shutil

    soffice = require_tool("soffice")
    _, kit = twenty
    names = []
    for lang in ("en", "sv"):
        for fmt in ("docx", "xlsx"):
            name = f"{lang}-{fmt}.{fmt}"
            shutil.copyfile(kit / lang / f"{STEMS[lang]}.{fmt}", tmp_path / name)
            names.append(name)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *(str(tmp_path / name) for name in names),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in names:
        pdf = tmp_path / "pdf" / (Path(name).stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice could not open {name}"
        text = pdf_text(pdf)
        assert "144" in text  # the total of activities
        title = "Uppföljning av handlingsplanerna" if name.startswith("sv") else "Follow-up"
        assert title in text or name.endswith("xlsx")


# -- the document markup and the workbook writer --------------------------------------------


def test_a_table_cell_can_carry_a_typed_date_or_number_value():
    document = parse_body(
        "<table><tbody><tr><td type='date' value='2026-03-31'>31 March 2026</td>"
        "<td type='number' value='12'>12</td><td>text</td></tr></tbody></table>"
    )
    cells = document.blocks[0].body[0].cells
    assert [cell.value for cell in cells] == [dt.date(2026, 3, 31), 12, None]


@pytest.mark.parametrize(
    "cell",
    [
        "<td type='date' value='31/3/2026'>x</td>",
        "<td type='number' value='many'>x</td>",
        "<td type='colour' value='red'>x</td>",
        "<td value='2026-03-31'>x</td>",
        "<td type='number' value='nan'>x</td>",
    ],
)
def test_a_typed_cell_with_a_bad_type_or_value_is_a_template_error(cell):
    with pytest.raises(PolicyError, match=r"value|type"):
        parse_body(f"<table><tbody><tr>{cell}</tr></tbody></table>")


def test_the_workbook_writer_makes_a_sheet_per_top_heading_and_refuses_other_blocks(policy):
    document = parse_body(
        "<h1>First</h1><p>Intro</p><ul><li>One</li></ul><table><thead><tr><th>A</th></tr></thead>"
        "<tbody><tr><td>=1+1</td></tr></tbody></table><h1>First</h1><h2>Sub</h2>"
    )
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(document, policy.theme)))
    assert book.sheetnames == ["First", "First (2)"]
    sheet = book["First"]
    assert [c.value for c in sheet["A"]] == ["Intro", "• One", "A", "=1+1"]
    assert sheet["A4"].data_type == "s"  # text that looks like a formula stays text
    with pytest.raises(TypeError, match="Slide"):
        write_xlsx(make_document(Slide("S", "content", ())), policy.theme)


def test_sheet_names_drop_the_characters_excel_refuses_and_stay_unique_within_31(policy):
    long = "Aktiviteter per utvecklingsområde: [hemma]/borta?"
    document = parse_body(f"<h1>{long}</h1><p>a</p><h1>{long}</h1><p>b</p>")
    names = openpyxl.load_workbook(io.BytesIO(write_xlsx(document, policy.theme))).sheetnames
    assert names == ["Aktiviteter per utvecklingsområ", "Aktiviteter per utvecklings (2)"]


def test_the_cli_builds_the_follow_up_from_a_plans_folder(tmp_path, capsys):
    write_unit_plans(tmp_path / "plans", 2)
    assert main(["build", "--plans", str(tmp_path / "plans"), "--out", str(tmp_path / "kit")]) == 0
    assert (tmp_path / "kit" / "en" / f"{STEMS['en']}.xlsx").is_file()


def test_every_selection_of_activities_is_the_activities_that_match_it_in_order(tmp_path):
    import itertools

    from planmaterials.plansummary import summarise

    policy = load_policy()
    write_unit_plans(tmp_path / "plans", 12)
    plans = load_plans(tmp_path / "plans", policy)
    summary = summarise(policy, plans)
    areas = [None, *(area.id for area in policy.areas), "no-such-area"]
    units = [None, *(plan.id for plan in plans)]
    for area, plan, status in itertools.product(areas, units, [None, *summary.statuses]):
        expected = tuple(
            item
            for item in summary.activities
            if (area is None or item.area.id == area)
            and (plan is None or item.plan.id == plan)
            and (status is None or item.status == status)
        )
        assert summary.select(area, plan, status) == expected
    assert summary.count() == len(summary.activities) > 0
    for area, plan in itertools.product(areas, units):
        assert summary.counts(area, plan) == tuple(
            summary.count(area, plan, status) for status in summary.statuses
        )


def test_an_activity_has_a_flag_value_only_for_the_flag_columns_of_its_plan(tmp_path):
    from planmaterials.plansummary import summarise

    policy = load_policy()
    write_unit_plans(tmp_path / "plans", 12)
    summary = summarise(policy, load_plans(tmp_path / "plans", policy))
    assert len(summary.flags) > 1  # the generated plans have different flag columns
    seen = Counter()
    for item in summary.activities:
        columns = {flag.id for flag in item.plan.flags}
        for flag in summary.flags:
            value = item.flag(flag.id)
            if flag.id in columns:
                assert value == item.activity.flag(flag.id)
            else:
                assert value is None
            seen[value is None] += 1
    assert seen[True] and seen[False]


def test_an_activitys_flag_values_and_marks_are_its_values_in_the_summary_and_plan_columns(
    tmp_path,
):
    from planmaterials.model import FlagValue
    from planmaterials.plansummary import summarise

    policy = load_policy()
    write_unit_plans(tmp_path / "plans", 12)
    summary = summarise(policy, load_plans(tmp_path / "plans", policy))
    marked = Counter()
    for item in summary.activities:
        assert item.flag_values == tuple(item.flag(flag.id) for flag in summary.flags)
        expected = tuple(
            (flag, item.activity.flag(flag.id))
            for flag in item.plan.flags
            if item.activity.flag(flag.id) != FlagValue.NO
        )
        assert item.marks == expected
        marked[bool(item.marks)] += 1
    assert marked[True] and marked[False]


def test_an_areas_grouped_rows_span_each_unit_and_goal_from_their_first_activity(tmp_path):
    from planmaterials.plansummary import summarise

    policy = load_policy()
    write_unit_plans(tmp_path / "plans", 12)
    summary = summarise(policy, load_plans(tmp_path / "plans", policy))
    for area in summary.areas:
        rows = summary.grouped(area.id)
        items = [item for item, _, _ in rows]
        assert tuple(items) == summary.by_area(area.id)
        for index, (item, unit_rows, goal_rows) in enumerate(rows):
            before = items[index - 1] if index else None
            new_unit = before is None or before.plan.id != item.plan.id
            new_goal = new_unit or before.goal.key != item.goal.key
            same_unit = [other for other in items if other.plan.id == item.plan.id]
            same_goal = [other for other in same_unit if other.goal.key == item.goal.key]
            assert unit_rows == (len(same_unit) if new_unit else 0)
            assert goal_rows == (len(same_goal) if new_goal else 0)
        # the spans cover the rows of the table, each row once
        assert sum(unit for _, unit, _ in rows) == len(rows)
        assert sum(goal for _, _, goal in rows) == len(rows)


def test_the_responsible_unit_totals_count_each_activity_once_per_unit(tmp_path):
    from planmaterials.plansummary import summarise

    policy = load_policy()
    write_unit_plans(tmp_path / "plans", 12)
    summary = summarise(policy, load_plans(tmp_path / "plans", policy))
    assert summary.units
    for unit in summary.units:
        abbreviation = unit.abbreviation
        assert unit.leads == sum(item.lead == abbreviation for item in summary.activities)
        assert unit.takes_part == sum(
            abbreviation in item.co_responsible for item in summary.activities
        )


def test_the_report_and_workbook_of_the_same_plans_share_one_summary_and_others_get_theirs(
    tmp_path,
):
    from planmaterials.compose import template_context
    from planmaterials.materials import MATERIALS

    policy = load_policy()
    write_unit_plans(tmp_path / "plans", 3)
    plans = load_plans(tmp_path / "plans", policy)
    localized = localize(policy, "en")
    material = MATERIALS["follow-up"]
    first = template_context(localized, material, plans=plans)["summary"]
    assert template_context(localized, material, plans=list(plans))["summary"] is first
    fewer = template_context(localized, material, plans=plans[:2])["summary"]
    assert fewer.plans == tuple(plans[:2])
    # Equal plans that are other objects (read again) are summed up again, to the same counts.
    again = template_context(localized, material, plans=load_plans(tmp_path / "plans", policy))[
        "summary"
    ]
    assert again is not first and again.count() == first.count()
    other = template_context(localize(policy, "sv"), material, plans=plans)["summary"]
    assert other is not first and other.count() == first.count()
