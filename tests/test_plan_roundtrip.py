"""The yearly loop: templates and follow-up forms filled as in Word (and re-saved by LibreOffice)
come back as the plan files they were filled from, and the follow-up counts what they say."""

from __future__ import annotations

import dataclasses
import glob
import random
import shlex
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from planmaterials import compose, localize, write
from planmaterials.cli import main
from planmaterials.loader import load_plan, load_plans
from planmaterials.model import ActionPlan, Policy

from .conftest import EXAMPLE_PLANS, require_tool
from .plan_forms import fill_follow_up_form, fill_template, read_part, resave_with_libreoffice, w
from .test_plan_import import PLANS, essence, plan_data
from .unit_plans import write_unit_plans

STATUSES = ("planned", "ongoing", "done", "postponed", "cancelled")


def single_lines(data: Any, key: str | None = None) -> Any:
    """Plan data as the template's fields hold it: every text on one line, the background's
    paragraphs (a field each) kept apart by a blank line."""
    if isinstance(data, dict):
        return {name: single_lines(value, name) for name, value in data.items()}
    if isinstance(data, list):
        return [single_lines(value) for value in data]
    if isinstance(data, str):
        if key == "background":
            paragraphs = (" ".join(part.split()) for part in data.split("\n\n"))
            return "\n\n".join(part for part in paragraphs if part)
        return " ".join(data.split())
    return data


# A background of three paragraphs, for a plan whose own has one.
MORE_BACKGROUND = (
    "Under 2025 tog avdelningen emot fler internationella studenter än något år tidigare.",
    "Planen togs fram tillsammans med studentkåren och följs upp varje vår.",
)


def blank_template(policy: Policy, lang: str) -> bytes:
    return write(compose("action-plan-template", localize(policy, lang)), "docx", policy.theme)


def follow_up_form(policy: Policy, plan: ActionPlan, lang: str) -> bytes:
    localized = localize(policy, lang)
    document = compose("follow-up-form", localized, plan=localized.translate_plan(plan))
    return write(document, "docx", policy.theme)


def test_the_template_is_filled_through_its_tagged_controls(policy: Policy) -> None:
    filled = fill_template(blank_template(policy, "en"), plan_data(PLANS[0]), policy, "en")
    controls = list(read_part(filled).iter(w("sdt")))
    tags = {c.find(f"{w('sdtPr')}/{w('tag')}").get(w("val")) for c in controls}
    assert {"pm:owner", "pm:goal", "pm:activity", "pm:lead", "pm:deadline"} <= tags
    assert "pm:flag:alliance" in tags


@pytest.mark.libreoffice
def test_templates_and_forms_saved_by_libreoffice_import_as_those_saved_by_word(
    tmp_path: Path, policy: Policy
) -> None:
    """LibreOffice drops the tags and keeps prompts as text: what it saves imports as Word's
    does, a background of several paragraphs (a field each) included."""
    require_tool("soffice")
    word = tmp_path / "word"
    word.mkdir()
    templates = []
    for lang in ("sv", "en"):
        blank = blank_template(policy, lang)
        for name in PLANS:
            data = background_of_paragraphs(name)
            assert 2 <= len(data["background"].split("\n\n")) <= 3
            path = word / f"{name}-{lang}.docx"
            path.write_bytes(fill_template(blank, data, policy, lang))
            templates.append(path)
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE_PLANS, plans)
    forms, reported = [], {}
    rng = random.Random(7)
    for lang, name in (("sv", PLANS[0]), ("en", PLANS[1])):
        plan = load_plan(plans / f"{name}.yaml", policy)
        reported[name] = reports_for(plan, rng)
        path = word / f"form-{name}-{lang}.docx"
        path.write_bytes(fill_follow_up_form(follow_up_form(policy, plan, lang), reported[name]))
        forms.append(path)
    saved = resave_with_libreoffice([*templates, *forms], tmp_path / "libreoffice")
    for resaved in saved:
        assert b"pm:" not in resaved.read_bytes()  # LibreOffice dropped every tag
    for source, resaved in zip(templates, saved, strict=False):
        key = ["--key", source.stem]
        assert main(["plans", "import", str(source), "--out", str(tmp_path / "a"), *key]) == 0
        assert main(["plans", "import", str(resaved), "--out", str(tmp_path / "b"), *key]) == 0
        from_word = load_plan(tmp_path / "a" / f"{source.stem}.yaml", policy)
        from_libreoffice = load_plan(tmp_path / "b" / f"{source.stem}.yaml", policy)
        assert essence(from_libreoffice) == essence(from_word)
        original = background_of_paragraphs(source.stem.rsplit("-", 1)[0])
        assert from_word.background == from_libreoffice.background == original["background"]
    resaved_forms = saved[len(templates) :]
    assert main(["plans", "import", *map(str, resaved_forms), "--out", str(plans)]) == 0
    for name in (PLANS[0], PLANS[1]):
        imported = load_plan(plans / f"{name}.yaml", policy)
        assert [(a.status, a.comment) for a in activities(imported)] == reported[name]


def background_of_paragraphs(name: str) -> dict[str, Any]:
    """An example plan's data on single lines, its background of two or three paragraphs."""
    data = single_lines(plan_data(name))
    paragraphs = data["background"].split("\n\n")
    if len(paragraphs) < 2:
        data["background"] = "\n\n".join([*paragraphs, *MORE_BACKGROUND])
    return data


def reports_for(plan: ActionPlan, rng: random.Random) -> list[tuple[str, str | None]]:
    """A new status for every activity and a comment for some, in the plan's order."""
    return [
        (rng.choice(STATUSES), rng.choice([None, f"Rapport {n}: gick {rng.randint(1, 9)} av 9."]))
        for n, _activity in enumerate(activities(plan), start=1)
    ]


def activities(plan: ActionPlan) -> list:
    return [a for area in plan.areas for goal in area.goals for a in goal.activities]


def without_follow_up(plan: ActionPlan) -> list:
    return [dataclasses.replace(a, status=None, comment=None) for a in activities(plan)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_returned_follow_up_form_sets_each_activitys_status_and_comment_and_nothing_else(
    tmp_path: Path, policy: Policy, lang: str
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE_PLANS, plans)
    before = {path.name: path.read_text(encoding="utf-8") for path in plans.iterdir()}
    rng = random.Random(lang)
    sources, expected = [], {}
    for name in PLANS:
        plan = load_plan(plans / f"{name}.yaml", policy)
        reports = reports_for(plan, rng)
        source = tmp_path / f"form-{name}.docx"
        source.write_bytes(fill_follow_up_form(follow_up_form(policy, plan, lang), reports))
        sources.append(str(source))
        expected[name] = reports
    assert main(["plans", "import", *sources, "--out", str(plans)]) == 0
    for name in PLANS:
        original = load_plan(EXAMPLE_PLANS / f"{name}.yaml", policy)
        imported = load_plan(plans / f"{name}.yaml", policy)
        assert [(a.status, a.comment) for a in activities(imported)] == expected[name]
        assert without_follow_up(imported) == without_follow_up(original)
        assert essence(imported) == essence(original)
        # The department's file keeps its comments and layout: only those lines changed.
        text = (plans / f"{name}.yaml").read_text(encoding="utf-8")
        kept = [line for line in before[f"{name}.yaml"].splitlines() if "status:" not in line]
        kept = [line for line in kept if "comment:" not in line]
        assert [line for line in text.splitlines() if line in kept] == kept


def test_an_unchanged_follow_up_form_leaves_the_plan_file_byte_for_byte(
    tmp_path: Path, policy: Policy
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE_PLANS, plans)
    plan = load_plan(plans / "department-of-physics.yaml", policy)
    form = tmp_path / "form.docx"
    form.write_bytes(follow_up_form(policy, plan, "en"))
    assert main(["plans", "import", str(form), "--out", str(plans)]) == 0
    assert (plans / "department-of-physics.yaml").read_bytes() == (
        EXAMPLE_PLANS / "department-of-physics.yaml"
    ).read_bytes()


def test_a_follow_up_form_whose_rows_were_changed_is_reported_and_nothing_written(
    tmp_path: Path, policy: Policy, capsys
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE_PLANS, plans)
    plan = load_plan(plans / "student-services.yaml", policy)
    data = fill_follow_up_form(
        follow_up_form(policy, plan, "en"), reports_for(plan, random.Random(1))
    )
    root = read_part(data)
    rows = [row for row in root.iter(w("tr")) if any(True for _ in row.iter(w("sdt")))]
    rows[0].getparent().remove(rows[0])  # the first activity's row deleted
    from .plan_forms import replace_part

    form = tmp_path / "form.docx"
    form.write_bytes(replace_part(data, root))
    assert main(["plans", "import", str(form), "--out", str(plans)]) == 2
    err = capsys.readouterr().err
    assert "row 1: activity: 'Ta fram en gemensam checklista" in err
    assert "is not the plan's activity number 1 in this area" in err
    assert (plans / "student-services.yaml").read_bytes() == (
        EXAMPLE_PLANS / "student-services.yaml"
    ).read_bytes()


def workbook_statuses(kit: Path) -> Counter:
    sheet = openpyxl.load_workbook(kit / "en" / "follow-up-of-the-action-plans.xlsx")["Activities"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    unit, status = header.index("Unit"), header.index("Status")
    area = header.index("Area key")
    return Counter((row[unit], row[area], row[status]) for row in rows[1:])


def test_twenty_returned_forms_give_a_follow_up_that_counts_exactly_what_they_report(
    tmp_path: Path, policy: Policy
) -> None:
    plans = tmp_path / "plans"
    write_unit_plans(plans, 20)
    rng = random.Random(20)
    sources = []
    for path in sorted(plans.glob("*.yaml")):
        plan = load_plan(path, policy)
        lang = rng.choice(["sv", "en"])
        source = tmp_path / "returned" / f"{path.stem}-{lang}.docx"
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(
            fill_follow_up_form(follow_up_form(policy, plan, lang), reports_for(plan, rng))
        )
        sources.append(str(source))
    assert main(["plans", "import", *sources, "--plans", str(plans), "--out", str(plans)]) == 0
    kit = tmp_path / "kit"
    assert main(["build", "--plans", str(plans), "--out", str(kit), "--lang", "en", "-q"]) == 0
    expected: Counter = Counter()
    for plan in load_plans(plans, policy):
        for plan_area in plan.areas:
            for goal in plan_area.goals:
                for activity in goal.activities:
                    shown = activity.status.value if activity.status else "not reported"
                    expected[(plan.owner, plan_area.area, shown.capitalize())] += 1
    assert workbook_statuses(kit) == expected
    assert sum(expected.values()) == sum(len(activities(p)) for p in load_plans(plans, policy))
    assert all(status != "Not reported" for _unit, _area, status in expected)


def readme_loop() -> list[list[str]]:
    """The commands of the README's yearly loop, as a shell would split them."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The yearly loop", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.strip()]


def run(command: list[str]) -> int:
    """Run a README command in the current folder, its globs expanded as a shell does."""
    assert command[0] == "planmaterials"
    words = [match for word in command[1:] for match in (sorted(glob.glob(word)) or [word])]
    return main(words)


def test_the_readmes_yearly_loop_runs_in_a_project_folder(
    tmp_path: Path, policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    build, import_templates, build_forms, import_forms, build_follow_up = readme_loop()
    assert build == build_forms == build_follow_up == ["planmaterials", "build"]
    monkeypatch.chdir(tmp_path)
    assert main(["init", "project"]) == 0
    monkeypatch.chdir(tmp_path / "project")
    assert run(build) == 0
    # A department fills in the Swedish template and sends it back.
    data = single_lines(plan_data("student-services"))
    data.update(owner="Språkcentrum", title="Handlingsplan för Språkcentrum")
    Path("filled").mkdir()
    blank = Path("kit/sv/mall-for-handlingsplan.docx").read_bytes()
    Path("filled/sprakcentrum.docx").write_bytes(fill_template(blank, data, policy, "sv"))
    assert run(import_templates) == 0
    assert load_plan(Path("plans/sprakcentrum.yaml"), policy).owner == "Språkcentrum"
    assert run(build_forms) == 0
    # Every unit reports in its follow-up form.
    Path("forms").mkdir()
    rng = random.Random(3)
    reported = {}
    for path in sorted(Path("plans").glob("*.yaml")):
        plan = load_plan(path, policy)
        reported[plan.id] = reports_for(plan, rng)
        form = Path(f"kit/sv/uppfoljningsblankett-{plan.id}.docx").read_bytes()
        Path(f"forms/{plan.id}.docx").write_bytes(fill_follow_up_form(form, reported[plan.id]))
    assert len(reported) == 3
    assert run(import_forms) == 0
    for key, reports in reported.items():
        plan = load_plan(Path(f"plans/{key}.yaml"), policy)
        assert [(a.status, a.comment) for a in activities(plan)] == reports
    assert run(build_follow_up) == 0
    sheet = openpyxl.load_workbook("kit/sv/uppfoljning-av-handlingsplanerna.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == sum(len(reports) for reports in reported.values())


def template_shape(data: dict[str, Any]) -> dict[str, Any]:
    """Plan data as the template can hold it: its areas in the policy's order (the template's
    tables), only the policy's flag column (NORDLINK) and only if an activity gives it a value;
    no status or comment."""
    data = single_lines(data)
    order = ["home", "collaboration", "abroad", "hosting"]
    data["areas"].sort(key=lambda area: order.index(area["area"]))
    used = False
    for area in data["areas"]:
        for goal in area["goals"]:
            for activity in goal["activities"]:
                activity.pop("status", None)
                activity.pop("comment", None)
                flags = {k: v for k, v in activity.pop("flags", {}).items() if k == "alliance"}
                if flags:
                    activity["flags"] = flags
                    used = True
    data["flags"] = [{"key": "alliance", "title": "NORDLINK"}] if used else []
    return data


def test_twenty_generated_plans_filled_in_templates_come_back_unchanged(
    tmp_path: Path, policy: Policy
) -> None:
    write_unit_plans(tmp_path / "generated", 20)
    blanks = {lang: blank_template(policy, lang) for lang in ("sv", "en")}
    expected = {}
    sources = []
    for number, path in enumerate(sorted((tmp_path / "generated").glob("*.yaml"))):
        data = template_shape(yaml.safe_load(path.read_text(encoding="utf-8")))
        lang = ("sv", "en")[number % 2]
        source = tmp_path / "filled" / f"{path.stem}.docx"
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(fill_template(blanks[lang], data, policy, lang))
        sources.append(str(source))
        expected[path.stem] = data
        (tmp_path / "expected").mkdir(exist_ok=True)
        (tmp_path / "expected" / path.name).write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    assert main(["plans", "import", *sources, "--out", str(tmp_path / "plans")]) == 0
    imported = {plan.owner: plan for plan in load_plans(tmp_path / "plans", policy)}
    assert len(imported) == 20
    for path in sorted((tmp_path / "expected").glob("*.yaml")):
        original = load_plan(path, policy)
        assert essence(imported[original.owner]) == essence(original), path.name
