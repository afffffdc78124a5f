"""The 桃源社区 party volunteers' sign-up sheet: a GBK CSV with traditional-Chinese headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scheduler.domain import Category

from .town import Resident, Town

CSV_HEADERS = ("序號", "姓名", "性別", "出生年月", "聯繫電話", "所在村（社區）", "網格", "政治面貌", "技能特長",
               "身體狀況", "可服務時段", "備註")


def _traditional(text: str) -> str:
    """Traditional spelling when it converts back unchanged (so the reader's simplification round-trips)."""
    import opencc

    converted = opencc.OpenCC("s2t").convert(text)
    return converted if opencc.OpenCC("t2s").convert(converted) == text else text


def csv_people(town: Town, template: list[Resident]) -> list[Resident]:
    """桃源社区 party volunteers from their own sign-up sheet; two of them are in the template too."""
    overlap = [p for p in template if p.community == "桃源社区" and p.category is Category.party_volunteer
               and p.zone is None and p.health == "良好"][:2]
    fresh = [town.person(Category.party_volunteer, (22, 60), "桃源社区") for _ in range(12)]
    return overlap + fresh


def write_csv(path: Path, people: list[Resident]) -> None:
    """GBK CSV with a title line and traditional-Chinese headers and values, as exported from another office."""
    times = ("下午、晚上", "全天", None, "18:00-21:00", None, "上午")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["清溪鎮桃源社區黨員志願者報名表", *[""] * (len(CSV_HEADERS) - 1)])
    writer.writerow(CSV_HEADERS)
    for i, person in enumerate(people, start=1):
        writer.writerow([
            i, _traditional(person.name), "男" if person.male else "女",
            f"{person.birth.year}/{person.birth.month:02d}",
            person.phone, _traditional("桃源社区"), _traditional(person.grid or ""),
            _traditional("预备党员" if i == 7 else "中共党员"), _traditional("、".join(person.skills)),
            _traditional("一般" if i == 9 else "良好"), _traditional(times[i % len(times)] or ""), "",
        ])
    path.write_bytes(out.getvalue().encode("gbk"))
