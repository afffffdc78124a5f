"""More roster layouts: statistics reports with code rows, printed side-by-side lists, sent-down cadres' sign-in
sheets, DingTalk and questionnaire exports, hospital and police lists."""

from __future__ import annotations

from datetime import date

from .book import Book
from .people import Person, Synth, as_excel_number, gender_zh, mark_party_volunteer
from .rosters import AVAILABILITY_WORDS, Cast, party_zh

KIND_ZH = {"retired_cadre": "退休干部", "sent_down_cadre": "下沉干部", "party_volunteer": "党员志愿者",
           "community_worker": "社区工作者"}


def coded_report(synth: Synth) -> Book:
    """A city department's statistics report: 表号/制表机关, the header over a row of field codes (甲 乙 A01 …)."""
    book = Book("07_组织部报表_志愿服务人员统计.xlsx", "A city department's statistical report form: 表号 and "
                "制表机关 above the title, 填报单位 line, the header over a row of field codes (甲 乙 A01 A02 …), "
                "人员类别 column, 出生年月 as `1962.05`, a 单位负责人/填表人/报出日期 footer.")
    ws = book.sheet("组防3表")
    ws.put(1, ["表号：组防3表", None, None, None, None, None, None, "制表机关：中共泉州市委组织部"])
    ws.banner(2, "党员干部参与疫情防控志愿服务人员统计表", 10)
    ws.put(3, ["填报单位：梅山镇人民政府（盖章）", None, None, None, None, None, None, "2022年3月"])
    ws.put(4, ["序号", "姓名", "性别", "出生年月", "公民身份号码", "政治面貌", "工作单位及职务", "人员类别",
               "联系电话", "所在村（社区）"])
    ws.put(5, ["甲", "乙", "A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08"])
    kinds = ("retired_cadre", "party_volunteer", "community_worker", "retired_cadre", "party_volunteer",
             "community_worker", "party_volunteer", "retired_cadre", "party_volunteer", "community_worker")
    for index, kind in enumerate(kinds):
        row = 6 + index
        person = synth.person(kind, ages=(60, 76) if kind == "retired_cadre" else (24, 55), township="梅山镇",
                              community=("芙蓉村", "灯光村")[index % 2], party_member=kind != "community_worker")
        unit = {"retired_cadre": "梅山镇原农办主任（已退休）", "party_volunteer": f"{person.community}党员",
                "community_worker": f"{person.community}村委会委员"}[kind]
        shown: object = person.id_number
        truth: dict[str, object] = {}
        if index == 5:
            shown = as_excel_number(person.id_number)
            truth = {"id_number": None, "birth_date": person.birth_date[:7]}
            book.flag(ws, row, "warning", "id_number", "18-digit ID stored as a number: last digits lost")
        if kind == "community_worker":
            person.party_member = None
        book.place(person, ws, row, [index + 1, person.name, gender_zh(person), person.birth_date[:7].replace("-", "."),
                                     shown, "中共党员" if person.party_member else "群众", unit, KIND_ZH[kind],
                                     int(person.phone), person.community], **truth)
    ws.put(6 + len(kinds) + 1, ["单位负责人：黄德福", None, "填表人：苏秋菊", None, None, "联系电话：0595-86512345",
                                None, "报出日期：2022年3月26日"])
    return book


def side_by_side(synth: Synth) -> Book:
    """A list printed in two side-by-side blocks to fit one A4 page (序号 姓名 性别 电话 组别, twice)."""
    book = Book("08_灯光村党员志愿者名单_打印版.xlsx", "A village's party-member list laid out in two side-by-side "
                "blocks (the same five columns twice) to print on one page; no ID numbers; the title says who.")
    ws = book.sheet("打印")
    ws.banner(1, "梅山镇灯光村党员志愿者名单", 11)
    block = ["序号", "姓名", "性别", "联系电话", "组别"]
    ws.put(2, [*block, None, *block])
    for index in range(18):
        person = synth.person("party_volunteer", party_member=True, township="梅山镇", community="灯光村",
                              grid=f"{index % 6 + 1}组")
        row, col = (3 + index, 1) if index < 9 else (3 + index - 9, 7)
        book.place(person, ws, row, [index + 1, person.name, gender_zh(person), person.phone, person.grid], col=col,
                   id_number=None, birth_date=None, age=None)
    ws.put(13, ["共18人"])
    return book


def sent_down(synth: Synth) -> Book:
    """`…下沉一线报到登记表`: cadres sent down from city offices sign in at a street; the title names the category."""
    book = Book("09_市直机关下沉一线报到登记表.xlsx", "Sign-in sheet of cadres sent down from city departments "
                "(`…下沉一线报到登记表`): the category only in the title, 派出单位/职务, 报到社区 = where dispatched.")
    ws = book.sheet("报到登记")
    ws.banner(1, "泉州市直机关干部下沉一线报到登记表", 10)
    ws.put(2, ["报到街道：金山街道", None, None, None, None, None, "报到日期：2022年3月27日"])
    ws.put(3, ["序号", "姓名", "性别", "派出单位", "职务", "手机号码", "身份证号", "报到社区", "是否党员", "备注"])
    ws.text_cols.update({6, 7})
    units = ("市财政局", "市教育局", "市自然资源局", "市统计局", "市委党校", "市总工会")
    for index in range(12):
        person = synth.person("sent_down_cadre", ages=(26, 56), party_member=index % 4 != 3,
                              dispatch_to=("彼岸社区", "金港社区", "浦上社区")[index % 3])
        book.place(person, ws, 4 + index, [index + 1, person.name, gender_zh(person), units[index % 6],
                                           ("科员", "四级主任科员", "副科长", "一级科员")[index % 4], person.phone,
                                           person.id_number, person.dispatch_to, "是" if person.party_member else "否",
                                           "可驾驶" if index % 5 == 0 else ""])
    return book


def dingtalk(synth: Synth, shared: Cast) -> Book:
    """A DingTalk form export: 提交人/提交时间 first (the submitter is not always the volunteer), multi-choice times."""
    book = Book("10_钉钉表单_志愿者报名_导出.xlsx", "DingTalk (钉钉) smart-form export: 提交人 (sometimes a "
                "relative who filled it in), 提交时间, questions as headers, multi-choice availability joined by "
                "commas, optional ID left blank, an 11-digit mobile with a typo.")
    ws = book.sheet("表单数据")
    ws.put(1, ["提交人", "提交时间", "姓名", "手机号", "身份证号码", "性别", "年龄", "所在镇街", "所在村居",
               "是否中共党员", "可参加时段", "身体状况"])
    people = [shared.in_xls_and_dingtalk]
    people += [synth.person("volunteer", party_member=i % 3 == 0, township="梅山镇",
                            community=("蓉中村", "芙蓉村")[i % 2]) for i in range(11)]
    submitter = synth.person("volunteer")
    for index, person in enumerate(people):
        row = 2 + index
        mark_party_volunteer(person)
        times = ",".join(word for word, _ in AVAILABILITY_WORDS[index % 3: index % 3 + 2])
        person.availability = "always" if "随叫随到" in times else "restricted"
        shown_id, phone = person.id_number, person.phone
        truth: dict[str, object] = {"grid": None, "health": None}
        if index == 0:
            shown_id, truth = "", {**truth, "id_number": None}
        if index == 7:
            phone = "12" + person.phone[2:]
            truth["phone"] = None
            book.flag(ws, row, "warning", "phone", "11 digits but no mobile starts 12; the ID still identifies")
        health = "良好" if index % 4 else "有基础病（糖尿病）"
        truth["health"] = "fit" if index % 4 else "limited"
        book.place(person, ws, row, [submitter.name if index == 4 else person.name,
                                     f"2022-03-26 0{index % 10}:1{index}", person.name, phone, shown_id,
                                     gender_zh(person), person.age, person.township,
                                     person.community, "是" if person.party_member else "否", times, health], **truth)
    return book


def questionnaire(synth: Synth) -> Book:
    """A 问卷星 (wjx) export: numbered questions as headers, 提交答卷时间/来源/来自IP columns before them."""
    book = Book("11_问卷星_党员报到_导出.xlsx", "Questionnaire export (问卷星 style): 序号, 提交答卷时间, 所用时间, "
                "来源, 来自IP, then numbered questions `1、您的姓名：` …, 性别 as 男/女, multi-choice times with ┋.")
    ws = book.sheet("Sheet1")
    ws.put(1, ["序号", "提交答卷时间", "所用时间", "来源", "来自IP", "1、您的姓名：", "2、您的性别：",
               "3、您的手机号码：", "4、您的身份证号码：", "5、您所在的社区：", "6、您是否为中共党员？",
               "7、可参加志愿服务的时间（多选）"])
    for index in range(12):
        person = synth.person("volunteer", party_member=index % 2 == 0, community=("浦上社区", "龙江社区")[index % 2])
        mark_party_volunteer(person)
        times = "┋".join(word for word, _ in AVAILABILITY_WORDS[index % 4: index % 4 + 2])
        person.availability = "always" if "随叫随到" in times else "restricted"
        book.place(person, ws, 2 + index, [index + 1, f"2022/3/26 {8 + index % 10}:0{index % 10}:12",
                                           f"{40 + index * 3}秒", "微信",
                                           f"112.5.{index + 10}.{index * 7 % 250}(福建-泉州)",
                                           person.name, gender_zh(person), person.phone, person.id_number,
                                           person.community, "是" if person.party_member else "否", times])
    return book


def hospital(synth: Synth) -> Book:
    """A hospital's list of staff lent to sampling: 科室, 工号, 职称 and a 15-digit 执业证书编码 that is no ID."""
    book = Book("12_市第二医院支援采样人员名单.xlsx", "Hospital list of medical staff sent to sampling sites: 科室, "
                "4-digit 工号 record numbers, 职称, a 15-digit practising-licence number (not an ID), no ID numbers.")
    ws = book.sheet("支援人员")
    ws.banner(1, "泉州市第二医院支援核酸采样医务人员名单", 9)
    ws.put(2, ["序号", "科室", "姓名", "工号", "性别", "年龄", "职称", "执业证书编码", "手机号码"])
    departments = ("急诊科", "检验科", "呼吸内科", "护理部", "感染科")
    for index in range(12):
        person = synth.person("medical", ages=(24, 55))
        licence = f"1103505{synth.rng.randrange(10**8):08d}"
        book.place(person, ws, 3 + index, [index + 1, departments[index % 5], person.name, 2031 + index * 13,
                                           gender_zh(person), person.age,
                                           ("护师", "主管护师", "医师", "主治医师")[index % 4], licence, person.phone],
                   id_number=None, birth_date=None)
    return book


def police(synth: Synth) -> Book:
    """A police station's list for checkpoint duty: 警号, birth dates as real Excel dates, no ID numbers."""
    book = Book("13_洪濑派出所卡口执勤民警.xlsx", "Police station list for checkpoint duty: 6-digit 警号 (badge "
                "numbers), 出生日期 as Excel dates, 所属单位, no ID numbers.")
    ws = book.sheet("民警")
    ws.put(1, ["序号", "姓名", "警号", "性别", "出生日期", "联系电话", "所属单位", "备注"])
    for index in range(8):
        person: Person = synth.person("police", ages=(24, 52))
        book.place(person, ws, 2 + index, [index + 1, person.name, 350000 + 1371 * (index + 1), gender_zh(person),
                                           date.fromisoformat(person.birth_date), person.phone, "洪濑派出所",
                                           "带班" if index == 0 else ""], id_number=None)
    return book


__all__ = ["coded_report", "dingtalk", "hospital", "party_zh", "police", "questionnaire", "sent_down", "side_by_side"]
