"""Commands that write no document do not pay for the writers' libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pptx", "reportlab", "docx", "pikepdf", "PIL")


def test_the_command_line_and_the_package_import_no_writer_library():
    code = (
        "import sys, planmaterials, planmaterials.cli; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert loaded == ""


def test_the_writers_are_there_when_asked_for():
    import planmaterials

    assert callable(planmaterials.write) and "pdf" in planmaterials.WRITERS
