"""Side-by-side blocks (序号 姓名 电话 … | 序号 姓名 电话 …): every block is read as a table of its own, each row and
column reported where it is in Excel, and a header that only partly repeats is never split."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.io.read.reader import ReadResult, read_uploads
from scheduler.io.read.report import column_letter
from scheduler.io.read.sheets.mapping import Mapping
from tests.rosters import TODAY, Sheet, half_imported, unaccounted, xlsx_bytes

HEADER = ["序号", "姓名", "性别", "联系电话", "所在村"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


def _people(count: int, start: int) -> list[list[Any]]:
    """`count` rows of distinct people numbered from `start`, each with a valid mobile."""
    return [[start + i, SURNAMES[(start + i) % len(SURNAMES)] + "小" + "一二三四五六七八九十"[i % 10],
             "男" if i % 2 else "女", f"139{start + i:08d}", "旭山村"] for i in range(count)]


def _side_by_side(lengths: list[int], separator: bool, title: bool) -> Sheet:
    """A list printed in len(lengths) blocks of HEADER, optionally a blank column between them and a shared title."""
    gap = [None] if separator else []
    width = len(HEADER) + len(gap)
    blocks, start = [], 1
    for length in lengths:
        blocks.append(_people(length, start))
        start += length
    rows: list[list[Any]] = []
    merges = []
    if title:
        rows.append(["梅山镇旭山村党员志愿者名单"])
        merges.append(f"A1:{column_letter(width * len(lengths) - 1)}1")
    rows.append([cell for n in range(len(lengths)) for cell in (HEADER + (gap if n < len(lengths) - 1 else []))])
    for i in range(max(lengths)):
        row: list[Any] = []
        for n, block in enumerate(blocks):
            cells = block[i] if i < len(block) else [None] * len(HEADER)
            row += cells + (gap if n < len(lengths) - 1 else [])
        rows.append(row)
    rows.append([f"共{sum(lengths)}人"])
    return Sheet("名单", rows, merges)


def _read(data: bytes, mapping: Mapping | None = None) -> ReadResult:
    """Read one workbook in-process and check DESIGN §5's accounting (every row has a status, none half-read)."""
    result = read_uploads([("名单.xlsx", data)], today=TODAY, guard=False, mapping=mapping)
    assert unaccounted(result.report, [("名单.xlsx", data)]) == []
    assert half_imported(result) == []
    return result


LAYOUTS = [([9, 9], True, True), ([9, 7], False, True), ([5, 6, 4], True, False), ([4, 4, 4], False, True),
           ([3, 8], True, False)]


@pytest.mark.parametrize(("lengths", "separator", "title"), LAYOUTS)
def test_every_person_of_every_block_is_read_from_their_own_row(lengths: list[int], separator: bool,
                                                                 title: bool) -> None:
    """Two or three blocks, with or without a blank column between, a shared title or none, unequal lengths:
    everyone is read once, from the Excel row they are on, with the phone of their own block."""
    sheet = _side_by_side(lengths, separator, title)
    result = _read(xlsx_bytes(sheet))
    written = {(row[col + 1], row[col + 3], index + 1) for index, row in enumerate(sheet.rows)
               for col in range(0, len(row), len(HEADER) + separator) if col + 3 < len(row)
               and isinstance(row[col + 3], str) and row[col + 3].isdigit()}
    read = {(p.name, p.phone, p.sources[0].row) for p in result.problem.people}
    assert len(written) == sum(lengths)
    assert read == written
    if title:
        assert {p.community for p in result.problem.people} == {"旭山村"}


def test_a_bad_cell_in_a_later_block_is_reported_at_its_own_column() -> None:
    """An unreadable gender in the second block names that block's column, not the first block's."""
    sheet = _side_by_side([4, 4], True, True)
    sheet.rows[2][len(HEADER) + 1 + 2] = "不详啊"
    result = _read(xlsx_bytes(sheet))
    gender = [e for e in result.report if e.row == 3 and e.column is not None and e.severity != "info"]
    assert gender, "the unreadable gender is reported"
    assert {e.column for e in gender} == {column_letter(len(HEADER) + 1 + 2)}


def test_a_header_that_only_partly_repeats_is_one_table() -> None:
    """A doubled column pair (姓名 电话 姓名 电话 所在村) is no block layout: the sheet is read as one table."""
    rows: list[list[Any]] = [["姓名", "电话", "姓名", "电话", "所在村"],
                             ["张小三", "13900000001", "李小四", "13900000002", "旭山村"]]
    result = _read(xlsx_bytes(Sheet("名单", rows)))
    assert [p.name for p in result.problem.people] == ["张小三"]


def test_sessions_repeated_under_a_two_row_header_are_no_blocks() -> None:
    """A sampling plan whose per-role columns repeat under each session (采样 登记 | 采样 登记) is one table of
    demand: each site's head-counts come out once per session, not split into blocks."""
    rows: list[list[Any]] = [["3月28日核酸采样安排"],
                             ["采样点", "上午场（7:30-11:30）", None, "下午场（14:00-17:00）", None],
                             [None, "采样", "登记", "采样", "登记"],
                             ["旭山村采样点", 2, 1, 3, 1], ["芙蓉村采样点", 1, 1, 1, 1]]
    sheet = Sheet("需求", rows, ["A2:A3", "B2:C2", "D2:E2"])
    result = _read(xlsx_bytes(sheet))
    counts = sorted(r.count for shift in result.problem.shifts for r in shift.requirements)
    assert counts == sorted([2, 1, 3, 1, 1, 1, 1, 1])


def test_a_mapping_written_for_blocks_reads_them_the_same() -> None:
    """The inferred mapping of a blocked sheet, given back, reads the same people from the same rows."""
    data = xlsx_bytes(_side_by_side([5, 3], True, True))
    first = _read(data)
    again = _read(data, Mapping.from_json(first.mapping.to_json()))
    assert {(p.name, p.phone, p.sources[0].row) for p in again.problem.people} == \
        {(p.name, p.phone, p.sources[0].row) for p in first.problem.people}
    assert len(again.problem.people) == 8


# ------------------------------------------------------------------- report forms: code rows, footers, counts

CODE_ROWS = [["甲", "乙", "A01", "A02", "A03"], ["栏次", 1, 2, 3, 4], [1, 2, 3, 4, 5], ["A", "B", "C1", "C2", "C3"]]


@pytest.mark.parametrize("codes", CODE_ROWS)
def test_a_row_of_field_codes_under_the_header_is_ignored_with_its_reason(codes: list[Any]) -> None:
    """A statistics form's code row (甲 乙 A01 …, 栏次 1 2 3 …) is ignored as such; every person below is read and
    a signature footer spread over several cells is ignored, never rejected."""
    sheet = _side_by_side([4], False, True)
    sheet.rows.insert(2, codes)
    sheet.rows.append(["单位负责人：黄德福", None, "填表人：苏秋菊", "联系电话：0595-86512345",
                       "报出日期：2022年3月26日"])
    result = _read(xlsx_bytes(sheet))
    assert len(result.problem.people) == 4
    assert {e.code for e in result.report if e.row == 3} == {"code_row"}
    assert {e.code for e in result.report if e.row == len(sheet.rows)} == {"footer"}
    assert {e.code for e in result.report if e.row == len(sheet.rows) - 1} == {"count_note"}
    assert not [e for e in result.report if e.status == "rejected"]


def test_records_are_never_taken_for_code_rows_or_footers() -> None:
    """Rows that only look near a code row or a footer are records: small numbers that do not run on, a name with
    codes beside it, a note that merely holds a colon."""
    from scheduler.io.read.sheets.form_rows import form_row

    records: list[list[Any]] = [[1, 3, 2, 5], [1, "张小三", "A01", "B02"], ["张小三", "备注：随叫随到"],
                                ["1号楼", "2号楼", "3号楼"], [3, "共3人"], [None, 2, 3, 4, 5]]
    for row in records:
        assert form_row(row, 0, 0) is None, row


def test_each_further_block_is_named_with_its_real_columns() -> None:
    """The header row says where every further block is (F–J, K–O …), whatever the gap between blocks."""
    for separator in (False, True):
        result = _read(xlsx_bytes(_side_by_side([3, 3, 2], separator, True)))
        notes = [e for e in result.report if e.code == "side_by_side_block"]
        width = len(HEADER) + separator
        spans = [f"{column_letter(n * width)}–{column_letter(n * width + width - 1)}" for n in (1, 2)]
        assert [e.row for e in notes] == [2, 2]
        assert [e.message_en.split("columns ")[1].split(" ")[0] for e in notes] == spans
        assert all("block 1" in e.message_en and "姓名" in e.message_zh for e in notes)
