"""Benchmark: how long the whole kit takes to build (not part of the test suite).

Targets, for this project's 2-core machines (where a plain script writing a 30-file bilingual
kit takes 0.55 s as a whole process):
- rendering the whole kit in memory, warm: under 1.5 s;
- `python build_materials.py` as a whole process, cold: under 3 s.

Run: python bench/bench_build.py [--repeat N]. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planmaterials import load_policy, render  # noqa: E402

TARGETS = {"render (warm, in memory)": 1.5, "build_materials.py (cold process)": 3.0}


def _median(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    policy = load_policy()
    render(policy)  # warm up imports, fonts and template compilation
    files = len(render(policy).files)
    results = {"render (warm, in memory)": _median(lambda: render(policy), args.repeat)}
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, str(ROOT / "build_materials.py"), "-q", "--out", folder + "/o"]
        results["build_materials.py (cold process)"] = _median(
            lambda: subprocess.run(command, check=True), args.repeat
        )
    missed = 0
    print(f"kit of {files} files, median of {args.repeat}")
    for name, seconds in results.items():
        target = TARGETS[name]
        verdict = "ok" if seconds <= target else "MISSED"
        missed += seconds > target
        print(f"  {name:<36} {seconds:6.3f} s   target {target:.1f} s   {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
