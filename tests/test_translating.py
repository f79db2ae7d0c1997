"""The translators' workflow from the command line: a user's catalogs, hints, strict builds."""

from __future__ import annotations

import io
import shlex
from collections import Counter
from pathlib import Path

import docx
import pytest

from planmaterials import build, load_policy, localize, render
from planmaterials.cli import main
from planmaterials.i18n import LANGUAGES, Language
from planmaterials.i18n.pofile import read_po, write_po
from planmaterials.resources import shipped


def _catalog(locales: Path, lang: str = "en", domain: str = "policy") -> Path:
    return locales / lang / "LC_MESSAGES" / f"{domain}.po"


def _entries(path: Path) -> dict[str, object]:
    return {e.context: e for e in read_po(path).current()}


def _finish(path: Path) -> None:
    """A translator at work: every entry translated and reviewed."""
    catalog = read_po(path)
    for entry in catalog.current():
        entry.string = entry.string or f"EN {entry.id}"
        entry.set_fuzzy(False)
    write_po(path, catalog)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _hints(text: str) -> list[list[str]]:
    """Every ``planmaterials ...`` command a message suggests, as arguments for main()."""
    found = []
    for line in text.splitlines():
        if "planmaterials " in line:
            command = line[line.index("planmaterials ") :]
            found.append(shlex.split(command)[1:])
    return found


def test_update_and_extract_without_a_locales_folder_refuse_and_leave_the_package_alone(capsys):
    before = {p: p.stat().st_mtime_ns for p in shipped("locales").rglob("*.po")}
    for action in ("update", "extract"):
        status, _out, err = _run(capsys, "i18n", action)
        assert status == 2 and "--locales DIR" in err
    assert {p: p.stat().st_mtime_ns for p in shipped("locales").rglob("*.po")} == before


def test_a_users_catalog_starts_from_every_translation_available(
    tmp_path, capsys, default_policy_data, write_policy
):
    points = default_policy_data["policy"]["areas"][0]["points"]
    original = points[1]["text"]
    points[1] = {**points[1], "text": original.replace("fler kurser", "många fler kurser")}
    policy = write_policy(default_policy_data)
    locales = tmp_path / "locales"
    assert (
        _run(capsys, "i18n", "update", "--policy", str(policy), "--locales", str(locales))[0] == 0
    )
    entries = _entries(_catalog(locales))
    shipped_entries = _entries(_catalog(shipped("locales")))
    assert all(entry.string for entry in entries.values()), "never empty for a known text"
    same = entries["area.home.point.1"]
    assert not same.fuzzy and same.string == shipped_entries["area.home.point.1"].string
    changed = entries["area.home.point.2"]
    assert changed.fuzzy and changed.previous_id == original
    assert changed.string == shipped_entries["area.home.point.2"].string
    assert not _catalog(locales, "sv", "labels").exists(), "the shipped labels serve as they are"
    # Which materials show an entry, and how long a title may be.
    assert "poster" in entries["policy.title"].extracted[0]
    assert "characters on the poster" in entries["policy.title"].extracted[1]


def test_a_forgotten_policy_option_is_refused_with_a_command_that_works(
    tmp_path, capsys, default_policy_data, write_policy
):
    for area in default_policy_data["policy"]["areas"]:
        area["points"] = [f"Vår egen punkt {n} om {area['key']}." for n in range(1, 6)]
    policy = write_policy(default_policy_data)
    locales = tmp_path / "locales"
    main(["i18n", "update", "--policy", str(policy), "--locales", str(locales)])
    _finish(_catalog(locales))
    before = _catalog(locales).read_bytes()
    capsys.readouterr()
    status, out, err = _run(capsys, "i18n", "update", "--locales", str(locales))
    assert status == 2 and "translates the policy" in err and "--policy" in err
    assert _catalog(locales).read_bytes() == before
    right, forced = _hints(out)
    assert forced == ["i18n", "update", "--force", "--locales", str(locales)]
    assert right == ["i18n", "update", "--policy", str(policy), "--locales", str(locales)]
    assert main(right) == 0 and _catalog(locales).read_bytes() == before


def test_another_organisations_policy_gets_nothing_from_the_example_translations(
    tmp_path, capsys, default_policy_data, write_policy
):
    policy = load_policy(write_policy(default_policy_data))
    english = localize(policy, "en")
    assert english.policy.organisation.name == "Norrviks universitet"
    assert english.policy.title == policy.title
    status, out, _err = _run(capsys, "i18n", "status", "--policy", str(policy.source))
    assert status == 0 and "en/policy.po (missing)" in out


def test_a_users_labels_catalog_overrides_the_shipped_one_entry_by_entry(tmp_path, policy):
    path = _catalog(tmp_path, "sv", "labels")
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "label.goal"\nmsgid "Goal"\nmsgstr "Delmål (vårt ord)"\n',
        encoding="utf-8",
    )
    swedish = localize(policy, "sv", locale_dirs=[tmp_path])
    assert swedish.catalogs.pgettext("label.goal", "Goal") == "Delmål (vårt ord)"
    shipped_label = localize(policy, "sv").catalogs.pgettext("label.contact", "Contact")
    assert swedish.catalogs.pgettext("label.contact", "Contact") == shipped_label != "Contact"


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def test_a_policy_change_needs_work_on_exactly_the_changed_texts(
    tmp_path, capsys, default_policy_data, write_policy
):
    locales = tmp_path / "locales"
    policy_file = write_policy(default_policy_data)
    options = ["--policy", str(policy_file), "--locales", str(locales)]
    assert main(["i18n", "update", *options]) == 0
    _finish(_catalog(locales))
    # The change: remove a point, reword another, rename an area, add an area.
    areas = default_policy_data["policy"]["areas"]
    removed = areas[0]["points"].pop(1)["text"]
    reworded = "Ta tillvara alla studenters och medarbetares erfarenheter."
    areas[0]["points"][3] = {**areas[0]["points"][3], "text": reworded}
    areas[1]["title"] = "Internationella samarbeten och partnerskap"
    areas.append(
        {
            "key": "digital",
            "title": "Digitalt utbyte",
            "description": "Digitalt.",
            "points": ["Använd digitala verktyg."],
        }
    )
    policy_file = write_policy(default_policy_data).replace(policy_file)  # edited in place
    changed = {
        "area.home.point.4",
        "area.collaboration.title",
        "area.digital.title",
        "area.digital.description",
        "area.digital.point.1",
    }
    # Built before the catalogs are updated: no unchanged text is shown in Swedish.
    result = render(load_policy(policy_file), ("en",), locale_dirs=[locales])
    assert {lookup.key for lookup in result.missing["en"]} == changed
    # i18n status says the same as the build, in the same words, before any update.
    build_counts = Counter(lookup.state.value for lookup in result.missing["en"])
    capsys.readouterr()
    main(["i18n", "status", *options])
    row = next(line for line in capsys.readouterr().out.splitlines() if "en/policy.po" in line)
    assert row.endswith("(not up to date)")
    _total, _translated, fuzzy, untranslated = map(int, row.split()[1:5])
    assert {"fuzzy": fuzzy, "untranslated": untranslated} == dict(build_counts)
    home = next(
        f for f in result.files if f.path == "en/internationalisation-at-home-bullet-list.docx"
    )
    text = _docx_text(home.data)
    for point in areas[0]["points"][:3]:
        assert (point["text"] if isinstance(point, dict) else point) not in text
    assert removed not in text
    # After the update, exactly the changed texts need work.
    assert main(["i18n", "update", *options]) == 0
    catalog = _entries(_catalog(locales))
    needing = {key for key, e in catalog.items() if e.fuzzy or not e.string}
    assert needing == changed
    assert catalog["area.home.point.4"].fuzzy and catalog["area.collaboration.title"].fuzzy
    capsys.readouterr()
    assert main(["i18n", "status", "--check", *options]) == 1
    row = next(line for line in capsys.readouterr().out.splitlines() if "en/policy.po" in line)
    assert row.split()[1:5] == [str(len(catalog)), str(len(catalog) - 5), "2", "3"]
    # Translated and reviewed: the strict build passes.
    _finish(_catalog(locales))
    out = tmp_path / "kit"
    assert main(["build", "--strict", "-q", "--out", str(out), *options]) == 0
    assert (out / "en").is_dir()


def test_the_build_names_per_language_what_is_untranslated_and_where_and_how_to_see_it(
    tmp_path, capsys, default_policy_data, write_policy
):
    policy_file = write_policy(default_policy_data)
    locales = tmp_path / "locales"
    options = ["--policy", str(policy_file), "--locales", str(locales)]
    main(["i18n", "update", *options])
    _finish(_catalog(locales))
    default_policy_data["policy"]["title"] = "Policy för internationellt arbete"
    write_policy(default_policy_data).replace(policy_file)
    capsys.readouterr()
    status, _out, err = _run(capsys, "build", "-q", "--out", str(tmp_path / "kit"), *options)
    assert status == 0
    assert "warning: en: 1 entries are shown in their source language (1 fuzzy) in " in err
    assert "en/policy-summary.docx" in err
    commands = _hints(err)
    assert ["i18n", "status", "--changes", *options] in commands
    for command in commands:
        assert main(command) == 0, command
    assert "was: Policy för internationalisering" in capsys.readouterr().out


def test_a_strict_build_fails_with_status_1_and_writes_nothing(
    tmp_path, capsys, default_policy_data, write_policy
):
    default_policy_data["policy"]["title"] = "Policy för internationellt arbete"
    policy_file = write_policy(default_policy_data)
    out = tmp_path / "kit"
    status, _out, err = _run(
        capsys, "build", "--strict", "--policy", str(policy_file), "--out", str(out)
    )
    assert status == 1 and "the kit was not written" in err
    assert not out.exists()


def test_updating_twice_changes_no_file(tmp_path, capsys, policy):
    locales = tmp_path / "locales"
    plans = Path(__file__).resolve().parents[1] / "examples" / "plans"
    options = ["--plans", str(plans), "--locales", str(locales)]
    main(["i18n", "update", *options])
    path = _catalog(locales)
    stamp = path.stat().st_mtime_ns
    capsys.readouterr()
    assert main(["i18n", "update", *options]) == 0
    assert f"unchanged {path}" in capsys.readouterr().out
    assert path.stat().st_mtime_ns == stamp


def test_a_third_language_is_one_line_in_the_list_and_its_catalogs(tmp_path, monkeypatch, policy):
    monkeypatch.setitem(LANGUAGES, "de", Language("de", "de_DE", "de-DE"))
    write = lambda domain, body: (  # noqa: E731
        _catalog(tmp_path, "de", domain).parent.mkdir(parents=True, exist_ok=True),
        _catalog(tmp_path, "de", domain).write_text(
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body, "utf-8"
        ),
    )
    write(
        "policy",
        f'msgctxt "policy.title"\nmsgid "{policy.title}"\nmsgstr "Internationalisierungspolitik"\n',
    )
    write(
        "labels",
        'msgctxt "filename.policy-summary"\nmsgid "Policy summary"\nmsgstr "Zusammenfassung"\n',
    )
    result = build(None, tmp_path / "kit", locale_dirs=[tmp_path])
    assert {f.lang for f in result.files} == {"sv", "en", "de"}
    summary = tmp_path / "kit" / "de" / "zusammenfassung.docx"
    text = _docx_text(summary.read_bytes())
    assert "Internationalisierungspolitik" in text
    notes = render(policy, ("en",)).files
    deck = next(f for f in notes if f.path.endswith(".pptx"))
    assert b"Swedish, English and German" in _pptx_notes(deck.data)


def _pptx_notes(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return b"".join(package.read(name) for name in package.namelist() if "notesSlide" in name)


def test_the_presentation_names_the_kits_languages_in_each_language(policy):
    for lang, names in (("en", b"Swedish and English"), ("sv", b"svenska och engelska")):
        deck = next(f for f in render(policy, (lang,)).files if f.path.endswith(".pptx"))
        assert names in _pptx_notes(deck.data)


def test_a_catalog_that_would_lose_most_finished_translations_is_refused(tmp_path, policy):
    import dataclasses

    from planmaterials import PolicyError
    from planmaterials.i18n.folder import Project, update_folder
    from planmaterials.model import map_texts

    locales = tmp_path / "locales"
    areas = tuple(
        dataclasses.replace(area, points=area.points[:1], description="x", title=f"T {area.id}")
        for area in policy.areas
    )
    small = dataclasses.replace(policy, areas=areas, method=None, swot=None, plan=None, units=())
    update_folder(Project(small, locale_dirs=(locales,)))
    _finish(_catalog(locales))
    catalog = read_po(_catalog(locales))
    catalog.remove_header_field("X-Policy")  # a catalog made before policies were recorded
    write_po(_catalog(locales), catalog)
    other = map_texts(small, lambda key, text: f"Annan {text}")
    with pytest.raises(PolicyError, match="looks made for another policy"):
        update_folder(Project(other, locale_dirs=(locales,)))
    update_folder(Project(other, locale_dirs=(locales,)), force=True)
    assert read_po(_catalog(locales)).header_field("X-Policy") == "-"


def test_a_hint_carries_every_option_that_says_which_files_are_meant():
    import argparse

    from planmaterials.cli import hint

    options = argparse.Namespace(
        config=Path("my project.toml"),
        policy=Path("policy.yaml"),
        plans=None,
        templates=[],
        locales=[Path("locales"), Path("more")],
        lang=("en",),
    )
    assert hint(options, "i18n", "status") == (
        "planmaterials i18n status --config 'my project.toml' --policy policy.yaml "
        "--locales locales --locales more"
    )
