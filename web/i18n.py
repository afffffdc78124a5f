"""Chinese first, English by a switch kept in the session: every fixed word of the pages, in both languages.

Templates call ``_('key')``; labels of the domain's values (categories, site types, roles) come from
`scheduler.io.read.values.vocab` in Chinese and are their code names in English (as in the files).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, session

from scheduler.domain import Category, Role, SiteType
from scheduler.io.read.values.vocab import category_label_zh, role_label_zh, site_type_label_zh

LANGS = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    "app": ("应急动员排班", "Mobilisation scheduler"),
    "login": ("登录", "Log in"), "logout": ("退出", "Log out"), "name": ("账号", "Account"),
    "password": ("密码", "Password"), "login_failed": ("账号或密码不正确", "wrong account name or password"),
    "login_blocked": ("尝试次数过多，请 {seconds} 秒后再试",
                      "too many attempts; try again in {seconds} seconds"),
    "home": ("首页", "Home"), "uploads": ("上传花名册", "Upload rosters"), "people": ("人员", "People"),
    "sites": ("点位", "Sites"), "shifts": ("班次", "Shifts"), "solve": ("排班", "Solve"),
    "schedule": ("排班结果", "Schedule"), "district": ("辖区总览", "District"), "admin": ("管理", "Admin"),
    "audit": ("审计日志", "Audit log"), "accounts": ("账号", "Accounts"),
    "search": ("搜索", "Search"), "search_hint": ("姓名、电话、社区…", "name, phone, community…"),
    "prev": ("上一页", "Previous"), "next": ("下一页", "Next"), "page": ("第 {page}/{pages} 页，共 {total} 条",
                                                                        "page {page} of {pages}, {total} in all"),
    "files": ("文件", "Files"), "choose_files": ("选择一个或多个花名册文件（xlsx、xls、ods、csv）",
                                                 "Choose one or several roster files (xlsx, xls, ods, csv)"),
    "upload": ("上传并检查", "Upload and check"), "no_files": ("请选择要上传的文件", "choose the files to upload"),
    "report": ("检查结果", "Row report"), "accept": ("确认导入", "Accept and import"),
    "discard": ("放弃", "Discard"), "accepted": ("已导入：本单位的人员、点位和班次已替换为这次上传的内容",
                                               "imported: the office's people, sites and shifts now are this upload's"),
    "discarded": ("已放弃这次上传", "upload discarded"),
    "accept_note": ("确认导入会替换本单位现有的人员（若上传中有人员）和点位、班次（若上传中有点位或班次）；"
                    "上传中没有的部分保持不变。被拒绝的行不会导入。",
                    "Accepting replaces the office's people (if the upload holds people) and its sites and shifts "
                    "(if it holds posts); what it does not hold is kept. Rejected rows are left out."),
    "quota": ("本单位今天上传过多（{n} 次或 {mb} MB），请明天再试或联系管理员",
              "this office has uploaded too much today ({n} uploads or {mb} MB); try tomorrow or ask the "
              "administrator"),
    "marked_copy": ("下载标注了问题单元格的副本", "download a copy with the bad cells marked"),
    "file": ("文件", "File"), "sheet": ("工作表", "Sheet"), "row": ("行", "Row"), "column": ("列", "Column"),
    "severity": ("级别", "Severity"), "status": ("状态", "Status"), "message": ("说明", "Message"),
    "error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info"),
    "errors": ("错误", "Errors"), "warnings": ("警告", "Warnings"), "show_all_rows": ("显示全部行", "show every row"),
    "show_problems": ("只显示问题行", "show problems only"),
    "no_problems": ("没有发现错误或警告", "no errors or warnings"), "state": ("状态", "State"),
    "pending": ("待确认", "pending"), "upload_pending": ("待确认", "pending"),
    "upload_accepted": ("已导入", "imported"), "upload_discarded": ("已放弃", "discarded"), "created": ("时间", "When"),
    "person_name": ("姓名", "Name"), "phone": ("电话", "Phone"), "id_number": ("身份证号", "ID number"),
    "category": ("人员类别", "Pool"),
    "age": ("年龄", "Age"), "community": ("社区（村）", "Community"), "township": ("乡镇", "Township"),
    "grid": ("网格", "Grid"), "reveal": ("显示完整手机号和身份证号（记入审计日志）",
                                           "show full phone and ID numbers (audit-logged)"),
    "hide": ("隐藏个人信息", "hide personal data"), "site": ("点位", "Site"), "type": ("类型", "Type"),
    "start": ("开始", "Start"), "end": ("结束", "End"), "places": ("需求人数", "Places"),
    "no_data": ("还没有导入花名册。请先上传。", "No rosters imported yet. Upload them first."),
    "time_limit": ("求解时间（秒）", "Time limit (seconds)"), "start_solve": ("开始排班", "Start solving"),
    "jobs": ("排班任务", "Solves"), "job": ("排班任务", "Solve"), "queued": ("排队中", "queued"),
    "running": ("求解中", "running"), "done": ("已完成", "done"), "failed": ("失败", "failed"),
    "cancelled": ("已取消", "cancelled"), "cancel": ("取消", "Cancel"),
    "objective": ("目标值", "Objective"), "bound": ("上界", "Bound"), "gap": ("差距", "Gap"),
    "elapsed": ("用时（秒）", "Elapsed (s)"), "solutions": ("已找到方案数", "Solutions"),
    "view_schedule": ("查看排班结果", "View the schedule"), "cancel_requested": ("正在取消…", "cancelling…"),
    "coverage": ("覆盖率", "Coverage"), "demanded": ("需求人次", "Demanded"), "filled": ("已排人次", "Filled"),
    "unfilled": ("缺口人次", "Unfilled"), "gaps": ("缺口", "Gaps"), "by_site": ("按点位", "By site"),
    "by_person": ("按人员", "By person"), "heatmap": ("各类点位按小时覆盖率", "Coverage by site type and hour"),
    "workload": ("人均工时分布", "Hours per person"), "pools": ("各类人员平均工时", "Mean hours per pool"),
    "by_day": ("每日覆盖率", "Coverage per day"), "date": ("日期", "Date"), "time": ("时段", "Time"),
    "role": ("角色", "Role"), "hours": ("工时", "Hours"), "missing": ("缺少", "Missing"),
    "reasons": ("原因", "Reasons"), "no_gaps": ("无缺口：全部岗位已排满。", "No gaps: every place is filled."),
    "no_schedule": ("还没有排班结果。", "No schedule yet."), "published": ("已发布", "published"),
    "publish": ("发布此排班", "Publish this schedule"), "not_published": ("未发布", "not published"),
    "downloads": ("下载", "Downloads"), "schedule_xlsx": ("排班表 Excel", "schedule.xlsx"),
    "schedule_json": ("schedule.json", "schedule.json"), "calendars": ("每人日历（ICS，压缩包）",
                                                                       "Calendars per person (ICS, zip)"),
    "calendar": ("日历", "Calendar"), "notifications_csv": ("短信通知名单 CSV", "SMS list CSV"),
    "notifications_xlsx": ("短信通知名单 Excel", "SMS list xlsx"),
    "personal_masked": ("您的账号无权查看完整个人信息，下载文件中的手机号和身份证号已隐去中间位。",
                        "Your account may not see personal data: phone and ID numbers in the files are masked."),
    "offices": ("街道办/乡镇", "Offices"), "office": ("街道办/乡镇", "Office"),
    "merged": ("合并排班", "Merged schedule"),
    "merged_xlsx": ("下载合并排班表", "Download the merged workbook"),
    "create_account": ("新建账号", "Add an account"), "role_office": ("街道办/乡镇", "office"),
    "role_coordinator": ("指挥部（区县）", "coordinator"), "role_admin": ("管理员", "admin"),
    "personal": ("可查看个人信息", "May see personal data"), "save": ("保存", "Save"),
    "account_created": ("已创建账号", "account created"), "action": ("操作", "Action"),
    "target": ("对象", "Target"), "detail": ("详情", "Detail"), "who": ("账号", "Account"),
    "address": ("地址", "Address"), "status_people": ("人员 {n} 人", "{n} people"),
    "status_sites": ("点位 {n} 个", "{n} sites"), "status_shifts": ("班次 {n} 个", "{n} shifts"),
    "current_data": ("当前数据", "Current data"), "latest_job": ("最近的排班任务", "Latest solve"),
    "all_sites": ("全部点位", "All sites"), "back": ("返回", "Back"), "shift_count": ("班次数", "Shifts"),
    "lang_switch": ("English", "中文"), "details": ("详情", "Details"),
    "heat_note": ("每格为该类点位在该小时内已排人时 / 需求人时（全部日期合计）。",
                  "Each cell: place-hours filled / demanded in that hour of the day, over all days."),
    "people_with_shifts": ("有班次的人员", "People with shifts"),
    "confirm_accept": ("确认以上变更并导入", "Confirm these changes and import"),
    "added": ("新增", "Added"), "updated": ("更新", "Updated"), "deleted": ("删除", "Deleted"),
    "unchanged": ("不变", "Unchanged"),
    "kept_as_is": ("保持不变（上传中没有这一类）", "kept as it is (none in the upload)"),
    "versions": ("数据版本", "Versions"), "restore": ("恢复此版本", "Restore this version"),
    "versions_note": ("每次导入或恢复都会保存为一个版本；本单位的人员、点位、班次、规则和固定安排可恢复为任一版本。",
                      "Every import and every restore is kept as a version: the office's people, sites, shifts, rules "
                      "and pins can be restored to any of them."),
    "version_accept": ("导入上传", "import of upload"), "version_restore": ("恢复版本 #{n}", "restore of version #{n}"),
    "version_current": ("当前数据", "current data"),
    "version_baseline": ("开始保存版本前已有的数据", "data held before versions were kept"),
    "no_versions": ("还没有版本。", "No versions yet."),
    "restore_note": ("恢复会用这个版本替换本单位现有的全部人员、点位、班次、规则和固定安排。",
                     "Restoring replaces all of the office's people, sites, shifts, rules and pins by this version's."),
    "confirm_restore": ("确认以上变更并恢复", "Confirm these changes and restore"),
    "restored": ("已恢复版本 #{n}", "version #{n} restored"),
    "correct": ("更正", "correct"), "correct_row": ("更正这一行", "Correct this row"),
    "header": ("表头", "Header"), "value": ("内容", "Value"),
    "before": ("原内容", "Before"), "after": ("改为", "After"),
    "save_and_check": ("保存并重新检查", "Save and check again"), "corrections": ("在线更正", "Corrections"),
    "correct_note": ("只改动需要更正的单元格；保存后整个上传会立即按更正后的内容重新检查，原文件不会被修改。",
                     "Change only the cells that need it; saving checks the whole upload again at once with the "
                     "corrections applied. The uploaded files themselves are not changed."),
    "not_correctable": ("这一行不能更正：上传已处理，或这一行没有问题", "this row cannot be corrected: the upload has "
                        "been handled, or the row has no problem"),
    "nothing_changed": ("没有改动任何单元格", "no cell was changed"),
    "cell_too_long": ("单元格内容不能超过 {n} 个字符（Excel 的上限），未保存", "a cell holds at most {n} characters "
                      "(Excel's limit); nothing was saved"),
    "corrected": ("已保存 {n} 处更正并重新检查", "{n} correction(s) saved and the upload checked again"),
    "no_cells": ("找不到这一行的单元格", "the cells of this row could not be found"),
    # the mapping page (web/mapping)
    "mapping": ("列对应", "Column mapping"), "kind": ("表类型", "Kind of sheet"),
    "header_row": ("表头行（如 3 或 3-4）", "Header row (e.g. 3 or 3-4)"),
    "show_choice": ("按此显示各列", "Show the columns for this choice"), "samples": ("示例值", "Sample values"),
    "field_col": ("读作", "Read as"), "evidence": ("依据", "Evidence"), "confidence": ("把握", "Confidence"),
    "shift_names": ("班次名称与时间", "Shift names and times"), "shift_name": ("班次名称", "Shift name"),
    "shift_times": ("时间（如 08:00-16:00）", "Times (e.g. 08:00-16:00)"),
    "save_mapping": ("保存并重新读取", "Save and read again"),
    "mapping_saved": ("已保存列对应并重新读取；以后同样格式的表将自动按此读取",
                      "mapping saved and the files read again; later sheets of this layout are read the same way"),
    "mapping_intro": ("请核对每一列读作什么。保存后立即按此重新读取这次上传，并记住这种表格式。",
                      "Check what each column is read as. Saving reads this upload again at once and remembers "
                      "this layout."),
    "preview": ("表格前几行", "The first rows"), "not_recognised": ("未识别", "not recognised"),
    "unsure_sheets": ("需要确认的工作表", "Sheets to confirm"),
    "unsure_note": ("下列工作表未能识别或把握不足，请打开“列对应”核对。",
                    "These sheets were not recognised or read with low confidence: open their mapping to check."),
    "open_mapping": ("核对列对应", "check the mapping"),
    "unread_sheets": ("未读取的工作表或文件", "Sheets or files not read"),
    "unread_note": ("下列内容未读取，导入前须指定其内容（列对应），或勾选“忽略此表”。",
                    "These were not read: before accepting, map them or tick 'ignore this sheet'."),
    "ignore_sheet": ("忽略此表", "ignore this sheet"), "ignore_file": ("忽略此文件", "ignore this file"),
    "ignore_ticked": ("忽略勾选的表", "Ignore the ticked ones"),
    "nothing_ticked": ("没有勾选要忽略的表", "nothing was ticked"),
    "sheets_ignored": ("已记录：忽略 {n} 个工作表或文件", "recorded: {n} sheet(s) or file(s) ignored"),
    "ignored_sheets": ("已忽略（记入记录）", "Ignored (recorded)"),
    "template_zh": ("下载空白模板（中文）", "Download the blank template (Chinese)"),
    "template_en": ("下载空白模板（英文）", "Download the blank template (English)"),
}

#: Error pages: code → (title zh, title en, text zh, text en).
ERRORS: dict[int, tuple[str, str, str, str]] = {
    400: ("请求有误", "Bad request", "请求无法处理（表单可能已过期），请返回重试。",
          "The request could not be handled (the form may have expired); go back and try again."),
    403: ("无权访问", "Forbidden", "您的账号无权进行此操作。", "Your account may not do this."),
    404: ("找不到页面", "Not found", "页面不存在，或不属于您的单位。",
          "The page does not exist or is not your office's."),
    405: ("不支持的操作", "Not allowed", "此页面不支持这种操作。", "This page does not allow that."),
    409: ("操作冲突", "Conflict", "同一内容刚被另一请求修改，未做任何更改。请刷新后重试。",
          "Someone changed the same thing at the same moment; nothing was changed. Reload and try again."),
    413: ("文件太大", "Too large", "上传的文件太大，请拆分后再上传（合计不超过 {mb} MB）。",
          "The upload is too large; split it (at most {mb} MB in all)."),
    429: ("操作太频繁", "Too many requests", "请稍后再试。", "Try again a little later."),
    503: ("系统繁忙", "Busy", "系统正忙，未做任何更改，请稍后重试。",
          "The system is busy; nothing was changed. Try again shortly."),
    500: ("系统出错", "Server error", "系统内部出错，已记录。请稍后重试，或联系管理员。",
          "Something went wrong on our side and was logged. Try again later or tell the administrator."),
}


def lang() -> str:
    """The language of this session: Chinese unless switched."""
    chosen = session.get("lang")
    return chosen if chosen in LANGS else "zh"


def t(key: str, **values: Any) -> str:
    """The word for `key` in the session's language, with `{name}` placeholders filled."""
    zh, en = WORDS[key]
    text = zh if lang() == "zh" else en
    return text.format(**values) if values else text


def both(zh: str, en: str) -> str:
    """One of a pair of texts (a message from `scheduler`) in the session's language."""
    return zh if lang() == "zh" else en


def _labeller(kind: type, words: Any) -> Any:
    """A template function naming a domain value of `kind` in the session's language."""
    def label(value: object) -> str:
        """A domain value's label: Chinese from the vocabulary, English as its code name."""
        try:
            member = kind(value)
        except ValueError:
            return str(value)
        return words(member) if lang() == "zh" else str(member)

    return label


category = _labeller(Category, category_label_zh)
site_type = _labeller(SiteType, site_type_label_zh)
role = _labeller(Role, role_label_zh)


def init_app(app: Flask) -> None:
    """Make the words available to every template."""
    app.jinja_env.globals.update(_=t, lang=lang, both=both, category=category, site_type=site_type, role=role)
