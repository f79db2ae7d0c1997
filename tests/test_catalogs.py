"""Catalog maintenance: merging by key keeps translations and shows translators what changed."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from planmaterials.catalogs import policy_messages, serialize, status, update
from planmaterials.i18n import read_catalog
from planmaterials.resources import shipped


def _write(path: Path, catalog) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialize(catalog))
    return path


def _translated(path: Path, policy, translate) -> Path:
    """A catalog of the policy where every entry is translated as ``translate(source)``."""
    catalog = update(policy_messages(policy), Path("-"), "en")
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
    return _write(path, catalog)


def test_a_changed_source_text_keeps_its_translation_marked_fuzzy_with_the_old_text(
    tmp_path, policy
):
    po = _translated(tmp_path / "en" / "policy.po", policy, lambda source: f"EN {source}")

    area = policy.areas[0]
    changed_point = dataclasses.replace(area.points[0], text="Ny formulering av punkten.")
    new_area = dataclasses.replace(area, points=(changed_point, *area.points[1:-1]))
    changed = dataclasses.replace(policy, areas=(new_area, *policy.areas[1:]))

    before = status(policy_messages(changed), po, "en")
    assert before.stale == 1 and before.obsolete == 1
    assert before.changes[0].before == area.points[0].text
    assert before.changes[0].now == "Ny formulering av punkten."

    merged = update(policy_messages(changed), po, "en")
    entry = next(m for m in merged if m.context == "area.home.point.1")
    assert entry.fuzzy and entry.string == f"EN {area.points[0].text}"
    assert entry.previous_id == [area.points[0].text]
    removed = f"area.home.point.{len(area.points)}"
    assert any(m.context == removed for m in merged.obsolete.values())
    text = serialize(merged).decode()
    assert f'#| msgid "{area.points[0].text}"' in text
    assert "#~ msgctxt" in text

    after = status(policy_messages(changed), _write(po, merged), "en")
    assert (after.fuzzy, after.stale, after.untranslated) == (1, 0, 0)


def test_a_new_key_never_inherits_another_keys_translation(tmp_path, policy):
    po = _translated(tmp_path / "en.po", policy, lambda source: "translated")
    area = policy.areas[0]
    extra = dataclasses.replace(area.points[0], key="area.home.point.99")
    grown = dataclasses.replace(
        policy, areas=(dataclasses.replace(area, points=(*area.points, extra)), *policy.areas[1:])
    )
    merged = update(policy_messages(grown), po, "en")
    assert next(m for m in merged if m.context == "area.home.point.99").string == ""


def test_written_catalogs_are_unwrapped_and_pass_msgfmt(tmp_path, policy):
    po = _write(tmp_path / "policy.po", update(policy_messages(policy), Path("-"), "en"))
    longest = max(len(line) for line in po.read_text().splitlines())
    assert longest > 100, "long entries stay on one line"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)


def test_the_shipped_catalogs_are_complete_and_valid(policy):
    from planmaterials.catalogs import extract, target_languages
    from planmaterials.resources import template_path

    code = [Path(__file__).resolve().parents[1] / "src" / "planmaterials" / "materials.py"]
    templates = extract(policy, template_path(), code)
    for domain, catalog in templates.items():
        for lang in target_languages(domain, policy.language):
            po = shipped("locales") / lang / "LC_MESSAGES" / f"{domain}.po"
            result = status(catalog, po, lang)
            assert result.complete, (lang, domain, result)
            subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)


def test_what_changed_survives_a_round_trip_and_a_second_update(tmp_path, policy):
    po = _translated(tmp_path / "en.po", policy, lambda source: "translated")
    original = policy.title
    first = dataclasses.replace(policy, title="Policy för internationellt arbete")
    _write(po, update(policy_messages(first), po, "en"))
    second = dataclasses.replace(policy, title="Policy för internationalisering och samverkan")
    _write(po, update(policy_messages(second), po, "en"))
    entry = next(m for m in read_catalog(po, "en") if m.context == "policy.title")
    assert entry.fuzzy and entry.previous_id == [original]
    (change,) = status(policy_messages(second), po, "en").changes
    assert (change.before, change.now) == (original, second.title)


def test_translators_comments_survive_an_update_and_stray_previous_lines_do_not(tmp_path, policy):
    po = _translated(tmp_path / "en.po", policy, lambda source: "translated")
    text = po.read_text(encoding="utf-8").replace(
        'msgctxt "policy.title"', '# Checked with the Vice-Chancellor\nmsgctxt "policy.title"'
    )
    po.write_text(text, encoding="utf-8")
    changed = dataclasses.replace(policy, title="Policy för internationellt arbete")
    _write(po, update(policy_messages(changed), po, "en"))
    _write(po, update(policy_messages(changed), po, "en"))
    written = po.read_text(encoding="utf-8")
    assert written.count("# Checked with the Vice-Chancellor") == 1
    assert "\n# |" not in written and written.count("\n#| msgid") == 1
