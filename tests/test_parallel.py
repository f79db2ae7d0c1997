"""The languages are made on two cores: the same kit, progress and errors as one after the other."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planmaterials import PolicyError, parallel
from planmaterials.build import render
from planmaterials.cli import main
from planmaterials.parallel import each_language
from planmaterials.resources import shipped

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "plans"
needs_two_cores = pytest.mark.skipif(
    not hasattr(os, "fork") or parallel._cores() < 2,
    reason="the languages are made side by side only with two cores",
)


_BUSY = parallel._busy  # the real test, before the fixture below replaces it


@pytest.fixture(autouse=True)
def idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's other work is left out: whether to fork must not depend on it here."""
    monkeypatch.setattr(parallel, "_busy", lambda cores: False)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes forked from here on (their ids)."""
    children: list[int] = []
    fork = os.fork

    def counting() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting)
    return children


def _render_lines(monkeypatch, jobs: str | None, policy, plans):
    if jobs is None:
        monkeypatch.delenv("PLANMATERIALS_JOBS", raising=False)
    else:
        monkeypatch.setenv("PLANMATERIALS_JOBS", jobs)
    lines: list[str] = []
    return render(policy, plans=plans, progress=lines.append), lines


@needs_two_cores
def test_the_kit_made_on_two_cores_is_the_kit_made_on_one(monkeypatch, policy, forks):
    from planmaterials.loader import load_plans

    plans = load_plans(EXAMPLES, policy)
    serial, serial_lines = _render_lines(monkeypatch, "1", policy, plans)
    assert forks == []
    both, both_lines = _render_lines(monkeypatch, None, policy, plans)
    assert len(forks) == 1
    assert [(f.path, f.data, f.shows, f.contains, f.own) for f in both.files] == [
        (f.path, f.data, f.shows, f.contains, f.own) for f in serial.files
    ]
    assert both.missing == serial.missing
    assert both_lines == serial_lines  # the second language's progress after the first's


def _broken_for(tmp_path: Path, lang: str) -> Path:
    """A template folder whose SWOT template writes an unknown element in ``lang`` only."""
    folder = tmp_path / "templates"
    folder.mkdir()
    source = (shipped("templates") / "swot-template.j2").read_text(encoding="utf-8")
    marker = "</document>"
    assert marker in source
    broken = source.replace(
        marker, f"{{% if lang.code == '{lang}' %}}<blink/>{{% endif %}}\n{marker}"
    )
    (folder / "swot-template.j2").write_text(broken, encoding="utf-8")
    return folder


@needs_two_cores
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_mistake_in_either_language_is_reported_as_without_a_second_core(
    tmp_path, monkeypatch, capsys, forks, lang
):
    templates = _broken_for(tmp_path, lang)
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("PLANMATERIALS_JOBS", jobs)
        out = tmp_path / f"kit-{jobs}"
        status = main(["build", "--templates", str(templates), "--out", str(out)])
        outputs.append((status, capsys.readouterr().err.replace(str(out), "OUT")))
        assert not out.exists()
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 2
    assert "unknown element <blink>" in outputs[0][1]
    assert len(forks) == 1


@needs_two_cores
def test_a_bug_in_the_second_process_is_raised_here_with_its_own_exception(forks):
    def make(code, progress):
        if code == "b":
            raise ZeroDivisionError(code)
        return code

    with pytest.raises(ZeroDivisionError, match="b"):
        each_language(make, ("a", "b"), None)
    assert len(forks) == 1


@needs_two_cores
def test_languages_of_a_second_process_that_dies_are_made_here(forks):
    parent = os.getpid()
    lines: list[str] = []

    def make(code, progress):
        if os.getpid() != parent:
            os._exit(9)  # a child killed half-way
        progress(f"made {code}")
        return code.upper()

    assert each_language(make, ("a", "b", "c"), lines.append) == ["A", "B", "C"]
    assert lines == ["made a", "made b", "made c"]
    assert len(forks) == 1


def test_with_one_job_nothing_is_forked(monkeypatch, forks):
    monkeypatch.setenv("PLANMATERIALS_JOBS", "1")
    assert each_language(lambda code, progress: code * 2, ("a", "b"), None) == ["aa", "bb"]
    assert forks == []


def test_a_single_language_is_made_without_a_second_process(forks):
    assert each_language(lambda code, progress: code, ("a",), None) == ["a"]
    assert forks == []


def _running_now(monkeypatch, tmp_path, running: int | None) -> None:
    """/proc/loadavg as it reads with ``running`` tasks runnable (this one included); None: no
    such file (not Linux)."""
    file = tmp_path / "loadavg"
    if running is not None:
        file.write_text(f"0.00 0.00 0.00 {running}/300 4242\n", encoding="ascii")
    monkeypatch.setattr(parallel, "_LOADAVG", str(file))
    monkeypatch.setattr(parallel, "_busy", _BUSY)


@needs_two_cores
def test_on_a_busy_machine_the_languages_are_made_in_this_process(monkeypatch, tmp_path, forks):
    _running_now(monkeypatch, tmp_path, parallel._cores() + 1)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))  # as if idle for a minute
    assert each_language(lambda code, progress: code, ("a", "b"), None) == ["a", "b"]
    assert forks == []


@needs_two_cores
def test_with_a_core_idle_now_the_languages_are_shared_out_whatever_the_last_minutes_load(
    monkeypatch, tmp_path, forks
):
    _running_now(monkeypatch, tmp_path, 1)  # this process alone
    monkeypatch.setattr(os, "getloadavg", lambda: (parallel._cores() + 1.0, 0.0, 0.0))
    assert each_language(lambda code, progress: code, ("a", "b"), None) == ["a", "b"]
    assert len(forks) == 1


def test_a_machine_is_busy_when_what_runs_now_leaves_no_core_idle(monkeypatch, tmp_path):
    for running, busy in ((1, False), (2, True), (5, True)):
        _running_now(monkeypatch, tmp_path, running)
        assert parallel._busy(2) is busy
    for running, busy in ((1, False), (2, False), (3, True)):
        _running_now(monkeypatch, tmp_path, running)
        assert parallel._busy(3) is busy


def test_a_task_seen_in_only_some_reads_of_what_runs_now_does_not_count(monkeypatch):
    reads = iter([3, 1, 3, 2, 3])  # this process, and another task that comes and goes
    monkeypatch.setattr(parallel, "_read_running", lambda: next(reads))
    monkeypatch.setattr(parallel, "_SAMPLE_GAP", 0)
    assert parallel._running_others() == 0
    assert next(reads, None) is None  # every sample was read


def test_a_task_running_in_every_read_keeps_its_core(monkeypatch):
    reads = iter([2, 3, 2, 2, 3])
    monkeypatch.setattr(parallel, "_read_running", lambda: next(reads))
    monkeypatch.setattr(parallel, "_SAMPLE_GAP", 0)
    assert parallel._running_others() == 1


def test_without_knowing_what_runs_now_the_load_of_the_last_minute_decides(monkeypatch, tmp_path):
    _running_now(monkeypatch, tmp_path, None)
    for load, busy in ((0.2, False), (1.2, False), (1.6, True), (3.0, True)):
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, 0.0, 0.0))
        assert parallel._busy(2) is busy


def test_a_block_with_fewer_collections_inside_another_leaves_the_outer_ones_settings():
    import gc

    threshold = gc.get_threshold()
    with parallel.fewer_collections():
        inside, frozen = gc.get_threshold(), gc.get_freeze_count()
        assert inside[0] > threshold[0] and frozen > 0
        with parallel.fewer_collections():
            assert gc.get_threshold() == inside
        with parallel.fewer_collections(pause=True):
            assert gc.get_threshold()[0] == 0  # no collections at all
            with parallel.fewer_collections():
                assert gc.get_threshold()[0] == 0  # as the block around it says
        assert (gc.get_threshold(), gc.get_freeze_count()) == (inside, frozen)
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_made_in_a_paused_block_is_freed_by_the_first_collection_after_it():
    import gc
    import weakref

    with parallel.fewer_collections(pause=True):
        cycles = [_Cycle() for _ in range(1_000)]
        alive = [weakref.ref(cycle) for cycle in cycles]
        del cycles
        assert all(ref() is not None for ref in alive)  # nothing collected meanwhile
    gc.collect(0)  # the youngest generation only: the block's objects are still there
    assert all(ref() is None for ref in alive)


def test_repeated_builds_in_one_process_do_not_pile_up_their_garbage(tmp_path):
    import gc

    from planmaterials import build

    gc.collect()
    counts = []
    for number in range(3):
        build(None, tmp_path / f"kit{number}", ["en"])
        counts.append(len(gc.get_objects()))
    # What each build left for the collector is found by the collections that follow it
    # (moved out of their reach, thousands of objects would pile up with every build).
    assert counts[2] - counts[1] < 1_000
    assert gc.collect() < 1_000


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@needs_two_cores
def test_a_kit_whose_second_process_dies_while_writing_is_written_whole_from_here(
    tmp_path, monkeypatch, forks
):
    from planmaterials import build, kitfolder

    serial = tmp_path / "serial"
    monkeypatch.setenv("PLANMATERIALS_JOBS", "1")
    build(None, serial)
    out = tmp_path / "out"
    build(None, out)
    # A file edited by hand: the kit is made again, and its other files are linked from it.
    (out / "sv" / "index.html").write_bytes(b"edited")
    previous = out / "en" / "index.html"
    kept = tmp_path / "kept.html"
    os.link(previous, kept)
    monkeypatch.delenv("PLANMATERIALS_JOBS")
    parent, real = os.getpid(), kitfolder._write_or_link
    written = []

    def dying(target, data, before):
        real(target, data, before)
        written.append(target)
        if os.getpid() != parent and len(written) == 3:
            os._exit(9)  # the second process, killed half-way through writing its files

    monkeypatch.setattr(kitfolder, "_write_or_link", dying)
    build(None, out)
    assert len(forks) == 1
    assert _tree(out) == {**_tree(serial), "changes.json": _tree(out)["changes.json"]}
    assert kept.read_bytes() == _tree(serial)["en/index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.html", "out", "serial"]


def _load(monkeypatch, jobs: str | None, folder: Path, policy):
    from planmaterials.loader import load_plans

    if jobs is None:
        monkeypatch.delenv("PLANMATERIALS_JOBS", raising=False)
    else:
        monkeypatch.setenv("PLANMATERIALS_JOBS", jobs)
    try:
        return load_plans(folder, policy)
    except PolicyError as error:
        return str(error)


@needs_two_cores
def test_many_plan_files_read_on_two_cores_are_those_read_on_one(
    tmp_path, monkeypatch, policy, forks
):
    from .unit_plans import write_unit_plans

    write_unit_plans(tmp_path, count=30)
    serial = _load(monkeypatch, "1", tmp_path, policy)
    assert forks == []
    both = _load(monkeypatch, None, tmp_path, policy)
    assert len(forks) == 1  # the later half read in a second process
    assert both == serial and len(both) == 30


@needs_two_cores
@pytest.mark.parametrize("broken", [["unit-25"], ["unit-05", "unit-25"]])
def test_a_mistake_in_plan_files_read_on_two_cores_is_the_one_read_first(
    tmp_path, monkeypatch, policy, forks, broken
):
    from .unit_plans import write_unit_plans

    for path in write_unit_plans(tmp_path, count=30):
        if path.stem.endswith(tuple(broken)):
            path.write_text(path.read_text(encoding="utf-8") + "nonsense: 1\n", encoding="utf-8")
    serial = _load(monkeypatch, "1", tmp_path, policy)
    both = _load(monkeypatch, None, tmp_path, policy)
    assert isinstance(serial, str) and "unknown key" in serial
    assert f"{broken[0]}" in serial
    assert both == serial
    assert len(forks) == 1
