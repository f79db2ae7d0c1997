"""``python -m planmaterials`` is the ``planmaterials`` command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "arguments", [["--version"], ["--help"], ["check", "--policy", "missing.yaml"]]
)
def test_python_m_planmaterials_answers_as_the_command_does(tmp_path, arguments):
    command = shutil.which("planmaterials", path=str(Path(sys.executable).parent))
    assert command is not None, "the planmaterials command is installed next to this Python"
    as_module = _run([sys.executable, "-m", "planmaterials", *arguments], tmp_path)
    as_command = _run([command, *arguments], tmp_path)
    assert (as_module.returncode, as_module.stdout, as_module.stderr) == (
        as_command.returncode,
        as_command.stdout,
        as_command.stderr,
    )


def test_a_mistake_exits_with_status_2_through_python_m(tmp_path):
    completed = _run(
        [sys.executable, "-m", "planmaterials", "check", "--policy", "no.yaml"], tmp_path
    )
    assert completed.returncode == 2
    assert completed.stderr.startswith("error: no.yaml")


def test_the_program_exits_with_the_commands_status_leaving_nothing_to_collect(monkeypatch):
    import gc

    from planmaterials import cli

    seen = []

    def command(argv=None):
        seen.append((argv, gc.isenabled()))
        return 3

    monkeypatch.setattr(cli, "main", command)
    try:
        with pytest.raises(SystemExit) as exit:
            cli.run(["build"])
        # What is alive is frozen out of collections: Python's last one, at exit, skips it.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
    assert exit.value.code == 3
    assert seen == [(["build"], False)]  # no collection while the command runs
