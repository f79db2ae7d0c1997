"""Word wrapping: one routine, with one set of rules, for poster panels and slide frames."""

from __future__ import annotations

from planmaterials.document import LineBreak, Span
from planmaterials.writers import slidefit
from planmaterials.writers.slidefit import TextPara
from planmaterials.writers.wrap import unit_width, wrap_text


def _texts(lines) -> list[str]:
    return ["".join(text for _, (text, _, _) in line.fragments) for line in lines]


def test_lines_break_between_words_and_never_run_past_the_width():
    words = "internationalisation at home for every student and teacher " * 4
    width = 40 * unit_width("n") * 10
    lines = wrap_text((Span(words),), 10, width)
    assert len(lines) > 2
    assert all(line.width <= width for line in lines)
    assert " ".join(_texts(lines)).split() == words.split()


def test_a_no_break_space_holds_its_words_together():
    text = "a\u00a0b " * 30
    lines = wrap_text((Span(text),), 10, 12 * unit_width("a b ") * 10)
    assert all(not t.startswith("b") for t in _texts(lines))


def test_a_word_that_changes_style_midway_is_still_one_word():
    content = (Span("Inter", bold=True), Span("national rest"))
    width = unit_width("Inter", True) * 10 + unit_width("national") * 10 + 1
    lines = wrap_text(content, 10, width)
    assert _texts(lines) == ["International", "rest"]
    assert lines[0].fragments[0][1] == ("Inter", True, False)


def test_line_breaks_start_new_lines():
    assert _texts(wrap_text((Span("one"), LineBreak(), Span("two")), 10, 1000)) == ["one", "two"]


def test_a_word_wider_than_the_line_stays_whole_unless_asked_to_break_it():
    word = "Internationaliserings" * 4
    width = unit_width(word) * 10 / 3 + 12  # a third, and room for the last letter of each
    (whole,) = wrap_text((Span("x"), Span(" " + word)), 10, width)[1:]
    assert whole.width > width  # the poster's layout sees this and reports the panel
    broken = wrap_text((Span("x " + word),), 10, width, break_words=True)
    assert _texts(broken)[0] == "x"
    assert "".join(_texts(broken)[1:]) == word
    assert len(broken) == 1 + 3 and all(line.width <= width for line in broken)


def test_slide_frames_count_the_lines_of_the_same_routine():
    para = TextPara((Span("word " * 60),), bold=True)
    width = 400.0
    expected = wrap_text(
        para.content, 20, slidefit.WRAP_FACTOR * width, bold=True, break_words=True
    )
    assert slidefit.line_count(para, 20, width) == len(expected) > 3
