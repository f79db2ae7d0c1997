"""The artifact sweep: unmarked painting wrapped whole, all else left as reportlab wrote it."""

from __future__ import annotations

import pytest

from planmaterials.writers.pdf.artifacts import mark_the_rest_as_artifacts


def test_an_unmarked_text_object_and_path_are_wrapped_whole_and_state_operators_stay_outside():
    stream = "q\n1 0 0 rg\nBT /F1 12 Tf (a) Tj ET\nn\n0 0 m 10 10 l S\nQ\n"
    assert mark_the_rest_as_artifacts(stream) == (
        "q\n1 0 0 rg\n"
        "/Artifact BMC\nBT /F1 12 Tf (a) Tj ET\nEMC\n"
        "/Artifact BMC\nn\nEMC\n"
        "/Artifact BMC\n0 0 m 10 10 l S\nEMC\nQ\n"
    )


def test_marked_content_is_left_as_it_is_even_nested():
    stream = "/P <</MCID 0>> BDC BT (x) Tj ET /Span BMC 0 0 5 5 re f EMC EMC "
    assert mark_the_rest_as_artifacts(stream) == stream


def test_operator_names_inside_strings_arrays_and_dictionaries_are_not_operators():
    stream = (
        "/P <</MCID 0 /Note (EMC) /Ok true>> BDC BT [(a\\) EMC) -20 (b(c)d)] TJ <454d43> Tj ET "
        "EMC BT (EMC \\(BT) Tj ET "
    )
    assert mark_the_rest_as_artifacts(stream) == (
        "/P <</MCID 0 /Note (EMC) /Ok true>> BDC BT [(a\\) EMC) -20 (b(c)d)] TJ <454d43> Tj ET "
        "EMC /Artifact BMC\nBT (EMC \\(BT) Tj ET\nEMC "
    )


def test_an_unmarked_xobject_and_inline_image_are_artifacts():
    stream = "q /Im0 Do Q BI /W 1 /H 1 /F /AHx ID 00> EI Q "
    assert mark_the_rest_as_artifacts(stream) == (
        "q /Artifact BMC\n/Im0 Do\nEMC Q /Artifact BMC\nBI /W 1 /H 1 /F /AHx ID 00> EI\nEMC Q "
    )


@pytest.mark.parametrize(
    "stream",
    ["/P <</MCID 0>> BDC BT (a) Tj ET ", "BT (a) Tj ", "0 0 m 1 1 l ", "(open", "1 2 "],
)
def test_unbalanced_content_is_a_programming_error(stream):
    with pytest.raises(ValueError):
        mark_the_rest_as_artifacts(stream)


def test_a_marked_sequence_opened_inside_an_unmarked_text_object_is_read_as_the_full_reading_does():
    # The quick skim only finds where marked sequences begin; the full reading decides here.
    stream = "BT /P <</MCID 0>> BDC (a) Tj EMC ET /P <</MCID 1>> BDC 0 0 m 1 1 l S EMC "
    assert mark_the_rest_as_artifacts(stream) == (
        "/Artifact BMC\nBT /P <</MCID 0>> BDC (a) Tj EMC ET\nEMC "
        "/P <</MCID 1>> BDC 0 0 m 1 1 l S EMC "
    )
