"""`planmaterials check DIR`: a fresh kit passes; a tampered one fails, naming the file and why."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from planmaterials.cli import main
from planmaterials.kitcheck import check_kit
from planmaterials.kitcheck.docx import check_docx
from planmaterials.kitcheck.pdf import check_pdf
from planmaterials.kitcheck.pptx import check_pptx

# A unit plan is in no bundle: changing it touches no zip, so its own problem stands alone.
PLAN_DOCX = "en/action-plan-department-of-physics.docx"
SUMMARY_DOCX = "en/policy-summary.docx"
POSTER_PDF = "en/overview-poster-development-areas.pdf"
DECK = "en/presentation-internationalisation-and-the-action-plan.pptx"
BUNDLE = "en/workshop-materials-meetings-in-person.zip"


@pytest.fixture
def built(full_kit: Path) -> Path:
    """The full bilingual kit, fresh from the build (shared: never change it)."""
    return full_kit


@pytest.fixture
def kit(built: Path, tmp_path: Path) -> Path:
    """A copy of the fresh kit to tamper with."""
    copy = tmp_path / "kit"
    shutil.copytree(built, copy)
    return copy


def _problems(kit: Path) -> list[str]:
    return [str(problem) for problem in check_kit(kit)]


def _record(kit: Path, path: str) -> None:
    """Re-record a changed file's size and hash, as a builder that lies would."""
    manifest = json.loads((kit / "manifest.json").read_text("utf-8"))
    data = (kit / path).read_bytes()
    for entry in manifest["files"]:
        if entry["path"] == path:
            entry["bytes"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    (kit / "manifest.json").write_text(json.dumps(manifest), "utf-8")


def _rewrite_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The zip ``data`` with member ``name`` changed (added when missing), others as they were."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for each in [*names, *([name] if name not in names else [])]:
            content = source.read(each) if each in names else b""
            target.writestr(each, change(content) if each == name else content)
    return buffer.getvalue()


def _tamper(kit: Path, path: str, name: str, change: Callable[[bytes], bytes]) -> None:
    target = kit / path
    target.write_bytes(_rewrite_member(target.read_bytes(), name, change))
    _record(kit, path)


def _replace(old: str, new: str, count: int = 1) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        assert old in text, old
        return text.replace(old, new, count).encode("utf-8")

    return change


def test_a_fresh_bilingual_kit_passes_every_check(built, capsys):
    assert check_kit(built) == []
    assert main(["check", str(built)]) == 0
    out = capsys.readouterr().out
    files = len(json.loads((built / "manifest.json").read_text("utf-8"))["files"])
    assert out.strip() == f"OK: {files} files in {built} match the manifest and pass every check"


def test_build_check_checks_the_kit_it_just_built(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path / "kit"), "--check"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("OK: ") and last.endswith("match the manifest and pass every check")


def test_an_edited_file_fails_with_exit_1_naming_it(kit, capsys):
    path = kit / POSTER_PDF
    data = path.read_bytes()
    assert data.endswith(b"%%EOF\n")
    path.write_bytes(data[:-1] + b" ")  # same size, still a valid PDF: only the hash tells
    assert main(["check", str(kit)]) == 1
    out = capsys.readouterr().out
    assert f"{POSTER_PDF}: its SHA-256 differs from the manifest's (it was changed)" in out
    assert out.splitlines()[-1].startswith("check failed: ")


def test_a_file_that_grew_is_named_with_both_sizes(kit):
    path = kit / PLAN_DOCX
    size = path.stat().st_size
    path.write_bytes(path.read_bytes() + b"x")
    assert _problems(kit) == [f"{PLAN_DOCX}: has {size + 1} bytes; the manifest records {size}"]


def test_an_added_file_fails_naming_it(kit):
    (kit / "en" / "notes.txt").write_text("mine", "utf-8")
    (kit / "changes.json").write_text("{}", "utf-8")  # the build's own change report may be there
    assert _problems(kit) == ["en/notes.txt: is not listed in the manifest"]


def test_a_removed_file_fails_naming_it(kit):
    (kit / PLAN_DOCX).unlink()
    assert _problems(kit) == [f"{PLAN_DOCX}: is listed in the manifest but missing"]


def test_a_removed_bundled_file_is_also_missing_from_beside_its_zip(kit):
    (kit / SUMMARY_DOCX).unlink()
    problems = _problems(kit)
    assert f"{SUMMARY_DOCX}: is listed in the manifest but missing" in problems
    assert (
        "en/workshop-materials-online-meetings.zip: policy-summary.docx is not a file of the kit "
        "(en/policy-summary.docx is missing)"
    ) in problems


def test_a_docx_whose_title_was_removed_fails_naming_it(kit):
    _tamper(
        kit, PLAN_DOCX, "docProps/core.xml", lambda x: re.sub(rb"<dc:title>.*?</dc:title>", b"", x)
    )
    assert _problems(kit) == [
        f"{PLAN_DOCX}: declares no title (dc:title in the core properties is missing or empty)"
    ]


def test_a_pdf_without_lang_fails_naming_it(kit):
    with pikepdf.open(kit / POSTER_PDF, allow_overwriting_input=True) as pdf:
        del pdf.Root.Lang
        pdf.save(kit / POSTER_PDF)
    _record(kit, POSTER_PDF)
    problems = _problems(kit)
    assert f"{POSTER_PDF}: declares no language (/Lang)" in problems
    # the bundle that carries the poster now holds another file than the kit's
    assert any(
        p.endswith("differs from the kit's en/overview-poster-development-areas.pdf")
        for p in problems
    )


def test_a_changed_zip_member_fails_naming_the_zip_and_the_member(kit):
    member = "swot-template.docx"
    _tamper(kit, BUNDLE, member, lambda data: data + b"\0")
    assert _problems(kit) == [f"{BUNDLE}: {member} differs from the kit's en/{member}"]


def test_a_zip_member_not_in_the_manifest_contents_fails(kit):
    _tamper(kit, BUNDLE, "../../evil.sh", lambda data: b"echo")
    problems = _problems(kit)
    assert problems[0] == (
        f"{BUNDLE}: its entries differ from the manifest's 'contains' list: "
        "not listed ../../evil.sh"
    )
    assert (
        problems[1] == f"{BUNDLE}: holds '../../evil.sh', which is not the name of a file beside it"
    )


def test_a_manifest_without_contents_for_a_zip_fails(kit):
    manifest = json.loads((kit / "manifest.json").read_text("utf-8"))
    for entry in manifest["files"]:
        entry.pop("contains", None)
    (kit / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    problems = _problems(kit)
    assert len(problems) == len([e for e in manifest["files"] if e["format"] == "zip"]) == 6
    assert f"{BUNDLE}: the manifest records no 'contains' list for it" in problems


def test_the_manifest_lists_each_bundles_entries_in_order(built):
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    for entry in manifest["files"]:
        if entry["format"] == "zip":
            names = zipfile.ZipFile(built / entry["path"]).namelist()
            assert entry["contains"] == names and names
        else:
            assert "contains" not in entry


def test_a_damaged_docx_is_one_problem_not_a_crash(kit):
    path = kit / PLAN_DOCX
    path.write_bytes(path.read_bytes()[:500])
    _record(kit, PLAN_DOCX)
    [problem] = _problems(kit)
    assert problem.startswith(f"{PLAN_DOCX}: does not open: ")


def test_a_missing_folder_or_one_without_a_kit_is_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert "the kit folder does not exist" in capsys.readouterr().err
    (tmp_path / "file").write_text("x", "utf-8")
    assert main(["check", str(tmp_path / "file")]) == 2
    assert "the kit folder is a file, not a folder" in capsys.readouterr().err
    (tmp_path / "manifest.json").write_text('{"files": 3}', "utf-8")
    assert main(["check", str(tmp_path)]) == 2
    assert "holds no kit" in capsys.readouterr().err


def test_check_dir_takes_no_policy_options(built, capsys):
    assert main(["check", str(built), "--policy", "p.yaml"]) == 2
    assert "takes no --policy" in capsys.readouterr().err


def test_control_characters_in_names_are_not_echoed(kit, capsys):
    (kit / "en" / "\x1b[31mred").write_text("x", "utf-8")
    assert main(["check", str(kit)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "en/\\x1b[31mred: is not listed in the manifest" in out


# -- format checks, on the bytes of one file ----------------------------------------------------


def _file(built: Path, path: str) -> bytes:
    return (built / path).read_bytes()


def test_a_docx_heading_that_skips_a_level_is_named(built):
    data = _rewrite_member(
        _file(built, PLAN_DOCX),
        "word/document.xml",
        _replace('w:val="Heading2"', 'w:val="Heading3"'),
    )
    [problem] = check_docx(data, "en")
    assert problem.startswith("heading 3 '") and problem.endswith(
        "follows heading 1: a level is skipped"
    )


def test_a_docx_table_without_a_header_row_is_named(built):
    data = _rewrite_member(
        _file(built, PLAN_DOCX), "word/document.xml", _replace("<w:tblHeader/>", "")
    )
    assert check_docx(data, "en") == ["table 1 has no header row (w:tblHeader on its first row)"]


def test_docx_text_colours_are_checked_against_their_shading_and_the_page(built):
    on_fill = _rewrite_member(
        _file(built, PLAN_DOCX),
        "word/document.xml",
        _replace('w:fill="00406B"', 'w:fill="5B7F95"', -1),
    )
    assert check_docx(on_fill, "en") == [
        "text in #FFFFFF on #5B7F95 has a contrast of 4.27:1 (at least 4.5:1 is needed)"
    ]
    pale = _rewrite_member(
        _file(built, PLAN_DOCX),
        "word/styles.xml",
        _replace('<w:color w:val="1E1E1E"/>', '<w:color w:val="AAAAAA"/>'),
    )
    assert check_docx(pale, "en") == [
        "text in #AAAAAA on #FFFFFF has a contrast of 2.32:1 (at least 4.5:1 is needed)"
    ]


def test_a_docx_must_declare_the_language_it_is_listed_in(built):
    data = _file(built, PLAN_DOCX)
    assert check_docx(data, "sv") == [
        "declares the language en-GB (w:lang in the default run properties), but it is listed as sv"
    ]
    gone = _rewrite_member(data, "word/styles.xml", lambda x: re.sub(rb"<w:lang [^>]*/>", b"", x))
    assert check_docx(gone, "en") == ["declares no language (w:lang in the default run properties)"]


def test_slides_with_the_same_title_or_none_are_named(built):
    def retitle(number: int, title: str) -> Callable[[bytes], bytes]:
        def change(xml: bytes) -> bytes:
            return re.sub(
                rb'(type="title".*?<a:t>)[^<]*',
                rb"\g<1>" + title.encode(),
                xml,
                count=1,
                flags=re.S,
            )

        return change

    data = _file(built, DECK)
    same = _rewrite_member(data, "ppt/slides/slide3.xml", retitle(3, "Twice"))
    same = _rewrite_member(same, "ppt/slides/slide4.xml", retitle(4, "Twice"))
    assert check_pptx(same, "en") == ["slide 4 has the same title as slide 3: 'Twice'"]
    untitled = _rewrite_member(data, "ppt/slides/slide5.xml", retitle(5, ""))
    assert check_pptx(untitled, "en") == ["slide 5 has no title"]


def test_slide_text_colours_and_languages_are_checked(built):
    data = _file(built, DECK)
    pale = _rewrite_member(
        data,
        "ppt/slides/slide2.xml",
        _replace('<a:srgbClr val="1E1E1E"/>', '<a:srgbClr val="E5A823"/>'),
    )
    [problem] = check_pptx(pale, "en")
    assert problem.startswith("text in #E5A823 on #FFFFFF has a contrast of ")
    unmarked = _rewrite_member(
        data, "ppt/slides/slide2.xml", lambda x: x.replace(b' lang="en-GB"', b"")
    )
    [problem] = check_pptx(unmarked, "en")
    assert re.fullmatch(r"slide 2: \d+ text runs declare no language \(a:rPr lang\)", problem)


def _edited_pdf(data: bytes, edit: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_a_pdf_without_tags_title_or_embedded_fonts_is_named(built):
    data = _file(built, POSTER_PDF)

    def strip(pdf: pikepdf.Pdf) -> None:
        del pdf.Root.StructTreeRoot
        del pdf.docinfo.Title
        for font in pdf.pages[0].Resources.Font.values():
            del font.FontDescriptor.FontFile2

    problems = check_pdf(_edited_pdf(data, strip), "en")
    assert problems[:2] == [
        "has no /Title in its document information",
        "is not tagged (no structure tree, or /MarkInfo /Marked is not true)",
    ]
    assert problems[2:] and all(p.endswith("is not embedded") for p in problems[2:])


def test_pdf_headings_and_tables_are_checked_in_the_structure_tree(built):
    data = _file(built, POSTER_PDF)

    def demote_first_heading(pdf: pikepdf.Pdf) -> None:
        document = pdf.Root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        heading = next(k for k in document.K if str(k.get("/S", "")).startswith("/H"))
        heading.S = pikepdf.Name("/H3")
        table = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name("/Table"), K=pikepdf.Array()))
        document.K.append(table)

    assert check_pdf(_edited_pdf(data, demote_first_heading), "en")[:2] == [
        "an H3 heading follows the start: a level is skipped",
        "table 1 has no header cells (TH)",
    ]


def _workbook(core: str) -> bytes:
    """A minimal workbook package with the given core properties body."""
    rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    core_type = rel + "/metadata/core-properties"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{rel}"><Relationship Id="r1" Type="{core_type}" '
            'Target="docProps/core.xml"/></Relationships>',
        )
        package.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            f'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">{core}'
            "</cp:coreProperties>",
        )
        package.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_a_workbook_must_declare_its_title_and_language():
    from planmaterials.kitcheck.ooxml import check_xlsx

    sound = "<dc:title>Plan</dc:title><dc:language>sv-SE</dc:language>"
    assert check_xlsx(_workbook(sound), "sv") == []
    assert check_xlsx(_workbook("<dc:language>sv-SE</dc:language>"), "sv") == [
        "declares no title (dc:title in the core properties is missing or empty)"
    ]
    assert check_xlsx(_workbook("<dc:title>Plan</dc:title>"), "sv") == [
        "declares no language (dc:language in the core properties)"
    ]


def test_a_file_reached_through_a_linked_folder_is_not_read(kit, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "swot-template.docx").write_bytes((kit / "en" / "swot-template.docx").read_bytes())
    (kit / "en" / "swot-template.docx").unlink()
    shutil.rmtree(kit / "sv")
    (kit / "sv").symlink_to(outside)
    problems = _problems(kit)
    assert "sv/swot-mall.docx: is not a plain file inside the kit folder" in problems
    assert "sv: is not listed in the manifest" in problems


def test_a_package_part_without_content_type_or_a_dangling_relationship_is_named(built):
    data = _file(built, PLAN_DOCX)
    untyped = _rewrite_member(data, "word/extra.bin", lambda _: b"\0")
    assert check_docx(untyped, "en") == ["the part word/extra.bin has no content type"]
    dangling = _rewrite_member(
        data, "word/_rels/document.xml.rels", _replace('Target="styles.xml"', 'Target="gone.xml"')
    )
    assert "word/document.xml refers to word/gone.xml, which is missing" in check_docx(
        dangling, "en"
    )


def test_speaker_notes_must_declare_their_language_too(built):
    data = _file(built, DECK)
    unmarked = _rewrite_member(
        data, "ppt/notesSlides/notesSlide2.xml", lambda x: x.replace(b' lang="en-GB"', b"")
    )
    [problem] = check_pptx(unmarked, "en")
    assert re.fullmatch(
        r"the notes of slide \d+: \d+ text runs declare no language \(a:rPr lang\)", problem
    )


def test_a_bundles_own_page_is_checked_against_the_manifest_not_the_kits_page(kit):
    assert _problems(kit) == []  # the zip's index.html lists only the zip: not the kit's page
    _tamper(kit, BUNDLE, "index.html", _replace("<h1>", "<h1>Changed "))
    assert _problems(kit) == [
        f"{BUNDLE}: index.html differs from what the manifest records for this zip"
    ]


def test_a_bundles_own_page_must_pass_the_page_checks(kit):
    _tamper(kit, BUNDLE, "index.html", _replace('<html lang="en-GB">', "<html>"))
    manifest = json.loads((kit / "manifest.json").read_text("utf-8"))
    with zipfile.ZipFile(kit / BUNDLE) as archive:
        page = archive.read("index.html")
    for entry in manifest["files"]:
        if entry["path"] == BUNDLE:
            entry["own"]["index.html"] = hashlib.sha256(page).hexdigest()
    (kit / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert _problems(kit) == [f"{BUNDLE}: index.html declares no language (<html lang>)"]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('<html lang="en-GB">', '<html lang="sv-SE">', "declares the language sv-SE"),
        ("<title>", "<title> </title><!--", "has no title"),
        ("<h2>Start from the policy</h2>", "<h4>Start from the policy</h4>", "heading h4"),
        ("</main>", '<p><img src="https://example.org/x.png"></p></main>', "loads https://"),
        ("</main>", "<script>alert(1)</script></main>", "runs a script"),
        ("</main>", '<p><a href="x.pdf"> </a></p></main>', "a link has no text"),
        ("</main>", "<p><em>unclosed</p></main>", "does not open"),
    ],
)
def test_a_start_here_page_that_breaks_a_rule_is_named(kit, old, new, problem):
    page = kit / "en" / "index.html"
    page.write_bytes(_replace(old, new)(page.read_bytes()))
    _record(kit, "en/index.html")
    problems = _problems(kit)
    assert len(problems) == 1 and problems[0].startswith("en/index.html: "), problems
    assert problem in problems[0]
