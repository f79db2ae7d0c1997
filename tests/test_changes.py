"""The change report: what a rebuild added, removed, renamed and changed, and what it left alone."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
import yaml

from planmaterials import build
from planmaterials.changes import compare
from planmaterials.cli import main

EXAMPLE_PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"


def _manifest(files=(), texts=None):
    return {
        "files": [
            {"path": p, "material": m, "lang": "sv", "format": "pdf", "area": a, "sha256": h}
            for p, m, a, h in files
        ],
        "texts": {
            key: {"sha256": f"#{text}", "text": text, "materials": ["poster"]}
            for key, text in (texts or {}).items()
        },
    }


def test_files_are_grouped_and_a_new_name_for_the_same_document_is_a_rename():
    before = _manifest(
        [
            ("sv/a.pdf", "area-list", "home", "1"),
            ("sv/b.pdf", "area-list", "abroad", "2"),
            ("sv/poster.pdf", "poster", None, "3"),
            ("sv/gone.pdf", "area-list", "hosting", "4"),
        ]
    )
    after = _manifest(
        [
            ("sv/a.pdf", "area-list", "home", "1"),
            ("sv/b-new-name.pdf", "area-list", "abroad", "2"),
            ("sv/poster.pdf", "poster", None, "33"),
            ("sv/digital.pdf", "area-list", "digital", "5"),
        ]
    )
    changes = compare(before, after)
    assert changes.added == ("sv/digital.pdf",)
    assert changes.removed == ("sv/gone.pdf",)
    assert changes.renamed == (("sv/b.pdf", "sv/b-new-name.pdf"),)
    assert changes.changed == ("sv/poster.pdf",)
    assert changes.unchanged == ("sv/a.pdf",)
    assert not changes.nothing


def test_texts_that_only_moved_to_another_key_are_not_news():
    before = _manifest(texts={"p.1": "Ett", "p.2": "Två", "p.3": "Tre", "p.4": "Fyra"})
    # "Två" removed: the later points move up one key; "Fyra" reworded; a point added.
    after = _manifest(texts={"p.1": "Ett", "p.2": "Tre", "p.3": "Fyra!", "p.4": "Fem"})
    changes = compare(before, after)
    assert [(c.key, c.old) for c in changes.texts_removed] == [("p.2", "Två")]
    assert [(c.key, c.old, c.new) for c in changes.texts_changed] == [("p.3", "Fyra", "Fyra!")]
    assert [(c.key, c.new) for c in changes.texts_added] == [("p.4", "Fem")]


def test_a_reworded_text_is_one_change_with_old_and_new_and_its_materials():
    changes = compare(_manifest(texts={"t": "Gammal"}), _manifest(texts={"t": "Ny"}))
    [change] = changes.texts_changed
    assert change.as_json() == {"key": "t", "old": "Gammal", "new": "Ny", "materials": ["poster"]}


_SIZE = re.compile(r"\d+(?:[.,]\d+)?\s(?:kB|MB|bytes|byte)")


@pytest.fixture(scope="module")
def first_kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("changes") / "kit"
    build(None, out, ["sv"])
    return out


def _stats(folder):
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and p.name != "changes.json"
    }


def test_a_rebuild_with_nothing_changed_rewrites_no_file(first_kit):
    before = _stats(first_kit)
    result = build(None, first_kit, ["sv"])
    assert result.changes is not None and result.changes.nothing
    assert _stats(first_kit) == before
    report = json.loads((first_kit / "changes.json").read_text(encoding="utf-8"))
    assert report["files"]["added"] == report["files"]["changed"] == []
    assert report["texts"] == {"added": [], "removed": [], "changed": []}


def test_a_reworded_point_changes_exactly_the_files_that_show_it(
    tmp_path, default_policy_data, write_policy
):
    out = tmp_path / "kit"
    policy_file = write_policy(default_policy_data)
    build(policy_file, out, ["sv"])
    untouched = _stats(out)
    page = (out / "sv" / "index.html").read_text(encoding="utf-8")
    old = default_policy_data["policy"]["areas"][2]["points"][0]["text"]
    default_policy_data["policy"]["areas"][2]["points"][0] = "Gör utlandsstudier enklare."
    result = build(write_policy(default_policy_data), out, ["sv"])
    changes = result.changes
    assert changes is not None
    changed = changes.changed
    if "sv/index.html" in changed:
        # The start-here page lists every file's size: a new size is its only change.
        new_page = (out / "sv" / "index.html").read_text(encoding="utf-8")
        assert new_page != page and _SIZE.sub("", new_page) == _SIZE.sub("", page)
        changed = tuple(name for name in changed if name != "sv/index.html")
    assert changed == (
        "sv/oversiktsaffisch-utvecklingsomraden.pdf",
        "sv/presentation-internationalisering-och-handlingsplanen.pptx",
        "sv/sammanfattning-av-policyn.docx",
        "sv/utlandserfarenhet-punktlista.docx",
        "sv/utlandserfarenhet-punktlista.pdf",
        "sv/workshopmaterial-digitala-traffar.zip",
        "sv/workshopmaterial-fysiska-traffar.zip",
        "sv/workshopmaterial-hela-materialet.zip",
    )
    assert changes.added == changes.removed == changes.renamed == ()
    report = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    point = [c for c in report["texts"]["changed"] if c["key"] == "area.abroad.point.1"]
    assert point == [
        {
            "key": "area.abroad.point.1",
            "old": old,
            "new": "Gör utlandsstudier enklare.",
            "materials": ["area-list", "policy-summary", "poster", "presentation"],
        }
    ]
    now = _stats(out)
    for path in changes.unchanged:
        assert now[path] == untouched[path], path


def test_a_new_area_adds_files_and_a_new_slug_renames_them(
    tmp_path, default_policy_data, write_policy
):
    out = tmp_path / "kit"
    build(write_policy(default_policy_data), out, ["en"])
    areas = default_policy_data["policy"]["areas"]
    areas.append({**areas[0], "key": "digital", "title": "Digitalt utbyte"})
    del areas[-1]["slug"]
    areas[1]["slug"] = {"sv": "samarbeten", "en": "partnerships"}
    default_policy_data["policy"]["version"] = "2027.1"
    changes = build(write_policy(default_policy_data), out, ["en"]).changes
    assert changes is not None
    assert changes.added == ("en/digital-bullet-list.docx", "en/digital-bullet-list.pdf")
    assert (
        "en/international-collaboration-bullet-list.pdf",
        "en/partnerships-bullet-list.pdf",
    ) in changes.renamed
    assert changes.removed == ()
    assert changes.policy_before["version"] != changes.policy_after["version"] == "2027.1"


def test_the_cli_prints_a_grouped_summary_not_every_path(first_kit, capsys):
    assert main(["build", "--lang", "sv", "--out", str(first_kit)]) == 0
    out = capsys.readouterr().out
    assert "nothing changed since the previous kit" in out
    assert ".pdf" not in out  # not a list of paths
    assert out.splitlines()[0] == "building sv ..."  # plain progress: output is not a terminal
    assert main(["build", "-q", "--lang", "sv", "--out", str(first_kit)]) == 0
    assert capsys.readouterr().out == ""


def test_a_rebuild_from_the_same_inputs_renders_nothing(first_kit, monkeypatch):
    rendering = importlib.import_module("planmaterials.rendering")

    build(None, first_kit, ["sv"])  # a kit whose manifest records its inputs

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered although every input was the same")

    monkeypatch.setattr(rendering, "_render", no_rendering)
    before = _stats(first_kit)
    result = build(None, first_kit, ["sv"])
    assert result.changes is not None and result.changes.nothing
    assert len(result.files) == len(before) - 1  # every file but the manifest
    assert _stats(first_kit) == before


def test_a_changed_input_or_a_tampered_kit_is_rendered_again(
    tmp_path, monkeypatch, default_policy_data, write_policy
):
    rendering = importlib.import_module("planmaterials.rendering")

    out = tmp_path / "kit"
    policy_file = write_policy(default_policy_data)
    build(policy_file, out, ["sv"])
    renders = []
    real_render = rendering._render
    monkeypatch.setattr(
        rendering, "_render", lambda *a, **k: renders.append(1) or real_render(*a, **k)
    )
    summary = out / "sv" / "sammanfattning-av-policyn.docx"
    summary.write_bytes(b"edited by hand")
    build(policy_file, out, ["sv"])
    assert renders == [1] and summary.read_bytes().startswith(b"PK")
    default_policy_data["policy"]["version"] = "2027.1"
    build(write_policy(default_policy_data), out, ["sv"])
    assert renders == [1, 1]


def test_warnings_about_untranslated_texts_survive_a_rebuild_that_renders_nothing(
    tmp_path, default_policy_data, write_policy
):
    default_policy_data["policy"]["areas"][0]["points"][0] = "En helt ny punkt."
    policy_file = write_policy(default_policy_data)
    first = build(policy_file, tmp_path / "kit", ["en"])
    again = build(policy_file, tmp_path / "kit", ["en"])
    assert again.changes is not None and again.changes.nothing
    assert again.missing == first.missing and first.missing["en"]
    showing = {
        f.path
        for f in first.files
        if any((m.domain, m.key) in f.shows for m in first.missing["en"])
    }
    assert showing and showing == {
        f.path
        for f in again.files
        if any((m.domain, m.key) in f.shows for m in again.missing["en"])
    }


def test_a_kit_is_made_again_when_its_logo_changes_or_its_policy_moves_beside_another(
    tmp_path, monkeypatch, default_policy_data
):
    from PIL import Image

    rendering = importlib.import_module("planmaterials.rendering")
    default_policy_data["theme"]["logo"] = "logo.png"
    text = yaml.safe_dump(default_policy_data, allow_unicode=True, sort_keys=False)

    def project(name: str, colour: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        Image.new("RGB", (60, 60), colour).save(folder / "logo.png")
        (folder / "policy.yaml").write_text(text, encoding="utf-8")
        return folder / "policy.yaml"

    first, second = project("first", "red"), project("second", "blue")
    out = tmp_path / "kit"
    build(first, out, ["sv"])
    renders = []
    real_render = rendering._render
    monkeypatch.setattr(
        rendering, "_render", lambda *a, **k: renders.append(1) or real_render(*a, **k)
    )
    build(first, out, ["sv"])
    assert renders == []  # the same files: the kit is reused
    build(second, out, ["sv"])  # the same policy text, beside another logo
    assert renders == [1]
    Image.new("RGB", (60, 60), "green").save(second.parent / "logo.png")
    build(second, out, ["sv"])  # the logo the policy names, changed
    assert renders == [1, 1]
    build(second, out, ["sv"])
    assert renders == [1, 1]


def test_a_kit_is_made_again_when_a_plan_file_is_added(tmp_path, monkeypatch):
    rendering = importlib.import_module("planmaterials.rendering")
    plans = tmp_path / "plans"
    plans.mkdir()
    examples = sorted(EXAMPLE_PLANS.glob("*.yaml"))
    (plans / examples[0].name).write_bytes(examples[0].read_bytes())
    out = tmp_path / "kit"
    build(None, out, ["sv"], plans_dir=plans)
    renders = []
    real_render = rendering._render
    monkeypatch.setattr(
        rendering, "_render", lambda *a, **k: renders.append(1) or real_render(*a, **k)
    )
    build(None, out, ["sv"], plans_dir=plans)
    assert renders == []
    (plans / examples[1].name).write_bytes(examples[1].read_bytes())
    build(None, out, ["sv"], plans_dir=plans)
    assert renders == [1]
