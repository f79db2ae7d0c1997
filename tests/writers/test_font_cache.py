"""The shipped fonts, as reportlab read them, are kept in the cache folder for the next run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# In a new process each time: a process reads and registers the fonts once.
_RUN = """if True:
    import hashlib, io
    from planmaterials import compose, localize, load_policy
    from planmaterials.writers import write
    from planmaterials.writers.fonts import text_width

    policy = load_policy()
    text = "Åtgärd för internationalisering"
    widths = [text_width(text, 11, b, i) for b in (False, True) for i in (False, True)]
    pdf = write(compose("policy-summary", localize(policy, "sv")), "pdf", policy.theme)
    print(widths, hashlib.sha256(pdf).hexdigest())
"""


def _run(cache: Path | str) -> str:
    env_code = f"import os; os.environ['PLANMATERIALS_CACHE'] = {str(cache)!r}\n"
    return subprocess.run(
        [sys.executable, "-c", env_code + _RUN], check=True, capture_output=True, text=True
    ).stdout


def test_fonts_read_from_the_cache_measure_and_embed_as_fonts_read_from_their_files(tmp_path):
    cache = tmp_path / "cache"
    without_cache = _run("")
    first = _run(cache)  # reads the font files and keeps what it read
    assert len(list(cache.glob("font-*.pickle"))) == 4
    second = _run(cache)  # reads what the first kept
    assert first == second == without_cache


def test_a_damaged_cached_font_is_read_again_from_its_file(tmp_path):
    cache = tmp_path / "cache"
    expected = _run(cache)
    for stored in cache.glob("font-*.pickle"):
        stored.write_bytes(stored.read_bytes()[:100])
    assert _run(cache) == expected
    assert all(len(p.read_bytes()) > 1000 for p in cache.glob("font-*.pickle"))  # kept again
