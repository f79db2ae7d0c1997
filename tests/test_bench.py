"""The benchmark's parts work: generated unit plans, the reference script and the verdicts."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from planmaterials import load_plan
from planmaterials.model import Policy

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench_module(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is not a package; its scripts import each other)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


unit_plans = _bench_module("unit_plans")
reference_kit = _bench_module("reference_kit")
bench_build = _bench_module("bench_build")


def test_generated_unit_plans_load_against_the_default_policy(tmp_path: Path, policy: Policy):
    paths = unit_plans.write_plans(tmp_path, 3)

    plans = [load_plan(path, policy) for path in paths]

    assert [path.name for path in paths] == ["plan-001.yaml", "plan-002.yaml", "plan-003.yaml"]
    assert len({plan.id for plan in plans}) == 3
    for plan in plans:
        activities = [a for area in plan.areas for goal in area.goals for a in goal.activities]
        assert activities, plan.id
        assert all(activity.responsible for activity in activities)


def test_the_same_number_of_unit_plans_gives_the_same_files(tmp_path: Path):
    first = unit_plans.write_plans(tmp_path / "a", 4)
    second = unit_plans.write_plans(tmp_path / "b", 4)

    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert first[0].read_bytes() != first[1].read_bytes()


def test_the_reference_script_writes_a_bilingual_kit_of_comparable_files(tmp_path: Path):
    assert reference_kit.main([str(tmp_path)]) == 0

    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    by_language = {lang: [p for p in files if p.parent.name == lang] for lang in ("sv", "en")}
    assert len(by_language["sv"]) == len(by_language["en"]) == 18
    assert (tmp_path / "manifest.json").is_file()
    suffixes = sorted(p.suffix for p in by_language["en"])
    assert suffixes == [".docx"] * 8 + [".html"] + [".pdf"] * 5 + [".pptx"] + [".zip"] * 3
    for path in files:
        if path.suffix == ".pdf":
            assert path.read_bytes().startswith(b"%PDF"), path
        elif path.suffix in (".docx", ".pptx", ".zip"):
            assert zipfile.ZipFile(path).testzip() is None, path
    deck = next(p for p in by_language["sv"] if p.suffix == ".pptx")
    names = zipfile.ZipFile(deck).namelist()
    assert len([n for n in names if n.startswith("ppt/slides/slide")]) == 16
    assert len([n for n in names if n.startswith("ppt/notesSlides/notesSlide")]) == 16


def _scenario(name: str, wall: list[float], plans: int | None = None, rss: float = 80.0):
    scenario = bench_build.Scenario(name, name, lambda out: [], plans=plans)
    scenario.wall = wall
    scenario.cpu = [w * 0.9 for w in wall]
    scenario.rss = [rss] * len(wall)
    return scenario


def test_targets_are_judged_by_ratios_of_runs_in_the_same_round():
    # Round 2 was slowed down for everyone: paired ratios stay steady.
    found = [
        _scenario("reference", [1.0, 3.0, 1.0]),
        _scenario("kit", [0.5, 1.5, 0.6]),
        _scenario("en", [0.3, 0.9, 0.3]),
        _scenario("rebuild", [0.1, 0.3, 0.2]),
        _scenario("plans-100", [1.5, 4.5, 1.6], plans=100),
        _scenario("plans-200", [2.5, 7.5, 2.6], plans=200, rss=160.0),
    ]

    results, targets = bench_build.evaluate(found)

    verdicts = {t.name: (pytest.approx(t.measured), t.verdict) for t in targets}
    assert verdicts["full kit / reference script"] == (0.5, "met")
    assert verdicts["no-change rebuild / full kit"] == (0.2, "met")
    assert verdicts["100 unit plans / full kit"] == (3.0, "not met")
    assert verdicts["unit plans 100→200 / 0→100 per plan"] == (1.0, "met")
    assert verdicts["peak memory, 200 unit plans"] == (160.0, "not met")
    assert results["scaling"]["wall"]["per_plan_s"] == pytest.approx(0.01)


def test_targets_without_their_scenario_are_not_measured():
    found = [
        _scenario("reference", [1.0]),
        _scenario("kit", [0.9]),
        _scenario("en", [0.5]),
        _scenario("rebuild", [0.8]),
        _scenario("plans-1", [0.95], plans=1),
    ]

    _, targets = bench_build.evaluate(found)

    verdicts = {t.name: t.verdict for t in targets}
    assert verdicts["100 unit plans / full kit"] == "not measured"
    assert verdicts["peak memory, 200 unit plans"] == "not measured"
    assert verdicts["full kit / reference script"] == "not met"


def test_the_report_shows_what_file_creation_cost_before_and_after_the_runs(tmp_path: Path):
    found = [
        _scenario("reference", [1.0]),
        _scenario("kit", [0.5]),
        _scenario("en", [0.3]),
        _scenario("rebuild", [0.1]),
        _scenario("plans-100", [1.5], plans=100),
    ]
    results, targets = bench_build.evaluate(found)
    info = {
        "version": "0.1.0",
        "commit": "abc1234",
        "python": "3.11",
        "cpus": 2,
        "runs": 1,
        "load_before": 0.1,
        "load_after": 0.2,
        "files_before": bench_build.file_creation(tmp_path, "before"),
        "files_after": 512.4,
    }
    assert len(list((tmp_path / "file-creation" / "before").iterdir())) == 200

    text = bench_build.report(found, results, targets, info)

    assert f"200 new files in {info['files_before']:.0f} ms before the runs, 512 ms after" in text
