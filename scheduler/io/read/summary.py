"""The readable form of a read: per sheet what it was taken for and how its rows went, then every problem."""

from __future__ import annotations

from collections import Counter, defaultdict

from scheduler.io.read.reader import ReadResult
from scheduler.io.read.report import ReportEntry, RowStatus, Severity, row_statuses
from scheduler.io.read.sheets.mapping import CONFIDENCE_THRESHOLD

_KIND_ZH = {"people": "人员", "sites": "点位", "shifts": "班次需求", "leave": "请假", "pins": "固定安排",
            "rules": "规则"}
_STATUS_ZH = {RowStatus.imported: "导入", RowStatus.merged: "合并", RowStatus.rejected: "未导入",
              RowStatus.skipped: "跳过", RowStatus.ignored: "忽略"}
_MARK = {Severity.error: "✗", Severity.warning: "!", Severity.info: "·"}


def _message(entry: ReportEntry, lang: str) -> str:
    if lang == "zh":
        return entry.message_zh
    if lang == "en":
        return entry.message_en
    return f"{entry.message_zh}\n      {entry.message_en}"


def _counts(counter: Counter[RowStatus], lang: str) -> str:
    parts = []
    for status in RowStatus:
        if counter[status]:
            label = _STATUS_ZH[status] if lang == "zh" else str(status) if lang == "en" \
                else f"{_STATUS_ZH[status]}/{status}"
            parts.append(f"{label} {counter[status]}")
    return ", ".join(parts) or "-"


def format_summary(result: ReadResult, *, lang: str = "both", all_rows: bool = False) -> str:
    """Sheets found, row counts by status, each error and warning with its place, and the totals."""
    statuses = row_statuses(result.report)
    per_sheet: dict[tuple[str, str | None], Counter[RowStatus]] = defaultdict(Counter)
    for (file, sheet, _row), status in statuses.items():
        per_sheet[(file, sheet)][status] += 1
    lines = []
    for s in result.sheets:
        if s.skipped:
            lines.append(f"{s.file} › {s.sheet}: {_pick(lang, *s.skipped)}")
            continue
        kind = _pick(lang, "未识别", "not recognised") if s.kind is None else _pick(lang, _KIND_ZH[s.kind], s.kind)
        where = _pick(lang, f"表头第{s.header_row}行", f"header row {s.header_row}") if s.header_row else ""
        if s.confidence is not None:
            unsure = s.confidence < CONFIDENCE_THRESHOLD
            where += " " + _pick(lang, f"映射可信度{s.confidence:.0%}" + ("，请核对" if unsure else ""),
                                 f"mapping confidence {s.confidence:.0%}" + (", please check" if unsure else ""))
        lines.append(f"{s.file} › {s.sheet}: {kind} {where} — {_counts(per_sheet[(s.file, s.sheet)], lang)}")
    shown = [e for e in result.report if all_rows or e.severity is not Severity.info]
    if shown:
        lines.append("")
        lines.append(_pick(lang, "问题：", "Problems:") if not all_rows else _pick(lang, "行报告：", "Row report:"))
        for entry in shown:
            lines.append(f"  {_MARK[entry.severity]} {entry.location()}: {_message(entry, lang)}")
    lines.append("")
    lines.extend(_totals(result, statuses, lang))
    return "\n".join(lines)


def _pick(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en if lang == "en" else f"{zh} / {en}"


def _totals(result: ReadResult, statuses: dict[tuple[str, str | None, int], RowStatus], lang: str) -> list[str]:
    """Record counts, row counts by status, error and warning counts, and the verdict."""
    p = result.problem
    errors = sum(1 for e in result.report if e.severity is Severity.error)
    warnings = sum(1 for e in result.report if e.severity is Severity.warning)
    return [
        _pick(lang, f"人员 {len(p.people)}，点位 {len(p.sites)}，班次 {len(p.shifts)}，请假 {len(p.leave)}，"
                    f"固定安排 {len(p.pins)}",
              f"people {len(p.people)}, sites {len(p.sites)}, shifts {len(p.shifts)}, leave {len(p.leave)}, "
              f"pins {len(p.pins)}"),
        _pick(lang, f"行：{_counts(Counter(statuses.values()), 'zh')}；错误 {errors}，警告 {warnings}",
              f"rows: {_counts(Counter(statuses.values()), 'en')}; errors {errors}, warnings {warnings}"),
        _pick(lang, "通过", "OK") if result.ok else
        _pick(lang, "有错误：被拒绝的行未导入", "errors: rejected rows were not imported"),
    ]
