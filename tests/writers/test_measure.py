"""Measured text: wrapping by arithmetic breaks lines exactly where wrap_text does."""

from __future__ import annotations

import random

from planmaterials.document import LineBreak, Span
from planmaterials.writers.measure import MeasuredText
from planmaterials.writers.wrap import wrap_text

_WORDS = (
    "internationalisering", "på", "hemmaplan", "Erasmus+", "COIL", "och", "i", "W", "—",
    "mobilitetsfönster", "NORDLINK", "a", "staff", "Horizon", "Europe", "välkomna.", "x" * 40,
)  # fmt: skip


def _content(rng: random.Random) -> tuple:
    content = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.15:
            content.append(LineBreak())
            continue
        words = [rng.choice(_WORDS) for _ in range(rng.randint(0, 9))]
        text = rng.choice([" ", "  ", "\n", ""]).join(words) + rng.choice(["", " "])
        content.append(Span(text, bold=rng.random() < 0.3, italic=rng.random() < 0.3))
    return tuple(content)


def test_counting_lines_by_arithmetic_agrees_with_wrap_text_at_every_size_and_width():
    rng = random.Random(12)
    for _ in range(600):
        content = _content(rng)
        bold, italic = rng.random() < 0.2, rng.random() < 0.2
        measured = MeasuredText(content, bold=bold, italic=italic)
        for _ in range(5):
            size = rng.choice([12.0, 16.0, 16.25, 17.75, 28.0, 60.75])
            width = rng.uniform(20, 700)
            lines = wrap_text(content, size, width, bold=bold, italic=italic)
            assert measured.count(size, width) == (
                len(lines),
                all(line.width <= width for line in lines),
            )
            assert measured.lines(size, width) == lines


def test_a_line_exactly_as_wide_as_the_room_fits_and_one_hair_narrower_does_not():
    content = (Span("Fler kurser på engelska"),)
    width = wrap_text(content, 16.0, 1000.0)[0].width
    assert MeasuredText(content).count(16.0, width) == (1, True)
    assert MeasuredText(content).count(16.0, width - 1e-9) == (2, True)
