"""Commands that write no document do not pay for the writers' libraries."""

from __future__ import annotations

import os
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


def test_a_full_build_writes_decks_and_word_files_without_their_libraries_and_pdfs_without_pikepdf(
    tmp_path,
):
    # The decks' and Word files' XML is written directly; python-pptx and python-docx only
    # read them back in the tests. reportlab writes the PDFs' structure tree itself; pikepdf
    # is for `check` alone.
    kit = tmp_path / "kit"
    code = (
        "import sys; from planmaterials.cli import main; "
        f"status = main(['build', '--out', {str(kit)!r}]); "
        'print(f\'pptx={"pptx" in sys.modules};docx={"docx" in sys.modules};'
        'pikepdf={"pikepdf" in sys.modules};status={status}\')'
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PLANMATERIALS_JOBS": "1"},  # one process: every writer in this one
    ).stdout.splitlines()
    assert out[-1] == "pptx=False;docx=False;pikepdf=False;status=0"
    assert len(list(kit.glob("*/*.pptx"))) == 2
    assert len(list(kit.glob("*/*.docx"))) > 2
    assert list(kit.glob("*/*.pdf"))


def test_the_writers_are_there_when_asked_for():
    import planmaterials

    assert callable(planmaterials.write) and "pdf" in planmaterials.WRITERS


def test_a_rebuild_with_nothing_to_do_imports_neither_templates_nor_the_document_tree(tmp_path):
    kit = tmp_path / "kit"
    code = (
        "import sys; from planmaterials.cli import main; "
        f"status = main(['build', '-q', '--out', {str(kit)!r}]); "
        "print(','.join(m for m in ('jinja2', 'planmaterials.templating', 'planmaterials.document',"
        " 'planmaterials.markup', 'reportlab', 'babel', 'difflib', 'yaml',"
        " 'planmaterials.rendering', 'planmaterials.model', 'planmaterials.i18n.pofile')"
        " if m in sys.modules), status)"
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, check=True, capture_output=True, text=True).stdout.split()
    again = subprocess.run(run, check=True, capture_output=True, text=True).stdout.split()
    assert first[0].startswith("jinja2,") and first[-1] == "0"  # the first build renders
    # The second finds the same input files and loads nothing to render, nor Babel to format,
    # nor difflib to pair reworded texts, nor the YAML reader (the files are not read), nor the
    # policy model or the catalog reader.
    assert again == ["0"]


def test_the_template_and_document_names_are_there_when_asked_for():
    import planmaterials
    from planmaterials.compose import compose
    from planmaterials.document import Document

    assert planmaterials.compose is compose and planmaterials.Document is Document
    assert {"compose", "Templates", "Document", "write"} <= set(dir(planmaterials))
