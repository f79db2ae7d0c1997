"""House style: ruff's lint and format checks pass on the whole tree and README's Python."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pinned_ruff() -> str:
    """The exact ruff version of the test extra: formatting changes between releases."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (requirement,) = [
        r for r in pyproject["project"]["optional-dependencies"]["test"] if r.startswith("ruff")
    ]
    name, _, version = requirement.partition("==")
    assert name == "ruff" and re.fullmatch(r"\d+(\.\d+)+", version), (
        f"pin ruff exactly in the test extra, not {requirement!r}"
    )
    return version


@pytest.fixture(scope="module")
def ruff() -> list[str]:
    """The command running the ruff of this Python's environment (the test extra's)."""
    try:
        installed = importlib.metadata.version("ruff")
    except importlib.metadata.PackageNotFoundError:
        if os.environ.get("CI"):
            pytest.fail("ruff is required in CI (it comes with the test extra)")
        pytest.skip("ruff is not installed (it comes with the test extra)")
    pinned = _pinned_ruff()
    if installed != pinned:
        pytest.fail(f"ruff {installed} is installed; the test extra pins {pinned}: reinstall it")
    return [sys.executable, "-m", "ruff"]


def test_the_test_extra_pins_ruff_exactly():
    assert _pinned_ruff()


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_passes(ruff, command):
    completed = subprocess.run(
        [*ruff, *command, "src", "tests", "bench", "build_materials.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def _readme_python() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```$", readme, flags=re.DOTALL | re.MULTILINE)


def test_readmes_python_blocks_are_formatted_as_ruff_formats_code(ruff):
    blocks = _readme_python()
    assert blocks, "README.md shows the library in a ```python block"
    for block in blocks:
        completed = subprocess.run(
            [*ruff, "format", "--diff", "--stdin-filename", "README.py", "-"],
            input=block,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, f"README.md:\n{completed.stdout}{completed.stderr}"
