"""A set of unit plans summed up for the follow-up: every activity, its counts and what is late.

Nothing here reads a clock: an activity is late relative to the *as-of* date of the set, the
latest date among its plan files (a unit dates its plan file when it reports its statuses).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .model import ActionPlan, Activity, ActivityStatus, DevelopmentArea, FlagValue, Goal, Policy

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

    @cached_property  # a template asks for it several times (its count, then its rows)
    def late(self) -> tuple[PlanActivity, ...]:
        """Activities past their deadline on the as-of date and not done, earliest first."""
        late = [item for item in self.activities if item.late(self.as_of)]
        return tuple(sorted(late, key=lambda item: item.deadline_date or self.as_of))


def summarise(policy: Policy, plans: Sequence[ActionPlan]) -> PlansSummary:
    """Sum up ``plans`` (localized or not) against ``policy`` (the same language as they)."""
    if not plans:
        raise ValueError("a summary needs at least one plan")
    activities = tuple(
        PlanActivity(plan, policy.area(plan_area.area), goal, activity)
        for plan in plans
        for plan_area in plan.areas
        for goal in plan_area.goals
        for activity in goal.activities
    )
    used = {item.area.id for item in activities}
    return PlansSummary(
        as_of=max(plan.date for plan in plans),
        plans=tuple(plans),
        areas=tuple(area for area in policy.areas if area.id in used),
        activities=activities,
        flags=_flag_totals(plans, activities),
        units=_unit_totals(policy, activities),
    )


def _flag_totals(
    plans: Sequence[ActionPlan], activities: tuple[PlanActivity, ...]
) -> tuple[FlagTotal, ...]:
    titles: dict[str, str] = {}
    for plan in plans:
        for flag in plan.flags:
            titles.setdefault(flag.id, flag.title)
    totals = []
    for flag_id, title in titles.items():
        having = [
            item for item in activities if any(flag.id == flag_id for flag in item.plan.flags)
        ]
        values = [item.activity.flag(flag_id) for item in having]
        totals.append(
            FlagTotal(
                flag_id,
                title,
                values.count(FlagValue.YES),
                values.count(FlagValue.PARTLY),
                len(having),
            )
        )
    return tuple(totals)


def _unit_totals(policy: Policy, activities: tuple[PlanActivity, ...]) -> tuple[UnitTotal, ...]:
    totals = []
    for unit in policy.units:
        leads = sum(1 for item in activities if item.lead == unit.abbreviation)
        part = sum(1 for item in activities if unit.abbreviation in item.co_responsible)
        if leads or part:
            totals.append(UnitTotal(unit.abbreviation, unit.name, leads, part))
    return tuple(totals)
