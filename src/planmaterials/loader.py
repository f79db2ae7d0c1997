"""Reading and validating policy files and unit plan files into the domain model."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import yaml

from .errors import PolicyError
from .i18n.languages import LANGUAGES
from .images import image_problem
from .inputs import plan_files
from .limits import MAX_NAME_CHARS, MAX_YAML_BYTES, RESERVED_NAMES
from .model import (
    QUADRANT_KEYS,
    STEP_KEYS,
    ActionPlan,
    Activity,
    ActivityStatus,
    Contact,
    DevelopmentArea,
    FlagColumn,
    FlagValue,
    Goal,
    Method,
    Organisation,
    PlanArea,
    Point,
    Policy,
    Step,
    SwotAxes,
    SwotQuadrant,
    SwotTemplate,
    Unit,
)
from .theme import PAPER_SIZES, POSTER_PAPER_SIZES, Colours, Theme
from .yamlnodes import Cursor, Fields, parse_yaml, suggest

__all__ = ["DEFAULT_POLICY", "load_plan", "load_plan_text", "load_plans", "load_policy"]

DEFAULT_POLICY = "default-policy.yaml"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_ABBREVIATION = re.compile(r"[^\s.]+\Z")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_Texts = tuple[str, ...]
_FLAG_WORDS = {"yes": FlagValue.YES, "partly": FlagValue.PARTLY, "no": FlagValue.NO}


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy file (the embedded default when ``path`` is None) into a :class:`Policy`.

    Raises :class:`PolicyError` naming the file, line and key of the first mistake.
    """
    if path is None:
        resource = resources.files("planmaterials") / "data" / DEFAULT_POLICY
        file = Path(str(resource))
        source = resource.read_text(encoding="utf-8")
    else:
        file = Path(path)
        source = _read(file)
    return _policy(parse_yaml(source, file), file)


def _load_each(paths: Sequence[Path], policy: Policy) -> tuple[ActionPlan, ...]:
    """``load_plan`` for each path, in order; many are read half here and half in a forked
    process, on a second core (see :mod:`.parallel`), with the same plans and the same first
    error as when read one after the other."""
    if len(paths) < _READ_SIDE_BY_SIDE:
        return tuple(load_plan(path, policy) for path in paths)
    from .parallel import side_by_side

    middle = (len(paths) + 1) // 2
    halves = side_by_side(
        lambda part, _: tuple(load_plan(path, policy) for path in part),
        (tuple(paths[:middle]), tuple(paths[middle:])),
    )
    return halves[0] + halves[1]


# Plans from which reading them on two cores pays (a plan takes about half a millisecond to
# read; forking and sending the plans back, a few milliseconds).
_READ_SIDE_BY_SIDE = 20


def load_plan(path: str | Path, policy: Policy) -> ActionPlan:
    """Read a unit's action plan file; its areas and units must exist in ``policy``."""
    file = Path(path)
    return _plan(parse_yaml(_read(file), file), policy, file)


def load_plan_text(text: str, policy: Policy, file: str | Path) -> ActionPlan:
    """Read a unit's action plan from ``text``, as :func:`load_plan` would from ``file``."""
    return _plan(parse_yaml(text, Path(file)), policy, Path(file))


def _read(file: Path) -> str:
    """The text of a policy or plan file, refused by its size before a byte is read."""
    try:
        if file.is_dir():
            raise PolicyError("this is a folder; give the policy or plan .yaml file", file=file)
        if not file.is_file():
            if not file.exists():
                raise PolicyError("no such file", file=file)
            raise PolicyError("not a regular file; give a .yaml file", file=file)
        with file.open("rb") as handle:
            # Read one byte more than allowed, not the whole file, to learn it is too large.
            data = handle.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise PolicyError(f"cannot read the file: {exc.strerror}", file=file) from None
    if len(data) > MAX_YAML_BYTES:
        raise PolicyError(
            f"the file is larger than {MAX_YAML_BYTES // (1024 * 1024)} MB; a policy or plan "
            "file needs far less: is it the right file?",
            file=file,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PolicyError(
            f"not UTF-8 text ({exc.reason}); save the file as UTF-8", file=file, line=line
        ) from None


def _policy(root: Cursor, file: Path) -> Policy:
    top = root.mapping(
        ("language", "organisation", "contacts", "policy"),
        ("method", "swot", "units", "plan", "theme"),
    )
    meta = top["policy"].mapping(
        ("title", "adopted", "version", "introduction", "background", "areas"), ("decided_by",)
    )
    areas = tuple(_area(item) for item in meta["areas"].items(min_items=1))
    _unique(meta["areas"], [area.id for area in areas], "area key")
    for code in tuple(LANGUAGES):
        # Two areas with one file name would overwrite each other's files.
        _unique(meta["areas"], [area.file_slug(code) for area in areas], f"file name ({code})")
    units_cursor = top.get("units")
    units = tuple(_unit(item) for item in units_cursor.items()) if units_cursor else ()
    if units_cursor:
        _unique(units_cursor, [unit.abbreviation for unit in units], "unit abbreviation")
    contacts = tuple(
        _contact(item, n) for n, item in enumerate(top["contacts"].items(min_items=1), 1)
    )
    _unique(top["contacts"], [contact.key for contact in contacts], "contact key")
    policy = Policy(
        key="policy",
        language=top["language"].choice(tuple(LANGUAGES)),
        organisation=_organisation(top["organisation"]),
        contacts=contacts,
        title=meta["title"].title(),
        adopted=meta["adopted"].date(),
        version=meta["version"].text(),
        introduction=meta["introduction"].text(),
        background=meta["background"].text(),
        decided_by=_optional_text(meta, "decided_by"),
        areas=areas,
        method=_method(top["method"]) if top.get("method") else None,
        swot=_swot(top["swot"]) if top.get("swot") else None,
        units=units,
        theme=_theme(top["theme"], file) if top.get("theme") else Theme(),
        source=file,
    )
    if top.get("plan"):
        policy = dataclasses.replace(policy, plan=_plan(top["plan"], policy, file))
    return policy


def _organisation(cursor: Cursor) -> Organisation:
    fields = cursor.mapping(("name", "office"), ("short_name", "website"))
    return Organisation(
        key="organisation",
        name=fields["name"].title(),
        office=fields["office"].title(),
        short_name=_optional_text(fields, "short_name"),
        website=_optional_text(fields, "website"),
    )


def _contact(cursor: Cursor, number: int) -> Contact:
    fields = cursor.mapping(("name", "email"), ("role", "phone", "key"))
    email = fields["email"].text()
    if not _EMAIL.match(email):
        raise fields["email"].error(f"'{email}' is not an e-mail address")
    return Contact(
        key=f"contact.{_own_key(fields) or number}",
        name=fields["name"].title(),
        email=email,
        role=_optional_text(fields, "role"),
        phone=_optional_text(fields, "phone"),
    )


def _area(cursor: Cursor) -> DevelopmentArea:
    fields = cursor.mapping(("key", "title", "description", "points"), ("slug",))
    area_id = _id(fields["key"])
    key = f"area.{area_id}"
    description, description_short = _aim(fields["description"])
    return DevelopmentArea(
        key=key,
        id=area_id,
        slugs=_slugs(slug) if (slug := fields.get("slug")) else (),
        title=fields["title"].title(),
        description=description,
        description_short=description_short,
        points=_points(fields["points"], key),
    )


def _aim(cursor: Cursor) -> tuple[str, str | None]:
    """An area's aim: a plain text or ``{text: ..., short: ...}``, like a point.

    ``short`` is a short form of the aim (a sentence) for the poster.
    """
    if not isinstance(cursor.node, yaml.MappingNode):
        return cursor.text(), None
    fields = cursor.mapping(("text",), ("short",))
    return fields["text"].text(), _optional_text(fields, "short")


def _points(cursor: Cursor, area_key: str) -> tuple[Point, ...]:
    """An area's points: each a plain text or ``{text: ..., key: ..., short: ...}``.

    A point without a key of its own is keyed by its place (1, 2, ...), like other lists;
    ``short`` is a short form of a few words for slides and posters.
    """
    points = []
    for n, item in enumerate(cursor.items(min_items=1), start=1):
        if not isinstance(item.node, yaml.MappingNode):
            points.append(Point(key=f"{area_key}.point.{n}", text=item.text()))
            continue
        fields = item.mapping(("text",), ("key", "short"))
        own = _own_key(fields) or str(n)
        # A short form is read like a title: a few words, never a paragraph.
        short = fields["short"].title() if fields.get("short") else None
        points.append(Point(key=f"{area_key}.point.{own}", text=fields["text"].text(), short=short))
    _unique(cursor, [point.key.rsplit(".", 1)[1] for point in points], "point key")
    return tuple(points)


def _keyed_texts(cursor: Cursor, what: str, *, min_items: int = 0) -> list[tuple[str, str]]:
    """A list of texts, each a plain text or ``{key: ..., text: ...}``: (key, text) pairs.

    An item without a key of its own is keyed by its position (1, 2, ...). A key of its own
    keeps the item's translation when items above it are removed, inserted or reordered.
    """
    pairs = []
    for n, item in enumerate(cursor.items(min_items=min_items), start=1):
        if isinstance(item.node, yaml.MappingNode):
            fields = item.mapping(("key", "text"))
            pairs.append((_id(fields["key"]), fields["text"].text()))
        else:
            pairs.append((str(n), item.text()))
    _unique(cursor, [key for key, _ in pairs], f"{what} key")
    return pairs


def _own_key(fields: Fields) -> str | None:
    cursor = fields.get("key")
    return _id(cursor) if cursor else None


def _optional_keyed(
    fields: Fields, name: str, what: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An optional list of keyed texts as (texts, keys); a key is "" for an item without one."""
    cursor = fields.get(name)
    if not cursor:
        return (), ()
    pairs = _keyed_texts(cursor, what)
    explicit = [isinstance(item.node, yaml.MappingNode) for item in cursor.items()]
    return (
        tuple(text for _key, text in pairs),
        tuple(key if own else "" for (key, _text), own in zip(pairs, explicit, strict=True)),
    )


def _method(cursor: Cursor) -> Method:
    fields = cursor.mapping(("introduction", "steps", "review"))
    steps = []
    for index, item in enumerate(fields["steps"].items()):
        step_fields = item.mapping(("key", "title", "guidance"), ("tasks", "questions"))
        expected = STEP_KEYS[index] if index < len(STEP_KEYS) else None
        step_id = step_fields["key"].text()
        if step_id != expected:
            raise step_fields["key"].error(
                f"expected the steps {', '.join(STEP_KEYS)} in this order; "
                f"step {index + 1} must be '{expected}'"
                if expected
                else f"there are only {len(STEP_KEYS)} steps: {', '.join(STEP_KEYS)}"
            )
        if step_fields.get("questions") and step_id != "evaluation":
            raise step_fields["questions"].error("only the 'evaluation' step has questions")
        steps.append(
            Step(
                key=f"method.step.{step_id}",
                id=step_id,
                title=step_fields["title"].title(),
                guidance=step_fields["guidance"].text(),
                tasks=(tasks := _optional_keyed(step_fields, "tasks", "task"))[0],
                task_keys=tasks[1],
                questions=(questions := _optional_keyed(step_fields, "questions", "question"))[0],
                question_keys=questions[1],
            )
        )
    if len(steps) != len(STEP_KEYS):
        raise fields["steps"].error(f"expected the four steps {', '.join(STEP_KEYS)}")
    if not steps[-1].questions:
        raise fields["steps"].error("the 'evaluation' step needs its follow-up 'questions'")
    return Method(
        key="method",
        introduction=fields["introduction"].text(),
        review=fields["review"].text(),
        steps=tuple(steps),
    )


def _swot(cursor: Cursor) -> SwotTemplate:
    fields = cursor.mapping(("introduction", "axes", "quadrants"))
    axes = fields["axes"].mapping(("internal", "external", "helpful", "harmful"))
    quadrants = fields["quadrants"].mapping(QUADRANT_KEYS)
    return SwotTemplate(
        key="swot",
        introduction=fields["introduction"].text(),
        axes=SwotAxes(
            key="swot.axis",
            internal=axes["internal"].text(),
            external=axes["external"].text(),
            helpful=axes["helpful"].text(),
            harmful=axes["harmful"].text(),
        ),
        quadrants=tuple(_quadrant(quadrants[name], name) for name in QUADRANT_KEYS),
    )


def _quadrant(cursor: Cursor, quadrant_id: str) -> SwotQuadrant:
    fields = cursor.mapping(("title", "questions"))
    list(fields["questions"].items(min_items=1))  # at least one
    questions, keys = _optional_keyed(fields, "questions", "question")
    return SwotQuadrant(
        key=f"swot.{quadrant_id}",
        id=quadrant_id,
        title=fields["title"].title(),
        questions=questions,
        question_keys=keys,
    )


def _unit(cursor: Cursor) -> Unit:
    fields = cursor.mapping(("abbreviation", "name"))
    abbreviation = fields["abbreviation"].text()
    if not _ABBREVIATION.match(abbreviation):
        raise fields["abbreviation"].error(
            f"'{abbreviation}' is not a usable abbreviation; "
            "expected letters without spaces or dots"
        )
    return Unit(key=f"unit.{abbreviation}", abbreviation=abbreviation, name=fields["name"].title())


def _plan(cursor: Cursor, policy: Policy, file: Path) -> ActionPlan:
    fields = cursor.mapping(
        ("key", "title", "owner", "period", "date", "areas"),
        ("background", "overall_goals", "flags"),
    )
    plan_id = _id(fields["key"])
    key = f"plan.{plan_id}"
    flags: list[FlagColumn] = []
    if fields.get("flags"):
        for item in fields["flags"].items():
            flag_fields = item.mapping(("key", "title"), ("description",))
            flag_id = _id(flag_fields["key"])
            flags.append(
                FlagColumn(
                    key=f"{key}.flag.{flag_id}",
                    id=flag_id,
                    title=flag_fields["title"].title(),
                    description=_optional_text(flag_fields, "description"),
                )
            )
        _unique(fields["flags"], [flag.id for flag in flags], "flag key")
    flag_ids = tuple(flag.id for flag in flags)
    unit_ids = tuple(unit.abbreviation for unit in policy.units)
    area_ids = tuple(area.id for area in policy.areas)
    plan_areas = []
    for item in fields["areas"].items(min_items=1):
        area_fields = item.mapping(("area", "goals"))
        area_id = _reference(area_fields["area"], area_ids, "development area", "policy.areas")
        area_key = f"{key}.{area_id}"
        goals = tuple(
            _goal(goal, f"{area_key}.goal", n, flag_ids, unit_ids)
            for n, goal in enumerate(area_fields["goals"].items(min_items=1), start=1)
        )
        _unique(area_fields["goals"], [goal.key for goal in goals], "goal key")
        plan_areas.append(PlanArea(key=area_key, area=area_id, goals=goals))
    _unique(fields["areas"], [plan_area.area for plan_area in plan_areas], "area")
    return ActionPlan(
        key=key,
        id=plan_id,
        title=fields["title"].title(),
        owner=fields["owner"].title(),
        period=fields["period"].title(),
        date=fields["date"].date(),
        background=_optional_text(fields, "background"),
        overall_goals=(overall := _optional_keyed(fields, "overall_goals", "goal"))[0],
        overall_goal_keys=overall[1],
        flags=tuple(flags),
        areas=tuple(plan_areas),
        source=file,
    )


def _goal(
    cursor: Cursor, prefix: str, number: int, flag_ids: tuple[str, ...], unit_ids: tuple[str, ...]
) -> Goal:
    fields = cursor.mapping(("goal", "activities"), ("key",))
    key = f"{prefix}.{_own_key(fields) or number}"
    activities = []
    for n, item in enumerate(fields["activities"].items(min_items=1), start=1):
        activity = item.mapping(
            ("activity", "responsible"),
            (
                *("deadline", "resources", "next_step", "follow_up", "flags", "key"),
                *("status", "comment"),  # reported at the yearly follow-up
            ),
        )
        responsible_cursor = activity["responsible"]
        responsible = tuple(
            _reference(unit, unit_ids, "unit", "units")
            for unit in responsible_cursor.items(min_items=1)
        )
        _unique(responsible_cursor, list(responsible), "unit")
        flags: list[tuple[str, FlagValue]] = []
        if activity.get("flags"):
            flag_map = activity["flags"].mapping((), flag_ids)
            for flag_id in flag_ids:
                if flag_map.get(flag_id):
                    word = flag_map[flag_id].choice(tuple(_FLAG_WORDS))
                    flags.append((flag_id, _FLAG_WORDS[word]))
        deadline = activity.get("deadline")
        status = activity.get("status")
        activities.append(
            Activity(
                key=f"{key}.activity.{_own_key(activity) or n}",
                text=activity["activity"].text(),
                responsible=responsible,
                deadline=deadline.date_or_text() if deadline else None,
                resources=_optional_text(activity, "resources"),
                next_step=_optional_text(activity, "next_step"),
                follow_up=_optional_text(activity, "follow_up"),
                flags=tuple(flags),
                status=ActivityStatus(status.choice(tuple(s.value for s in ActivityStatus)))
                if status
                else None,
                comment=_optional_text(activity, "comment"),
            )
        )
    _unique(fields["activities"], [a.key for a in activities], "activity key")
    return Goal(key=key, text=fields["goal"].text(), activities=tuple(activities))


def _theme(cursor: Cursor, file: Path) -> Theme:
    fields = cursor.mapping(
        (), ("colours", "fonts", "paper", "poster_paper", "poster_points", "logo")
    )
    colours = Colours()
    if fields.get("colours"):
        names = ("primary", "secondary", "accent", "text", "background")
        colour_fields = fields["colours"].mapping((), names)
        values = {}
        for name in colour_fields.children:
            value = colour_fields[name].text()
            if not _COLOUR.match(value):
                raise colour_fields[name].error(
                    f"'{value}' is not a colour; expected #RRGGBB, e.g. '#00406B' (quoted)"
                )
            values[name] = value.upper()
        colours = Colours(**values)
    theme = Theme(colours=colours)
    heading_font, body_font = theme.heading_font, theme.body_font
    if fields.get("fonts"):
        font_fields = fields["fonts"].mapping((), ("heading", "body"))
        heading_font = _optional_text(font_fields, "heading") or heading_font
        body_font = _optional_text(font_fields, "body") or body_font
    logo = _logo(fields["logo"], file) if fields.get("logo") else None
    return Theme(
        colours=colours,
        heading_font=heading_font,
        body_font=body_font,
        paper=fields["paper"].choice(PAPER_SIZES) if fields.get("paper") else theme.paper,
        poster_paper=(
            fields["poster_paper"].choice(POSTER_PAPER_SIZES)
            if fields.get("poster_paper")
            else theme.poster_paper
        ),
        poster_points=_count(fields["poster_points"], 1, 50)
        if fields.get("poster_points")
        else None,
        logo=logo,
    )


def _count(cursor: Cursor, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``."""
    value = cursor.text()
    if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
        raise cursor.error(f"'{value}' is not a whole number from {low} to {high}")
    return int(value)


def _logo(cursor: Cursor, file: Path) -> Path:
    """The logo's path: a PNG or JPEG of sane size in the policy file's folder or below it."""
    value = cursor.text()
    folder = file.parent.resolve()
    logo = (folder / value).resolve()
    if Path(value).is_absolute() or not logo.is_relative_to(folder):
        raise cursor.error(
            f"the logo '{value}' lies outside the policy's folder {folder}; copy it there and "
            "give its name relative to the policy file"
        )
    if not logo.is_file():
        raise cursor.error(f"the logo file {logo} does not exist")
    problem = image_problem(logo)
    if problem is not None:
        raise cursor.error(f"the logo file {logo} {problem}; give a PNG or JPEG image")
    return logo


def _id(cursor: Cursor) -> str:
    """A key that may become part of a file name: lower-case ASCII, not a reserved name."""
    value = cursor.text()
    if not _ID.match(value):
        raise cursor.error(
            f"'{value}' is not a usable key; expected lower-case letters, digits and hyphens"
        )
    if len(value) > MAX_NAME_CHARS:
        raise cursor.error(f"the key is {len(value)} characters long; at most {MAX_NAME_CHARS}")
    if value in RESERVED_NAMES:
        raise cursor.error(
            f"'{value}' is a reserved file name on Windows and cannot be used as a key; "
            "choose another"
        )
    return value


def _slugs(cursor: Cursor) -> tuple[tuple[str, str], ...]:
    """An area's file-name part: one slug for every language, or one per language code."""
    if not isinstance(cursor.node, yaml.MappingNode):
        return tuple((code, _id(cursor)) for code in LANGUAGES)
    fields = cursor.mapping((), tuple(LANGUAGES))
    return tuple((code, _id(slug)) for code in LANGUAGES if (slug := fields.get(code)))


def _reference(cursor: Cursor, known: tuple[str, ...], what: str, where: str) -> str:
    value = cursor.text()
    if value not in known:
        listed = ", ".join(known) if known else "none"
        raise cursor.error(
            f"unknown {what} '{value}'{suggest(value, known)} (the policy's {where}: {listed})"
        )
    return value


def _unique(cursor: Cursor, values: list[str], what: str) -> None:
    seen: set[str] = set()
    items = list(cursor.items())
    for value, item in zip(values, items, strict=False):
        if value in seen:
            raise item.error(f"the {what} '{value}' is given twice")
        seen.add(value)


def _optional_text(fields: Fields, key: str) -> str | None:
    cursor = fields.get(key)
    return cursor.text() if cursor else None


def _optional_texts(fields: Fields, key: str) -> tuple[str, ...]:
    cursor = fields.get(key)
    return cursor.texts() if cursor else ()


def load_plans(directory: Path, policy: Policy) -> tuple[ActionPlan, ...]:
    """Read every ``*.yaml`` unit plan in ``directory``; plan keys must be unique."""
    if not directory.is_dir():
        raise PolicyError("the plans folder does not exist", file=directory)
    paths = plan_files(directory)
    if not paths:
        raise PolicyError("the plans folder holds no .yaml plan files", file=directory)
    plans = _load_each(paths, policy)
    seen: dict[str, Path] = {}
    for plan in plans:
        if plan.id in seen:
            raise PolicyError(
                f"the plan key '{plan.id}' is also used by {seen[plan.id].name}",
                file=plan.source,
                key="key",
            )
        seen[plan.id] = plan.source or directory
    return plans
