"""The fingerprint of a build's inputs reads library versions as the installed metadata says."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from planmaterials.inputs import _LIBRARIES, _versions


def test_library_versions_are_those_importlib_metadata_reports():
    assert _versions(_LIBRARIES) == {name: metadata.version(name) for name in _LIBRARIES}


def test_a_distribution_name_is_matched_however_it_is_spelled():
    assert _versions(("PyYAML", "pyyaml", "python_docx")) == {
        "PyYAML": metadata.version("PyYAML"),
        "pyyaml": metadata.version("PyYAML"),
        "python_docx": metadata.version("python-docx"),
    }


def test_a_library_that_is_not_installed_has_no_version():
    assert _versions(("no-such-library-here",)) == {"no-such-library-here": ""}


def test_the_first_installation_along_the_path_wins(tmp_path: Path, monkeypatch):
    (tmp_path / "reportlab-0.0.1.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert _versions(("reportlab",)) == {"reportlab": "0.0.1"}
