"""The catalogue drives the build: a new material is a template and one catalogue entry."""

from __future__ import annotations

import re
from pathlib import Path

from planmaterials import MATERIALS, load_plan, load_policy, render
from planmaterials.materials import Material, Scope

SRC = Path(__file__).resolve().parents[1] / "src" / "planmaterials"
ROOT = SRC.parents[1]


def test_the_build_and_compose_name_no_material():
    for module in ("build.py", "compose.py"):
        text = (SRC / module).read_text(encoding="utf-8")
        for material_id in MATERIALS:
            assert not re.search(rf"[\"']{re.escape(material_id)}[\"']", text), (
                module,
                material_id,
            )


def test_a_new_material_for_all_unit_plans_needs_only_a_template_and_an_entry(
    tmp_path, monkeypatch
):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "plan-overview.j2").write_text(
        '<document title="{{ policy.title }}">\n'
        "<h1>{{ policy.title }}</h1>\n"
        "<ul>\n"
        "{% for plan in plans %}<li>{{ plan.owner }}</li>\n{% endfor %}"
        "</ul>\n"
        "</document>\n",
        encoding="utf-8",
    )
    entry = Material(
        id="plan-overview",
        template="plan-overview.j2",
        formats=("docx", "pdf"),
        name=("filename.plan-overview", "Plan overview"),
        scopes=(Scope.PLANS,),
    )
    monkeypatch.setitem(MATERIALS, entry.id, entry)
    policy = load_policy()
    plans = tuple(
        load_plan(path, policy) for path in sorted((ROOT / "examples" / "plans").glob("*.yaml"))
    )
    result = render(policy, ["en"], template_dirs=[templates], plans=plans)
    made = [f for f in result.files if f.material == "plan-overview"]
    assert [f.path for f in made] == ["en/plan-overview.docx", "en/plan-overview.pdf"]
    without_plans = render(policy, ["en"], template_dirs=[templates])
    assert not [f for f in without_plans.files if f.material == "plan-overview"]


def test_every_material_declares_how_many_documents_it_makes():
    for material in MATERIALS.values():
        assert material.scopes, material.id
        assert set(material.scopes) <= set(Scope), material.id
