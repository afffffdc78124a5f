"""Inference from headers and values together (issue 9 §1): pinyin and near-spelt headers, a record-number `id`
beside `id_card`, a shift's name beside its times, one field per column, every decision with its evidence."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from rosters import TODAY, csv_bytes, default_shifts, id_number, titled, xlsx_bytes

from scheduler.io.read.reader import ReadResult, read_uploads
from scheduler.io.read.sheets.evidence import Profile, Score
from scheduler.io.read.sheets.infer import _Cell, assign
from scheduler.io.read.sheets.mapping import SheetMapping
from scheduler.io.read.sheets.schema import SheetKind

PEOPLE = [("陈建国", date(1976, 8, 9), "13912345678", "男"), ("林秀英", date(1969, 11, 2), "13805951234", "女"),
          ("黄志强", date(1983, 5, 20), "13905956677", "男"), ("王丽华", date(1992, 12, 1), "13600000001", "女")]


def _read(files: list[tuple[str, bytes]]) -> ReadResult:
    return read_uploads(files, today=TODAY, guard=False)


def _sheet(result: ReadResult, kind: SheetKind) -> SheetMapping:
    return next(s for s in result.mapping.sheets if s.kind is kind)


def _fields(entry: SheetMapping) -> dict[str, str | None]:
    return {c.header: c.field for c in entry.columns}


def _shifts() -> bytes:
    return xlsx_bytes(default_shifts())


def test_record_number_id_beside_id_card() -> None:
    """A volunteer system's `id` holds 5-digit record numbers: the ID number is `id_card` beside it."""
    header = ["id", "id_card", "name", "mobile", "gender"]
    body = [[10000 + n, id_number(birth, 100 + n), name, phone, sex] for n, (name, birth, phone, sex) in
            enumerate(PEOPLE)]
    result = _read([("export.xlsx", xlsx_bytes(titled("志愿者导出", None, header, body))), ("s.xlsx", _shifts())])
    fields = _fields(_sheet(result, SheetKind.people))
    assert fields["id_card"] == "id_number" and fields["id"] != "id_number"
    assert result.ok
    assert sorted(p.id_number for p in result.problem.people) == sorted(row[1] for row in body)
    unread = next(c for c in _sheet(result, SheetKind.people).columns if c.header == "id")
    assert unread.field is None or unread.field == "seq"
    assert any("编号" in why for why in unread.evidence_zh)


def test_gb18030_csv_with_pinyin_headers() -> None:
    rows = [["xh", "xm", "xb", "sfzh", "lxdh", "csrq"]]
    rows += [[n + 1, name, sex, id_number(birth, 100 + n), phone, birth.isoformat()]
             for n, (name, birth, phone, sex) in enumerate(PEOPLE)]
    result = _read([("名单.csv", csv_bytes(rows, encoding="gb18030")), ("s.xlsx", _shifts())])
    fields = _fields(_sheet(result, SheetKind.people))
    assert fields == {"xh": "seq", "xm": "name", "xb": "gender", "sfzh": "id_number", "lxdh": "phone",
                      "csrq": "birth_date"}
    assert {p.name for p in result.problem.people} == {name for name, *_ in PEOPLE}
    assert all(p.phone and p.id_number for p in result.problem.people)
    entries = [e for e in result.report if e.code == "column_mapped" and e.column == "D"
               and e.file == "名单.csv"]
    assert len(entries) == 1 and "拼音缩写" in entries[0].message_zh and "身份证号" in entries[0].message_zh
    assert entries[0].row == 1


def test_decorated_and_near_spelt_headers() -> None:
    header = ["★姓 名", "联系电话号", "身份证号吗", "所在村（社区）"]
    body = [[name, phone, id_number(birth, 100 + n), "旭山村"] for n, (name, birth, phone, _) in enumerate(PEOPLE)]
    result = _read([("a.xlsx", xlsx_bytes(titled("丰州镇志愿者", None, header, body))), ("s.xlsx", _shifts())])
    fields = _fields(_sheet(result, SheetKind.people))
    assert fields == {"★姓 名": "name", "联系电话号": "phone", "身份证号吗": "id_number", "所在村(社区)": "community"}
    near = next(c for c in _sheet(result, SheetKind.people).columns if c.header == "身份证号吗")
    assert 0 < near.confidence <= 1 and near.evidence_zh


def test_shift_name_and_shift_time_are_both_read() -> None:
    """`班次` (早班/中班/夜班) beside `值班时间` (its times): a checkpoint sheet is read, not refused."""
    header = ["卡口名称", "日期", "班次", "值班时间", "人数"]
    body = [["G15高速丰州卡口", "3月28日", "早班", "8:00-16:00", 2],
            ["G15高速丰州卡口", "3月28日", "中班", "16:00-24:00", 2],
            ["G15高速丰州卡口", "3月28日", "夜班", "0:00-8:00", 3]]
    posts = titled("丰州镇2022年卡口值班表", None, header, body, sheet="卡口")
    result = _read([("卡口.xlsx", xlsx_bytes(posts))])
    fields = _fields(_sheet(result, SheetKind.shifts))
    assert fields["班次"] == "shift_name" and fields["值班时间"] == "time"
    assert "duplicate_column" not in {e.code for e in result.report}
    assert len(result.problem.shifts) == 3


def test_a_time_column_of_windows_is_the_time_whatever_its_header() -> None:
    """`班次` holding 8:00-16:00 (no other time column): its values make it the shifts' time, not a name."""
    header = ["点位名称", "日期", "班次", "人数"]
    body = [["旭山村核酸采样点", "3月28日", "8:00-16:00", 2], ["旭山村核酸采样点", "3月28日", "16:00-24:00", 2],
            ["桃源村核酸采样点", "3月28日", "7:30-11:30", 1]]
    result = _read([("b.xlsx", xlsx_bytes(titled("丰州镇2022年点位需求", None, header, body)))])
    column = next(c for c in _sheet(result, SheetKind.shifts).columns if c.header == "班次")
    assert column.field == "time" and any("时间段" in why for why in column.evidence_zh)
    assert len(result.problem.shifts) == 3


def test_every_mapped_column_has_an_info_entry_on_the_header_row() -> None:
    result = _read([("s.xlsx", _shifts())])
    entry = _sheet(result, SheetKind.shifts)
    mapped = {c.column for c in entry.columns if c.field}
    entries = [e for e in result.report if e.code == "column_mapped"]
    assert len(entries) == len(mapped)
    assert {e.row for e in entries} == {entry.header_rows[-1] + 1}
    assert all(e.severity == "info" and e.message_zh and e.message_en for e in entries)
    assert 0 < entry.confidence <= 1


_FIELDS = ["name", "phone", "id_number", "gender", "age", "note"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.floats(0, 1), min_size=len(_FIELDS), max_size=len(_FIELDS)), min_size=1, max_size=8))
def test_assignment_never_gives_one_field_two_columns(matrix: list[list[float]]) -> None:
    cells = [_Cell(i, f"c{i}", Profile(0, {}), [], {f: Score(v, (), ()) for f, v in zip(_FIELDS, row, strict=True)})
             for i, row in enumerate(matrix)]
    chosen = assign(cells)
    assert len(set(chosen.values())) == len(chosen)
    assert all(cells[i].scores[f].value >= 0.3 for i, f in chosen.items())
    # optimal: no single column left out could take a field nobody holds with a positive score
    free = set(_FIELDS) - set(chosen.values())
    assert not any(cells[i].scores[f].value >= 0.3 for i in range(len(cells)) if i not in chosen for f in free)


def test_questionnaire_headers_are_read_as_the_fields_they_ask_for() -> None:
    """A 问卷星 export asks `3、您的手机号码：`: the question's number, 您的 and the colon are not the header."""
    header = ["序号", "提交答卷时间", "1、您的姓名：", "2、您的手机号码：", "3、您的身份证号码：", "4、您所在的社区：",
              "5、您是否为中共党员？"]
    body = [[n + 1, "2022/3/26 8:00:12", name, phone, id_number(birth, 100 + n), "浦上社区", "是"]
            for n, (name, birth, phone, _) in enumerate(PEOPLE)]
    result = _read([("问卷.xlsx", xlsx_bytes(titled("党员报到", None, header, body))), ("s.xlsx", _shifts())])
    fields = {c.column: c.field for c in _sheet(result, SheetKind.people).columns}
    assert [fields[i] for i in range(2, 7)] == ["name", "phone", "id_number", "community", "party_member"]
    assert all(p.party_member and p.community == "浦上社区" for p in result.problem.people)


def test_a_list_in_two_side_by_side_blocks_reads_both_blocks() -> None:
    """序号 姓名 性别 电话 | 序号 姓名 性别 电话, as printed on one page: both blocks' people, each note at its real
    column."""
    header = ["序号", "姓名", "性别", "联系电话", None, "序号", "姓名", "性别", "联系电话"]
    body = [[1, "陈建国", "男", "13912345678", None, 3, "黄志强", "男", "13905956677"],
            [2, "林秀英", "女", "13805951234", None, 4, "王丽华", "未知", "13600000001"]]
    sheet = titled("灯光村党员志愿者名单", None, header, body)
    result = _read([("打印.xlsx", xlsx_bytes(sheet)), ("s.xlsx", _shifts())])
    assert {(p.name, p.phone) for p in result.problem.people} == {
        ("陈建国", "13912345678"), ("林秀英", "13805951234"), ("黄志强", "13905956677"), ("王丽华", "13600000001")}
    entry = _sheet(result, SheetKind.people)
    assert entry.repeats == [5] and [c.field for c in entry.columns] == ["seq", "name", "gender", "phone"]
    noted = {(e.row, e.column) for e in result.report if e.file == "打印.xlsx" and e.severity != "info"}
    assert noted == {(4, "H")}  # Excel row 4 (title, header, two rows), the second block's 性别
    assert "duplicate_column" not in {e.code for e in result.report}


def test_a_place_column_of_bare_names_keeps_its_header() -> None:
    """所在村(社区) holding 旭山, 桃源 (bare village names look like person names): still the community, and the
    姓名 column the name; nothing reported as passed over."""
    header = ["姓名", "性别", "联系电话", "所属乡镇", "所在村(社区)"]
    body = [[name, gender, phone, "梅山", village] for (name, _, phone, gender), village
            in zip(PEOPLE, ["旭山", "桃源", "旭山", "灯光"], strict=True)]
    result = _read([("名单.xlsx", xlsx_bytes(titled("志愿者名单", None, header, body))), ("s.xlsx", _shifts())])
    assert _fields(_sheet(result, SheetKind.people))["所在村(社区)"] == "community"
    assert _fields(_sheet(result, SheetKind.people))["所属乡镇"] == "township"
    assert {(p.township, p.community) for p in result.problem.people} == {("梅山", "旭山"), ("梅山", "桃源"),
                                                                          ("梅山", "灯光")}
    assert "duplicate_column" not in {e.code for e in result.report}


def test_a_yes_no_question_is_never_read_as_party_membership() -> None:
    """`是否可参加夜间值守` (是/否) asks something else: whatever question a form asks, a yes/no column is party
    membership only when its header says 党员/政治面貌, so no answer turns a volunteer into a party member."""
    for question in ("是否可参加夜间值守", "是否愿意参加", "能否服从调配", "有无车辆"):
        header = ["姓名", "手机号", "身份证号", question]
        body = [[name, phone, id_number(birth, 100 + n), "是" if n % 2 else "否"]
                for n, (name, birth, phone, _) in enumerate(PEOPLE)]
        result = _read([("表.xlsx", xlsx_bytes(titled("志愿者信息", None, header, body))), ("s.xlsx", _shifts())])
        assert _fields(_sheet(result, SheetKind.people))[question] != "party_member"
        assert not any(p.party_member for p in result.problem.people)
