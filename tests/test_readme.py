"""README.md stays true (CI runs its set-up commands), and nothing points outside the repository."""

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


# Files of the team's workspace outside this repository: the product must not send readers there.
_OUTSIDE = re.compile(r"\.\./shared|\bNOTES\.md|\bARCHITECTURE\.md")
_SCANNED = ("README.md", "TRANSLATING.md", "build_materials.py", "pyproject.toml")
_SCANNED_FOLDERS = ("src", "templates", "locales", "examples", "bench", ".ci", "tests")


def _text_files() -> list[Path]:
    files = [ROOT / name for name in _SCANNED if (ROOT / name).is_file()]
    for folder in _SCANNED_FOLDERS:
        files.extend(p for p in sorted((ROOT / folder).rglob("*")) if p.is_file())
    return [p for p in files if "__pycache__" not in p.parts and p != Path(__file__).resolve()]


def test_nothing_points_to_a_file_outside_the_repository():
    found = []
    for path in _text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # fonts and other binary files
        for number, line in enumerate(text.splitlines(), start=1):
            if _OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_readme_describes_the_pipeline_itself():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    stages = ["**load**", "**localize**", "**compose**", "**transform**", "**write**", "**build**"]
    positions = [section.find(stage) for stage in stages]
    assert -1 not in positions and positions == sorted(positions), positions
