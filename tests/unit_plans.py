"""Generated unit plan files for the default policy: many units, statuses, flags and deadlines."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

AREAS = ("home", "collaboration", "abroad", "hosting")
UNITS = ("Inst", "Fak", "IK", "HPC", "HR", "UB", "KS", "LS", "SA", "Centralt")
STATUSES = ("planned", "ongoing", "done", "postponed", "cancelled", None)
FLAG_VALUES = ("yes", "partly", "no", None)


def plan_data(number: int, rng: random.Random) -> dict:
    """One unit's plan: one to four areas, each with goals and activities of every kind."""
    key = f"unit-{number:02d}"
    plan: dict = {
        "key": key,
        "title": f"Handlingsplan för enhet {number}",
        "owner": f"Enhet {number:02d} för försök",
        "period": "2025–2026",
        "date": dt.date(2026, 1 + number % 6, 1 + number % 27),
    }
    if number % 3:  # two plans in three follow the alliance, some also a second column
        plan["flags"] = [{"key": "alliance", "title": "NORDLINK"}]
        if number % 4 == 0:
            plan["flags"].append({"key": "climate", "title": "Klimat"})
    flag_keys = [flag["key"] for flag in plan.get("flags", [])]
    areas = []
    for area in rng.sample(AREAS, rng.randint(1, 4)):
        goals = []
        for g in range(rng.randint(1, 2)):
            activities = []
            for a in range(rng.randint(1, 3)):
                activity: dict = {
                    "activity": f"Aktivitet {a + 1} för mål {g + 1} i {area} vid enhet {number}.",
                    "responsible": rng.sample(UNITS, rng.randint(1, 3)),
                }
                if rng.random() < 0.8:
                    activity["deadline"] = dt.date(2025, 1, 1) + dt.timedelta(rng.randint(0, 900))
                elif rng.random() < 0.5:
                    activity["deadline"] = "Varje termin"
                status = rng.choice(STATUSES)
                if status is not None:
                    activity["status"] = status
                if rng.random() < 0.4:
                    activity["comment"] = f"Kommentar om aktivitet {a + 1} vid enhet {number}."
                flags = {k: v for k in flag_keys if (v := rng.choice(FLAG_VALUES)) is not None}
                if flags:
                    activity["flags"] = flags
                activities.append(activity)
            goals.append(
                {"goal": f"Mål {g + 1} i {area} för enhet {number}.", "activities": activities}
            )
        areas.append({"area": area, "goals": goals})
    plan["areas"] = areas
    return plan


def write_unit_plans(directory: Path, count: int = 20, seed: int = 13) -> list[Path]:
    """Write ``count`` generated plan files into ``directory``; the same seed, the same files."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        path = directory / f"unit-{number:02d}.yaml"
        text = yaml.safe_dump(plan_data(number, rng), allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
