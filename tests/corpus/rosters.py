"""Roster workbooks laid out as offices, volunteer systems and form tools really send them (one builder each)."""

from __future__ import annotations

from dataclasses import dataclass

from .book import Book
from .people import Person, Synth, as_excel_number, gender_zh, mark_party_volunteer, wrong_check_digit

HEALTH_WORDS = (("良好", "fit"), ("健康", "fit"), ("腿脚不便", "limited"), ("高血压", "limited"), ("一般", "limited"))
AVAILABILITY_WORDS = (("工作日白天", "restricted"), ("周一至周五晚上", "restricted"), ("随叫随到", "always"),
                      ("双休日全天", "restricted"), ("上午", "restricted"))


@dataclass
class Cast:
    """People who appear in more than one file (true duplicates) or whose name another person shares."""

    in_wps_and_system: Person
    in_xls_and_dingtalk: Person
    in_csv_and_hidden: Person
    namesake_of: Person


def cast(synth: Synth) -> Cast:
    """The shared people, made first so every build gives them the same identities."""
    return Cast(synth.person("party_volunteer", party_member=True, township="金山街道", community="彼岸社区"),
                synth.person("volunteer", party_member=False, township="梅山镇", community="蓉中村", grid="2组"),
                synth.person("volunteer", township="洪濑镇", community="溪州村", grid="第1网格"),
                synth.person("party_volunteer", party_member=True, township="金山街道", community="彼岸社区"))


def party_zh(person: Person) -> str:
    """政治面貌 as a form writes it."""
    return "中共党员" if person.party_member else "群众"


def wps_street(synth: Synth, shared: Cast) -> Book:
    """A street office's WPS roster: merged title, 填报单位/填报日期 line, 序号, 备注 saying who is a retired cadre."""
    book = Book("01_彼岸社区志愿者登记表_WPS.xlsx", "WPS export of a community's volunteer sign-up sheet: "
                "merged title, a 填报单位（盖章）/填报日期 line, 序号, 政治面貌 and 备注 holding the category, "
                "a signature footer.")
    ws = book.sheet("Sheet1")
    ws.banner(1, "金山街道彼岸社区疫情防控志愿者登记表", 11)
    ws.put(2, ["填报单位（盖章）：彼岸社区居委会", None, None, None, None, None, None, "填报日期：2022年3月25日"])
    ws.merge(2, 1, 2, 6)
    ws.merge(2, 8, 2, 11)
    ws.put(3, ["序号", "姓名", "性别", "年龄", "身份证号码", "联系电话", "政治面貌", "所在网格", "健康状况",
               "志愿服务意向", "备注"])
    ws.text_cols.update({5, 6})
    people = [shared.in_wps_and_system, shared.namesake_of]
    for index in range(12):
        retired = index in (2, 9)
        people.append(synth.person("retired_cadre" if retired else "volunteer", ages=(61, 72) if retired else (22, 58),
                                   party_member=index % 3 == 0, township="金山街道", community="彼岸社区"))
    for index, person in enumerate(people):
        row = 4 + index
        mark_party_volunteer(person)
        person.grid = f"第{index % 3 + 1}网格"
        health, person.health = HEALTH_WORDS[index % 5]
        shown_id: object = person.id_number
        truth: dict[str, object] = {}
        if index == 4:
            shown_id = wrong_check_digit(person.id_number)
            truth = {"id_number": None, "birth_date": None}
            book.flag(ws, row, "warning", "id_number", "check digit wrong; name + phone still identify the person")
        if index == 8:
            shown_id = as_excel_number(person.id_number)
            truth = {"id_number": None, "birth_date": None}
            book.flag(ws, row, "warning", "id_number", "18-digit ID stored as a number: last digits lost")
        note = "退休干部" if person.category == "retired_cadre" else ""
        values = [index + 1, person.name, gender_zh(person), person.age, shown_id, person.phone, party_zh(person),
                  person.grid, health, "入户摸排、核酸采样秩序维护", note]
        if index == 11:
            ws.put(row, [index + 1, None, *values[2:]])
            book.flag(ws, row, "reject", "name", "no name")
            continue
        book.place(person, ws, row, values, **truth)
    footer = 4 + len(people) + 1
    ws.put(footer, ["填表人：林秋菊", None, None, None, "联系电话：0591-83456721", None, None, "审核人："])
    return book


def system_export(synth: Synth, shared: Cast) -> Book:
    """A volunteer-system export (志愿汇 / i志愿 style): English field names, `id` record numbers beside `id_card`."""
    book = Book("02_volunteer_export_20220326.xlsx", "Volunteer-platform export (志愿汇/i志愿/志愿北京 style): system "
                "field names in English, a 5-digit `id` record number beside `id_card`, team_name holding street and "
                "community, one volunteer registered twice, service hours and status columns.")
    ws = book.sheet("volunteers")
    ws.put(1, ["id", "name", "gender", "id_card", "mobile", "political_status", "team_name", "service_hours",
               "register_time", "status"])
    people = [shared.in_wps_and_system]
    for index in range(14):
        community = ("彼岸社区", "金港社区")[index % 2]
        people.append(synth.person("volunteer", party_member=index % 4 == 1, township="金山街道", community=community))
    people.append(people[5])
    for index, person in enumerate(people):
        row = 2 + index
        mark_party_volunteer(person)
        record = 10231 + index * 7 + (index % 3)
        team = f"{person.township}{person.community}志愿服务队"
        mobile: object = person.phone
        truth: dict[str, object] = {"health": None, "grid": None}
        if index == 9:
            mobile = person.phone[:6] + person.phone[7:]
            truth["phone"] = None
            book.flag(ws, row, "warning", "phone", "10-digit mobile (a digit dropped); id_card still identifies")
        status = "已实名" if index % 5 else "待审核"
        book.place(person, ws, row, [record, person.name, gender_zh(person), person.id_number, mobile,
                                     "中共党员" if person.party_member else "群众", team, round(3.5 * (index % 7), 1),
                                     f"2021-0{index % 9 + 1}-1{index % 10} 10:2{index % 10}:33", status], **truth)
    return book


def pinyin_csv(synth: Synth, shared: Cast) -> Book:
    """A GB18030 CSV from a village's own little system: pinyin-initial headers (xm, sfzh, lxdh …)."""
    book = Book("03_洪濑镇志愿者_pinyin.csv", "CSV saved by Excel on Chinese Windows (GB18030, CRLF) from a "
                "township's home-made database: pinyin-initial headers xm/xb/nl/sfzh/lxdh/xzjd/cun/wg/zzmm/jkzk/bz, "
                "a name in a character outside GBK, no title row.")
    ws = book.sheet("03_洪濑镇志愿者_pinyin")
    ws.put(1, ["xh", "xm", "xb", "nl", "sfzh", "lxdh", "xzjd", "cun", "wg", "zzmm", "jkzk", "bz"])
    people = [shared.in_csv_and_hidden]
    for index in range(13):
        people.append(synth.person("volunteer", party_member=index % 3 == 2, township="洪濑镇",
                                   community=("东溪村", "溪州村")[index % 2], grid=f"第{index % 4 + 1}网格"))
    people[3].name = "刘䶮"
    for index, person in enumerate(people):
        row = 2 + index
        mark_party_volunteer(person)
        health, person.health = HEALTH_WORDS[(index + 2) % 5]
        shown = {"sfzh": person.id_number, "lxdh": person.phone}
        truth: dict[str, object] = {}
        if index == 6:
            shown["lxdh"] = person.phone[:5] + person.phone[6:]
            truth["phone"] = None
            book.flag(ws, row, "warning", "phone", "10-digit mobile; sfzh still identifies")
        values = [index + 1, person.name, gender_zh(person), person.age, shown["sfzh"], shown["lxdh"], "洪濑镇",
                  person.community, person.grid, party_zh(person), health, ""]
        if index == 10:
            values[4], values[5] = "", person.phone[:4] + person.phone[5:]
            ws.put(row, values)
            book.flag(ws, row, "reject", "phone", "no ID number and a 10-digit phone: nothing identifies the person")
            continue
        book.place(person, ws, row, values, **truth)
    return book


def village_xls(synth: Synth, shared: Cast) -> Book:
    """A village committee's .xls: 出生年月 as `1958.07`, 是否党员, health and availability in free text."""
    book = Book("04_蓉中村志愿者花名册.xls", "Village committee roster saved as legacy .xls: merged title, "
                "出生年月 as text `1958.07`, 村民小组, 是否党员 是/否, health words (腿脚不便, 高血压) and free-text "
                "availability (工作日白天, 周一至周五晚上, 随叫随到, 看情况); two different people named alike.")
    ws = book.sheet("花名册")
    ws.banner(1, "梅山镇蓉中村新冠肺炎疫情防控志愿者花名册", 11)
    ws.put(2, ["序号", "姓名", "性别", "出生年月", "身份证号", "手机号码", "村民小组", "是否党员", "身体状况",
               "可服务时间", "备注"])
    people = [shared.in_xls_and_dingtalk]
    for index in range(13):
        retired = index in (1, 7)
        people.append(synth.person("retired_cadre" if retired else "volunteer", ages=(60, 74) if retired else (20, 62),
                                   party_member=index % 3 == 0, township="梅山镇", community="蓉中村",
                                   grid=f"{index % 5 + 1}组"))
    people.append(synth.namesake(people[4], "volunteer", party_member=False, township="梅山镇", community="蓉中村",
                                 grid="5组"))
    for index, person in enumerate(people):
        row = 3 + index
        mark_party_volunteer(person)
        health, person.health = HEALTH_WORDS[index % 5]
        availability, person.availability = AVAILABILITY_WORDS[index % 5]
        shown_id, truth = person.id_number, {}
        if index == 8:
            availability = "看情况"
            person.availability = "unknown"
            book.flag(ws, row, "warning", "available", "availability not understood: no shift until confirmed")
        values = [index + 1, person.name, gender_zh(person), person.birth_date[:7].replace("-", "."), shown_id,
                  person.phone, person.grid, "是" if person.party_member else "否", health, availability,
                  "退休干部" if person.category == "retired_cadre" else ""]
        if index == 11:
            values[4], values[5] = wrong_check_digit(person.id_number), ""
            ws.put(row, values)
            book.flag(ws, row, "reject", "id_number", "ID check digit wrong and no phone: nothing identifies")
            continue
        book.place(person, ws, row, values, **truth)
    ws.put(3 + len(people), ["合计", f"{len(people)}人"])
    return book


def community_sheets(synth: Synth, shared: Cast) -> Book:
    """An .ods with one sheet per community, each with its own title line: in-service party members reporting in."""
    book = Book("05_金山街道在职党员报到名单.ods", "OpenDocument from a street office: one sheet per community "
                "(sheet name = community), each with its own title; 类别 says 在职党员/退休党员/网格员; 报到网格.")
    mapping = {"在职党员": "party_volunteer", "退休党员": "retired_cadre", "网格员": "community_worker"}
    for sheet_index, community in enumerate(("金港社区", "浦上社区", "龙江社区")):
        ws = book.sheet(community)
        ws.banner(1, f"金山街道{community}在职党员进社区报到名单", 7)
        ws.put(2, ["姓名", "性别", "手机", "身份证号", "工作单位", "报到网格", "类别"])
        people = [synth.person("party_volunteer", ages=(60, 75) if index == 2 else (25, 55), party_member=True,
                               township="金山街道", community=community) for index in range(6)]
        if sheet_index == 1:
            people.append(synth.namesake(shared.namesake_of, "party_volunteer", party_member=True,
                                         township="金山街道", community=community))
        for index, person in enumerate(people):
            kind = ("在职党员", "在职党员", "退休党员", "在职党员", "网格员", "在职党员", "在职党员")[index]
            person.category = mapping[kind]
            person.party_member = kind != "网格员" or None
            person.grid = f"{community[:2]}第{index % 2 + 1}网格"
            unit = "社区居委会" if kind == "网格员" else ("市财政局", "区教育局", "市人民医院", "退休")[index % 4]
            book.place(person, ws, 3 + index, [person.name, gender_zh(person), person.phone, person.id_number, unit,
                                              person.grid, kind])
    return book


def hidden_filtered(synth: Synth, shared: Cast) -> Book:
    """A roster with the ID column and a helper column hidden, and an autofilter hiding other villages' rows."""
    book = Book("06_洪濑镇志愿者名单_筛选.xlsx", "A working copy a clerk filtered and hid for printing: the ID "
                "column and a helper column hidden, an autofilter on 村 hiding 东溪村's rows (still real people).")
    ws = book.sheet("名单")
    ws.put(1, ["序号", "姓名", "性别", "年龄", "身份证号", "辅助列", "联系电话", "所属乡镇", "村（社区）", "网格",
               "健康状况"])
    ws.text_cols.update({5, 7})
    ws.hidden_cols.update({5, 6})
    people = [shared.in_csv_and_hidden]
    for index in range(11):
        people.append(synth.person("volunteer", township="洪濑镇", community=("溪州村", "东溪村")[index % 2],
                                   grid=f"第{index % 3 + 1}网格"))
    for index, person in enumerate(people):
        row = 2 + index
        health, person.health = HEALTH_WORDS[(index + 1) % 5]
        if person.community == "东溪村":
            ws.hidden_rows.add(row)
        book.place(person, ws, row, [index + 1, person.name, gender_zh(person), f"{person.age}岁", person.id_number,
                                     f"{person.community}-{index + 1}", person.phone, person.township,
                                     person.community, person.grid, health], party_member=None)
    ws.autofilter = f"A1:K{1 + len(people)}"
    return book


