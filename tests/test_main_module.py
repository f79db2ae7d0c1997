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

    from planmaterials import cli, parallel

    seen = []

    def command(argv=None):
        seen.append((argv, parallel._process_ends))
        return 3

    monkeypatch.setattr(cli, "main", command)
    monkeypatch.setattr(parallel, "_process_ends", False)
    try:
        with pytest.raises(SystemExit) as exit:
            cli.run(["build"])
        # What is alive is frozen out of collections: Python's last one, at exit, skips it.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert exit.value.code == 3
    assert seen == [(["build"], True)]  # a build's objects are not walked after it either


def test_in_a_process_ending_with_its_work_what_a_block_made_is_no_young_object(monkeypatch):
    import gc

    from planmaterials import parallel

    monkeypatch.setattr(parallel, "_process_ends", True)
    kept = []
    with parallel.fewer_collections(pause=True):
        kept.extend([number] for number in range(50_000))
        assert gc.get_count()[0] > 40_000  # young, none collected
    assert gc.get_count()[0] < 1_000  # with the oldest: no collection walks them at once
    assert gc.get_freeze_count() == 0
