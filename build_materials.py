#!/usr/bin/env python3
"""Build the whole kit: ``python build_materials.py [--policy FILE] [--out DIR] [--lang sv,en]``.

A thin wrapper around ``planmaterials build``: the same options, and like it, it reads the
project file (``planmaterials.toml``) of the current folder if there is one; otherwise the
output goes to ``out/``.
"""

import sys
from pathlib import Path

try:
    from planmaterials.cli import run
except ImportError:  # run from a checkout without installing: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    from planmaterials.cli import run

if __name__ == "__main__":
    run(["build", *sys.argv[1:]])
