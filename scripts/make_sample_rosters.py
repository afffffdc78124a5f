"""Write the sample rosters of the fictional township 清溪镇 into sample_rosters/ (deterministic: fixed seed).

    python scripts/make_sample_rosters.py [--out DIR]

Four files, as a township really receives them: the filled-in template (people, sites, door-knocking and
checkpoint shifts, leave, pins, rules), a hand-made village roster with every quirk offices produce, a messy
sampling-site demand sheet, and a GBK CSV with traditional-Chinese headers. Some people appear in two files
so the reader must merge them. Names are random combinations of common surnames and given-name characters.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the make_samples package beside this script
from make_samples.csv_roster import csv_people, write_csv
from make_samples.leave_pins import leave_and_pins
from make_samples.messy_roster import messy_groups, write_messy_roster
from make_samples.people import template_people
from make_samples.posts import write_posts
from make_samples.template_workbook import write_template_workbook
from make_samples.town import Town

ROOT = Path(__file__).resolve().parent.parent
SEED = 20220328
FILES = {
    "template": "清溪镇_人员与点位.xlsx",
    "messy": "旭山村志愿者花名册（手工）.xlsx",
    "posts": "清溪镇核酸采样点排班需求.xlsx",
    "csv": "桃源社区党员志愿者.csv",
}


def build(out: Path) -> dict[str, Path]:
    """Generate every sample file into `out`; returns their paths by role."""
    town = Town(random.Random(SEED))
    people = template_people(town)
    groups = messy_groups(town, people)
    csv_list = csv_people(town, people)
    messy_only = groups[1][1][3]
    leave, pins = leave_and_pins(people, messy_only)
    out.mkdir(parents=True, exist_ok=True)
    paths = {key: out / name for key, name in FILES.items()}
    write_template_workbook(paths["template"], people, leave, pins)
    write_messy_roster(paths["messy"], groups)
    write_posts(paths["posts"])
    write_csv(paths["csv"], csv_list)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sample_rosters", help="folder to write into")
    args = parser.parse_args(argv)
    for path in build(args.out).values():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
