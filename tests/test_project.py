"""A project folder: ``init`` writes one that builds as it is, and every command reads its file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from planmaterials import PolicyError
from planmaterials.cli import main
from planmaterials.scaffold import init_project

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POLICY = ROOT / "src" / "planmaterials" / "data" / "default-policy.yaml"
CATALOG = Path("locales", "en", "LC_MESSAGES", "policy.po")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    assert main(["init", str(folder)]) == 0
    return folder


def _manifest(kit: Path) -> list[dict]:
    return json.loads((kit / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_init_writes_the_policy_the_example_plans_their_catalog_and_a_project_file(project):
    assert sorted(_tree(project)) == [
        "locales/en/LC_MESSAGES/policy.po",
        "planmaterials.toml",
        "plans/department-of-physics.yaml",
        "plans/student-services.yaml",
        "policy.yaml",
    ]
    policy = (project / "policy.yaml").read_text(encoding="utf-8")
    assert policy.startswith("# The policy of this project. Edit it")
    assert policy.endswith(DEFAULT_POLICY.read_text(encoding="utf-8"))
    for plan in (ROOT / "examples" / "plans").glob("*.yaml"):
        assert (project / "plans" / plan.name).read_bytes() == plan.read_bytes()
    catalog = (project / CATALOG).read_text(encoding="utf-8")
    assert 'msgctxt "policy.title"\nmsgid "Policy för internationalisering"' in catalog
    assert 'msgstr "Action plan for internationalisation at the Department of Physics"' in catalog


def test_a_new_project_builds_with_no_options_in_both_languages_with_every_text_translated(
    project, monkeypatch, capsys
):
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert "warning" not in err
    files = _manifest(project / "kit")
    assert {f["lang"] for f in files} == {"sv", "en"}
    units = {f.get("unit") for f in files if f["material"] == "action-plan" and f["lang"] == "en"}
    assert units == {None, "department-of-physics", "student-services"}
    assert main(["check", "kit"]) == 0, capsys.readouterr().err  # the settings are not in its way


def test_the_catalogs_of_a_new_project_are_complete_and_an_update_changes_nothing(
    project, monkeypatch, capsys
):
    monkeypatch.chdir(project)
    before = _tree(project)
    assert main(["i18n", "status", "--check"]) == 0
    assert main(["i18n", "update"]) == 0
    out = capsys.readouterr().out
    assert "policy.po" in out and str(ROOT) not in out  # the project's, not the shipped one
    assert _tree(project) == before


def test_an_option_on_the_command_line_wins_over_the_project_file(project, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["build", "--lang", "en", "--out", "elsewhere", "-q"]) == 0
    assert not (project / "kit").exists()
    files = _manifest(project / "elsewhere")
    assert {f["lang"] for f in files} == {"en"}
    # the plans still come from the project file
    assert any(f.get("unit") == "student-services" for f in files)


def test_config_from_another_folder_resolves_paths_against_the_project_files_folder(
    project, tmp_path, monkeypatch, capsys
):
    (project / "planmaterials.toml").write_text(
        'policy = "policy.yaml"\nplans = "plans"\nlocales = "locales"\n'
        'languages = ["en"]\nout = "kit"\n',
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = str(project / "planmaterials.toml")
    assert main(["check", "--config", config]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("OK: ")
    assert main(["build", "--config", config, "-q"]) == 0
    assert (project / "kit" / "en" / "action-plan-student-services.docx").is_file()
    assert list(elsewhere.iterdir()) == []


def test_a_broken_project_file_is_exit_2_naming_file_line_and_key(project, monkeypatch, capsys):
    path = project / "planmaterials.toml"
    path.write_text(path.read_text(encoding="utf-8") + 'ouput = "site"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    capsys.readouterr()
    for command in (["build"], ["check"], ["i18n", "status"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: planmaterials.toml:")
        assert "ouput: unknown key" in err and "did you mean 'out'?" in err
    assert not (project / "kit").exists()


def test_a_setting_naming_a_missing_file_is_reported_with_the_resolved_path(
    project, tmp_path, monkeypatch, capsys
):
    (project / "planmaterials.toml").write_text('policy = "polcy.yaml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--config", "project/planmaterials.toml"]) == 2
    assert "polcy.yaml" in capsys.readouterr().err


def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "minutes.txt").write_text("ours", encoding="utf-8")
    assert main(["init", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "not empty" in err and "'minutes.txt'" in err and "--force" in err
    assert _tree(folder) == {"minutes.txt": b"ours"}
    assert [p.name for p in folder.iterdir()] == ["minutes.txt"]


def test_init_with_force_adds_the_project_beside_other_files(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "README.md").write_text("ours", encoding="utf-8")
    assert main(["init", str(folder), "--force"]) == 0
    assert (folder / "README.md").read_text(encoding="utf-8") == "ours"
    assert (folder / "planmaterials.toml").is_file()


def test_init_never_overwrites_a_file_even_with_force(tmp_path, capsys):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "policy.yaml").write_text("my policy", encoding="utf-8")
    assert main(["init", str(folder), "--force"]) == 2
    assert "holds 'policy.yaml'; init never overwrites a file" in capsys.readouterr().err
    assert _tree(folder) == {"policy.yaml": b"my policy"}
    init_project(tmp_path / "q")
    with pytest.raises(PolicyError, match="is a project already"):
        init_project(tmp_path / "q", force=True)


def test_init_into_the_current_empty_folder_or_a_new_nested_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert "Next: planmaterials build" in capsys.readouterr().out
    assert (tmp_path / "planmaterials.toml").is_file()
    assert main(["init", "a/b"]) == 0
    assert "Next: cd a/b && planmaterials build" in capsys.readouterr().out
    assert (tmp_path / "a" / "b" / "policy.yaml").is_file()


def test_init_refuses_a_file_and_a_failed_init_leaves_no_folder_behind(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(PolicyError, match="this is a file"):
        init_project(tmp_path / "file")

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", broken)
    with pytest.raises(PolicyError, match=r"No space left on device\); nothing was written"):
        init_project(tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_a_failure_while_moving_the_files_in_takes_back_the_ones_already_moved(
    tmp_path, monkeypatch
):
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "README.md").write_text("ours", encoding="utf-8")
    rename = os.rename
    calls = []

    def fail_third(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(13, "Permission denied")
        rename(source, target)

    monkeypatch.setattr(os, "rename", fail_third)
    with pytest.raises(PolicyError, match=r"Permission denied\); nothing was written"):
        init_project(folder, force=True)
    assert len(calls) == 3
    assert _tree(folder) == {"README.md": b"ours"}
    assert [p.name for p in folder.iterdir()] == ["README.md"]


def test_hints_name_the_project_file_given_but_not_its_settings(
    project, tmp_path, monkeypatch, capsys
):
    policy = project / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(
        text.replace("ska vara ett öppet lärosäte", "ska vara ett fritt lärosäte"), "utf-8"
    )
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["check", "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "see them with: planmaterials i18n status --changes\n" in err
    monkeypatch.chdir(tmp_path)
    config = project / "planmaterials.toml"
    assert main(["check", "--config", str(config), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert f"see them with: planmaterials i18n status --changes --config {config}\n" in err
