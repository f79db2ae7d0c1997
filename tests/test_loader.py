"""The loader: the default policy, and clear errors for every kind of mistake."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from planmaterials import PolicyError, load_plan, load_policy
from planmaterials.model import FlagValue, iter_texts


def test_the_default_policy_has_four_areas_of_six_to_ten_points(policy):
    assert [area.id for area in policy.areas] == ["home", "collaboration", "abroad", "hosting"]
    for area in policy.areas:
        assert 6 <= len(area.points) <= 10
        assert area.title and area.description


def test_the_default_policy_has_the_four_steps_swot_units_and_an_example_plan(policy):
    assert [step.id for step in policy.method.steps] == [
        "current-state",
        "goals",
        "actions",
        "evaluation",
    ]
    assert policy.method.step("evaluation").questions
    assert [q.id for q in policy.swot.quadrants] == [
        "strengths",
        "weaknesses",
        "opportunities",
        "threats",
    ]
    assert policy.units and policy.plan is not None
    assert {plan_area.area for plan_area in policy.plan.areas} == {a.id for a in policy.areas}
    assert policy.adopted == dt.date(2025, 6, 12)
    flags = [a.flag("alliance") for pa in policy.plan.areas for g in pa.goals for a in g.activities]
    assert FlagValue.YES in flags and FlagValue.PARTLY in flags


def test_the_lead_unit_comes_first_and_units_used_keeps_that_order(policy):
    activity = policy.plan.areas[0].goals[0].activities[0]
    assert activity.responsible[0] == policy.plan.units_used()[0]


def test_any_number_of_areas_is_accepted(default_policy_data, write_policy):
    area = default_policy_data["policy"]["areas"][0]
    default_policy_data["policy"]["areas"] = [
        {**area, "key": f"area-{n}", "slug": f"area-{n}", "title": f"Område {n}"} for n in range(9)
    ]
    default_policy_data.pop("plan")
    policy = load_policy(write_policy(default_policy_data))
    assert len(policy.areas) == 9
    assert policy.areas[8].points[0].key == "area.area-8.point.1"


def _error(path: Path) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    return info.value


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_key_names_file_line_key_and_suggests_the_right_one(
    default_policy_data, write_policy
):
    default_policy_data["policy"]["areas"][1]["titel"] = default_policy_data["policy"]["areas"][
        1
    ].pop("title")
    path = write_policy(default_policy_data)
    error = _error(path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "titel:" in text)
    assert error.file == path and error.line == line
    assert error.key == "policy.areas[1].titel"
    assert "did you mean 'title'?" in str(error)
    assert str(error).startswith(f"{path}:{line}: policy.areas[1].titel: unknown key")


def test_a_missing_key_is_named(default_policy_data, write_policy):
    del default_policy_data["policy"]["areas"][0]["points"]
    error = _error(write_policy(default_policy_data))
    assert error.key == "policy.areas[0]" and "missing required key 'points'" in str(error)


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    error = _error(_write(tmp_path, "language: sv\norganisation:\n  name: [unclosed\n"))
    assert error.line is not None and error.line >= 3
    assert "invalid YAML" in str(error)


def test_a_bad_date_says_what_is_expected(default_policy_data, write_policy):
    default_policy_data["policy"]["adopted"] = "12 juni 2025"
    error = _error(write_policy(default_policy_data))
    assert error.key == "policy.adopted" and "YYYY-MM-DD" in str(error)


def test_an_unknown_unit_in_the_plan_is_named_with_a_suggestion(default_policy_data, write_policy):
    activity = default_policy_data["plan"]["areas"][0]["goals"][0]["activities"][0]
    activity["responsible"] = ["INST"]
    error = _error(write_policy(default_policy_data))
    assert error.key == "plan.areas[0].goals[0].activities[0].responsible[0]"
    assert "unknown unit 'INST'" in str(error) and "did you mean 'Inst'?" in str(error)


def test_an_unknown_area_in_the_plan_is_named(default_policy_data, write_policy):
    default_policy_data["plan"]["areas"][0]["area"] = "homes"
    error = _error(write_policy(default_policy_data))
    assert "unknown development area 'homes'" in str(error) and "did you mean 'home'?" in str(error)


def test_flag_values_are_yes_partly_or_no_even_unquoted(tmp_path, default_policy_data):
    import yaml

    text = yaml.safe_dump(default_policy_data, allow_unicode=True, sort_keys=False)
    text = text.replace("alliance: 'yes'", "alliance: yes").replace(
        "alliance: partly", "alliance: maybe", 1
    )
    error = _error(_write(tmp_path, text))
    assert "'maybe' is not one of 'yes', 'partly', 'no'" in str(error)
    policy = load_policy(_write(tmp_path, text.replace("alliance: maybe", "alliance: partly")))
    assert policy.plan is not None


def test_duplicate_area_keys_are_refused(default_policy_data, write_policy):
    default_policy_data["policy"]["areas"][1]["key"] = "home"
    error = _error(write_policy(default_policy_data))
    assert "the area key 'home' is given twice" in str(error)


def test_yaml_tags_that_construct_objects_are_never_executed(tmp_path):
    path = _write(tmp_path, "language: !!python/object/apply:os.system ['echo hacked']\n")
    error = _error(path)
    assert error.line == 1 and "is not allowed" in str(error)


def test_a_missing_file_and_an_empty_file_are_clear_errors(tmp_path):
    assert "no such file" in str(_error(tmp_path / "nope.yaml"))
    assert "the file is empty" in str(_error(_write(tmp_path, "")))


def test_a_colour_must_be_hex(default_policy_data, write_policy):
    default_policy_data["theme"]["colours"]["primary"] = "blue"
    error = _error(write_policy(default_policy_data))
    assert error.key == "theme.colours.primary" and "#RRGGBB" in str(error)


def test_a_unit_plan_file_is_checked_against_the_policy(tmp_path, policy, default_policy_data):
    import yaml

    plan = default_policy_data["plan"]
    plan["key"] = "physics"
    path = tmp_path / "physics.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_plan(path, policy)
    assert loaded.id == "physics" and loaded.key == "plan.physics"
    plan["areas"][1]["goals"][0]["activities"][0]["responsible"] = ["IK", "XYZ"]
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_plan(path, policy)
    assert info.value.file == path and info.value.line is not None
    assert "unknown unit 'XYZ'" in str(info.value)


def test_list_items_may_carry_keys_of_their_own(default_policy_data, write_policy):
    from planmaterials.model import iter_texts

    step = default_policy_data["method"]["steps"][0]
    step["tasks"][1] = {"key": "mark", "text": step["tasks"][1]}
    quadrant = default_policy_data["swot"]["quadrants"]["strengths"]
    quadrant["questions"][0] = {"key": "best", "text": quadrant["questions"][0]}
    goal = default_policy_data["plan"]["areas"][0]["goals"][0]
    goal["key"] = "courses"
    goal["activities"][0]["key"] = "survey"
    default_policy_data["contacts"][0]["key"] = "office"
    keys = dict(iter_texts(load_policy(write_policy(default_policy_data))))
    assert keys["method.step.current-state.task.mark"] == step["tasks"][1]["text"]
    assert "method.step.current-state.task.1" in keys and "method.step.current-state.task.3" in keys
    assert keys["swot.strengths.question.best"] == quadrant["questions"][0]["text"]
    area = default_policy_data["plan"]["areas"][0]["area"]
    plan_key = f"plan.{default_policy_data['plan']['key']}.{area}.goal.courses"
    assert keys[plan_key] == goal["goal"].strip()
    assert keys[f"{plan_key}.activity.survey"] == goal["activities"][0]["activity"].strip()
    assert "contact.office.name" in keys


def test_a_point_key_given_twice_is_an_error_naming_the_key(default_policy_data, write_policy):
    points = default_policy_data["policy"]["areas"][1]["points"]
    points[0] = {"key": "2", "text": points[0]["text"]}  # the second is keyed "2" by its place
    with pytest.raises(PolicyError, match="the point key '2' is given twice") as info:
        load_policy(write_policy(default_policy_data))
    assert info.value.key == "policy.areas[1].points[1]"


def test_a_point_may_give_a_short_form_for_slides_and_posters():
    point = load_policy().areas[0].points[0]
    assert point.short and len(point.short.split()) <= 8
    assert (point.key + ".short", point.short) in set(iter_texts(point))
    assert point.brief == point.short


def test_a_point_with_a_key_of_its_own_keys_its_short_form_too():
    point = next(p for p in load_policy().areas[0].points if p.key.endswith(".coil"))
    assert dict(iter_texts(point))["area.home.point.coil.short"] == point.short


def test_a_point_given_as_a_plain_text_has_no_short_form(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text(_default_source().replace("        - text: Fler", "        - Fler"), "utf-8")
    path.write_text(
        path.read_text("utf-8").replace("          short: Fler kurser på engelska\n", ""), "utf-8"
    )
    point = load_policy(path).areas[0].points[1]
    assert point.short is None and point.brief == point.text


def test_a_point_mapping_with_an_unknown_key_is_refused_naming_it(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text(_default_source().replace("short: Fler", "shrot: Fler"), "utf-8")
    with pytest.raises(PolicyError, match="shrot"):
        load_policy(path)


def test_an_areas_aim_may_give_a_short_form_for_the_poster_keyed_beside_the_aim(policy):
    for area in policy.areas:
        assert area.description_short and len(area.description_short) < len(area.description)
        assert area.brief_description == area.description_short
        texts = dict(iter_texts(area))
        assert texts[f"{area.key}.description"] == area.description
        assert texts[f"{area.key}.description.short"] == area.description_short


def test_an_aim_given_as_a_plain_text_has_no_short_form(default_policy_data, write_policy):
    aim = default_policy_data["policy"]["areas"][1]["description"]
    default_policy_data["policy"]["areas"][1]["description"] = aim["text"]
    area = load_policy(write_policy(default_policy_data)).areas[1]
    assert area.description == " ".join(aim["text"].split())
    assert area.description_short is None and area.brief_description == area.description


def test_an_aim_mapping_needs_its_text(default_policy_data, write_policy):
    default_policy_data["policy"]["areas"][2]["description"] = {"short": "Kort."}
    with pytest.raises(PolicyError, match="text") as caught:
        load_policy(write_policy(default_policy_data))
    assert caught.value.key.startswith("policy.areas[2].description")


def _default_source() -> str:
    return (resources.files("planmaterials") / "data" / "default-policy.yaml").read_text("utf-8")
