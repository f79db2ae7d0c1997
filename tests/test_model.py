"""The model: stable keys for every translatable string, and translated copies."""

from __future__ import annotations

from planmaterials.model import iter_texts, map_texts


def test_every_user_visible_string_has_a_stable_dotted_key(policy):
    keys = dict(iter_texts(policy))
    assert keys["policy.title"] == policy.title
    assert keys["area.home.point.coil"] == policy.area("home").points[2].text
    assert keys["method.step.evaluation.question.1"] == policy.method.steps[3].questions[0]
    assert keys["swot.threats.title"] == policy.swot.quadrant("threats").title
    assert "unit.IK.name" in keys and "plan.university.overall-goal.1" in keys
    assert len(keys) == len(list(iter_texts(policy))), "keys are unique"


def test_ids_dates_and_abbreviations_are_not_translatable(policy):
    texts = dict(iter_texts(policy))
    assert "area.home.id" not in texts and "unit.IK.abbreviation" not in texts
    assert not any(key.endswith(".date") or key.endswith(".email") for key in texts)


def test_map_texts_replaces_every_string_and_keeps_the_structure(policy):
    upper = map_texts(policy, lambda key, text: text.upper())
    assert upper.areas[1].points[0].text == policy.areas[1].points[0].text.upper()
    assert upper.areas[1].id == policy.areas[1].id
    assert upper.plan.areas[0].goals[0].activities[0].responsible == (
        policy.plan.areas[0].goals[0].activities[0].responsible
    )
    assert [k for k, _ in iter_texts(upper)] == [k for k, _ in iter_texts(policy)]
