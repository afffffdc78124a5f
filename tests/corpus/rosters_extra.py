"""More layouts: a party branch's member-information form, a WeCom collection export, a blank duty roster, a
hand-typed list of building heads."""

from __future__ import annotations

from datetime import date, timedelta

from .book import Book
from .people import Synth, gender_zh, mark_party_volunteer

WEEKDAYS = "一二三四五六日"
WECOM_HEALTH = (("健康", "fit"), ("良好", "fit"), ("有高血压", "limited"))


def phone_styles(phone: str) -> tuple[str, str, str, str]:
    """A mobile as people type it into a form: plain, in groups with spaces, with +86, in groups with dashes."""
    return phone, f"{phone[:3]} {phone[3:7]} {phone[7:]}", f"+86 {phone}", f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"


def party_information(synth: Synth) -> Book:
    """A party committee's 党员信息采集表: 入党时间 beside 出生日期, 所在党支部 naming the grid, 是否退休/退休时间,
    the community only inside 现居住地址."""
    book = Book("18_彼岸社区党员信息采集表.xlsx", "A community party committee's member-information form (党员信息"
                "采集表): 民族, 学历, 入党时间 (a second date, not the birth date), 所在党支部 naming the grid, "
                "是否退休 and 退休时间 deciding retired cadres, street and community only inside 现居住地址.")
    ws = book.sheet("党员信息")
    ws.banner(1, "中共彼岸社区委员会党员信息采集表", 14)
    ws.put(2, ["党组织名称：中共彼岸社区委员会", None, None, None, None, None, None, None, None, None,
               "填报时间：2022年3月"])
    ws.put(3, ["序号", "姓名", "性别", "民族", "出生日期", "公民身份证号", "学历", "入党时间", "所在党支部", "是否退休",
               "退休时间", "手机号码", "现居住地址", "备注"])
    ws.text_cols.update({6, 12})
    grids = ("第一网格", "第二网格", "第三网格")
    for index in range(12):
        retired = index % 3 == 0
        person = synth.person("retired_cadre" if retired else "party_volunteer", ages=(61, 80) if retired else (25, 55),
                              party_member=True, township="金山街道", community="彼岸社区", grid=grids[index % 3])
        joined = int(person.birth_date[:4]) + 20 + index % 6
        address = f"福州市仓山区金山街道彼岸社区{index % 9 + 1}号楼{(index % 6 + 1) * 100 + 2}室"
        book.place(person, ws, 4 + index, [index + 1, person.name, gender_zh(person), "畲族" if index == 7 else "汉族",
                                           f"{person.birth_date[:4]}年{person.birth_date[5:7]}月", person.id_number,
                                           ("高中", "大专", "本科", "中专")[index % 4], f"{joined}.0{index % 9 + 1}",
                                           f"{person.grid}党支部", "是" if retired else "否",
                                           f"{int(person.birth_date[:4]) + 60}.06" if retired else "", person.phone,
                                           address, ""])
    return book


def wecom_collection(synth: Synth) -> Book:
    """A WeCom (企业微信) collection export: nicknames as 填写人, `（必填）` in headers, phones with spaces or +86."""
    book = Book("19_企业微信收集表_志愿者信息.xlsx", "WeCom (企业微信) 收集表 export: 序号, 填写人 as WeChat "
                "nicknames, 填写时间, headers marked `（必填）`, mobiles written `138 1234 5678`, `+86 138…`, "
                "`138-1234-5678`, an ID ending in a lower-case x, 是否可参加夜间值守.")
    ws = book.sheet("收集结果")
    ws.put(1, ["序号", "填写人", "填写时间", "姓名（必填）", "手机号（必填）", "身份证号码", "性别", "所在网格",
               "是否可参加夜间值守", "身体状况"])
    nicknames = ("平安是福", "A阿珠", "山水间", "Lucky", "向阳花", "老陈", "晴天", "一米阳光", "静待花开", "阿强")
    for index in range(10):
        person = synth.person("volunteer", grid=f"第{index % 3 + 1}网格")
        shown_id = person.id_number
        if index == 3:
            while not person.id_number.endswith("X"):
                person.id_number = synth.id_number(date.fromisoformat(person.birth_date), person.gender == "M")
            shown_id = person.id_number.lower()
        phone = phone_styles(person.phone)[index % 4]
        health, person.health = WECOM_HEALTH[index % 3] if index % 5 else ("腰椎不好，不能久站", "limited")
        book.place(person, ws, 2 + index, [index + 1, nicknames[index], f"2022/03/2{index % 4 + 4} 2{index % 4}:15",
                                           person.name, phone, shown_id, gender_zh(person), person.grid,
                                           "是" if index % 2 else "否", health])
    return book


def blank_duty_roster() -> Book:
    """A blank duty roster sent round to be filled in: dates and weekdays, empty name and phone columns."""
    book = Book("20_金港社区值班表_空白.xlsx", "A blank duty roster the street sends to each community to fill in: "
                "dates and weekdays down the side, empty 值班领导/值班人员/联系电话 columns; it holds no people and no "
                "posts, and must be ignored with a note, not turned into rejected rows.")
    ws = book.sheet("值班表")
    ws.banner(1, "金港社区疫情防控值班表（3月28日—4月3日）", 6)
    ws.put(2, ["日期", "星期", "值班领导", "值班人员", "联系电话", "备注"])
    for offset in range(7):
        day = date(2022, 3, 28) + timedelta(days=offset)
        ws.put(3 + offset, [f"{day.month}月{day.day}日", f"星期{WEEKDAYS[day.weekday()]}"])
    ws.put(11, ["值班电话：0591-83765432（24小时）"])
    return book


def building_heads(synth: Synth) -> Book:
    """A community's list of building and unit heads: headers broken over two lines inside the cell, 社区 and 网格
    merged down their rows, two-character names padded with a full-width space, ages as `63周岁`."""
    book = Book("22_龙江社区楼栋长单元长名单.xlsx", "A community's 楼栋长/单元长 list typed by hand in Excel: headers "
                "with a line break inside the cell (`联系\\n电话`), 社区 merged down the whole list and 网格 down each "
                "grid's rows, two-character names padded to three with a full-width space (`王　芳`), ages `63周岁`, "
                "a 小计 row after each grid.")
    ws = book.sheet("楼栋长")
    ws.banner(1, "金山街道龙江社区楼栋长、单元长名单", 11)
    ws.put(2, ["序号", "社区", "网格", "楼栋", "职务", "姓　名", "性别", "年龄", "联系\n电话", "身份证\n号码",
               "是否\n党员"])
    ws.text_cols.update({9, 10})
    row, serial = 3, 0
    for grid_index, grid in enumerate(("第一网格", "第二网格")):
        first = row
        for index in range(5):
            person = synth.person("volunteer", ages=(35, 72), party_member=(index + grid_index) % 2 == 0,
                                  township="金山街道", community="龙江社区", grid=grid)
            mark_party_volunteer(person)
            serial += 1
            shown = person.name if len(person.name) != 2 else f"{person.name[0]}　{person.name[1]}"
            book.place(person, ws, row, [serial, None, None, f"{grid_index * 5 + index + 1}号楼",
                                         "楼栋长" if index % 2 == 0 else "单元长", shown, gender_zh(person),
                                         f"{person.age}周岁", person.phone, person.id_number,
                                         "是" if person.party_member else "否"])
            row += 1
        ws.merge(first, 3, row - 1, 3)
        ws.put(first, [grid], col=3)
        ws.put(row, ["小计", None, None, None, None, "5人"])
        row += 1
    ws.merge(3, 2, row - 1, 2)
    ws.put(3, ["龙江社区"], col=2)
    return book


def retired_by_file_name(synth: Synth) -> Book:
    """Retired cadres whose category is only in the file's name; village and township only inside a home address
    written with 村委会 and without 镇; availability and health in words."""
    book = Book("23_洪濑镇退休干部志愿服务队名单.xlsx", "A retired cadres' volunteer team list with no title row: "
                "the category only in the file name, no ID numbers, 原工作单位及职务, 家庭住址 "
                "(`南安市洪濑溪州村委会3组12号`: township without 镇, village as 村委会), availability `夜班均可` / "
                "`上午` / `双休日全天`, health `心脏不好`.")
    ws = book.sheet("Sheet1")
    ws.put(1, ["序号", "姓名", "性别", "年龄", "联系电话", "原工作单位及职务", "家庭住址", "可服务时间", "身体状况"])
    units = ("洪濑镇政府原副镇长", "洪濑中学退休教师", "洪濑供销社原主任", "溪州村原党支部书记", "洪濑卫生院退休职工")
    times = (("夜班均可", "always"), ("上午", "restricted"), ("双休日全天", "restricted"), ("随叫随到", "always"))
    health = (("良好", "fit"), ("一般", "limited"), ("心脏不好", "limited"), ("良好", "fit"), ("高血压", "limited"))
    for index in range(10):
        village = ("溪州村", "东溪村")[index % 2]
        person = synth.person("retired_cadre", ages=(60, 78), township="洪濑镇", community=village,
                              id_number=None, birth_date=None)
        available, person.availability = times[index % 4]
        words, person.health = health[index % 5]
        address = f"南安市洪濑{village[:2]}村委会{index % 6 + 1}组{index * 7 % 40 + 1}号"
        book.place(person, ws, 2 + index, [index + 1, person.name, gender_zh(person), person.age, person.phone,
                                           units[index % 5], address, available, words])
    return book
