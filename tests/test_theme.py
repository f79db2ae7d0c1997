"""The theme: one table of paper sizes that every writer reads the same way."""

from __future__ import annotations

from reportlab.lib import pagesizes

from planmaterials import model
from planmaterials.theme import PAGE_SIZES, PAPER_SIZES, POSTER_PAPER_SIZES, Theme, page_size
from planmaterials.writers.docx_base import twips


def test_paper_sizes_in_points_are_exactly_reportlabs():
    assert PAGE_SIZES == {
        "A4": pagesizes.A4,
        "A3": pagesizes.A3,
        "A2": pagesizes.A2,
        "A1": pagesizes.A1,
        "Letter": pagesizes.LETTER,
    }


def test_word_gets_the_paper_sizes_in_whole_twips():
    assert {paper: twips(paper) for paper in PAPER_SIZES} == {
        "A4": (11906, 16838),
        "A3": (16838, 23811),
        "A2": (23811, 33676),
        "A1": (33676, 47679),
        "Letter": (12240, 15840),
    }


def test_landscape_swaps_width_and_height():
    width, height = page_size("A4")
    assert page_size("A4", "landscape") == (height, width)
    assert width < height


def test_posters_are_printed_on_a_sizes_the_table_knows():
    assert set(POSTER_PAPER_SIZES) <= set(PAPER_SIZES)
    assert Theme().poster_paper in POSTER_PAPER_SIZES and Theme().paper in PAPER_SIZES


def test_the_model_hands_out_the_same_theme_type():
    assert model.Theme is Theme
