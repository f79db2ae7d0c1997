"""The domain model: what a policy file describes, as frozen dataclasses.

The seeds are Swedish; their terms map to the English names used everywhere in the code:
utvecklingsområde -> DevelopmentArea, punkt -> Point, handlingsplan -> ActionPlan,
övergripande mål -> overall goal, delmål -> Goal, aktivitet/åtgärd -> Activity,
ansvarig -> responsible, enhet -> Unit, SWOT-mall -> SwotTemplate.

Every object that carries user-visible text has a ``key`` (its stable key prefix). Fields whose
value is shown to readers are declared with :func:`translatable` or
:func:`translatable_list`; their keys
(``area.home.title``, ``area.home.point.coil``...) are derived from the object's key by
:func:`iter_texts`, and become the ``msgctxt`` of their translations. A list item's key is the
one the policy gives it (``key: coil``), else its position (``area.home.point.3``). Nothing here
assumes a fixed number of areas, goals or activities.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .errors import UnknownNameError
from .theme import Colours, Theme

__all__ = [
    "ActionPlan",
    "Activity",
    "ActivityStatus",
    "Colours",
    "Contact",
    "DevelopmentArea",
    "FlagColumn",
    "FlagValue",
    "Goal",
    "Method",
    "Organisation",
    "PlanArea",
    "Point",
    "Policy",
    "Step",
    "SwotAxes",
    "SwotQuadrant",
    "SwotTemplate",
    "Theme",
    "Unit",
    "iter_texts",
    "map_texts",
]

STEP_KEYS = ("current-state", "goals", "actions", "evaluation")
QUADRANT_KEYS = ("strengths", "weaknesses", "opportunities", "threats")


def translatable(segment: str | None = None, **kwargs: Any) -> Any:
    """A field holding one translatable string, keyed ``<object key>.<segment>``.

    ``segment`` defaults to the field's name; ``""`` keys the string by the object's own key
    (a point's text is ``area.home.point.3``, not ``area.home.point.3.text``).
    """
    return field(metadata={"text": segment}, **kwargs)


def translatable_list(segment: str, keys: str, **kwargs: Any) -> Any:
    """A field holding a tuple of translatable strings, keyed ``<object key>.<segment>.<item>``.

    ``keys`` names the field holding each item's own key (``""`` for none: its position).
    """
    return field(metadata={"texts": segment, "keys": keys}, **kwargs)


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """The university (or other body) whose policy this is, and the office that publishes it."""

    key: str
    name: str = translatable()
    office: str = translatable()
    short_name: str | None = translatable("short-name", default=None)
    website: str | None = None


@dataclass(frozen=True, kw_only=True)
class Contact:
    """Someone readers can turn to with questions about the policy or the kit."""

    key: str
    name: str = translatable()
    email: str
    role: str | None = translatable(default=None)
    phone: str | None = None


@dataclass(frozen=True, kw_only=True)
class Point:
    """One bullet point of a development area.

    ``short`` is an optional short form (a few words) for slides and posters, where the whole
    text would be too long to read at a distance; handouts always show ``text``.
    """

    key: str
    text: str = translatable("")
    short: str | None = translatable(default=None)

    @property
    def brief(self) -> str:
        """The short form where there is one, else the whole text."""
        return self.short or self.text


@dataclass(frozen=True, kw_only=True)
class DevelopmentArea:
    """A development area of the policy (utvecklingsområde): its aim and its points.

    ``description`` is the area's aim; ``description_short`` an optional short form of it (a
    sentence) for the poster, where the whole aim would be too long to read at a distance.
    """

    key: str
    id: str
    title: str = translatable()
    description: str = translatable()
    description_short: str | None = translatable("description.short", default=None)
    points: tuple[Point, ...] = ()
    # The area's part of its files' names per language; the same in every language if it is
    # not given for one. Names never follow the (translated, reworded) title, so rewording a
    # title or translating it later never renames a file on the university's website.
    slugs: tuple[tuple[str, str], ...] = ()

    @property
    def brief_description(self) -> str:
        """The aim's short form where there is one, else the whole aim."""
        return self.description_short or self.description

    def file_slug(self, lang: str) -> str:
        """The area's part of its files' names in ``lang``: its slug there, else its key."""
        return dict(self.slugs).get(lang, self.id)


@dataclass(frozen=True, kw_only=True)
class Step:
    """One of the four working steps: current state, goals, actions, evaluation."""

    key: str
    id: str
    title: str = translatable()
    guidance: str = translatable()
    tasks: tuple[str, ...] = translatable_list("task", "task_keys", default=())
    questions: tuple[str, ...] = translatable_list("question", "question_keys", default=())
    task_keys: tuple[str, ...] = ()
    question_keys: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Method:
    """How a department works its way from the policy to its own action plan."""

    key: str
    introduction: str = translatable()
    review: str = translatable()
    steps: tuple[Step, ...] = ()

    def step(self, step_id: str) -> Step:
        """The step with key ``step_id``; :class:`UnknownNameError` lists the keys otherwise."""
        return _find(self.steps, "step", step_id, lambda step: step.id)


@dataclass(frozen=True, kw_only=True)
class SwotAxes:
    """The labels of the SWOT grid's two axes."""

    key: str
    internal: str = translatable()
    external: str = translatable()
    helpful: str = translatable()
    harmful: str = translatable()


@dataclass(frozen=True, kw_only=True)
class SwotQuadrant:
    """One quadrant of the SWOT grid with its guiding questions."""

    key: str
    id: str
    title: str = translatable()
    questions: tuple[str, ...] = translatable_list("question", "question_keys", default=())
    question_keys: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SwotTemplate:
    """The SWOT analysis: strengths, weaknesses, opportunities, threats."""

    key: str
    introduction: str = translatable()
    axes: SwotAxes
    quadrants: tuple[SwotQuadrant, ...]

    def quadrant(self, quadrant_id: str) -> SwotQuadrant:
        """The quadrant with key ``quadrant_id``; :class:`UnknownNameError` lists the keys."""
        return _find(self.quadrants, "SWOT quadrant", quadrant_id, lambda q: q.id)


@dataclass(frozen=True, kw_only=True)
class Unit:
    """An entry of the units glossary: an abbreviation used in plans and its full name."""

    key: str
    abbreviation: str
    name: str = translatable()


class FlagValue(enum.StrEnum):
    """The value of a flag column for one activity (the seed's NEOLAiA column: Ja/Delvis/-)."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class ActivityStatus(enum.StrEnum):
    """How an activity stands at the yearly follow-up; a plan without one is not yet followed up."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, kw_only=True)
class FlagColumn:
    """An optional yes/partly/no column in the plan tables, e.g. for a university alliance."""

    key: str
    id: str
    title: str = translatable()
    description: str | None = translatable(default=None)


@dataclass(frozen=True, kw_only=True)
class Activity:
    """An activity or action that serves a goal, with who does it and by when."""

    key: str
    text: str = translatable("")
    responsible: tuple[str, ...] = ()  # unit abbreviations, the lead unit first
    deadline: dt.date | str | None = translatable(default=None)
    resources: str | None = translatable(default=None)
    next_step: str | None = translatable("next-step", default=None)
    follow_up: str | None = translatable("follow-up", default=None)
    flags: tuple[tuple[str, FlagValue], ...] = ()
    # Reported at the yearly follow-up: where the activity stands, and the unit's comment on it.
    status: ActivityStatus | None = None
    comment: str | None = translatable(default=None)

    def flag(self, flag_id: str) -> FlagValue:
        return dict(self.flags).get(flag_id, FlagValue.NO)


@dataclass(frozen=True, kw_only=True)
class Goal:
    """A goal of the plan (delmål) within one development area, with its activities."""

    key: str
    text: str = translatable("")
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PlanArea:
    """The part of an action plan that concerns one development area."""

    key: str
    area: str  # the id of a DevelopmentArea of the policy
    goals: tuple[Goal, ...] = ()

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit responsible for an activity of the area, each once, as first named."""
        named = (unit for goal in self.goals for a in goal.activities for unit in a.responsible)
        return tuple(dict.fromkeys(named))


@dataclass(frozen=True, kw_only=True)
class ActionPlan:
    """A filled action plan: overall goals, then goals and activities per development area."""

    key: str
    id: str
    title: str = translatable()
    owner: str = translatable()
    period: str = translatable()
    date: dt.date
    background: str | None = translatable(default=None)
    overall_goals: tuple[str, ...] = translatable_list(
        "overall-goal", "overall_goal_keys", default=()
    )
    overall_goal_keys: tuple[str, ...] = ()
    flags: tuple[FlagColumn, ...] = ()
    areas: tuple[PlanArea, ...] = ()
    source: Path | None = field(default=None, compare=False)

    def units_used(self) -> tuple[str, ...]:
        """Every unit abbreviation the plan names, in order of first appearance."""
        seen: dict[str, None] = {}
        for plan_area in self.areas:
            for goal in plan_area.goals:
                for activity in goal.activities:
                    seen.update(dict.fromkeys(activity.responsible))
        return tuple(seen)


@dataclass(frozen=True, kw_only=True)
class Policy:
    """A university's internationalisation policy and everything the kit is made from."""

    key: str
    language: str
    organisation: Organisation
    contacts: tuple[Contact, ...]
    title: str = translatable()
    adopted: dt.date
    version: str
    introduction: str = translatable()
    background: str = translatable()
    decided_by: str | None = translatable("decided-by", default=None)
    areas: tuple[DevelopmentArea, ...] = ()
    method: Method | None = None
    swot: SwotTemplate | None = None
    units: tuple[Unit, ...] = ()
    plan: ActionPlan | None = None
    theme: Theme = field(default_factory=Theme)
    source: Path | None = field(default=None, compare=False)

    def area(self, area_id: str) -> DevelopmentArea:
        """The development area with key ``area_id``; :class:`UnknownNameError` lists the keys."""
        return _find(self.areas, "development area", area_id, lambda area: area.id)

    def unit(self, abbreviation: str) -> Unit:
        """The unit of the glossary with ``abbreviation``; :class:`UnknownNameError` lists them."""
        return _find(self.units, "unit", abbreviation, lambda unit: unit.abbreviation)


T = TypeVar("T")


def _find(items: tuple[T, ...], kind: str, name: str, key: Callable[[T], str]) -> T:
    for item in items:
        if key(item) == name:
            return item
    raise UnknownNameError(kind, name, [key(item) for item in items])


def _key(obj: Any, f: dataclasses.Field) -> str:
    segment = f.metadata["text"]
    if segment == "":
        return obj.key
    return f"{obj.key}.{segment or f.name}"


def _item_keys(obj: Any, f: dataclasses.Field) -> list[str]:
    """The keys of a list's items: each item's own key if it has one, else its position."""
    own = getattr(obj, f.metadata["keys"])
    items = getattr(obj, f.name)
    return [
        f"{obj.key}.{f.metadata['texts']}.{own[n] if n < len(own) and own[n] else n + 1}"
        for n in range(len(items))
    ]


def iter_texts(obj: object) -> Iterator[tuple[str, str]]:
    """Yield ``(key, text)`` for every translatable string in ``obj``, in document order."""
    if isinstance(obj, tuple):
        for item in obj:
            yield from iter_texts(item)
        return
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return
    for f, kind in _text_fields(type(obj)):
        value = getattr(obj, f.name)
        if kind is _TEXT:
            if isinstance(value, str):
                yield _key(obj, f), value
        elif kind is _TEXTS:
            yield from zip(_item_keys(obj, f), value, strict=True)
        elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
            yield from iter_texts(value)


def map_texts(obj: T, translate: Callable[[str, str], str]) -> T:
    """A copy of ``obj`` with every translatable string replaced by ``translate(key, text)``."""
    if isinstance(obj, tuple):
        return tuple(map_texts(item, translate) for item in obj)  # type: ignore[return-value]
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f, kind in _text_fields(type(obj)):
        value = getattr(obj, f.name)
        if kind is _TEXT:
            if isinstance(value, str):
                changes[f.name] = translate(_key(obj, f), value)
        elif kind is _TEXTS:
            changes[f.name] = tuple(
                translate(key, item) for key, item in zip(_item_keys(obj, f), value, strict=True)
            )
        elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
            changes[f.name] = map_texts(value, translate)
    return dataclasses.replace(obj, **changes)


_TEXT, _TEXTS, _NESTED = "text", "texts", "nested"


@functools.cache
def _text_fields(cls: type) -> tuple[tuple[dataclasses.Field, str], ...]:
    """A dataclass's fields with what each holds: a text, a list of texts, or anything else
    (which may hold texts further down). Worked out once per class: a build with many unit
    plans walks thousands of objects, and ``dataclasses.fields`` makes its tuple anew each time.
    """
    return tuple(
        (f, _TEXT if "text" in f.metadata else _TEXTS if "texts" in f.metadata else _NESTED)
        for f in dataclasses.fields(cls)
    )
