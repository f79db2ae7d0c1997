"""The output folder: a build replaces only a missing, empty or previous kit, never loses one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from planmaterials import PolicyError, build
from planmaterials.cli import main

DEFAULT_POLICY = (
    Path(__file__).resolve().parents[1] / "src" / "planmaterials" / "data" / "default-policy.yaml"
)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    """A previous English kit, to be copied into each test's folder."""
    out = tmp_path_factory.mktemp("kit") / "kit"
    build(None, out, ["en"])
    return out


def _copy_kit(kit: Path, target: Path) -> Path:
    for rel, data in _tree(kit).items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes(data)
    return target


def test_a_missing_or_empty_folder_is_filled(tmp_path):
    (tmp_path / "empty").mkdir()
    build(None, tmp_path / "empty", ["en"])
    build(None, tmp_path / "new" / "deeper", ["en"])
    assert (tmp_path / "empty" / "manifest.json").is_file()
    assert (tmp_path / "new" / "deeper" / "manifest.json").is_file()


def test_a_previous_kit_is_replaced_and_its_manifest_names_the_kit(kit, tmp_path):
    out = _copy_kit(kit, tmp_path / "out")
    build(None, out, ["sv"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit"] == "planmaterials-kit"
    assert {e["lang"] for e in manifest["files"]} == {"sv"}
    assert not (out / "en").exists()


def test_a_kit_whose_manifest_predates_the_kit_id_is_still_recognised(kit, tmp_path):
    out = _copy_kit(kit, tmp_path / "out")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del manifest["kit"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    build(None, out, ["en"])
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["kit"]


def test_a_folder_with_a_foreign_file_is_refused_and_nothing_is_deleted(kit, tmp_path, capsys):
    out = _copy_kit(kit, tmp_path / "out")
    (out / "notes.docx").write_bytes(b"my own notes")
    (out / "en" / "draft").mkdir()
    before = _tree(out)
    assert main(["build", "--lang", "en", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "en/draft/" in err and "notes.docx" in err and "deletes nothing" in err
    assert _tree(out) == before
    assert (out / "en" / "draft").is_dir()


def test_the_message_names_at_most_five_foreign_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for n in range(8):
        (out / f"file{n}.txt").write_text("x", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        build(None, out, ["en"])
    message = str(caught.value)
    assert "file4.txt" in message and "file5.txt" not in message and "and 3 more" in message
    assert len(list(out.iterdir())) == 8


def test_a_folder_whose_manifest_is_not_a_kit_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"name": "some web app"}', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"manifest\.json"):
        build(None, out, ["en"])
    assert (out / "manifest.json").read_text(encoding="utf-8") == '{"name": "some web app"}'


def test_the_current_folder_with_the_policy_in_it_is_never_replaced(tmp_path, monkeypatch, capsys):
    policy = tmp_path / "policy.yaml"
    policy.write_bytes(DEFAULT_POLICY.read_bytes())
    (tmp_path / "letter.docx").write_bytes(b"unrelated")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--policy", "policy.yaml", "--out", "."]) == 2
    assert "policy.yaml" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx", "policy.yaml"]


def test_an_input_inside_the_output_folder_is_refused_even_when_it_is_a_kit(kit, tmp_path):
    out = _copy_kit(kit, tmp_path / "kit")
    policy = out / "policy.yaml"
    policy.write_bytes(DEFAULT_POLICY.read_bytes())
    with pytest.raises(PolicyError, match="inside the output folder") as caught:
        build(policy, out, ["en"])
    assert caught.value.file == policy
    locales = out / "locales"
    with pytest.raises(PolicyError, match="inside the output folder"):
        build(None, out.parent, ["en"], locale_dirs=[locales])
    assert policy.is_file()


def test_an_output_path_that_is_a_file_is_refused_and_kept(tmp_path, capsys):
    target = tmp_path / "kit.zip"
    target.write_bytes(b"precious")
    assert main(["build", "--lang", "en", "--out", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert target.read_bytes() == b"precious"


def test_an_output_folder_that_cannot_be_created_is_a_clear_error(capsys):
    assert main(["build", "--lang", "en", "--out", "/proc/pm-kit"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: /proc/pm-kit: ") and "Traceback" not in err


def test_a_failed_swap_puts_the_previous_kit_back(kit, tmp_path, monkeypatch):
    out = _copy_kit(kit, tmp_path / "out")
    before = _tree(out)
    real_replace = os.replace
    calls = []

    def failing_second_move(source, target):
        calls.append((Path(source), Path(target)))
        if len(calls) == 2:  # the new kit into place
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_second_move)
    with pytest.raises(PolicyError, match="previous kit is back in place"):
        build(None, out, ["sv"])
    monkeypatch.undo()
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_kit_rebuilt_unchanged_stays_in_place_and_only_its_change_report_is_rewritten(
    tmp_path,
):
    out = tmp_path / "out"
    build(None, out, ["en"])
    build(None, out, ["en"])  # the first change report
    report = out / "changes.json"
    report.write_text("{}", encoding="utf-8")  # a report that differs from the next one
    folder, files = (
        out.stat().st_ino,
        {rel: (out / rel).stat().st_ino for rel in _tree(out) if rel != "changes.json"},
    )
    build(None, out, ["en"])
    assert out.stat().st_ino == folder  # not swapped for a new folder
    assert {rel: (out / rel).stat().st_ino for rel in files} == files
    assert json.loads(report.read_text(encoding="utf-8"))["texts"]["changed"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary file left


def test_a_kit_whose_file_was_edited_is_made_anew_with_the_file_restored(kit, tmp_path):
    out = _copy_kit(kit, tmp_path / "out")
    expected = _tree(kit)
    page = out / "en" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"<h1", b"<h1 data-edited"))
    build(None, out, ["en"])
    restored = _tree(out)
    assert restored["en/index.html"] == expected["en/index.html"]
    assert restored.keys() - {"changes.json"} == expected.keys() - {"changes.json"}


def test_files_added_to_a_new_kit_by_another_process_land_with_the_rest(tmp_path):
    from planmaterials.kitfolder import NewKit

    out = tmp_path / "out"
    theirs = [(f"en/{n}.txt", f"file {n}".encode()) for n in range(50)]
    ours = [("sv/a.txt", b"a")]
    with NewKit(out) as kit:
        pid = os.fork()
        if pid == 0:  # as a forked build process adds its language's files
            try:
                kit.add(theirs)
            finally:
                os._exit(0)
        kit.add(ours)
        assert os.waitpid(pid, 0)[1] == 0
        assert not out.exists()  # nothing is in place before the kit is finished
        kit.finish([("manifest.json", b'{"files": []}\n')])
    assert _tree(out) == {**dict(theirs), **dict(ours), "manifest.json": b'{"files": []}\n'}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_added_again_replaces_the_first_and_never_writes_into_the_previous_kit(
    kit, tmp_path
):
    from planmaterials.kitfolder import NewKit

    out = _copy_kit(kit, tmp_path / "out")
    page = out / "en" / "index.html"
    before = page.read_bytes()
    kept = tmp_path / "kept.html"
    os.link(page, kept)  # the previous kit's file, as it stays on disk
    with NewKit(out) as new:
        new.add([("en/index.html", before)])  # the same bytes: linked to the previous file
        new.add([("en/index.html", b"made again")])  # as when a language is made again
        new.finish()
    assert _tree(out) == {"en/index.html": b"made again"}
    assert kept.read_bytes() == before


def test_a_failure_after_files_were_added_to_a_new_kit_changes_nothing(kit, tmp_path):
    from planmaterials.kitfolder import NewKit

    out = _copy_kit(kit, tmp_path / "out")
    before = _tree(out)
    with pytest.raises(RuntimeError, match="a bug"), NewKit(out) as new:
        new.add([("en/new.txt", b"new")])
        raise RuntimeError("a bug while making the manifest")
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_that_cannot_be_written_into_a_new_kit_is_a_clear_error(kit, tmp_path, monkeypatch):
    from planmaterials import kitfolder

    out = _copy_kit(kit, tmp_path / "out")
    before = _tree(out)
    real = kitfolder._write_or_link

    def full_disk(target, data, previous):
        if target.name == "b.txt":
            raise OSError(28, "No space left on device")
        real(target, data, previous)

    monkeypatch.setattr(kitfolder, "_write_or_link", full_disk)
    with (
        pytest.raises(PolicyError, match=r"No space left on device.*nothing was changed"),
        kitfolder.NewKit(out) as new,
    ):
        new.add([("en/a.txt", b"a"), ("en/b.txt", b"b")])
        new.finish()
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_kit_rebuilt_unchanged_makes_no_folder_beside_it(tmp_path, monkeypatch):
    import tempfile

    out = tmp_path / "out"
    build(None, out, ["en"])
    build(None, out, ["en"])  # the first change report
    made = []
    real = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: made.append(k) or real(*a, **k))
    result = build(None, out, ["en"])
    assert result.changes is not None and result.changes.nothing
    assert made == []  # neither a probe nor a new kit's folder
    (out / "en" / "index.html").write_bytes(b"edited")  # now the kit must be made anew
    build(None, out, ["en"])
    assert [k["prefix"] for k in made] == [".planmaterials-probe-", ".out-", ".out-old-"]
