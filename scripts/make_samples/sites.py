"""The sites, daily shifts and sampling demand of the plan week, as rows for the workbooks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from scheduler.domain import Zone
from scheduler.io.read.values.vocab import ZONE_LABELS_ZH

from .town import CONTROLLED_ID, PLAN_DAYS, PLAN_START, SEALED_ID, TOWNSHIP

#: (name, type, community, grid, zone, zone_id, priority, address)
SITES: tuple[tuple[str, str, str, str | None, Zone | None, str | None, int | None, str], ...] = (
    ("旭山村核酸采样点", "核酸采样点", "旭山村", "旭山村第一网格", None, None, None, "旭山村村委会广场"),
    ("旭山村3组封控区采样点", "核酸采样点", "旭山村", "旭山村第三网格", Zone.sealed, SEALED_ID, None,
     "旭山村3组祠堂前空地"),
    ("溪东村核酸采样点", "核酸采样点", "溪东村", "溪东村第一网格", None, None, None, "溪东村文化活动中心"),
    ("金鸡村核酸采样点", "核酸采样点", "金鸡村", "金鸡村第一网格", None, None, None, "金鸡村老人会门口"),
    ("桃源社区核酸采样点", "核酸采样点", "桃源社区", "桃源社区第一网格", None, None, None, "桃源社区服务中心"),
    ("清溪镇卫生院夜间采样点", "核酸采样点", "清溪社区", None, None, None, 1, "清溪镇卫生院门诊楼前"),
    ("旭山村第一网格敲门摸排", "敲门摸排", "旭山村", "旭山村第一网格", None, None, None, "旭山村1组、2组"),
    ("旭山村3组封控区敲门摸排", "敲门摸排", "旭山村", "旭山村第三网格", Zone.sealed, SEALED_ID, 1, "旭山村3组"),
    ("溪东村2组管控区敲门摸排", "敲门摸排", "溪东村", "溪东村第二网格", Zone.controlled, CONTROLLED_ID, None,
     "溪东村2组"),
    ("金鸡村第二网格敲门摸排", "敲门摸排", "金鸡村", "金鸡村第二网格", None, None, None, "金鸡村4组至6组"),
    ("桃源社区第一网格敲门摸排", "敲门摸排", "桃源社区", "桃源社区第一网格", None, None, None, "桃源小区1-8栋"),
    ("清溪镇G324国道卡口", "交通卡口", "溪东村", None, None, None, 1, "G324国道溪东路口"),
    ("清溪高速收费站检疫点", "交通卡口", "金鸡村", None, None, None, 1, "高速公路清溪收费站出口"),
    ("旭山村3组封控区物资配送", "物资配送", "旭山村", "旭山村第三网格", Zone.sealed, SEALED_ID, None, "旭山村3组"),
)
CHECKPOINT_TIMES = ("00:00-08:00", "08:00-16:00", "16:00-24:00")
#: Shifts of the template workbook, every plan day: site → [(time, [(role, count)])].
DAILY_SHIFTS: dict[str, list[tuple[str, list[tuple[str, int]]]]] = {
    "旭山村第一网格敲门摸排": [("08:30-11:30", [("组长", 1), ("摸排员", 3), ("登记员", 1)]),
                       ("14:30-17:30", [("摸排员", 3)])],
    "旭山村3组封控区敲门摸排": [("08:30-11:30", [("摸排员", 2), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 2)])],
    "溪东村2组管控区敲门摸排": [("08:30-11:30", [("摸排员", 3), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 2)])],
    "金鸡村第二网格敲门摸排": [("08:30-11:30", [("摸排员", 3), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 3)])],
    "桃源社区第一网格敲门摸排": [("08:30-11:30", [("摸排员", 3), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 3)])],
    "清溪镇G324国道卡口": [(t, [("民警", 1), ("检查员", 2)]) for t in CHECKPOINT_TIMES],
    "清溪高速收费站检疫点": [(t, [("民警", 1), ("检查员", 2)]) for t in CHECKPOINT_TIMES],
    "旭山村3组封控区物资配送": [("09:00-12:00", [("配送员", 2)]), ("15:00-18:00", [("配送员", 2)])],
}
#: The sampling demand of the messy posts file: (site, community, dates, times, sampler, registrar, order, note).
SAMPLING_ROWS: tuple[tuple[Any, ...], ...] = (
    ("旭山村核酸采样点", "旭山村", "3月28日-4月3日", "4:50-12:00", 2, 2, 2, "早班，请提前10分钟到岗"),
    ("旭山村3组封控区采样点", "旭山村", "3月28日-4月3日", "6:00-9:00", 2, 1, 1, "封控区内，由区内人员及下沉干部负责"),
    ("溪东村核酸采样点", "溪东村", "3月28日-4月3日", "8:00-14:00、14:00-20:00（两班）", 2, 2, 1, None),
    ("金鸡村核酸采样点", "金鸡村", "3.28-3.30", "8:00-12:00", 2, 1, 1, None),
    ("金鸡村核酸采样点", "金鸡村", "3.31-4.3", "/", "/", "/", "/", "改为流动采样车，不设固定点"),
    ("桃源社区核酸采样点", "桃源社区", "3月28日-4月3日", "7:00-11:00、15:00-19:00", "3人", 2, 2, None),
    ("清溪镇卫生院夜间采样点", "清溪社区", "3月28日-4月3日", "23:00-次日7:00", 1, 1, "/", "发热门诊及重点人员"),
)


def plan_days() -> list[date]:
    return [PLAN_START + timedelta(days=i) for i in range(PLAN_DAYS)]


def site_rows() -> list[dict[str, Any]]:
    return [{"site": name, "site_type": kind, "township": TOWNSHIP, "community": community, "grid": grid,
             "zone": ZONE_LABELS_ZH[zone] if zone else None, "zone_id": zone_id, "priority": priority,
             "address": address} for name, kind, community, grid, zone, zone_id, priority, address in SITES]


def shift_rows() -> list[dict[str, Any]]:
    """One row per site, day, time window and role, as a clerk fills the template."""
    rows = []
    for day in plan_days():
        for site, windows in DAILY_SHIFTS.items():
            for time_text, roles in windows:
                for role, count in roles:
                    note = "须为在编民警" if role == "民警" else None
                    rows.append({"site": site, "date": day, "time": time_text, "role": role, "count": count,
                                 "note": note})
    return rows
