"""Benchmark: whole-process build times and memory, as ratios to a plain reference script.

Every measurement is a fresh ``python`` process (imports included), timed from start to exit:

- ``reference``: ``bench/reference_kit.py``, the same bilingual kit written the straightforward
  way with python-docx, python-pptx and reportlab (the yardstick);
- ``kit``: the full bilingual kit into a new folder (``build_materials.py``);
- ``en``: ``--lang en`` only;
- ``rebuild``: the full kit into a folder that already holds the same kit (nothing changed);
- ``plans-N``: the full kit with N generated unit plans (``bench/unit_plans.py``).

The scenarios run round-robin (one run of each, in a rotating order, then the next round) after
one untimed warm-up round, so that noise from other work on the machine hits them all alike.
Each ratio is the median of the per-round ratios of two scenarios run side by side (and the
growth with unit plans the median of per-round growths). Peak memory
is the largest resident set size of the build process (``wait4``), over all its runs; worker
processes it waits for count with their own peak, not added up. Compiled bytecode is kept in a
temporary folder (``PYTHONPYCACHEPREFIX``, even if ``PYTHONDONTWRITEBYTECODE`` is set), so every
timed run starts as an installed program does, without compiling modules again.

Every run writes into a new folder, and the outputs are deleted only when the benchmark ends.
On an ext4 file system without a journal (as on the virtual machines this was tuned on), making
a file skips every inode freed in the last minute or more, so deleting hundreds of files made
each file created after it several times dearer: a build with many unit plans, which creates
twelve times the files of the kit, was charged for the clean-up of the runs before it. Such a
file system keeps that cost for a few minutes after any mass deletion (a test run, say); run
the benchmark on a quiet machine.

Run: python bench/bench_build.py [--runs N] [--quick] [--plans 1,10,100,200] [--json FILE]
Exits 1 when a measured target is not met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from unit_plans import write_plans

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build_materials.py"
REFERENCE = ROOT / "bench" / "reference_kit.py"
MIB = 1024 * 1024


@dataclass
class Scenario:
    """One thing to measure: a command that writes into a given output folder."""

    name: str
    title: str
    command: Callable[[Path], list[str]]
    fresh: bool = True  # build into a folder that does not exist yet (else: the same one again)
    plans: int | None = None
    files: int = 0  # files it wrote (in the warm-up), to see that like is compared with like
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)  # MiB


@dataclass
class Target:
    """A goal from the speed issue and what this run measured for it."""

    name: str
    measured: float | None  # from wall-clock times: the verdict
    limit: float
    unit: str
    cpu: float | None = None  # the same from CPU times, steadier on a busy machine

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        return "met" if self.measured <= self.limit else "not met"


def _build(*options: str) -> Callable[[Path], list[str]]:
    return lambda out: [sys.executable, str(BUILD), "-q", "--out", str(out), *options]


def scenarios(work: Path, plan_counts: list[int]) -> list[Scenario]:
    """The scenarios of one benchmark run; unit plan files are generated into ``work``."""
    found = [
        Scenario(
            "reference",
            "reference script (same kit)",
            lambda out: [sys.executable, str(REFERENCE), str(out)],
        ),
        Scenario("kit", "full kit (sv, en)", _build()),
        Scenario("en", "--lang en", _build("--lang", "en")),
        Scenario("rebuild", "rebuild, nothing changed", _build(), fresh=False),
    ]
    for count in plan_counts:
        folder = work / f"plans-{count}"
        write_plans(folder, count)
        title = f"{count} unit plan" + ("s" if count != 1 else "")
        found.append(Scenario(f"plans-{count}", title, _build("--plans", str(folder)), plans=count))
    return found


def run(command: list[str], log: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``command`` to completion; its wall time (s), CPU time (s) and peak RSS (MiB)."""
    with open(log, "wb") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(
            f"failed ({process.returncode}): {' '.join(command)}\n"
            + log.read_text(encoding="utf-8", errors="replace")
        )
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / MIB


def measure(found: list[Scenario], runs: int, work: Path, progress: bool) -> list[list[str]]:
    """Run every scenario ``runs`` times, round-robin after a warm-up; the order of each round."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    orders = []
    for round_number in range(runs + 1):  # round 0 warms caches and writes the rebuild's kit
        shift = round_number % len(found)
        order = found[shift:] + found[:shift]
        for scenario in order:
            if scenario.fresh:
                # Each run writes into a folder of its own, all removed when the benchmark
                # ends: deleting a run's files before the next run would charge the next one
                # for them (see the module's docstring).
                out = work / "runs" / f"{scenario.name}-{round_number}"
            else:
                out = work / f"out-{scenario.name}"
            wall, cpu, rss = run(scenario.command(out), work / "stderr.txt", env)
            if not round_number:
                scenario.files = sum(1 for path in out.rglob("*") if path.is_file())
            if round_number:
                scenario.wall.append(wall)
                scenario.cpu.append(cpu)
                scenario.rss.append(rss)
            if progress:
                label = f"round {round_number}/{runs}" if round_number else "warm-up"
                print(f"  {label}: {scenario.name:<10} {wall:6.2f} s", file=sys.stderr)
        if round_number:
            orders.append([scenario.name for scenario in order])
    return orders


def paired_ratio(a: Scenario, b: Scenario, clock: str = "wall") -> float:
    """Median over rounds of a's time / b's time (each pair ran in the same round)."""
    pairs = zip(getattr(a, clock), getattr(b, clock), strict=True)
    return statistics.median(x / y for x, y in pairs)


def growth(kit: list[float], hundred: list[float], two_hundred: list[float]) -> float:
    """Per-plan cost of the second hundred plans over that of the first: 1.0 is linear.

    Taken per round (the three ran side by side), then the median over rounds.
    """
    rounds = zip(kit, hundred, two_hundred, strict=True)
    return statistics.median((c - b) / (b - a) for a, b, c in rounds)


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of time over plan count."""
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    num = sum((x - mean_x) * (y - mean_y) for x, y in points)
    den = sum((x - mean_x) ** 2 for x, _ in points)
    return num / den


def evaluate(found: list[Scenario]) -> tuple[dict, list[Target]]:
    """Ratios and per-plan cost, and every target with its verdict."""
    by_name = {scenario.name: scenario for scenario in found}
    kit = by_name["kit"]
    pairs = [("kit", "reference"), ("en", "kit"), ("rebuild", "kit")]
    planned = sorted((s for s in found if s.plans), key=lambda s: s.plans or 0)
    pairs += [(s.name, "kit") for s in planned]
    ratios = {
        clock: {f"{a}/{b}": paired_ratio(by_name[a], by_name[b], clock) for a, b in pairs}
        for clock in ("wall", "cpu")
    }
    scaling: dict[str, dict[str, float | None]] = {}
    for clock in ("wall", "cpu"):
        medians = [(0, statistics.median(getattr(kit, clock)))]
        medians += [(s.plans or 0, statistics.median(getattr(s, clock))) for s in planned]
        scaling[clock] = {"per_plan_s": slope(medians) if len(medians) >= 2 else None}
        scaling[clock]["growth"] = (
            growth(*(getattr(by_name[n], clock) for n in ("kit", "plans-100", "plans-200")))
            if {"plans-100", "plans-200"} <= by_name.keys()
            else None
        )

    def ratio(name: str, limit: float, key: str) -> Target:
        wall, cpu = ratios["wall"].get(key), ratios["cpu"].get(key)
        return Target(name, wall, limit, "×", cpu)

    targets = [
        ratio("full kit / reference script", 0.5, "kit/reference"),
        ratio("no-change rebuild / full kit", 0.25, "rebuild/kit"),
        ratio("100 unit plans / full kit", 2.5, "plans-100/kit"),
        Target(
            "unit plans 100→200 / 0→100 per plan",
            scaling["wall"]["growth"],
            1.25,
            "×",
            scaling["cpu"]["growth"],
        ),
        Target("peak memory, full kit", max(kit.rss), 100, " MiB"),
        Target(
            "peak memory, 200 unit plans",
            max(by_name["plans-200"].rss) if "plans-200" in by_name else None,
            150,
            " MiB",
        ),
    ]
    return {"ratios": ratios, "scaling": scaling}, targets


def load() -> float:
    return os.getloadavg()[0]


def file_creation(work: Path, name: str) -> float:
    """Milliseconds to create 200 small files in a new folder of ``work`` (kept until the end).

    Builds with many unit plans create hundreds of files, and what that costs depends on the
    file system's state as well as on the build: on ext4 without a journal it is several times
    dearer for minutes after many files were deleted (see the module's docstring).
    """
    folder = work / "file-creation" / name
    folder.mkdir(parents=True)
    start = time.perf_counter()
    for number in range(200):
        (folder / f"{number}.bin").write_bytes(bytes(8192))
    return (time.perf_counter() - start) * 1000


def report(found: list[Scenario], results: dict, targets: list[Target], info: dict) -> str:
    lines = [
        f"planmaterials {info['version']} ({info['commit']}), Python {info['python']}, "
        f"{info['cpus']} CPUs, load {info['load_before']:.2f} -> {info['load_after']:.2f}",
        f"{info['runs']} runs per scenario, round-robin, whole processes; medians",
        f"file system: 200 new files in {info['files_before']:.0f} ms before the runs, "
        f"{info['files_after']:.0f} ms after",
        "",
        f"{'scenario':<30} {'files':>5} {'wall median (min–max)':>24} {'CPU':>8} {'peak RSS':>9}",
    ]
    for s in found:
        wall = f"{statistics.median(s.wall):.3f} s ({min(s.wall):.2f}–{max(s.wall):.2f})"
        lines.append(
            f"{s.title:<30} {s.files:>5} {wall:>24} {statistics.median(s.cpu):6.3f} s "
            f"{max(s.rss):5.0f} MiB"
        )
    scaling = results["scaling"]
    lines.append("")
    if scaling["wall"]["per_plan_s"] is not None:
        lines.append(
            f"each unit plan adds {scaling['wall']['per_plan_s'] * 1000:.0f} ms "
            f"({scaling['cpu']['per_plan_s'] * 1000:.0f} ms CPU): the slope of the medians "
            "from 0 plans (the full kit) to the most"
        )
    ratios = results["ratios"]
    lines.append(
        f"--lang en / full kit: {ratios['wall']['en/kit']:.2f}× "
        f"({ratios['cpu']['en/kit']:.2f}× CPU)"
    )
    lines += ["", f"{'target':<38} {'measured':>10} {'(CPU)':>8} {'target':>11}  verdict"]
    for t in targets:
        digits = 2 if t.unit == "×" else 0
        measured = "—" if t.measured is None else f"{t.measured:.{digits}f}{t.unit}"
        cpu = "" if t.cpu is None else f"{t.cpu:.{digits}f}{t.unit}"
        limit = f"≤ {t.limit:g}{t.unit}"
        lines.append(f"{t.name:<38} {measured:>10} {cpu:>8} {limit:>11}  {t.verdict}")
    if info["load_after"] > info["cpus"] or info["load_before"] > info["cpus"]:
        lines += [
            "",
            "note: the machine was busy (load above its CPU count); ratios hold better "
            "than absolute times, but rerun when it is quieter",
        ]
    return "\n".join(lines)


def _info(runs: int) -> dict:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    version = "?"
    init = ROOT / "src" / "planmaterials" / "__init__.py"
    for line in init.read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            version = line.split("=")[1].strip().strip("\"'")
    return {
        "version": version,
        "commit": commit or "no git",
        "python": platform.python_version(),
        "cpus": os.cpu_count() or 1,
        "runs": runs,
        "load_before": load(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="timed runs per scenario (7)")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 3 runs, 1 and 10 unit plans"
    )
    parser.add_argument(
        "--plans", default=None, help="comma-separated numbers of unit plans (1,10,100,200)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=sys.stderr.isatty(),
        help="print every run to stderr (default: when stderr is a terminal)",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    plans = args.plans or ("1,10" if args.quick else "1,10,100,200")
    plan_counts = sorted({int(n) for n in plans.split(",") if n.strip()})
    if runs < 1 or any(n < 1 for n in plan_counts):
        parser.error("--runs and --plans take positive numbers")
    info = _info(runs)
    with tempfile.TemporaryDirectory(prefix="planmaterials-bench-") as folder:
        work = Path(folder)
        info["files_before"] = file_creation(work, "before")
        found = scenarios(work, plan_counts)
        orders = measure(found, runs, work, args.progress)
        info["files_after"] = file_creation(work, "after")
    info["load_after"] = load()
    results, targets = evaluate(found)
    print(report(found, results, targets, info))
    if args.json:
        data = {
            "machine": info,
            "rounds": orders,
            "scenarios": {
                s.name: {
                    "title": s.title,
                    "plans": s.plans,
                    "files": s.files,
                    "wall_s": s.wall,
                    "cpu_s": s.cpu,
                    "peak_rss_mib": s.rss,
                    "median_wall_s": statistics.median(s.wall),
                    "median_cpu_s": statistics.median(s.cpu),
                }
                for s in found
            },
            **results,
            "targets": [
                {
                    "name": t.name,
                    "measured": t.measured,
                    "measured_cpu": t.cpu,
                    "limit": t.limit,
                    "unit": t.unit,
                    "verdict": t.verdict,
                }
                for t in targets
            ],
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 1 if any(t.verdict == "not met" for t in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
