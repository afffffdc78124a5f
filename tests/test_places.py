"""Place names matched across files (issue 9 §5): 梅山 = 梅山镇, 旭山 = 旭山村委会 = 旭山村, a township or community
inside an address; two levels never joined, a bare name that fits two places reported; dispatch_to to no known
place warned about; and the matched names agree for locality in the solver."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rosters import TODAY, Sheet, csv_bytes, xlsx_bytes

from scheduler.io.read.reader import read_uploads
from scheduler.io.read.rows.places import Level, parse_place, stem
from scheduler.io.read.sheets.layout import parse_title
from scheduler.io.read.sheets.mapping import Mapping
from scheduler.run import solve_problem

PEOPLE = ["姓名", "联系电话", "所属乡镇", "所在村（社区）", "人员类别", "派驻地"]
SHIFTS = ["点位名称", "所属乡镇", "所在村（社区）", "日期", "时段", "人数"]


def _read(people: list[list[Any]], shifts: list[list[Any]] | None = None, aliases: dict[str, str] | None = None,
          sheets: Mapping | None = None) -> Any:
    """Read a people CSV and a posts CSV; `sheets` gives their column mappings instead of inferring them."""
    shifts = shifts if shifts is not None else [["旭山村核酸采样点", "梅山镇", "旭山村", "3月28日", "8:00-12:00", 1]]
    files = [("人员名单.csv", csv_bytes([PEOPLE, *people])), ("班次需求.csv", csv_bytes([SHIFTS, *shifts]))]
    mapping = Mapping(sheets.sheets if sheets else [], aliases or {})
    return read_uploads(files, today=TODAY, guard=False, mapping=mapping)


#: The column mappings of PEOPLE and SHIFTS, as a clerk would confirm them: the property below is about place
#: names, not about inferring columns (three rows of nothing but 梅山 look like a column of names to the inference).
CONFIRMED = _read([["陈建国", "13912345678", "梅山镇", "旭山村", "志愿者", None]]).mapping


def _person(result: Any, name: str) -> Any:
    (found,) = [p for p in result.problem.people if p.name == name]
    return found


def _notes(result: Any, code: str, row: int) -> list[Any]:
    return [e for e in result.report if e.code == code and e.file == "人员名单.csv" and e.row == row]


@pytest.mark.parametrize(("written", "level", "unit"), [
    ("梅山镇", Level.township, "梅山镇"),
    ("金山街道办事处", Level.township, "金山街道"),
    ("旭山村委会", Level.community, "旭山村"),
    ("旭山村民委员会", Level.community, "旭山村"),
    ("柳湖社区居委会", Level.community, "柳湖社区"),
    ("柳湖社区居民委员会", Level.community, "柳湖社区"),
    ("福州市仓山区金山街道彼岸社区3号楼", Level.township, "金山街道"),
    ("福州市仓山区金山街道彼岸社区3号楼", Level.community, "彼岸社区"),
    ("福建省泉州市丰泽区东海街道", Level.township, "东海街道"),
    ("城市花园社区", Level.community, "城市花园社区"),  # 城市 is no city prefix
    ("中共彼岸社区委员会", Level.community, "彼岸社区"),  # the community's party committee
    ("第一网格党支部", Level.grid, "第一网格"),
])
def test_a_written_place_names_its_unit(written: str, level: Level, unit: str) -> None:
    assert parse_place(written).at(level) == unit


def test_a_bare_name_names_no_level() -> None:
    parsed = parse_place("梅山")
    assert parsed.bare == "梅山" and parsed.units() == []


def test_bare_names_read_as_the_fullest_form_of_their_column_s_level() -> None:
    result = _read([["陈建国", "13912345678", "梅山", "旭山", "志愿者", None],
                    ["林秀英", "13805951234", "梅山镇", "旭山村委会", "志愿者", None],
                    ["王芳", "13600001111", "梅山镇人民政府", "旭山村民委员会", "志愿者", None]])
    for name in ("陈建国", "林秀英", "王芳"):
        person = _person(result, name)
        assert (person.township, person.community) == ("梅山镇", "旭山村")
    (township, community) = sorted(_notes(result, "place_matched", 2), key=lambda e: e.column)
    assert (township.column, community.column) == ("C", "D")
    assert township.message_zh == "“梅山”按“梅山镇”处理" and township.message_en == "'梅山' read as '梅山镇'"
    assert township.severity == "info" and township.status == "imported"


def test_an_unchanged_row_gets_no_place_note() -> None:
    result = _read([["陈建国", "13912345678", "梅山镇", "旭山村", "志愿者", None]])
    assert _notes(result, "place_matched", 2) == []


def test_a_township_and_a_village_of_one_name_stay_two_places() -> None:
    """梅山镇 and 梅山村 both exist: the column says which level a bare 梅山 is; dispatch_to, which can be either,
    leaves it as written with a warning."""
    result = _read([["陈建国", "13912345678", "梅山", "梅山", "志愿者", None],
                    ["林秀英", "13805951234", "梅山镇", "梅山村", "志愿者", None],
                    ["张伟", "13700002222", "清溪镇", None, "下沉干部", "梅山"]],
                   [["梅山村核酸采样点", "梅山镇", "梅山村", "3月28日", "8:00-12:00", 1]])
    chen = _person(result, "陈建国")
    assert (chen.township, chen.community) == ("梅山镇", "梅山村")
    assert _person(result, "张伟").dispatch_to == "梅山"
    (ambiguous,) = _notes(result, "place_ambiguous", 4)
    assert ambiguous.severity == "warning" and ambiguous.column == "F"
    assert "梅山镇" in ambiguous.message_zh and "梅山村" in ambiguous.message_en


def test_a_full_address_gives_the_community_and_fills_the_township() -> None:
    result = _read([["陈建国", "13912345678", None, "福州市仓山区金山街道彼岸社区3号楼", "志愿者", None]],
                   [["彼岸社区采样点", "金山街道", "彼岸社区", "3月28日", "8:00-12:00", 1]])
    chen = _person(result, "陈建国")
    assert (chen.township, chen.community) == ("金山街道", "彼岸社区")
    assert {e.column for e in _notes(result, "place_matched", 2)} == {"D"}


def test_the_mapping_s_place_alias_wins_over_the_match() -> None:
    result = _read([["陈建国", "13912345678", "梅山", "旭山", "志愿者", None]], aliases={"旭山": "桃源村"})
    chen = _person(result, "陈建国")
    assert (chen.township, chen.community) == ("梅山镇", "桃源村")
    assert any("映射" in e.message_zh for e in _notes(result, "place_matched", 2))


def test_a_dispatch_to_no_known_place_is_warned_about_and_stays_restrictive() -> None:
    result = _read([["张伟", "13700002222", "清溪镇", None, "下沉干部", "火星村"],
                    ["李娜", "13600003333", "清溪镇", None, "下沉干部", "旭山"]])
    (warning,) = _notes(result, "unknown_dispatch_place", 2)
    assert warning.severity == "warning" and warning.column == "F" and "火星村" in warning.message_zh
    assert _notes(result, "unknown_dispatch_place", 3) == []
    assert _person(result, "李娜").dispatch_to == "旭山村"
    schedule = solve_problem(result.problem, time_limit_s=2, workers=1, seed=0)
    placed = {a.person_id for a in schedule.assignments}
    assert _person(result, "张伟").id not in placed and _person(result, "李娜").id in placed


@pytest.mark.parametrize(("written", "placed"), [("梅山", True), ("梅山镇", True), ("梅林", False)])
def test_a_volunteer_of_a_matched_township_serves_at_its_sites(written: str, placed: bool) -> None:
    """Read → solve: a volunteer serves only in their own township; 梅山 and 梅山镇 are that township after
    reading, 梅林 is not (the control case)."""
    result = _read([["陈建国", "13912345678", written, None, "志愿者", None]])
    schedule = solve_problem(result.problem, time_limit_s=2, workers=1, seed=0)
    assert bool(schedule.assignments) is placed


STEMS = ("梅山", "旭山", "柳湖")
TOWN_FORMS = ("{}", "{}镇", "{}镇人民政府")
VILLAGE_FORMS = ("{}", "{}村", "{}村委会", "{}村民委员会")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STEMS), st.sampled_from(TOWN_FORMS), st.sampled_from(STEMS),
                          st.sampled_from(VILLAGE_FORMS)), min_size=1, max_size=6))
def test_matching_never_changes_a_place_s_level_or_name(rows: list[tuple[str, str, str, str]]) -> None:
    """Whatever forms the rows use, a township stays a township of the same name and a village a village; a
    name is completed only when the upload writes its full form somewhere (a village's, in the same township)."""
    body = [[f"人{n}", f"139{n:08d}", town.format(t), village.format(v), "志愿者", None]
            for n, (t, town, v, village) in enumerate(rows)]
    result = _read(body, shifts=[], sheets=CONFIRMED)
    full_towns = {t for t, form, _, _ in rows if form != "{}"}
    full_villages = {(t, v) for t, _, v, form in rows if form != "{}"}  # a village is known within its township
    for person, (t, _, v, _) in zip(result.problem.people, rows, strict=True):
        assert stem(person.township, Level.township) == t
        assert person.township == (f"{t}镇" if t in full_towns else t)
        assert stem(person.community, Level.community) == v
        assert person.community == (f"{v}村" if (t, v) in full_villages else v)


def test_the_names_read_as_places_are_in_the_mapping_and_reading_with_it_gives_the_same_problem() -> None:
    people = [["陈建国", "13912345678", "梅山", "旭山", "志愿者", None],
              ["林秀英", "13805951234", "清溪", "旭山村委会", "志愿者", None],
              ["张伟", "13700002222", "清溪镇", None, "下沉干部", "梅山"]]
    shifts = [["旭山村核酸采样点", "梅山镇", "旭山村", "3月28日", "8:00-12:00", 1],
              ["梅山村核酸采样点", "清溪镇", "梅山村", "3月28日", "8:00-12:00", 1]]
    first = _read(people, shifts)
    # 梅山 is read two ways by column (梅山镇 as a township, ambiguous as a dispatch_to): no alias for it.
    assert first.mapping.place_aliases == {"旭山": "旭山村", "清溪": "清溪镇"}
    again = _read(people, shifts, aliases=first.mapping.place_aliases)
    assert again.problem == first.problem


def test_an_alias_never_moves_a_place_to_another_level() -> None:
    """A clerk's 梅山 → 梅山村 settles the village and an ambiguous dispatch_to, never a township cell."""
    result = _read([["陈建国", "13912345678", "梅山", "梅山", "志愿者", None],
                    ["张伟", "13700002222", "清溪镇", None, "下沉干部", "梅山"]],
                   [["梅山村核酸采样点", "梅山镇", "梅山村", "3月28日", "8:00-12:00", 1]], aliases={"梅山": "梅山村"})
    chen = _person(result, "陈建国")
    assert (chen.township, chen.community) == ("梅山镇", "梅山村")
    assert _person(result, "张伟").dispatch_to == "梅山村"
    assert _notes(result, "place_ambiguous", 3) == []


def test_a_home_address_and_a_party_branch_fill_the_place_columns_left_empty() -> None:
    header = ["姓名", "联系电话", "所在党支部", "现居住地址"]
    rows = [["秦刚", "13278736971", "第一网格党支部", "福州市仓山区金山街道彼岸社区1号楼102室"]]
    result = read_uploads([("党员信息.csv", csv_bytes([header, *rows]))], today=TODAY, guard=False)
    (person,) = result.problem.people
    assert (person.township, person.community, person.grid) == ("金山街道", "彼岸社区", "第一网格")
    notes = {e.column: e for e in result.report if e.code == "place_matched"}
    assert set(notes) == {"C", "D"} and "第一网格" in notes["C"].message_zh


@pytest.mark.parametrize(("title", "township", "community"), [
    ("报到街道：金山街道", "金山街道", None),  # a label before its colon names no place
    ("金山街道金港社区在职党员进社区报到名单", "金山街道", "金港社区"),  # the first place word ends the name
    ("2022年3月丰州镇核酸采样点位排班需求表", "丰州镇", None),  # not 月丰州镇
    ("填报单位（盖章）：金山街道彼岸社区居委会  填报日期：2022年3月25日", "金山街道", "彼岸社区"),
    ("泉州市直机关干部下沉一线报到登记表", None, None),
])
def test_a_title_names_its_township_and_community(title: str, township: str | None, community: str | None) -> None:
    heading = parse_title([title])
    assert (heading.township, heading.community) == (township, community)


def test_the_community_a_cadre_reports_to_is_where_they_are_dispatched() -> None:
    """A 下沉干部报到登记表 names the place in 报到社区: the cadre serves there, and the place is matched."""
    files = [("报到登记.csv", csv_bytes([["姓名", "联系电话", "人员类别", "报到社区"],
                                        ["叶豪", "15876570137", "下沉干部", "旭山"]])),
             ("班次需求.csv", csv_bytes([SHIFTS, ["旭山村采样点", "梅山镇", "旭山村", "3月28日", "8:00-12:00", 1]]))]
    (cadre,) = read_uploads(files, today=TODAY, guard=False).problem.people
    assert cadre.dispatch_to == "旭山村"


@pytest.mark.parametrize(("dispatch_to", "placed"), [("文化广场采样点", True), ("梅山镇", True), ("火星村", False)])
def test_a_cadre_dispatched_to_a_post_serves_where_the_post_is(dispatch_to: str, placed: bool) -> None:
    """Read → solve: a post's name in dispatch_to stands for its place (the post has no place word in its name)."""
    result = _read([["张伟", "13700002222", "清溪镇", None, "下沉干部", dispatch_to]],
                   [["文化广场采样点", "梅山镇", None, "3月28日", "8:00-12:00", 1]])
    warned = [e for e in result.report if e.code == "unknown_dispatch_place"]
    assert bool(warned) is not placed
    schedule = solve_problem(result.problem, time_limit_s=2, workers=1, seed=0)
    assert bool(schedule.assignments) is placed


@pytest.mark.parametrize(("site_community", "placed"), [("旭山村", True), ("桃源村", False)])
def test_a_sealed_zone_named_after_its_community_is_matched_with_it(site_community: str, placed: bool) -> None:
    """Read → solve: a resident of sealed 旭山 serves only inside the zone, which is the sealed 旭山村 of the posts."""
    people = [["姓名", "联系电话", "所属乡镇", "所在村（社区）", "人员类别", "区域类型"],
              ["陈建国", "13912345678", "梅山镇", "旭山", "志愿者", "封控区"]]
    posts = [[*SHIFTS, "区域类型"], ["采样点", "梅山镇", site_community, "3月28日", "8:00-12:00", 1, "封控区"],
             ["备用点", "梅山镇", "旭山村", "3月29日", "8:00-12:00", 1, None]]
    result = read_uploads([("人员.csv", csv_bytes(people)), ("班次.csv", csv_bytes(posts))], today=TODAY, guard=False)
    (person,) = result.problem.people
    assert person.zone_id == "旭山村"
    schedule = solve_problem(result.problem, time_limit_s=2, workers=1, seed=0)
    assert bool(schedule.assignments) is placed


def test_a_bare_village_is_never_matched_with_a_village_of_another_township() -> None:
    result = _read([["陈建国", "13912345678", "梅山镇", "旭山", "志愿者", None],
                    ["林秀英", "13805951234", "清溪", "旭山", "志愿者", None]],
                   [["旭山村核酸采样点", "清溪镇", "旭山村", "3月28日", "8:00-12:00", 1]])
    assert _person(result, "陈建国").community == "旭山"
    assert (_person(result, "林秀英").township, _person(result, "林秀英").community) == ("清溪镇", "旭山村")


@pytest.mark.parametrize(("file", "address", "placed"), [
    ("洪濑镇退休干部名单.csv", "南安市洪濑溪州村委会3组12号", ("洪濑镇", "溪州村")),  # the file names the township
    ("梅山镇志愿者.csv", "梅山旭山村5号", ("梅山镇", "旭山村")),
    ("金山街道志愿者.csv", "仓山区金山彼岸村3号", ("金山街道", "彼岸村")),
    ("志愿者名单.csv", "南安市洪濑溪州村委会3组12号", (None, "洪濑溪州村")),  # no township known: kept as written
    ("梅山镇志愿者.csv", "梅山村5号", ("梅山镇", "梅山村")),  # 梅山村 is a village of its own, not 梅山镇 + 村
    ("洪濑镇退休干部名单.xlsx", "南安市洪濑溪州村委会3组12号", ("洪濑镇", "溪州村")),  # named by the workbook
])
def test_a_village_written_after_its_township_without_its_level_word_is_split(
        file: str, address: str, placed: tuple[str | None, str]) -> None:
    """Addresses drop 镇: 洪濑溪州村 is 洪濑镇's 溪州村 when the upload names 洪濑镇, and only then."""
    rows = [["姓名", "联系电话", "家庭住址"], ["秦刚", "13278736971", address]]
    data = xlsx_bytes(Sheet("Sheet1", rows)) if file.endswith(".xlsx") else csv_bytes(rows)
    result = read_uploads([(file, data)], today=TODAY, guard=False)
    (person,) = result.problem.people
    assert (person.township, person.community) == placed


@pytest.mark.parametrize(("header", "team", "placed"), [
    ("team_name", "金山街道彼岸社区志愿服务队", ("金山街道", "彼岸社区")),
    ("所属队伍", "梅山镇旭山村党员先锋队", ("梅山镇", "旭山村")),
    ("志愿服务队", "蓝天救援队", (None, None)),  # a team named after no place gives none
])
def test_a_volunteer_team_named_after_its_place_fills_the_place_columns(
        header: str, team: str, placed: tuple[str | None, str | None]) -> None:
    """A platform export gives only the team (金山街道彼岸社区志愿服务队): its street and community are the person's,
    each noted on the row; a team that names no place leaves them empty (never a place guessed)."""
    rows = [["姓名", "联系电话", header], ["秦刚", "13278736971", team]]
    result = read_uploads([("导出.csv", csv_bytes(rows))], today=TODAY, guard=False)
    (person,) = result.problem.people
    assert (person.township, person.community) == placed
    notes = [e for e in result.report if e.code == "place_matched"]
    assert len(notes) == sum(p is not None for p in placed) and all(e.column == "C" for e in notes)
