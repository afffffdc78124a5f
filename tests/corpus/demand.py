"""Demand workbooks as headquarters and offices write them: matrices, two-row session headers, team rules."""

from __future__ import annotations

from datetime import date, timedelta

from .book import Book

SHIFTS_3 = (("早班", "08:00", "16:00"), ("中班", "16:00", "24:00"), ("夜班", "00:00", "08:00"))


def checkpoint_matrix() -> Book:
    """A checkpoint rota as a matrix: posts × dates, cells `3班×4人`, `早中班各3人，夜班4人`, `撤`."""
    book = Book("14_梅山镇卡口执勤安排_矩阵.xlsx", "Township checkpoint rota as a matrix: rows are checkpoints, "
                "columns dates; cells `3班×4人`, `早中班各3人，夜班4人`, `撤` (closed that day); shift times in a "
                "说明 line above the table.")
    ws = book.sheet("卡口安排")
    ws.banner(1, "梅山镇疫情防控交通卡口执勤安排表（3月28日—3月31日）", 7)
    ws.put(2, ["说明：每日三班，早班8:00-16:00，中班16:00-24:00，夜班24:00-次日8:00；“3班×4人”即三班每班4人；"
               "“撤”即当日撤销该卡口。"])
    ws.merge(2, 1, 2, 7)
    days = [date(2022, 3, 28) + timedelta(days=i) for i in range(4)]
    ws.put(3, ["序号", "卡口名称", "位置", *[f"{d.month}月{d.day}日" for d in days]])
    posts = (("G15沈海高速梅山出口卡口", "梅山收费站", ("3班×4人", "3班×4人", "3班×4人", "3班×4人")),
             ("国道324线芙蓉卡口", "芙蓉村路口", ("3班×2人", "3班×2人", "早中班各3人，夜班4人", "撤")),
             ("省道308线灯光卡口", "灯光村", ("3班×2人", "撤", "撤", "撤")))
    for index, (post, place, cells) in enumerate(posts):
        ws.put(4 + index, [index + 1, post, place, *cells])
        for day, cell in zip(days, cells, strict=True):
            for name, start, end in SHIFTS_3:
                count = _matrix_count(cell, name)
                shift_day = day + timedelta(days=1) if name == "夜班" else day
                if count:
                    book.need(post, shift_day, start, end, "checker", count)
    ws.put(8, ["制表：梅山镇疫情防控指挥部", None, None, None, "2022年3月27日"])
    return book


def _matrix_count(cell: str, shift: str) -> int:
    """What one matrix cell asks of one shift (the truth's own reading of the three forms used above)."""
    if cell == "撤":
        return 0
    if cell.startswith("3班×"):
        return int(cell[3:-1])
    return 4 if shift == "夜班" else 3


def sampling_two_row() -> Book:
    """A sampling plan: session times in a two-row header (`上午场（7:30-11:30）` over 采样/登记/秩序)."""
    book = Book("15_全员核酸采样点人员需求_两行表头.xlsx", "Headquarters' mass-testing plan for one day: a row per "
                "sampling site, session times in a merged upper header (`上午场（7:30-11:30）`) over per-role counts "
                "(采样/登记/秩序), `/` for no session, 联系人/联系电话 of the site (not people to schedule).")
    ws = book.sheet("采样点需求")
    ws.banner(1, "金山街道3月29日全员核酸检测采样点人员需求表", 11)
    ws.put(2, ["序号", "采样点", "地址", "上午场（7:30-11:30）", None, None, "下午场（14:30-17:30）", None, None,
               "联系人", "联系电话"])
    ws.put(3, [None, None, None, "采样", "登记", "秩序", "采样", "登记", "秩序"])
    for col in (1, 2, 3, 10, 11):
        ws.merge(2, col, 3, col)
    ws.merge(2, 4, 2, 6)
    ws.merge(2, 7, 2, 9)
    sites = (("彼岸社区广场采样点", "金山大道1号", (4, 2, 2), (2, 1, 1)),
             ("金港社区服务中心采样点", "金港路18号", (6, 3, 2), (4, 2, 2)),
             ("浦上小学采样点", "浦上大道203号", (2, 1, 1), None),
             ("龙江花园北门采样点", "龙江路66号", (3, 2, "2人"), (3, 2, 1)))
    roles = ("sampler", "registrar", "order_keeper")
    day = date(2022, 3, 29)
    for index, (site, address, morning, afternoon) in enumerate(sites):
        afternoon_cells = list(afternoon) if afternoon else ["/", "/", "/"]
        ws.put(4 + index, [index + 1, site, address, *morning, *afternoon_cells, "社区书记", f"1385901{index:04d}"])
        for counts, (start, end) in ((morning, ("07:30", "11:30")), (afternoon, ("14:30", "17:30"))):
            for role, count in zip(roles, counts or (), strict=False):
                book.need(site, day, start, end, role, int(str(count).rstrip("人")))
    ws.put(9, ["合计", None, None, 15, 8, 7, 9, 5, 4])
    ws.put(10, ["注：采样人员由区卫健局统一调配，登记、秩序维护由各社区志愿者承担。"])
    return book


def door_knocking() -> Book:
    """Door-knocking by grid and building, with households and the team rule `每组2人，每组负责300户`."""
    book = Book("16_彼岸社区敲门行动任务分配.xlsx", "A community's door-knocking plan: a row per grid with its "
                "buildings, households and residents; the day, hours and team rule (`每组2人，每组负责300户，不足300户"
                "的按1组安排`) in a line above the table; head-counts are computed, not written.")
    ws = book.sheet("敲门行动")
    ws.banner(1, "彼岸社区3月30日“敲门行动”任务分配表", 6)
    ws.banner(2, "时间：3月30日8:00-12:00；每组2人，每组负责300户，不足300户的按1组安排。", 6)
    ws.put(3, ["网格", "楼栋", "户数", "常住人口", "组数", "备注"])
    grids = (("第一网格", "1-6号楼", 820, 2310), ("第二网格", "7-12号楼", 560, 1480),
             ("第三网格", "13-15号楼、沿街店面", 240, 610), ("第四网格", "彼岸花园A-D座", 1205, 3270))
    day = date(2022, 3, 30)
    for index, (grid, buildings, households, residents) in enumerate(grids):
        ws.put(4 + index, [grid, buildings, households, residents, None, "含独居老人12户" if index == 3 else ""])
        teams = -(-households // 300)
        book.need(grid, day, "08:00", "12:00", "canvasser", 2 * teams)
    ws.put(8, ["合计", None, 2825, 7670])
    return book


def checkpoint_shifts() -> Book:
    """A checkpoint sheet: the post merged down its shift rows, 班次 (早/中/夜班) beside 值班时间, per-role counts."""
    book = Book("17_洪濑镇卡口值班安排_班次.xlsx", "Checkpoint duty sheet: the checkpoint's name merged down its "
                "three shift rows, 班次 (早班/中班/夜班) beside 值班时间 (`00:00-08:00（次日）`), counts of 民警 and "
                "工作人员 per shift, the date in the title.")
    ws = book.sheet("值班安排")
    ws.banner(1, "洪濑镇交通卡口值班安排（3月28日）", 6)
    ws.put(2, ["卡口名称", "班次", "值班时间", "民警（人）", "工作人员（人）", "备注"])
    times = {"早班": "08:00-16:00", "中班": "16:00-24:00", "夜班": "00:00-08:00（次日）"}
    posts = (("洪濑高速口检疫点", ((1, 4), (1, 4), (1, 3))), ("洪溪线东溪卡口", ((1, 2), (1, 2), (0, 2))))
    day = date(2022, 3, 28)
    row = 3
    for post, counts in posts:
        ws.merge(row, 1, row + 2, 1)
        ws.put(row, [post])
        for (name, start, end), (officers, staff) in zip(SHIFTS_3, counts, strict=True):
            ws.put(row, [times[name], officers, staff, "24小时不间断" if name == "早班" else ""], col=3)
            ws.put(row, [name], col=2)
            shift_day = day + timedelta(days=1) if name == "夜班" else day
            if officers:
                book.need(post, shift_day, start, end, "police_officer", officers)
            book.need(post, shift_day, start, end, "checker", staff)
            row += 1
    return book


def delivery_teams() -> Book:
    """Sealed-zone delivery: a row per point with a date range, several sessions in one cell, a team make-up
    (`配送员2名+消杀员1名`) times a number of teams, and exceptions in 备注 (`3月31日起撤销`, `3月31日增加1组`)."""
    book = Book("21_封控区生活物资配送需求.xlsx", "A street's sealed-zone delivery plan: a row per delivery point "
                "with a date range (`3月29日-3月31日`), two sessions in one cell (`8:00-12:00、14:00-18:00`), the team "
                "make-up `配送员2名+消杀员1名` times 组数, `3月31日起撤销` in 备注 ending a point early and "
                "`3月31日增加1组` adding a team on one day.")
    ws = book.sheet("配送需求")
    ws.banner(1, "金山街道封控区生活物资配送需求表（3月29日—3月31日）", 8)
    ws.put(2, ["序号", "配送点", "所属社区", "服务日期", "服务时段", "每组配置", "组数", "备注"])
    points = (("彼岸花园封控区配送点", "彼岸社区", "3月29日-3月31日", (29, 30, 31),
               (("08:00", "12:00"), ("14:00", "18:00")), (("deliverer", 2), ("disinfector", 1)), 3, ""),
              ("金港小区配送点", "金港社区", "3月29日-3月31日", (29, 30), (("09:00", "11:30"),),
               (("deliverer", 2),), 2, "3月31日起撤销"),
              ("浦上新村配送点", "浦上社区", "3月30日", (30,), (("14:00", "17:00"),),
               (("deliverer", 2), ("disinfector", 1)), 1, ""),
              ("龙江花园配送点", "龙江社区", "3月29日-3月31日", (29, 30, 31), (("09:00", "12:00"),),
               (("deliverer", 2),), 2, "3月31日增加1组"))
    words = {"deliverer": "配送员", "disinfector": "消杀员"}
    for index, (point, community, dates, days, sessions, team, teams, note) in enumerate(points):
        times = "、".join(f"{int(start[:2])}:{start[3:]}-{int(end[:2])}:{end[3:]}" for start, end in sessions)
        make_up = "+".join(f"{words[role]}{count}名" for role, count in team)
        ws.put(3 + index, [index + 1, point, community, dates, times, make_up, teams, note])
        for day in days:
            boost = 1 if note.startswith(f"3月{day}日增加") else 0
            for start, end in sessions:
                for role, count in team:
                    book.need(point, date(2022, 3, day), start, end, role, count * (teams + boost))
    ws.put(8, ["注：每组须有1名党员；配送人员由下沉干部和党员志愿者组成。"])
    return book
