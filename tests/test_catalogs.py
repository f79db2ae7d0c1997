"""Catalog upkeep: merging by key, translations that follow their texts, GNU-exact PO files."""

from __future__ import annotations

import dataclasses
import subprocess

import pytest

from planmaterials import PolicyError
from planmaterials.i18n import POLICY, State
from planmaterials.i18n.catalogs import merge, policy_messages, status
from planmaterials.i18n.lookup import CatalogLayer, classify
from planmaterials.i18n.pofile import PoFile, format_po, parse_po, read_po, write_po
from planmaterials.resources import shipped


def _translated(policy, translate=lambda source: f"EN {source}") -> PoFile:
    """A catalog of the policy where every entry is translated as ``translate(source)``."""
    catalog = merge(policy_messages(policy), None, "en", POLICY)
    for entry in catalog.entries:
        entry.string = translate(entry.id)
    return catalog


def _with_points(policy, points):
    area = dataclasses.replace(policy.areas[0], points=tuple(points))
    return dataclasses.replace(policy, areas=(area, *policy.areas[1:]))


def _entry(catalog: PoFile, key: str):
    return next(e for e in catalog.current() if e.context == key)


def _needing_work(catalog: PoFile) -> set[str]:
    return {e.context for e in catalog.current() if e.fuzzy or not e.string}


def test_removing_a_point_moves_every_later_translation_with_its_text(policy):
    po = _translated(policy)
    points = policy.areas[0].points
    removed = _with_points(
        policy,
        [
            dataclasses.replace(p, key=f"area.home.point.{n}")
            for n, p in enumerate(points[:2] + points[3:], start=1)
        ],
    )
    merged = merge(policy_messages(removed), po, "en", POLICY)
    assert _needing_work(merged) == set(), "no unchanged text needs work"
    for n, point in enumerate(points[:2] + points[3:], start=1):
        entry = _entry(merged, f"area.home.point.{n}")
        assert (entry.id, entry.string) == (point.text, f"EN {point.text}")
    gone = {(e.id, e.string) for e in merged.entries if e.obsolete}
    removed_texts = [points[2].text, *([points[2].short] if points[2].short else [])]
    assert gone == {(text, f"EN {text}") for text in removed_texts}


def test_a_stale_key_shows_the_translation_of_its_text_before_any_update(policy):
    po = _translated(policy)
    layers = [CatalogLayer.of(None, po.current())]
    moved = policy.areas[0].points[4]  # point 5 moved up to point 4
    assert classify(layers, "area.home.point.4", moved.text) == (
        f"EN {moved.text}",
        State.TRANSLATED,
    )
    assert classify(layers, "area.home.point.4", "Helt ny text.") == (None, State.FUZZY)
    assert classify(layers, "area.home.point.99", "Helt ny text.") == (None, State.UNTRANSLATED)


def test_a_reworded_point_after_a_removed_one_is_offered_its_own_translation_as_fuzzy(policy):
    po = _translated(policy)
    points = list(policy.areas[0].points)
    reworded = points[3].text.replace("gästlärare", "gästlärare och doktorander")
    texts = [p.text for p in points[:2]] + [reworded] + [p.text for p in points[4:]]
    changed = _with_points(
        policy,
        [
            dataclasses.replace(points[0], key=f"area.home.point.{n}", text=t)
            for n, t in enumerate(texts, start=1)
        ],
    )
    merged = merge(policy_messages(changed), po, "en", POLICY)
    assert _needing_work(merged) == {"area.home.point.3"}, "exactly the changed text"
    entry = _entry(merged, "area.home.point.3")
    assert entry.fuzzy and entry.string == f"EN {points[3].text}"
    assert (entry.previous_context, entry.previous_id) == ("area.home.point.4", points[3].text)


def test_a_new_text_never_gets_another_texts_translation(policy):
    po = _translated(policy, lambda source: "translated")
    extra = dataclasses.replace(
        policy.areas[0].points[0], key="area.home.point.99", text="Inget liknande finns."
    )
    grown = _with_points(policy, [*policy.areas[0].points, extra])
    merged = merge(policy_messages(grown), po, "en", POLICY)
    assert _entry(merged, "area.home.point.99").string == ""
    same_text = dataclasses.replace(extra, text=policy.areas[0].points[0].text)
    merged = merge(
        policy_messages(_with_points(policy, [*policy.areas[0].points, same_text])),
        po,
        "en",
        POLICY,
    )
    assert _entry(merged, "area.home.point.99").string == "translated", "the same text, moved"


def test_a_text_changed_back_is_translated_again(policy):
    po = _translated(policy)
    changed = dataclasses.replace(policy, title="Policy för internationellt arbete")
    once = merge(policy_messages(changed), po, "en", POLICY)
    assert _entry(once, "policy.title").fuzzy
    back = merge(policy_messages(policy), once, "en", POLICY)
    entry = _entry(back, "policy.title")
    assert not entry.fuzzy and entry.previous_id is None
    assert entry.string == f"EN {policy.title}"


def test_what_changed_survives_a_round_trip_and_a_second_update(tmp_path, policy):
    path = tmp_path / "policy.po"
    write_po(path, _translated(policy))
    first = dataclasses.replace(policy, title="Policy för internationellt arbete")
    write_po(path, merge(policy_messages(first), read_po(path), "en", POLICY))
    second = dataclasses.replace(policy, title="Policy för internationalisering och samverkan")
    write_po(path, merge(policy_messages(second), read_po(path), "en", POLICY))
    entry = _entry(read_po(path), "policy.title")
    assert entry.fuzzy and entry.previous_id == policy.title
    (change,) = status(policy_messages(second), path, "en", POLICY).changes
    assert (change.before, change.now) == (policy.title, second.title)


def test_a_multi_line_previous_text_is_written_as_gnu_writes_it_and_read_back(tmp_path, policy):
    path = tmp_path / "policy.po"
    write_po(path, _translated(policy))
    changed = dataclasses.replace(policy, introduction=policy.introduction + "\n\nEtt nytt stycke.")
    write_po(path, merge(policy_messages(changed), read_po(path), "en", POLICY))
    text = path.read_text(encoding="utf-8")
    first_line = policy.introduction.split("\n")[0]
    assert f'#| msgid ""\n#| "{first_line}\\n"\n#| "\\n"\n' in text
    assert _entry(read_po(path), "policy.introduction").previous_id == policy.introduction
    for _ in range(2):  # idempotent: the same bytes, and the file is not even rewritten
        assert not write_po(path, merge(policy_messages(changed), read_po(path), "en", POLICY))


def test_msgcat_changes_nothing_in_an_updated_catalog(tmp_path, policy):
    path = tmp_path / "policy.po"
    write_po(path, _translated(policy))
    changed = dataclasses.replace(policy, background=policy.background + "\n\nMer.")
    write_po(path, merge(policy_messages(changed), read_po(path), "en", POLICY))
    removed = _with_points(changed, policy.areas[0].points[:-1])
    write_po(path, merge(policy_messages(removed), read_po(path), "en", POLICY))
    assert "#~ msgctxt" in path.read_text(encoding="utf-8") and "#| msgid" in path.read_text()
    unwrapped = subprocess.run(
        ["msgcat", "--no-wrap", str(path)], check=True, capture_output=True
    ).stdout
    assert unwrapped == path.read_bytes()
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_a_catalog_wrapped_and_reordered_by_gnu_tools_reads_the_same(tmp_path, policy):
    path = tmp_path / "policy.po"
    changed = dataclasses.replace(policy, title="Policy för internationellt arbete")
    write_po(path, merge(policy_messages(changed), _translated(policy), "en", POLICY))
    pot = tmp_path / "policy.pot"
    write_po(pot, policy_messages(_with_points(changed, policy.areas[0].points[:-1])))
    touched = tmp_path / "touched.po"
    # msgmerge wraps at 79 columns, writes #~ entries, and its fuzzy matching is its own.
    subprocess.run(
        [
            "msgmerge",
            "--quiet",
            "--previous",
            "--no-fuzzy-matching",
            "-o",
            str(touched),
            str(path),
            str(pot),
        ],
        check=True,
    )
    assert touched.read_bytes() != path.read_bytes(), "wrapped at 79 columns"
    ours = merge(
        policy_messages(_with_points(changed, policy.areas[0].points[:-1])),
        read_po(path),
        "en",
        POLICY,
    )
    theirs = read_po(touched)

    def essence(catalog: PoFile):
        return sorted(
            (e.context or "", e.id, e.string, e.fuzzy, e.previous_id or "", e.obsolete)
            for e in catalog.entries
        )

    assert essence(theirs) == essence(ours)
    template = policy_messages(_with_points(changed, policy.areas[0].points[:-1]))
    assert status(template, touched, "en", POLICY) == dataclasses.replace(
        status(template, path, "en", POLICY), path=touched
    )


def test_flags_in_any_order_and_obsolete_previous_lines_are_read(tmp_path):
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format, fuzzy\n#| msgctxt "old"\n#| msgid ""\n#| "a\\n"\n#| "b"\n'
        'msgctxt "k"\nmsgid "c"\nmsgstr "d"\n\n'
        '#, fuzzy\n#~| msgid "x"\n#~ msgctxt "gone"\n'
        '#~ msgid ""\n#~ "y\\n"\n#~ "z"\n#~ msgstr "w"\n'
    )
    catalog = parse_po(text, tmp_path / "x.po")
    first, gone = catalog.entries
    assert first.fuzzy and (first.previous_context, first.previous_id) == ("old", "a\nb")
    assert gone.obsolete and (gone.context, gone.id, gone.previous_id) == ("gone", "y\nz", "x")
    written = format_po(catalog).decode()
    assert "#, fuzzy, python-format\n" in written and '#~| msgid "x"\n' in written
    again = parse_po(written, tmp_path / "x.po")
    assert [(e.id, set(e.flags), e.previous_id) for e in again.entries] == [
        (e.id, set(e.flags), e.previous_id) for e in catalog.entries
    ]
    assert format_po(again).decode() == written


def test_a_broken_entry_names_the_file_and_line(tmp_path):
    with pytest.raises(PolicyError, match="expected msgctxt, msgid or msgstr") as info:
        parse_po('msgid ""\nmsgstr ""\n\nmsgctxt "k"\nmsgid "a"\nmsgstr b\n', tmp_path / "x.po")
    assert info.value.line == 6


def test_written_catalogs_are_unwrapped_and_carry_no_tool_version(tmp_path, policy):
    path = tmp_path / "policy.po"
    write_po(path, _translated(policy))
    text = path.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) > 100, "long entries stay on one line"
    assert "Generated-By" not in text
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_the_shipped_catalogs_are_complete_valid_and_as_msgcat_writes_them(policy):
    from planmaterials.i18n.catalogs import extract, target_languages
    from planmaterials.i18n.folder import Project
    from planmaterials.resources import template_path

    templates = extract(policy, template_path(), Project(policy).code)
    for domain, catalog in templates.items():
        for lang in target_languages(domain, policy.language):
            po = shipped("locales") / lang / "LC_MESSAGES" / f"{domain}.po"
            result = status(catalog, po, lang, domain)
            assert result.complete, (lang, domain, result)
            subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
            again = subprocess.run(["msgcat", "--no-wrap", str(po)], capture_output=True)
            assert again.stdout == po.read_bytes()
