"""plans import: filled action-plan templates read back into plan files, mistakes reported."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from planmaterials import compose, localize, write
from planmaterials.cli import main
from planmaterials.errors import PolicyError
from planmaterials.loader import load_plan
from planmaterials.model import ActionPlan, Policy
from planmaterials.planimport import ImportProblems, import_plans
from planmaterials.planimport.wordxml import MAX_PART_BYTES, DocxError, read_docx

from .conftest import EXAMPLE_PLANS
from .plan_forms import (
    controls,
    delete_column,
    fill_template,
    read_part,
    replace_part,
    set_control,
    text_of,
    w,
)

PLANS = ("department-of-physics", "student-services")


@pytest.fixture(scope="module")
def blank(policy: Policy) -> Callable[[str], bytes]:
    """The kit's blank action-plan template in a language, as the build writes it."""
    cache: dict[str, bytes] = {}

    def get(lang: str) -> bytes:
        if lang not in cache:
            document = compose("action-plan-template", localize(policy, lang))
            cache[lang] = write(document, "docx", policy.theme)
        return cache[lang]

    return get


def plan_data(name: str) -> dict[str, Any]:
    return yaml.safe_load((EXAMPLE_PLANS / f"{name}.yaml").read_text(encoding="utf-8"))


def essence(plan: ActionPlan) -> dict[str, Any]:
    """What a department writes in the template: everything but the key, flag descriptions
    (the template shows the policy's) and the follow-up's status and comment."""
    return {
        "title": plan.title,
        "owner": plan.owner,
        "period": plan.period,
        "date": plan.date,
        "background": plan.background,
        "overall_goals": plan.overall_goals,
        "flags": [(flag.id, flag.title) for flag in plan.flags],
        "areas": [
            (
                area.area,
                [
                    (
                        goal.text,
                        [
                            (
                                a.text,
                                a.responsible,
                                a.deadline,
                                a.resources,
                                a.next_step,
                                a.follow_up,
                                a.flags,
                            )
                            for a in goal.activities
                        ],
                    )
                    for goal in area.goals
                ],
            )
            for area in plan.areas
        ],
    }


def filled(tmp_path: Path, blank: Callable, policy: Policy, name: str, lang: str) -> Path:
    path = tmp_path / f"{name}-{lang}.docx"
    path.write_bytes(fill_template(blank(lang), plan_data(name), policy, lang))
    return path


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", PLANS)
def test_a_filled_template_imports_to_the_plan_it_was_filled_with(
    tmp_path: Path, blank: Callable, policy: Policy, name: str, lang: str, capsys
) -> None:
    source = filled(tmp_path, blank, policy, name, lang)
    assert main(["plans", "import", str(source), "--out", str(tmp_path / "plans")]) == 0
    written = sorted((tmp_path / "plans").glob("*.yaml"))
    assert len(written) == 1
    original = load_plan(EXAMPLE_PLANS / f"{name}.yaml", policy)
    imported = load_plan(written[0], policy)
    assert essence(imported) == essence(original)
    assert f"-> {written[0]}" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_background_of_more_paragraphs_than_fields_comes_back_a_paragraph_each(
    tmp_path: Path, blank: Callable, policy: Policy, lang: str
) -> None:
    """Four fields, one paragraph each; further paragraphs typed in the cell after them."""
    data = plan_data("student-services")
    data["background"] = "\n\n".join(f"Stycke {n} av bakgrunden." for n in range(1, 7))
    source = tmp_path / "six.docx"
    source.write_bytes(fill_template(blank(lang), data, policy, lang))
    assert main(["plans", "import", str(source), "--out", str(tmp_path / "plans")]) == 0
    (written,) = (tmp_path / "plans").glob("*.yaml")
    assert load_plan(written, policy).background == data["background"]


def test_the_plan_key_is_made_from_the_unit_or_given_with_key(
    tmp_path: Path, blank: Callable, policy: Policy
) -> None:
    source = filled(tmp_path, blank, policy, "student-services", "sv")
    assert main(["plans", "import", str(source), "--out", str(tmp_path / "a")]) == 0
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["studentavdelningen.yaml"]
    assert yaml.safe_load((tmp_path / "a" / "studentavdelningen.yaml").read_text())["key"] == (
        "studentavdelningen"
    )
    options = ["--out", str(tmp_path / "b"), "--key", "student-services"]
    assert main(["plans", "import", str(source), *options]) == 0
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["student-services.yaml"]


def test_an_import_result_builds_with_the_kit(
    tmp_path: Path, blank: Callable, policy: Policy
) -> None:
    sources = [str(filled(tmp_path, blank, policy, name, "en")) for name in PLANS]
    assert main(["plans", "import", *sources, "--out", str(tmp_path / "plans")]) == 0
    kit = tmp_path / "kit"
    options = ["--plans", str(tmp_path / "plans"), "--out", str(kit), "--lang", "sv", "-q"]
    assert main(["build", *options]) == 0
    assert (kit / "sv" / "handlingsplan-institutionen-for-fysik.docx").is_file()
    assert (kit / "sv" / "handlingsplan-studentavdelningen.docx").is_file()


def test_an_existing_plan_file_is_replaced_only_when_asked(
    tmp_path: Path, blank: Callable, policy: Policy, capsys
) -> None:
    source = str(filled(tmp_path, blank, policy, "student-services", "sv"))
    out = tmp_path / "plans"
    out.mkdir()
    (out / "studentavdelningen.yaml").write_text("# kept\n", encoding="utf-8")
    assert main(["plans", "import", source, "--out", str(out)]) == 2
    assert "exists already; give --replace" in capsys.readouterr().err
    assert (out / "studentavdelningen.yaml").read_text(encoding="utf-8") == "# kept\n"
    assert main(["plans", "import", source, "--out", str(out), "--replace"]) == 0
    assert "key: studentavdelningen" in (out / "studentavdelningen.yaml").read_text("utf-8")


# Mangled files ---------------------------------------------------------------------------------


def mangled(
    tmp_path: Path, blank: Callable, policy: Policy, change: Callable[[dict], None], lang: str
) -> Path:
    data = plan_data("department-of-physics")
    change(data)
    path = tmp_path / f"mangled-{lang}.docx"
    path.write_bytes(fill_template(blank(lang), data, policy, lang))
    return path


def first_activity(data: dict) -> dict:
    return data["areas"][0]["goals"][0]["activities"][0]


def import_fails(tmp_path: Path, sources: list[Path], capsys) -> list[str]:
    """Import ``sources``: exit status 2 and nothing written; the report's problem lines."""
    out = tmp_path / "out"
    assert main(["plans", "import", *map(str, sources), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "nothing was written" in err.splitlines()[0]
    return [line.strip() for line in err.splitlines()[1:]]


MISTAKES = {
    "bad date": (
        lambda d: first_activity(d).update(deadline="2026-13-45"),
        "deadline: '2026-13-45' is not a date",
    ),
    "date in another order": (
        lambda d: first_activity(d).update(deadline="30/06/2026"),
        "deadline: '30/06/2026' is not a date",
    ),
    "date with a space": (
        lambda d: first_activity(d).update(deadline="30/6 2026"),
        "deadline: '30/6 2026' is not a date",
    ),
    "unknown unit": (
        lambda d: first_activity(d).update(responsible=["Inst", "XYZ"]),
        "responsible: unknown unit 'XYZ'",
    ),
    "unknown flag value": (
        lambda d: d["areas"][0]["goals"][0]["activities"][1].update(flags={"alliance": "Maybe"}),
        "NORDLINK: 'Maybe' is not a value of the column",
    ),
    "missing responsible": (
        lambda d: first_activity(d).update(responsible=[""]),
        "responsible: missing",
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistake_in_a_row_is_reported_by_file_table_row_and_field(
    tmp_path: Path, blank: Callable, policy: Policy, capsys, mistake: str, lang: str
) -> None:
    change, expected = MISTAKES[mistake]
    source = mangled(tmp_path, blank, policy, change, lang)
    lines = import_fails(tmp_path, [source], capsys)
    row = 2 if mistake == "unknown flag value" else 1
    area = "Internationalisation at home" if lang == "en" else "Internationalisering på hemmaplan"
    assert any(
        line.startswith(f"{source}: table ") and f"{area}'), row {row}: {expected}" in line
        for line in lines
    ), lines


def test_a_missing_plan_field_is_reported(
    tmp_path: Path, blank: Callable, policy: Policy, capsys
) -> None:
    source = mangled(tmp_path, blank, policy, lambda d: d.update(period=""), "en")
    lines = import_fails(tmp_path, [source], capsys)
    assert lines == [f"{source}: 'About the plan': plan period: missing; every plan needs it"]


def test_a_table_that_lost_a_column_is_reported(
    tmp_path: Path, blank: Callable, policy: Policy, capsys
) -> None:
    source = filled(tmp_path, blank, policy, "department-of-physics", "en")
    source.write_bytes(delete_column(source.read_bytes(), "Experience abroad", 4))
    lines = import_fails(tmp_path, [source], capsys)
    assert len(lines) == 1
    assert (
        "('Development area: Experience abroad'): the table has lost its column deadline"
        in (lines[0])
    )


def test_every_problem_of_every_file_is_reported_at_once(
    tmp_path: Path, blank: Callable, policy: Policy, capsys
) -> None:
    def two_mistakes(d: dict) -> None:
        first_activity(d)["deadline"] = "2026-02-30"
        d["areas"][1]["goals"][0]["activities"][0]["responsible"] = ["Inst", "Nobody"]

    first = mangled(tmp_path, blank, policy, two_mistakes, "en")
    second = tmp_path / "second.docx"
    second.write_bytes(b"not a zip")
    lines = import_fails(tmp_path, [first, second], capsys)
    assert len(lines) == 3, lines
    assert "deadline: '2026-02-30' is not a date (there is no such day)" in lines[0]
    assert "responsible: unknown unit 'Nobody'" in lines[1]
    assert lines[2] == (
        f"{second}: cannot be read: it is not a Word .docx file (not a zip package); save it "
        "as a Word .docx"
    )


def test_empty_rows_are_skipped_and_a_goal_written_once_covers_the_rows_below(
    tmp_path: Path, blank: Callable, policy: Policy
) -> None:
    source = filled(tmp_path, blank, policy, "student-services", "en")
    assert main(["plans", "import", str(source), "--out", str(tmp_path / "plans")]) == 0
    plan = load_plan(tmp_path / "plans" / "studentavdelningen.yaml", policy)
    goals = plan.areas[0].goals
    assert [len(goal.activities) for goal in goals] == [2, 1]
    assert plan.areas[0].goals[0].activities[1].deadline == dt.date(2026, 8, 1)


def test_a_blank_template_lists_every_missing_field(
    tmp_path: Path, blank: Callable, capsys
) -> None:
    source = tmp_path / "blank.docx"
    source.write_bytes(blank("sv"))
    lines = import_fails(tmp_path, [source], capsys)
    assert lines == [
        f"{source}: 'About the plan': title of the plan: missing; every plan needs it",
        f"{source}: 'About the plan': unit: missing; every plan needs it",
        f"{source}: 'About the plan': plan period: missing; every plan needs it",
        f"{source}: 'About the plan': date: missing; every plan needs it",
        f"{source}: no activity in any development area's table; write at least one activity "
        "with its goal and responsible unit",
    ]


def test_a_row_without_its_activity_is_reported(
    tmp_path: Path, blank: Callable, policy: Policy, capsys
) -> None:
    source = mangled(tmp_path, blank, policy, lambda d: first_activity(d).update(activity=""), "en")
    lines = import_fails(tmp_path, [source], capsys)
    assert len(lines) == 1
    assert lines[0].endswith(
        "row 1: activity: missing; a row with a goal or unit needs its activity"
    )


def docx_with(document: bytes | None, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        if document is not None:
            package.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


BODY = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>%s</w:body></w:document>"
)


def test_a_file_that_is_no_word_document_is_reported_not_read(tmp_path: Path, capsys) -> None:
    files = {
        "no-document.docx": docx_with(None, {"other.xml": b"<x/>"}),
        "broken.docx": docx_with(b"<w:document"),
        "entity.docx": docx_with(
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "boom">]>'
            + BODY % b"<w:p><w:r><w:t>&e;</w:t></w:r></w:p>"
        ),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    lines = import_fails(tmp_path, [tmp_path / name for name in files], capsys)
    assert lines[0].endswith(
        "cannot be read: it has no Word document part (word/document.xml); save it as a Word .docx"
    )
    assert "cannot be read: its part word/document.xml is not well-formed XML" in lines[1]
    # An entity is never expanded: the file reads as a document without a plan.
    assert all("boom" not in line for line in lines)
    assert any(line.startswith(f"{tmp_path / 'entity.docx'}: 'About the plan'") for line in lines)


def test_a_part_larger_than_any_plan_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b" " * (MAX_PART_BYTES + 1))
    with pytest.raises(DocxError, match="larger than 50 MB"):
        read_docx(path)


def test_units_named_in_full_in_either_language_are_found_in_the_glossary(
    tmp_path: Path, blank: Callable, policy: Policy
) -> None:
    def by_name(d: dict) -> None:
        first_activity(d)["responsible"] = [
            "Inst",
            "International Office",
            "högskolepedagogiskt centrum",
        ]

    source = mangled(tmp_path, blank, policy, by_name, "en")
    assert main(["plans", "import", str(source), "--out", str(tmp_path / "plans")]) == 0
    plan = load_plan(tmp_path / "plans" / "institutionen-for-fysik.yaml", policy)
    assert plan.areas[0].goals[0].activities[0].responsible == ("Inst", "IK", "HPC")


def test_activities_in_a_table_that_lost_its_heading_row_are_reported_not_left_out(
    tmp_path: Path, blank: Callable, policy: Policy, capsys
) -> None:
    source = filled(tmp_path, blank, policy, "department-of-physics", "en")
    root = read_part(source.read_bytes())
    heading = next(
        row for row in root.iter(w("tr")) if text_of(row) == "Development area: Experience abroad"
    )
    heading.getparent().remove(heading)
    source.write_bytes(replace_part(source.read_bytes(), root))
    lines = import_fails(tmp_path, [source], capsys)
    assert len(lines) == 1
    assert lines[0].startswith(f"{source}: table ")
    assert "activities in a table without its heading row 'Development area: <title>'" in lines[0]


def test_import_plans_is_the_command_as_a_function(
    tmp_path: Path, blank: Callable, policy: Policy
) -> None:
    source = filled(tmp_path, blank, policy, "student-services", "en")
    [imported] = import_plans([source], policy, tmp_path / "plans")
    assert imported.path == tmp_path / "plans" / "studentavdelningen.yaml"
    assert (imported.kind, imported.activities) == ("template", 3)
    with pytest.raises(ImportProblems) as raised:
        import_plans([source, tmp_path / "missing.docx"], policy, tmp_path / "other")
    assert isinstance(raised.value, PolicyError)
    assert [problem.file for problem in raised.value.problems] == [tmp_path / "missing.docx"]
    assert "cannot be read" in raised.value.problems[0].message
    assert not (tmp_path / "other").exists()  # the good file is not written either


def test_units_without_the_lead_unit_chosen_are_reported_not_guessed(
    tmp_path: Path, blank: Callable, policy: Policy, capsys
) -> None:
    source = filled(tmp_path, blank, policy, "department-of-physics", "en")
    root = read_part(source.read_bytes())
    leads = [lead for lead in controls(root, "pm:lead") if text_of(lead).strip()]
    set_control(leads[1], "")  # the second activity: "Inst" cleared, "HPC, IK" left below
    source.write_bytes(replace_part(source.read_bytes(), root))
    lines = import_fails(tmp_path, [source], capsys)
    assert len(lines) == 1
    assert lines[0].endswith(
        "row 2: responsible: the lead unit is missing; choose it above the others"
    )
