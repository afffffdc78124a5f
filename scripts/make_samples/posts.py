"""The messy sampling-site demand sheet the township's headquarters sends."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from scheduler.io.write.template import put, setup_print

from .office_layout import _boxed, save, write_title, write_two_row_header
from .sites import SAMPLING_ROWS

POSTS_HEADERS = ("序号", "采样点", "所在村（社区）", "采样日期", "采样时间", "需求人数", None, None, "备注")


def write_posts(path: Path) -> None:
    """The sampling-site demand as the township's headquarters sends it: merged 需求人数 over the roles."""
    wb = Workbook()
    ws = wb.active
    ws.title = "采样点排班"
    width = len(POSTS_HEADERS)
    write_title(ws, "清溪镇核酸采样点排班需求表（3月28日—4月3日）", "制表单位：清溪镇疫情防控指挥部",
                "制表日期：2022年3月27日", width)
    write_two_row_header(ws, POSTS_HEADERS, (6, 8), ("采样员", "登记员", "秩序维护员"))
    row = 5
    totals = [0, 0, 0]
    for seq, (site, community, dates, times, *counts, note) in enumerate(SAMPLING_ROWS, start=1):
        for column, value in enumerate((seq, site, community, dates, times, *counts, note), start=1):
            if value is not None:
                put(ws, row, column, value)
        for i, count in enumerate(counts):
            totals[i] += int(str(count).rstrip("人")) if str(count)[0].isdigit() else 0
        _boxed(ws, row, width)
        row += 1
    row += 1  # a blank line before the total, as typed
    put(ws, row, 1, "合计")
    for i, total in enumerate(totals):
        put(ws, row, 6 + i, total)
    _boxed(ws, row, width)
    put(ws, row + 2, 1, "注：1.采样员须由具备资质的医务人员或经培训人员担任；2.“/”表示当日不设班次；"
                        "3.夜间采样点跨夜至次日。")
    put(ws, row + 3, 1, "制表人：郑少华")
    put(ws, row + 3, 6, "审核：陈国强")
    for column, size in enumerate((5, 24, 11, 15, 30, 8, 8, 10, 30), start=1):
        ws.column_dimensions[get_column_letter(column)].width = size
    setup_print(ws, "3:4")
    save(wb, path)
