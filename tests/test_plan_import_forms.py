"""plans import of returned follow-up forms: the key, the plan file found, mistakes reported, and
the plan file's own text kept around the lines it changes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from planmaterials import compose, localize, write
from planmaterials.cli import main
from planmaterials.loader import load_plan
from planmaterials.model import Policy
from planmaterials.planimport.planedit import EditError, set_activity_fields

from .conftest import EXAMPLE_PLANS
from .plan_forms import (
    controls,
    delete_column,
    fill_follow_up_form,
    read_part,
    replace_part,
    set_control,
)
from .test_plan_roundtrip import activities, follow_up_form

CORE = "docProps/core.xml"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(EXAMPLE_PLANS, folder)
    return folder


REPORTS = [("done", None), ("postponed", "Nästa år."), ("cancelled", None), ("done", "Klart.")]


def returned(tmp_path: Path, policy: Policy, plans: Path, lang: str = "en") -> Path:
    plan = load_plan(plans / "department-of-physics.yaml", policy)
    path = tmp_path / f"form-{lang}.docx"
    path.write_bytes(fill_follow_up_form(follow_up_form(policy, plan, lang), REPORTS))
    return path


def test_a_form_without_its_identifier_finds_its_plan_by_the_key_line(
    tmp_path: Path, policy: Policy, plans: Path
) -> None:
    form = returned(tmp_path, policy, plans, "sv")
    core = read_part(form.read_bytes(), CORE)
    for identifier in core.findall("{http://purl.org/dc/elements/1.1/}identifier"):
        core.remove(identifier)
    form.write_bytes(replace_part(form.read_bytes(), core, CORE))
    assert b"<dc:identifier" not in form.read_bytes() and b"identifier>" not in form.read_bytes()
    assert main(["plans", "import", str(form), "--out", str(plans)]) == 0
    plan = load_plan(plans / "department-of-physics.yaml", policy)
    assert [(a.status, a.comment) for a in activities(plan)] == REPORTS


def test_a_form_whose_plan_file_is_not_there_is_reported(
    tmp_path: Path, policy: Policy, plans: Path, capsys
) -> None:
    form = returned(tmp_path, policy, plans)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    assert main(["plans", "import", str(form), "--out", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "the form is for the plan 'department-of-physics', but" in err
    assert "give the folder of the plan files the forms were made from with --plans" in err
    assert list(empty.iterdir()) == []
    # With --plans naming that folder, the updated plan file is written to --out.
    assert main(["plans", "import", str(form), "--plans", str(plans), "--out", str(empty)]) == 0
    assert [p.name for p in empty.iterdir()] == ["department-of-physics.yaml"]


def test_a_status_that_is_none_of_the_statuses_is_reported_by_row(
    tmp_path: Path, policy: Policy, plans: Path, capsys
) -> None:
    form = returned(tmp_path, policy, plans)
    root = read_part(form.read_bytes())
    set_control(
        controls(root, "pm:status")[1], "Finished"
    )  # typed over the drop-down (or in another editor)
    form.write_bytes(replace_part(form.read_bytes(), root))
    before = (plans / "department-of-physics.yaml").read_bytes()
    assert main(["plans", "import", str(form), "--out", str(plans)]) == 2
    err = capsys.readouterr().err
    assert re.search(
        r"table \d+ \('Development area: Internationalisation at home'\), row 2: status: "
        r"'Finished' is not a status; expected one of planned \(Planerad, Planned\)",
        err,
    ), err
    assert (plans / "department-of-physics.yaml").read_bytes() == before


PLAN = """\
# Our plan (a comment the unit wrote)
key: ours
areas:
  - area: home
    goals:
      - goal: A goal.
        activities:
          # the first activity
          - activity: One.
            responsible: [IK]
            comment: |
              Two lines
              of comment.
            flags:
              alliance: "yes"
          # the second activity
          - activity: Two.
            status: planned  # set last spring
            responsible:
            - IK
            - Inst
          - {activity: Three., responsible: [IK]}
"""


def test_a_follow_up_changes_only_the_status_and_comment_lines_of_a_plan_file() -> None:
    edited = set_activity_fields(
        PLAN,
        [
            ("home", 0, "status", "done"),
            ("home", 0, "comment", "Done: 'all' of it."),
            ("home", 1, "status", None),
            ("home", 1, "comment", "Line one\nline two"),
        ],
    )
    assert edited == PLAN.replace(
        """            comment: |
              Two lines
              of comment.
            flags:
              alliance: "yes"
""",
        """            comment: 'Done: ''all'' of it.'
            flags:
              alliance: "yes"
            status: done
""",
    ).replace(
        """            status: planned  # set last spring
            responsible:
            - IK
            - Inst
""",
        """            responsible:
            - IK
            - Inst
            comment: |-
              Line one
              line two
""",
    )


def test_an_activity_written_on_one_line_is_not_rewritten() -> None:
    with pytest.raises(EditError, match="written on one line"):
        set_activity_fields(PLAN, [("home", 2, "status", "done")])


def test_a_form_showing_the_plan_in_its_translation_is_matched_with_the_same_catalogs(
    tmp_path: Path, policy: Policy, plans: Path, capsys
) -> None:
    catalogs = EXAMPLE_PLANS.parent / "locales"
    localized = localize(policy, "en", locale_dirs=[catalogs])
    plan = load_plan(plans / "department-of-physics.yaml", policy)
    document = compose("follow-up-form", localized, plan=localized.translate_plan(plan))
    form = tmp_path / "form.docx"
    form.write_bytes(fill_follow_up_form(write(document, "docx", policy.theme), REPORTS))
    assert b"Invite at least two international guest lecturers" in read_docx_text(form)
    assert main(["plans", "import", str(form), "--out", str(plans)]) == 2
    assert "is not the plan's activity number 1 in this area" in capsys.readouterr().err
    options = ["--out", str(plans), "--locales", str(catalogs)]
    assert main(["plans", "import", str(form), *options]) == 0
    plan = load_plan(plans / "department-of-physics.yaml", policy)
    assert [(a.status, a.comment) for a in activities(plan)] == REPORTS


def read_docx_text(path: Path) -> bytes:
    return etree.tostring(read_part(path.read_bytes()), encoding="utf-8")


def test_a_form_table_that_lost_its_comment_column_is_reported(
    tmp_path: Path, policy: Policy, plans: Path, capsys
) -> None:
    form = returned(tmp_path, policy, plans)
    form.write_bytes(delete_column(form.read_bytes(), "Internationalisation at home", 6))
    before = (plans / "department-of-physics.yaml").read_bytes()
    assert main(["plans", "import", str(form), "--out", str(plans)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "error: 1 problem in 1 file; nothing was written"
    assert err[1].endswith(
        "('Development area: Internationalisation at home'): the table has lost its column comment"
    )
    assert (plans / "department-of-physics.yaml").read_bytes() == before
