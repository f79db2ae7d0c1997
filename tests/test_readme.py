"""README.md's set-up commands stay true: CI runs exactly its test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_readme_gives_an_install_and_build_command_and_a_test_command():
    install_and_build, test = _setup_commands()
    assert "pip install ." in install_and_build and "build_materials.py" in install_and_build
    assert "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    test = _setup_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
