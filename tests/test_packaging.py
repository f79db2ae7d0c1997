"""The wheel carries templates, catalogs, fonts, the default policy, py.typed and examples."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{completed.stdout}\n{completed.stderr}")
    return next(folder.glob("planmaterials-*.whl"))


def test_the_wheel_contains_templates_locales_fonts_and_the_default_policy(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "planmaterials/templates/policy-summary.j2" in names
    assert "planmaterials/locales/sv/LC_MESSAGES/labels.po" in names
    assert "planmaterials/locales/en/LC_MESSAGES/policy.po" in names
    assert "planmaterials/data/default-policy.yaml" in names
    assert "planmaterials/fonts/LiberationSans-Regular.ttf" in names
    assert "planmaterials/data/planmaterials.toml" in names
    assert "planmaterials/examples/plans/student-services.yaml" in names
    assert "planmaterials/examples/locales/en/LC_MESSAGES/policy.po" in names


def test_the_wheel_marks_the_package_as_typed(wheel):
    # PEP 561: without py.typed, type checkers ignore the annotations of an installed package.
    assert "planmaterials/py.typed" in set(zipfile.ZipFile(wheel).namelist())


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return target


def test_an_installed_wheel_builds_the_kit_from_another_directory(installed, tmp_path):
    target = installed
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    completed = subprocess.run(
        [sys.executable, "-m", "planmaterials.cli", "build", "--out", "kit", "-q"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import planmaterials.resources as r; print(r.shipped('templates'))",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()).is_relative_to(target)
    assert (work / "kit" / "en" / "policy-summary.docx").is_file()


def test_an_installed_wheel_starts_a_project_that_builds_with_every_text_translated(
    installed, tmp_path
):
    env = {**os.environ, "PYTHONPATH": str(installed)}

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "planmaterials.cli", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    started = run("init", "project", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    project = tmp_path / "project"
    built = run("build", "-q", cwd=project)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""  # no text shown untranslated
    assert (project / "kit" / "en" / "action-plan-student-services.docx").is_file()
    assert (project / "kit" / "sv" / "handlingsplan-department-of-physics.docx").is_file()
