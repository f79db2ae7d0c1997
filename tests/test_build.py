"""Building the kit: all files and a manifest, the same bytes every time, all or nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planmaterials import PolicyError, build, load_policy, render
from planmaterials.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_build_writes_both_languages_and_a_manifest_that_describes_every_file(tmp_path):
    result = build(None, tmp_path / "out")
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["lang"] for entry in manifest["files"]} == {"sv", "en"}
    assert len(manifest["files"]) == len(result.files)
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["path"].startswith(f"{entry['lang']}/")
        assert set(entry) >= {"path", "material", "lang", "format", "area", "bytes", "sha256"}
    summaries = [e for e in manifest["files"] if e["material"] == "policy-summary"]
    assert sorted(e["path"] for e in summaries) == [
        "en/policy-summary.docx",
        "sv/sammanfattning-av-policyn.docx",
    ]


def test_two_builds_give_identical_bytes(tmp_path):
    build(None, tmp_path / "a")
    build(None, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_a_broken_policy_leaves_the_previous_output_untouched(tmp_path):
    out = tmp_path / "out"
    build(None, out)
    before = _tree(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text("language: sv\norganisation:\n  nme: x\n", encoding="utf-8")
    with pytest.raises(PolicyError):
        build(broken, out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "out"]


def test_one_language_can_be_built_alone(tmp_path):
    result = build(None, tmp_path / "out", ["en"])
    assert {f.lang for f in result.files} == {"en"}
    assert not (tmp_path / "out" / "sv").exists()


def test_untranslated_strings_are_reported_not_hidden(tmp_path, policy):
    area = policy.areas[0]
    point = dataclasses.replace(area.points[0], text="En helt ny punkt.")
    area = dataclasses.replace(area, points=(point, *area.points[1:]))
    changed = dataclasses.replace(policy, areas=(area, *policy.areas[1:]))
    result = build(changed, tmp_path / "out")
    assert [m.key for m in result.missing["en"]] == ["area.home.point.1"]
    assert result.missing["sv"] == ()


def test_the_cli_exits_2_with_file_line_and_key_and_no_traceback(
    tmp_path, capsys, default_policy_data, write_policy
):
    default_policy_data["organisation"]["nme"] = default_policy_data["organisation"].pop("name")
    broken = write_policy(default_policy_data)
    line = broken.read_text(encoding="utf-8").splitlines().index("  nme: Norrviks universitet") + 1
    assert main(["build", "--policy", str(broken), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {broken}:{line}: organisation.nme: unknown key")
    assert "did you mean 'name'?" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_the_cli_refuses_an_unknown_language(tmp_path, capsys):
    assert main(["build", "--lang", "sv,de", "--out", str(tmp_path / "out")]) == 2
    assert "unsupported language 'de'" in capsys.readouterr().err


def test_check_renders_everything_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert "OK:" in capsys.readouterr().out and list(tmp_path.iterdir()) == []


def test_i18n_status_reports_the_shipped_catalogs_complete(capsys):
    assert main(["i18n", "status", "--check"]) == 0
    out = capsys.readouterr().out
    assert "sv/labels.po" in out and "en/policy.po" in out


def test_i18n_update_shows_translators_what_changed(
    tmp_path, capsys, default_policy_data, write_policy
):
    import shutil

    from planmaterials.resources import shipped

    locales = tmp_path / "locales"
    shutil.copytree(shipped("locales"), locales)
    point = default_policy_data["policy"]["areas"][0]["points"][1]
    old = point["text"]
    point["text"] = "Erbjud fler kurser på engelska."
    policy = write_policy(default_policy_data)
    args = ["--policy", str(policy), "--locales", str(locales)]
    assert main(["i18n", "status", "--changes", *args]) == 0
    out = capsys.readouterr().out
    assert "area.home.point.2" in out and f"was: {old}" in out
    assert main(["i18n", "update", *args]) == 0
    po = (locales / "en" / "LC_MESSAGES" / "policy.po").read_text(encoding="utf-8")
    assert f'#| msgid "{old}"' in po
    assert main(["i18n", "status", "--check", *args]) == 1


def test_build_materials_py_builds_the_kit_into_out_by_default(tmp_path):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "build_materials.py"), "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert (tmp_path / "out" / "sv").is_dir() and (tmp_path / "out" / "en").is_dir()


def test_each_language_gets_a_zip_per_bundle_with_exactly_its_materials(tmp_path):
    import zipfile

    from planmaterials.materials import BUNDLES

    result = build(None, tmp_path / "out")
    for lang in ("sv", "en"):
        files = [f for f in result.files if f.lang == lang]
        for bundle in BUNDLES.values():
            (zipped,) = [f for f in files if f.material == f"bundle-{bundle.id}"]
            assert zipped.format == "zip" and zipped.area is None
            names = zipfile.ZipFile(tmp_path / "out" / zipped.path).namelist()
            loose = [f for f in files if f.format != "zip" and f.material != "start-here"]
            chosen = (
                loose
                if bundle.complete
                else [
                    f
                    for material, fmt in bundle.contents
                    for f in loose
                    if (f.material, f.format) == (material, fmt)
                ]
            )
            # the start-here page first, made for the bundle, then the bundle's materials
            expected = ["index.html", *(f.path.split("/", 1)[1] for f in chosen)]
            assert names == expected and len(names) >= 5
            assert zipped.contains == tuple(names)
    physical = next(
        f for f in result.files if f.path.startswith("en/") and f.material == "bundle-physical"
    )
    digital = next(
        f for f in result.files if f.path.startswith("en/") and f.material == "bundle-digital"
    )
    assert physical.path == "en/workshop-materials-meetings-in-person.zip"
    assert digital.path == "en/workshop-materials-online-meetings.zip"


def test_unit_plans_are_translated_from_a_users_catalog_on_top_of_the_shipped_one(tmp_path):
    examples = ROOT / "examples"
    result = build(
        None,
        tmp_path / "out",
        plans_dir=examples / "plans",
        locale_dirs=[examples / "locales"],
    )
    assert result.missing["en"] == ()
    units = {f.unit for f in result.files if f.material == "action-plan" and f.lang == "en"}
    assert units == {None, "department-of-physics", "student-services"}


def test_i18n_update_with_plans_writes_only_what_the_shipped_catalogs_lack(tmp_path, capsys):
    locales = tmp_path / "locales"
    args = ["--plans", str(ROOT / "examples" / "plans"), "--locales", str(locales)]
    assert main(["i18n", "update", *args]) == 0
    assert not (locales / "sv").exists(), "the shipped Swedish labels need nothing more"
    po = (locales / "en" / "LC_MESSAGES" / "policy.po").read_text(encoding="utf-8")
    assert 'msgctxt "plan.student-services.title"' in po
    assert 'msgctxt "policy.title"' not in po
    capsys.readouterr()
    assert main(["i18n", "status", "--check", *args]) == 1
    plan_texts = 30  # the example unit plans' texts, which no catalog translates yet
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()}
    total, translated, fuzzy, untranslated, _obsolete = map(int, rows["en/policy.po"][:5])
    assert (fuzzy, untranslated, translated) == (0, plan_texts, total - plan_texts)


def test_file_names_follow_the_area_slug_or_key_never_the_translated_title(
    default_policy_data, write_policy
):
    areas = default_policy_data["policy"]["areas"]
    areas[0]["title"] = "Internationalisering här hemma"  # reworded: no English translation yet
    areas.append({**areas[1], "key": "digital", "title": "Digitalt utbyte"})
    del areas[-1]["slug"]
    paths = {f.path for f in render(load_policy(write_policy(default_policy_data))).files}
    assert "en/internationalisation-at-home-bullet-list.pdf" in paths
    assert "sv/internationalisering-pa-hemmaplan-punktlista.pdf" in paths
    assert {"en/digital-bullet-list.docx", "sv/digital-punktlista.docx"} <= paths


def test_two_areas_with_one_file_name_are_refused_by_the_loader(default_policy_data, write_policy):
    areas = default_policy_data["policy"]["areas"]
    areas[1]["slug"] = {"en": "internationalisation-at-home"}
    with pytest.raises(PolicyError, match=r"file name \(en\) 'internationalisation-at-home'"):
        load_policy(write_policy(default_policy_data))


def test_bundles_store_compressed_files_and_deflate_the_rest(tmp_path):
    import zipfile

    result = build(None, tmp_path / "out", ["en"])
    bundle = next(f for f in result.files if f.material == "bundle-all")
    with zipfile.ZipFile(tmp_path / "out" / bundle.path) as archive:
        methods = {
            info.filename.rsplit(".", 1)[1]: info.compress_type for info in archive.infolist()
        }
    assert methods["pdf"] == methods["docx"] == methods["pptx"] == zipfile.ZIP_STORED
    assert methods["html"] == zipfile.ZIP_DEFLATED


def test_two_materials_given_the_same_file_name_by_a_translation_are_refused(tmp_path):
    catalog = ROOT / "locales" / "sv" / "LC_MESSAGES" / "labels.po"
    text = catalog.read_text(encoding="utf-8")
    swot = 'msgctxt "filename.swot-template"\nmsgid "SWOT template"\nmsgstr "SWOT-mall"'
    assert swot in text
    mine = tmp_path / "locales" / "sv" / "LC_MESSAGES" / "labels.po"
    mine.parent.mkdir(parents=True)
    mine.write_text(text.replace(swot, swot.replace("SWOT-mall", "Sammanfattning av policyn")))
    out = tmp_path / "kit"
    with pytest.raises(
        PolicyError,
        match=r"two materials would be written to sv/sammanfattning-av-policyn\.docx; rename one",
    ):
        build(None, out, ["sv"], locale_dirs=[tmp_path / "locales"])
    assert not out.exists()
