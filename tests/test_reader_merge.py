"""Reader merging (issue acceptance §4): one person in two files by ID number, else by name + mobile; never
by name alone; the same ID number under another name is rejected."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rosters import (
    TODAY,
    csv_bytes,
    default_shifts,
    id_number,
    read_files,
    row_entries,
    row_status,
    titled,
    xlsx_bytes,
)

from scheduler.io.read.reader import read_uploads
from scheduler.io.write.problem_json import problem_json

CHEN_ID = id_number(date(1976, 8, 9), 101)
ZHANG_ID = id_number(date(1980, 2, 14), 303)

VILLAGE_HEADER = ["序号", "姓名", "性别", "年龄", "身份证号码", "联系电话", "所在村（社区）", "人员类别", "备注"]
VILLAGE = [
    [1, "陈建国", "男", 45, CHEN_ID, "13912345678", "旭山村", "党员志愿者", None],   # row 4
    [2, "林秀英", "女", 52, None, "13805951234", "旭山村", "退休干部", None],          # row 5
    [3, "王芳", "女", 34, None, "13600001111", "旭山村", "志愿者", None],              # row 6
    [4, "张伟", "男", 42, ZHANG_ID, "13700002222", "旭山村", "志愿者", None],          # row 7
    [5, "李娜", "女", 28, None, None, "旭山村", "志愿者", None],                       # row 8
]

PARTY_HEADER = ["序号", "姓名", "身份证号", "手机号码", "所在村", "技能特长", "政治面貌"]
PARTY = [
    [1, "陳建國", CHEN_ID, "13900000000", "旭山村", "驾驶", "中共党员"],        # row 3: same ID, other phone
    [2, "林秀英", None, "138 0595 1234", "旭山村", "登记", "中共党员"],         # row 4: same name + mobile
    [3, "王芳", None, "13600009999", "桃源村", None, "群众"],                   # row 5: only the name
    [4, "张玮", ZHANG_ID, "13700003333", "旭山村", None, "群众"],                # row 6: same ID, other name
    [5, "李娜", None, None, "桃源村", None, "群众"],                             # row 7: only the name
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    village = titled("丰州镇旭山村志愿者花名册", "2022年3月25日", VILLAGE_HEADER, VILLAGE, sheet="旭山村")
    party = titled("丰州镇党员志愿者名单", None, PARTY_HEADER, PARTY, sheet="党员")
    return read_files(tmp_path_factory.mktemp("merge"),
                      {"1旭山村.xlsx": [village, default_shifts()], "2党员名单.xlsx": [party]})


def _named(result: Any, name: str) -> list[Any]:
    return [p for p in result.problem.people if p.name == name]


def test_same_id_number_in_two_files_is_one_person_with_two_sources(result: Any) -> None:
    (chen,) = _named(result, "陈建国")
    assert [(s.file, s.sheet, s.row) for s in chen.sources] == [
        ("1旭山村.xlsx", "旭山村", 4), ("2党员名单.xlsx", "党员", 3)]
    assert chen.phone == "13912345678"  # the first file by name is kept, whatever order they were given in
    assert "driving" in chen.skills  # the second file's skills are added
    assert row_status(result.report, "党员", 3) == "merged"


def test_conflicting_field_of_a_merged_row_is_a_warning(result: Any) -> None:
    warnings = [e for e in row_entries(result.report, "党员", 3) if e.severity == "warning"]
    assert [e.code for e in warnings] == ["conflicting_field"]
    assert "13900000000" in warnings[0].message_zh and "13912345678" in warnings[0].message_en
    assert all(e.status == "merged" for e in row_entries(result.report, "党员", 3))


def test_same_name_and_mobile_without_id_is_one_person(result: Any) -> None:
    (lin,) = _named(result, "林秀英")
    assert len(lin.sources) == 2
    assert lin.party_member is True
    assert row_status(result.report, "党员", 4) == "merged"


def test_name_only_without_any_identifier_is_two_people_and_a_warning(result: Any) -> None:
    assert len(_named(result, "李娜")) == 2
    assert row_status(result.report, "党员", 7) == "imported"
    assert "same_name" in {e.code for e in row_entries(result.report, "党员", 7)}


def test_same_name_different_mobiles_is_two_people(result: Any) -> None:
    wangs = _named(result, "王芳")
    assert sorted(p.phone for p in wangs) == ["13600001111", "13600009999"]
    assert row_status(result.report, "党员", 5) == "imported"


def test_same_name_different_mobiles_and_places_is_not_warned(result: Any) -> None:
    """Different mobiles in different villages are two people; warning on every shared name would flood a
    city-scale report (common names repeat thousands of times), so only same-place or unidentified pairs warn."""
    assert "same_name" not in {e.code for e in row_entries(result.report, "党员", 5)}


def test_same_id_number_with_another_name_is_rejected(result: Any) -> None:
    entries = row_entries(result.report, "党员", 6)
    errors = [e for e in entries if e.severity == "error"]
    assert [e.code for e in errors] == ["duplicate_id_number"]
    assert "张伟" in errors[0].message_zh and "1旭山村.xlsx" in errors[0].message_en
    assert row_status(result.report, "党员", 6) == "rejected"
    assert _named(result, "张玮") == []
    (zhang,) = _named(result, "张伟")
    assert len(zhang.sources) == 1


def test_same_id_number_with_another_name_names_the_id_column(result: Any) -> None:
    (error,) = [e for e in row_entries(result.report, "党员", 6) if e.severity == "error"]
    assert error.column == "C"


def test_people_count(result: Any) -> None:
    """5 village rows + 5 party rows: 2 merged, 1 rejected → 7 people."""
    assert len(result.problem.people) == 7


# ------------------------------------------------------------------------------ the same files in any order

SAMPLES = Path(__file__).resolve().parent.parent / "sample_rosters"
SAMPLE_FILES = sorted((p.name, p.read_bytes()) for p in SAMPLES.iterdir() if p.suffix in {".xlsx", ".csv"})


def _read_in_order(files: list[tuple[str, bytes]]) -> tuple[str, list[str]]:
    """The problem JSON of reading `files` in this order, and the report's entries as a sorted list."""
    result = read_uploads(files, today=TODAY, guard=False)
    problem = json.dumps(problem_json(result.problem), ensure_ascii=False, sort_keys=True)
    return problem, sorted(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in result.report)


SAMPLE_READING = _read_in_order(SAMPLE_FILES)


@settings(max_examples=6, deadline=None)
@given(st.permutations(SAMPLE_FILES))
def test_sample_rosters_in_any_order_give_the_same_problem_and_report(files: list[tuple[str, bytes]]) -> None:
    problem, report = _read_in_order(files)
    assert problem == SAMPLE_READING[0]
    assert report == SAMPLE_READING[1]


def test_sample_rosters_merge_people_across_files() -> None:
    """The property above is worth something only if people really are merged across the sample files."""
    people = json.loads(SAMPLE_READING[0])["people"]
    assert sum(len({s["file"] for s in p["sources"]}) > 1 for p in people) >= 3


ROSTER_HEADER = ["姓名", "身份证号", "联系电话", "所在乡镇", "可服务时段", "健康状况"]
NAMES = ("陈建国", "林秀英", "王芳")
#: Values a row of one of NAMES may hold, so that rows of one person agree, disagree or leave a field blank.
PHONES = (None, "13912345678", "13800000000")
TIMES = (None, "上午", "下午", "8:00-12:00")
HEALTH = (None, "良好", "一般", "不宜参加")
TOWNS = (None, "丰州镇", "梅山镇", "梅山", "梅山镇人民政府")


@st.composite
def roster_files(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    """Two to four CSV rosters in which some people appear in several files, with conflicting or missing fields."""
    count = draw(st.integers(2, 4))
    row = st.tuples(st.integers(0, len(NAMES) - 1), st.booleans(), st.sampled_from(PHONES), st.sampled_from(TOWNS),
                    st.sampled_from(TIMES), st.sampled_from(HEALTH))
    files = []
    for number in range(count):
        rows = draw(st.lists(row, min_size=1, max_size=4, unique_by=lambda r: r[0]))
        body = [[NAMES[n], id_number(date(1970 + n, 1, 1), 101 + 2 * n) if with_id else None, *rest]
                for n, with_id, *rest in rows]
        files.append((f"{number}-花名册.csv", csv_bytes([ROSTER_HEADER, *body])))
    files.append(("班次.xlsx", xlsx_bytes(default_shifts())))
    return files


@settings(max_examples=25, deadline=None)
@given(roster_files(), st.randoms(use_true_random=False))
def test_generated_rosters_with_duplicates_in_any_order_give_the_same_problem(
        files: list[tuple[str, bytes]], random: Any) -> None:
    shuffled = list(files)
    random.shuffle(shuffled)
    assert _read_in_order(shuffled) == _read_in_order(files)


def test_availability_stated_in_one_file_is_kept_whichever_file_comes_first() -> None:
    """No availability reads as always available: a file that states some must never lose to one that does not."""
    chen = id_number(date(1970, 1, 1), 101)
    files = [("a.csv", csv_bytes([ROSTER_HEADER, ["陈建国", chen, None, None, None, None]])),
             ("b.csv", csv_bytes([ROSTER_HEADER, ["陈建国", chen, None, None, "上午", "一般"]])),
             ("班次.xlsx", xlsx_bytes(default_shifts()))]
    for order in (files, files[::-1]):
        (person,) = read_uploads(order, today=TODAY, guard=False).problem.people
        assert person.available is not None and all(i.end.hour <= 12 for i in person.available)
        assert person.health == "limited"
