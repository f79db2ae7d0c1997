"""A set of unit plans summed up for the follow-up: every activity, its counts and what is late.

Nothing here reads a clock: an activity is late relative to the *as-of* date of the set, the
latest date among its plan files (a unit dates its plan file when it reports its statuses).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .model import (
    ActionPlan,
    Activity,
    ActivityStatus,
    DevelopmentArea,
    FlagColumn,
    FlagValue,
    Goal,
    Policy,
)

__all__ = ["NOT_REPORTED", "STATUSES", "FlagTotal", "PlanActivity", "PlansSummary", "summarise"]

NOT_REPORTED = "not-reported"
# Every status an activity can be counted under, in the order of the counts' columns.
STATUSES: tuple[str, ...] = (*(status.value for status in ActivityStatus), NOT_REPORTED)
# Statuses that need no more work: such an activity is never late.
_SETTLED = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})


@dataclass(frozen=True)
class PlanActivity:
    """One activity of a unit plan, with the plan, development area and goal it belongs to."""

    plan: ActionPlan
    area: DevelopmentArea
    goal: Goal
    activity: Activity
    # Set by summarise(), which works them out once for the report and the workbook of a
    # language (their templates read them in every row):
    # the values in the summary's flag columns (PlansSummary.flags), in their order, None
    # where the plan has no such column (see flag());
    flag_values: tuple[FlagValue | None, ...] = ()
    # its plan's flag columns in which it is marked (yes or partly), with the value.
    marks: tuple[tuple[FlagColumn, FlagValue], ...] = ()

    @property
    def owner(self) -> str:
        """The name of the unit whose plan it is (the plan's owner)."""
        return self.plan.owner

    @property
    def lead(self) -> str:
        """The lead unit's abbreviation (the first responsible unit)."""
        return self.activity.responsible[0]

    @property
    def co_responsible(self) -> tuple[str, ...]:
        return self.activity.responsible[1:]

    @property
    def status(self) -> str:
        """The reported status, or :data:`NOT_REPORTED`."""
        status = self.activity.status
        return status.value if status is not None else NOT_REPORTED

    @property
    def deadline_date(self) -> dt.date | None:
        """The deadline when it is a date (a deadline such as "every term" is not)."""
        deadline = self.activity.deadline
        return deadline if isinstance(deadline, dt.date) else None

    def flag(self, flag_id: str) -> FlagValue | None:
        """The value in one of its plan's flag columns; None if the plan has no such column."""
        for flag in self.plan.flags:
            if flag.id == flag_id:
                return self.activity.flag(flag_id)
        return None

    def late(self, as_of: dt.date) -> bool:
        """Whether the deadline is before ``as_of`` and the activity is not done or cancelled."""
        deadline = self.deadline_date
        return deadline is not None and deadline < as_of and self.activity.status not in _SETTLED


@dataclass(frozen=True)
class FlagTotal:
    """How many activities relate to one flag column (e.g. an alliance), fully or partly.

    Plans that name the same flag key share the column; ``of`` counts the activities of the
    plans that have it, and ``title`` is the first such plan's.
    """

    id: str
    title: str
    yes: int
    partly: int
    of: int

    @property
    def total(self) -> int:
        return self.yes + self.partly


@dataclass(frozen=True)
class UnitTotal:
    """How many activities a unit of the glossary leads, and takes part in without leading."""

    abbreviation: str
    name: str
    leads: int
    takes_part: int


_ANY = object()  # a selection's key for "any area, plan or status"


@dataclass(frozen=True)
class PlansSummary:
    """Every activity of a set of unit plans (plans in the given order), and their counts."""

    as_of: dt.date
    plans: tuple[ActionPlan, ...]
    areas: tuple[DevelopmentArea, ...]  # the policy's areas that some plan has activities in
    activities: tuple[PlanActivity, ...]
    flags: tuple[FlagTotal, ...]
    units: tuple[UnitTotal, ...]  # the responsible units, in the glossary's order
    statuses: tuple[str, ...] = STATUSES

    def select(
        self, area: str | None = None, plan: str | None = None, status: str | None = None
    ) -> tuple[PlanActivity, ...]:
        """The activities of one area, plan and/or status (keys; None for any)."""
        return self._selections.get(
            tuple(_ANY if key is None else key for key in (area, plan, status)), ()
        )

    @cached_property
    def _selections(self) -> dict[tuple[object, ...], tuple[PlanActivity, ...]]:
        # Every selection at once: a template asks for counts per plan, area and status, and
        # scanning every activity for each would grow with the square of the plans.
        found: dict[tuple[object, ...], list[PlanActivity]] = {}
        for item in self.activities:
            for key in itertools.product(
                (_ANY, item.area.id), (_ANY, item.plan.id), (_ANY, item.status)
            ):
                found.setdefault(key, []).append(item)
        return {key: tuple(items) for key, items in found.items()}

    def count(
        self, area: str | None = None, plan: str | None = None, status: str | None = None
    ) -> int:
        return len(self.select(area, plan, status))

    def counts(self, area: str | None = None, plan: str | None = None) -> tuple[int, ...]:
        """The count of each status (in the order of :attr:`statuses`) of an area and/or plan.

        A row of the counts in one call: a template writes one for every plan and area.
        """
        selections = self._selections
        area_key = _ANY if area is None else area
        plan_key = _ANY if plan is None else plan
        return tuple(len(selections.get((area_key, plan_key, s), ())) for s in self.statuses)

    def by_area(self, area: str) -> tuple[PlanActivity, ...]:
        """The activities of one area, unit by unit in the plans' order."""
        return self.select(area=area)

    def grouped(self, area: str) -> tuple[tuple[PlanActivity, int, int], ...]:
        """The activities of one area (as :meth:`by_area`) as rows of a table grouped by unit
        and goal: each with the rows its unit and its goal span from it, where it is the
        first of them (else 0)."""
        rows = []
        previous = None
        for item in self.by_area(area):
            first_of_unit = previous is None or previous.plan.id != item.plan.id
            first_of_goal = first_of_unit or previous.goal.key != item.goal.key
            rows.append(
                (
                    item,
                    self.count(area, item.plan.id) if first_of_unit else 0,
                    len(item.goal.activities) if first_of_goal else 0,
                )
            )
            previous = item
        return tuple(rows)

    @cached_property  # a template asks for it several times (its count, then its rows)
    def late(self) -> tuple[PlanActivity, ...]:
        """Activities past their deadline on the as-of date and not done, earliest first."""
        late = [item for item in self.activities if item.late(self.as_of)]
        return tuple(sorted(late, key=lambda item: item.deadline_date or self.as_of))


def summarise(policy: Policy, plans: Sequence[ActionPlan]) -> PlansSummary:
    """Sum up ``plans`` (localized or not) against ``policy`` (the same language as they)."""
    if not plans:
        raise ValueError("a summary needs at least one plan")
    titles: dict[str, str] = {}  # every flag column's id, and its first plan's title
    for plan in plans:
        for flag in plan.flags:
            titles.setdefault(flag.id, flag.title)
    activities = []
    no = FlagValue.NO
    for plan in plans:
        columns = [flag.id for flag in plan.flags]
        for plan_area in plan.areas:
            area = policy.area(plan_area.area)
            for goal in plan_area.goals:
                for activity in goal.activities:
                    values = dict(activity.flags)
                    flag_values = tuple(
                        values.get(flag_id, no) if flag_id in columns else None
                        for flag_id in titles
                    )
                    marks = tuple(
                        (flag, value)
                        for flag in plan.flags
                        if (value := values.get(flag.id, no)) != no
                    )
                    activities.append(PlanActivity(plan, area, goal, activity, flag_values, marks))
    used = {item.area.id for item in activities}
    return PlansSummary(
        as_of=max(plan.date for plan in plans),
        plans=tuple(plans),
        areas=tuple(area for area in policy.areas if area.id in used),
        activities=tuple(activities),
        flags=_flag_totals(titles, activities),
        units=_unit_totals(policy, activities),
    )


def _flag_totals(
    titles: dict[str, str], activities: Sequence[PlanActivity]
) -> tuple[FlagTotal, ...]:
    totals = []
    for index, (flag_id, title) in enumerate(titles.items()):
        values = [item.flag_values[index] for item in activities]
        totals.append(
            FlagTotal(
                flag_id,
                title,
                values.count(FlagValue.YES),
                values.count(FlagValue.PARTLY),
                len(values) - values.count(None),  # the activities of plans with the column
            )
        )
    return tuple(totals)


def _unit_totals(policy: Policy, activities: Sequence[PlanActivity]) -> tuple[UnitTotal, ...]:
    leads = Counter(item.lead for item in activities)
    parts = Counter(unit for item in activities for unit in set(item.co_responsible))
    totals = []
    for unit in policy.units:
        lead, part = leads[unit.abbreviation], parts[unit.abbreviation]
        if lead or part:
            totals.append(UnitTotal(unit.abbreviation, unit.name, lead, part))
    return tuple(totals)
