"""Benchmark: read and validate a 100,000-person roster (targets: at most 10 s and 1.5 GB peak RSS on 2 cores;
through the guarded path of issue 5 — container checks and a capped child process — at most 20 s).

    python benchmarks/validate_100k.py [--people N] [--repeat N] [--regenerate] [--profile]

The roster is generated once (openpyxl write-only mode, fixed seed) in a realistic layout — title and date
line above the header, group headings per township, text ID numbers and phones, mixed categories — and
cached under benchmarks/results/ (git-ignored). `read_rosters` then runs in a fresh interpreter so the
figures are its own: wall time of the call, the whole child process, and the child's peak resident memory.
It runs `--repeat` times (default 3) and reports the median, since other work on the machine makes single
runs vary; the figures are printed as a table and written to benchmarks/results/validate_100k.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
LAYOUT_VERSION = 1  # bump when the generated layout changes, so a stale cached roster is not reused
#: Seconds for the guarded read (issue 5) and for the in-process one (issue 2), and peak memory.
TARGET_SECONDS, TARGET_UNGUARDED_SECONDS, TARGET_MB = 20.0, 10.0, 1536
SEED = 100_000

HEADERS = ("序号", "姓名", "性别", "出生年月", "身份证号", "联系电话", "人员类别", "是否党员", "乡镇(街道)", "村(社区)",
           "网格", "区域类型", "区域编号", "技能", "健康状况", "派驻地", "工作单位", "可服务时段", "备注")
CATEGORIES = (("党员志愿者", 25), ("志愿者", 35), ("退休干部", 10), ("下沉干部", 12), ("医务人员", 8),
              ("公安民警", 3), ("社区工作者", 7))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅文辉金海春德永俊鹏斌宏振峰家昌锦成忠良"
SKILLS = ("", "", "", "驾驶", "登记", "登记、电脑", "采样", "消杀", "闽南语", "急救")
HEALTH = ("良好",) * 12 + ("一般", "患有高血压", "不宜参加")
TIMES = ("",) * 8 + ("上午", "下午、夜间", "08:00-12:00", "全天")


def roster_path(people: int) -> Path:
    return RESULTS / f"roster_{people}_v{LAYOUT_VERSION}.xlsx"


def _id_number(rng: random.Random, used: set[str], birth: date, male: bool) -> str:
    from scheduler.io.read.values.idcard import make_id_number

    while True:
        area = f"35{rng.randrange(1, 10):02d}{rng.randrange(1, 30):02d}"
        number = make_id_number(area, birth, rng.randrange(500) * 2 + int(male))
        if number not in used:
            used.add(number)
            return number


def _person_row(rng: random.Random, seq: int, township: str, used: set[str]) -> list[Any]:
    """One realistic row; ages, zones, limits and notes vary like a real district roster."""
    category = rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]
    low, high = (58, 80) if category == "退休干部" else (18, 62)
    male = rng.random() < 0.55
    birth = date(2022, 3, 28) - timedelta(days=rng.randint(low * 365 + 10, high * 365 + 300))
    community = f"{township[:-1]}第{rng.randrange(1, 11)}社区"
    zone = rng.choices(("", "封控区", "管控区", "防范区"), weights=(85, 4, 6, 5))[0]
    zone_id = f"{community}{rng.randrange(1, 4)}组{zone}" if zone in ("封控区", "管控区") else ""
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.8 else "")
    phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    birth_cell = f"{birth.year}.{birth.month:02d}" if seq % 3 else birth
    note = "已注销" if seq % 997 == 0 else ("组长" if seq % 50 == 0 else "")
    return [seq, name, "男" if male else "女", birth_cell, _id_number(rng, used, birth, male), phone, category,
            "是" if category == "党员志愿者" or rng.random() < 0.2 else "否", township, community,
            f"{community}第{rng.randrange(1, 6)}网格", zone, zone_id, rng.choice(SKILLS), rng.choice(HEALTH),
            f"{township[:-1]}第{rng.randrange(1, 11)}社区" if category == "下沉干部" else "",
            "市直机关" if category == "下沉干部" else "", rng.choice(TIMES), note]


def generate(path: Path, people: int) -> float:
    """Write the roster in write-only mode; returns the seconds it took."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    started = time.perf_counter()
    rng = random.Random(SEED)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("全区志愿者花名册")
    ws.append(["某市某区疫情防控志愿者花名册（汇总）"])
    ws.append(["填报单位：区疫情防控指挥部", None, None, None, None, None, None, None, None, "填报日期：2022年3月27日"])
    ws.append(list(HEADERS))
    used: set[str] = set()
    per_township = 5000
    numerals = "一二三四五六七八九十"
    for seq in range(1, people + 1):
        index = (seq - 1) // per_township
        township = f"第{index + 1}街道"
        if (seq - 1) % per_township == 0:
            heading = f"{numerals[index % 10]}、{township}" if index < 10 else f"({index + 1}){township}"
            ws.append([heading])
        row = _person_row(rng, seq, township, used)
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value if value != "" else None)
            if isinstance(value, str) and value.isdigit():
                cell.number_format = "@"
            cells.append(cell)
        ws.append(cells)
    ws.append(["合计", f"共{people}人"])
    ws.append(["填表人：张某", None, None, None, "审核人：李某"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return time.perf_counter() - started


class _Peak:
    """Catches the guarded reader's log line, which carries its sandboxed child's peak memory."""

    def __init__(self) -> None:
        import logging
        import re

        self.mb = 0.0
        pattern = re.compile(r"peak memory (\d+) MB")
        peak = self

        class Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if match := pattern.search(record.getMessage()):
                    peak.mb = max(peak.mb, float(match.group(1)))

        logger = logging.getLogger("scheduler.io.read.reader")
        logger.setLevel(logging.INFO)
        logger.addHandler(Handler())


def child(path: Path, profile: bool) -> None:
    """Runs in the fresh interpreter: times read_rosters and prints one JSON line (and a profile to stderr).
    With --unguarded the roster is read in this process, as before issue 5; by default it is read as the CLI and
    the web read it: container checks, then a capped child process (whose peak memory is reported too)."""
    started = time.perf_counter()
    from scheduler.io.read.reader import read_rosters

    peak = _Peak()

    imported = time.perf_counter()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    result = read_rosters([path], today=date(2022, 3, 27), guard=os.environ.get("UNGUARDED") != "1")
    finished = time.perf_counter()
    if profiler is not None:
        import pstats

        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    statuses: dict[str, int] = {}
    for entry in result.report:
        key = str(entry.status)
        statuses[key] = statuses.get(key, 0) + 1
    print(json.dumps({
        "read_s": round(finished - imported, 3), "import_s": round(imported - started, 3),
        "child_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "sandbox_peak_rss_mb": peak.mb,
        "people": len(result.problem.people), "ok": result.ok, "report_entries": len(result.report),
        "statuses": statuses,
    }))


def measure(path: Path, profile: bool) -> dict[str, Any]:
    """Run `child` in a fresh interpreter and collect its figures plus the process's wall time and RSS."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(path)] + (["--profile"] if profile else [])
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr}")
    if profile:
        print(done.stderr, file=sys.stderr)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_wall_s"] = round(wall, 3)
    figures["peak_rss_mb"] = max(round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
                                 figures["sandbox_peak_rss_mb"])
    return figures


def print_table(figures: dict[str, Any]) -> None:
    rows = [
        ("people in roster", f"{figures['roster_people']:,}", ""),
        ("people read", f"{figures['people']:,}", ""),
        ("report entries", f"{figures['report_entries']:,}", ""),
        ("read_rosters wall time (median)", f"{figures['read_s']:.2f} s", f"≤ {figures['targets']['seconds']:g} s"),
        ("read_rosters wall time (best)", f"{figures['read_s_best']:.2f} s", f"of {figures['runs']} runs"),
        ("child process wall time", f"{figures['process_wall_s']:.2f} s", ""),
        ("peak RSS (largest process)", f"{figures['peak_rss_mb']:.0f} MB", f"≤ {TARGET_MB} MB"),
        ("guarded (sandboxed child)", "no" if figures["unguarded"] else "yes", ""),
        ("within targets", "yes" if figures["within_targets"] else "NO", ""),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>12}  {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--regenerate", action="store_true", help="write the roster again even if cached")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of read_rosters (slower)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes to time; the median is reported")
    parser.add_argument("--unguarded", action="store_true", help="read in-process, without the sandbox")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.profile)
        return 0
    path = roster_path(args.people)
    generated = None
    if args.regenerate or not path.exists():
        generated = round(generate(path, args.people), 2)
        print(f"generated {path.relative_to(ROOT)} in {generated:.1f} s", file=sys.stderr)
    if args.unguarded:
        os.environ["UNGUARDED"] = "1"
    runs = [measure(path, args.profile) for _ in range(max(1, args.repeat))]
    figures = dict(sorted(runs, key=lambda run: run["read_s"])[len(runs) // 2])
    times = sorted(run["read_s"] for run in runs)
    figures.update({
        "runs": len(runs), "read_s_each": [run["read_s"] for run in runs], "read_s_best": times[0],
        "read_s": statistics.median(times), "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
    })
    target = TARGET_UNGUARDED_SECONDS if args.unguarded else TARGET_SECONDS
    figures.update({
        "roster_people": args.people, "unguarded": args.unguarded, "roster_file": str(path.relative_to(ROOT)),
        "roster_mb": round(path.stat().st_size / 2**20, 1), "generate_s": generated,
        "within_targets": figures["read_s"] <= target and figures["peak_rss_mb"] <= TARGET_MB,
        "targets": {"seconds": target, "peak_rss_mb": TARGET_MB}, "profiled": args.profile,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
    })
    print_table(figures)
    out = RESULTS / ("validate_100k_profiled.json" if args.profile else "validate_100k.json")
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)
    return 0 if figures["within_targets"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
