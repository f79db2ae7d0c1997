"""``build --plans``: one filled action plan per unit plan file, and clear errors for bad ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planmaterials.build import build
from planmaterials.cli import main
from planmaterials.errors import PolicyError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "plans"

PLAN = """\
key: {key}
title: Handlingsplan för {owner}
owner: {owner}
period: 2026
date: 2026-01-15
areas:
  - area: {area}
    goals:
      - goal: Ett mål.
        activities:
          - activity: En aktivitet.
            responsible: [{unit}, IK]
            deadline: 2026-06-30
"""


def _write(directory: Path, name: str, **values: str) -> Path:
    fields = {"key": name, "owner": "Institutionen för kemi", "area": "home", "unit": "Inst"}
    fields.update(values)
    path = directory / f"{name}.yaml"
    path.write_text(PLAN.format(**fields), encoding="utf-8")
    return path


def test_build_renders_one_action_plan_per_unit_plan_in_each_language(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    _write(plans, "chemistry")
    _write(plans, "library", owner="Universitetsbiblioteket", unit="UB", area="hosting")
    result = build(out=tmp_path / "out", plans_dir=plans)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    units = sorted(
        (f["lang"], f["unit"], f["path"])
        for f in manifest["files"]
        if "unit" in f and f["material"] == "action-plan"
    )
    assert units == [
        ("en", "chemistry", "en/action-plan-chemistry.docx"),
        ("en", "library", "en/action-plan-library.docx"),
        ("sv", "chemistry", "sv/handlingsplan-chemistry.docx"),
        ("sv", "library", "sv/handlingsplan-library.docx"),
    ]
    # and beside each its yearly follow-up form; nothing else is made per unit plan
    per_unit = {f["material"] for f in manifest["files"] if "unit" in f}
    assert per_unit == {"action-plan", "follow-up-form"}
    forms = sorted(f["path"] for f in manifest["files"] if f["material"] == "follow-up-form")
    assert forms == [
        "en/follow-up-form-chemistry.docx",
        "en/follow-up-form-library.docx",
        "sv/uppfoljningsblankett-chemistry.docx",
        "sv/uppfoljningsblankett-library.docx",
    ]
    # the policy's own example plan is still there, without a unit
    assert any(f.material == "action-plan" and f.unit is None for f in result.files)


def test_the_example_plans_in_the_repository_build(tmp_path):
    result = build(out=tmp_path / "out", plans_dir=EXAMPLES)
    units = {f.unit for f in result.files if f.unit}
    assert units == {p.stem for p in EXAMPLES.glob("*.yaml")}


def test_an_unknown_area_names_the_file_the_line_and_the_key(tmp_path):
    path = _write(tmp_path, "bad", area="abrod")
    with pytest.raises(PolicyError) as caught:
        build(out=tmp_path / "out", plans_dir=tmp_path)
    error = caught.value
    assert error.file == path
    assert error.line == 7
    assert "'abrod'" in error.message and "did you mean 'abroad'" in error.message
    assert error.key == "areas[0].area"
    assert not (tmp_path / "out").exists()


def test_an_unknown_unit_names_the_file_the_line_and_the_abbreviation(tmp_path):
    path = _write(tmp_path, "bad", unit="Kansliet")
    with pytest.raises(PolicyError) as caught:
        build(out=tmp_path / "out", plans_dir=tmp_path)
    error = caught.value
    assert (error.file, error.line) == (path, 12)
    assert "unknown unit 'Kansliet'" in error.message
    assert error.key == "areas[0].goals[0].activities[0].responsible[0]"


def test_the_command_line_reports_a_bad_plan_and_exits_with_2(tmp_path, capsys):
    shutil.copy(EXAMPLES / "department-of-physics.yaml", tmp_path / "physics.yaml")
    _write(tmp_path, "bad", unit="XYZ")
    code = main(["build", "--plans", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'bad.yaml'}:12:" in err
    assert "unknown unit 'XYZ'" in err
    assert "Traceback" not in err


def test_a_plans_folder_without_plan_files_is_an_error(tmp_path):
    with pytest.raises(PolicyError, match=r"holds no \.yaml plan files"):
        build(out=tmp_path / "out", plans_dir=tmp_path)
