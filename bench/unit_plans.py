"""Realistic unit plan files for the benchmark, made from a policy's areas and units glossary.

Each plan looks like the ones in ``examples/plans/``: a department or office, a background of
two paragraphs, one to three overall goals, one to three development areas with one or two
goals each and one to three activities per goal (about six in all), some with resources, next
steps, follow-up and a flag column. The same count always gives the same files (a seeded
generator), so runs compare.

Run: python bench/unit_plans.py FOLDER COUNT [--policy FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POLICY = ROOT / "src" / "planmaterials" / "data" / "default-policy.yaml"

_UNITS = (
    ("fysik", "Institutionen för fysik"),
    ("kemi", "Institutionen för kemi"),
    ("historia", "Institutionen för historiska studier"),
    ("ekonomi", "Handelshögskolan"),
    ("juridik", "Juridiska institutionen"),
    ("medicin", "Institutionen för klinisk medicin"),
    ("sprak", "Institutionen för språk och litteratur"),
    ("data", "Institutionen för datavetenskap"),
    ("pedagogik", "Institutionen för pedagogik"),
    ("biologi", "Institutionen för biologi och miljövetenskap"),
    ("bibliotek", "Universitetsbiblioteket"),
    ("hr", "HR-avdelningen"),
    ("studenter", "Studentavdelningen"),
    ("musik", "Musikhögskolan"),
    ("vard", "Institutionen för vårdvetenskap"),
)
_RESOURCES = (
    "Arbetstid för programansvariga.",
    "Resemedel ur institutionens budget.",
    "Utvecklingsmedel från fakulteten.",
    "Stöd från Internationella kontoret.",
    "Erasmus+-medel.",
)
_NEXT_STEPS = (
    "Utse en arbetsgrupp och boka ett första möte.",
    "Gå igenom vad kollegorna redan gör.",
    "Ta upp frågan på nästa arbetsplatsträff.",
    "Kontakta partnerlärosätena.",
    "Ta fram ett förslag till ledningsgruppen.",
)
_FOLLOW_UPS = (
    "Kursvärderingar och den årliga verksamhetsuppföljningen.",
    "Antal deltagare per termin.",
    "Uppföljning på arbetsplatsträffen varje termin.",
)
_TEXT_DEADLINES = ("Löpande", "Varje termin", "Årligen i oktober")


def policy_glossary(policy_file: Path = DEFAULT_POLICY) -> tuple[dict[str, list[str]], list[str]]:
    """The policy's development areas (key -> texts of its points) and unit abbreviations."""
    data = yaml.safe_load(Path(policy_file).read_text(encoding="utf-8"))
    areas = {
        area["key"]: [p["text"] if isinstance(p, dict) else p for p in area["points"]]
        for area in data["policy"]["areas"]
    }
    units = [unit["abbreviation"] for unit in data["units"]]
    return areas, units


def plan_text(number: int, areas: dict[str, list[str]], units: list[str]) -> str:
    """The YAML text of unit plan ``number`` (1-based)."""
    rng = random.Random(number)
    slug, owner = _UNITS[(number - 1) % len(_UNITS)]
    year = 2025 + number % 3
    plan: dict = {
        "key": f"{slug}-{number:03d}",
        "title": f"Handlingsplan för internationalisering vid {owner} ({number})",
        "owner": owner,
        "period": f"{year}–{year + 1}",
        "date": dt.date(year - 1, 1 + number % 12, 1 + number % 28),
        "background": (
            f"{owner} har flera internationella samarbeten, men arbetet vilar på ett fåtal "
            "personer och når inte alla studenter. Planen togs fram under workshoppar där lärare, "
            "forskare, administratörer och studenter deltog.\n\n"
            "Planen följs upp på arbetsplatsträffen varje termin och stäms av med fakulteten "
            "en gång om året.\n"
        ),
        "overall_goals": rng.sample([p for ps in areas.values() for p in ps], rng.randint(1, 3)),
    }
    flagged = rng.random() < 0.5
    if flagged:
        plan["flags"] = [
            {
                "key": "alliance",
                "title": "NORDLINK",
                "description": "Aktiviteten bidrar helt eller delvis till arbetet inom alliansen.",
            }
        ]
    plan_areas = []
    for area_key in rng.sample(sorted(areas), rng.randint(1, 3)):
        points = areas[area_key]
        goals = []
        for _ in range(rng.randint(1, 2)):
            activities = [_activity(rng, points, units, flagged) for _ in range(rng.randint(1, 3))]
            goals.append({"goal": rng.choice(points), "activities": activities})
        plan_areas.append({"area": area_key, "goals": goals})
    plan["areas"] = plan_areas
    header = "# A generated unit plan for the benchmark (bench/unit_plans.py).\n"
    return header + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=100)


def _activity(rng: random.Random, points: list[str], units: list[str], flagged: bool) -> dict:
    activity: dict = {
        "activity": rng.choice(points),
        "responsible": rng.sample(units, rng.randint(1, 3)),
    }
    if rng.random() < 0.75:
        month, day = rng.choice(((2, 28), (6, 30), (12, 31)))
        activity["deadline"] = dt.date(2026 + rng.randint(0, 1), month, day)
    else:
        activity["deadline"] = rng.choice(_TEXT_DEADLINES)
    for key, choices, chance in (
        ("resources", _RESOURCES, 0.5),
        ("next_step", _NEXT_STEPS, 0.7),
        ("follow_up", _FOLLOW_UPS, 0.5),
    ):
        if rng.random() < chance:
            activity[key] = rng.choice(choices)
    if flagged and rng.random() < 0.5:
        activity["flags"] = {"alliance": rng.choice(("yes", "partly"))}
    return activity


def write_plans(folder: Path, count: int, policy_file: Path = DEFAULT_POLICY) -> list[Path]:
    """Write ``count`` plan files into ``folder`` (created if missing); return their paths."""
    areas, units = policy_glossary(policy_file)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        path = folder / f"plan-{number:03d}.yaml"
        path.write_text(plan_text(number, areas, units), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--policy", type=Path, default=DEFAULT_POLICY)
    args = parser.parse_args()
    paths = write_plans(args.folder, args.count, args.policy)
    print(f"wrote {len(paths)} plan files to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
