"""Score the reader on the corpus through its JSON contract (DESIGN §5): people, fields, flags, duplicates, demand.

`python -m tests.corpus.score [--mapping DIR] [--cli] [--json]` prints one line per workbook and the overall figures;
with `--mapping DIR`, a workbook with `DIR/<workbook>.mapping.json` is read through `scheduler validate --mapping`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
TRUTH = HERE / "truth"
CORE_FIELDS = ("name", "id_number", "phone", "gender", "age", "category", "township", "community")
OTHER_FIELDS = ("grid", "party_member", "health", "dispatch_to")
IDENTITY_FIELDS = ("id_number", "phone")
"""Scored even where the truth is empty: a wrong or invented identity is worse than none."""
PLACE_SUFFIXES = ("社区居民委员会", "村民委员会", "街道办事处", "社区居委会", "村委会", "居委会", "街道", "社区", "镇",
                  "乡", "村")
Doc = dict[str, Any]


@dataclass
class Count:
    """Hits out of a total: a fraction that adds up across workbooks."""

    hit: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        """Count one case."""
        self.hit += ok
        self.total += 1

    @property
    def rate(self) -> float:
        """hit / total (1.0 when there was nothing to count)."""
        return self.hit / self.total if self.total else 1.0


@dataclass
class Matches:
    """True positives against the sizes of the truth and of the output: an F1 that adds up across workbooks."""

    tp: int = 0
    truth: int = 0
    output: int = 0

    def __iadd__(self, other: Matches) -> Matches:
        """Sum two counts."""
        self.tp, self.truth, self.output = self.tp + other.tp, self.truth + other.truth, self.output + other.output
        return self

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (1.0 when both sides are empty)."""
        return 2 * self.tp / (self.truth + self.output) if self.truth + self.output else 1.0


@dataclass
class BookScore:
    """The figures of one workbook read on its own."""

    file: str
    people: Matches = field(default_factory=Matches)
    core: Count = field(default_factory=Count)
    other: Count = field(default_factory=Count)
    restrictive: Count = field(default_factory=Count)
    flagged: Count = field(default_factory=Count)
    demand: Matches = field(default_factory=Matches)
    false_rejects: int = 0
    misses: list[str] = field(default_factory=list)
    crash: str | None = None


def norm_name(text: object) -> str:
    """A name without spaces (offices pad two-character names: `王  芳`)."""
    return re.sub(r"\s+", "", str(text or ""))


def norm_place(text: object) -> str:
    """A place name without its administrative suffix, so 梅山 = 梅山镇 and 柳湖社区居委会 = 柳湖社区."""
    name = norm_name(text)
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def field_ok(name: str, truth: dict[str, Any], out: dict[str, Any]) -> bool:
    """Whether the output person's field says what the truth says."""
    want, got = truth.get(name), out.get(name)
    if name == "age":
        birth = truth.get("birth_date")
        return got == want or bool(birth and out.get("birth_date") and str(out["birth_date"]).startswith(birth))
    if name in ("township", "community", "dispatch_to"):
        return norm_place(want) == norm_place(got)
    if name == "name":
        return norm_name(want) == norm_name(got)
    return want == got


def pair_score(truth: dict[str, Any], out: dict[str, Any], file: str) -> int:
    """How surely an output person is a truth person: same name, then ID, phone, source row (0: not them)."""
    if norm_name(truth["name"]) != norm_name(out["name"]):
        return 0
    rows = {(r["sheet"], r["row"]) for r in truth["rows"]}
    score = 4 * bool(truth["id_number"] and out.get("id_number") == truth["id_number"])
    score += 2 * bool(truth["phone"] and out.get("phone") == truth["phone"])
    csv_rows = {r for _, r in rows} if file.endswith(".csv") else set()
    score += any(Path(str(s.get("file"))).name == file and ((s.get("sheet"), s.get("row")) in rows
                                                            or s.get("row") in csv_rows)
                 for s in out.get("sources", []))
    return score


def match_people(truth: list[dict[str, Any]], out: list[dict[str, Any]], file: str) -> list[tuple[int, int]]:
    """Pairs (truth index, output index), best evidence first, each person used once."""
    scored = sorted(((pair_score(t, o, file), ti, oi) for ti, t in enumerate(truth) for oi, o in enumerate(out)),
                    reverse=True)
    used_t: set[int] = set()
    used_o: set[int] = set()
    pairs = []
    for score, ti, oi in scored:
        if score and ti not in used_t and oi not in used_o:
            used_t.add(ti)
            used_o.add(oi)
            pairs.append((ti, oi))
    return pairs


def score_people(result: BookScore, truth: list[dict[str, Any]], out: list[dict[str, Any]]) -> None:
    """People F1, core and other field accuracy, and whether restrictive availability stayed restrictive."""
    pairs = match_people(truth, out, result.file)
    result.people = Matches(len(pairs), len(truth), len(out))
    matched = {ti for ti, _ in pairs}
    result.misses += [f"person not found: {t['name']} rows {[r['row'] for r in t['rows']]}"
                      for ti, t in enumerate(truth) if ti not in matched]
    for ti, oi in pairs:
        t, o = truth[ti], out[oi]
        for name in CORE_FIELDS:
            if t.get(name) is not None or name in IDENTITY_FIELDS:
                ok = field_ok(name, t, o)
                result.core.add(ok)
                if not ok:
                    result.misses.append(f"{t['name']}.{name}: want {t.get(name)!r}, got {o.get(name)!r}")
        for name in OTHER_FIELDS:
            if t.get(name) is not None:
                ok = field_ok(name, t, o)
                result.other.add(ok)
                if not ok:
                    result.misses.append(f"(other) {t['name']}.{name}: want {t.get(name)!r}, got {o.get(name)!r}")
        if t.get("availability") in ("restricted", "unknown"):
            result.restrictive.add(o.get("available") is not None)
            if o.get("available") is None:
                result.misses.append(f"(other) {t['name']}: availability {t['availability']} read as any time")


def score_flags(result: BookScore, flags: list[dict[str, Any]], report: list[dict[str, Any]]) -> None:
    """Each row the truth says must be flagged: rejected (kind reject) or warned about and kept (kind warning)."""
    csv = result.file.endswith(".csv")
    for flag in flags:
        here = [e for e in report if e.get("file", "").endswith(result.file) and e.get("row") == flag["row"]
                and (csv or e.get("sheet") == flag["sheet"])]
        rejected = any(e.get("status") == "rejected" for e in here)
        warned = any(e.get("severity") in ("warning", "error") for e in here)
        ok = rejected if flag["kind"] == "reject" else warned and not rejected
        result.flagged.add(ok)
        if not ok:
            result.misses.append(f"row {flag['row']} ({flag['field']}) should be {flag['kind']}: "
                                 f"{'rejected' if rejected else 'warned' if warned else 'not flagged'}")
    to_reject = {(f["sheet"], f["row"]) for f in flags if f["kind"] == "reject"}
    wrong = {(e.get("sheet"), e.get("row")) for e in report if e.get("status") == "rejected"
             and Path(str(e.get("file"))).name == result.file} - to_reject
    if csv:
        wrong = {(s, r) for s, r in wrong if r not in {row for _, row in to_reject}}
    result.false_rejects = len(wrong)
    result.misses += [f"row {row} rejected, though the truth keeps it or it holds no person" for _, row in sorted(
        wrong, key=lambda key: key[1] or 0)]


def demand_tuples(problem: Doc) -> list[tuple[str, str, str, str, int]]:
    """(site, start, end, role, count) for every requirement with a head-count in the output."""
    names = {site["id"]: site["name"] for site in problem.get("sites", [])}
    return [(norm_name(names.get(shift["site_id"], shift["site_id"])), shift["start"], shift["end"], req["role"],
             req["count"]) for shift in problem.get("shifts", []) for req in shift["requirements"] if req["count"]]


def same_need(out: tuple[str, str, str, str, int], need: dict[str, Any]) -> bool:
    """Whether an output requirement is a truth need: times (without the year), role, count, and a site name that
    contains the other."""
    site, start, end, role, count = out
    want = norm_name(need["site"])
    return bool(site) and (want in site or site in want) and \
        (start[5:], end[5:], role, count) == (need["start"][5:], need["end"][5:], need["role"], need["count"])


def score_demand(result: BookScore, truth: list[dict[str, Any]], problem: Doc) -> None:
    """Demand F1: a truth need matches an output one with the same times, role and count at the same site. The year
    is not compared: the sheets write `3月29日` as offices do, and the reader takes the year from its `today`."""
    out = demand_tuples(problem)
    free = list(range(len(out)))
    tp = 0
    for need in truth:
        for index in free:
            if same_need(out[index], need):
                free.remove(index)
                tp += 1
                break
        else:
            result.misses.append(f"need not found: {need['site']} {need['start']}–{need['end']} "
                                 f"{need['role']}×{need['count']}")
    result.demand = Matches(tp, len(truth), len(out))


def read_documents(paths: list[Path], mapping: Path | None = None, cli: bool = False) -> Doc:
    """`validate --json`'s document for files, with a mapping.json if given: in-process (ages on the corpus's plan
    day), or printed by the CLI (ages then count to today, so an age is right when the birth date is)."""
    if cli:
        extra = ["--mapping", str(mapping)] if mapping is not None else []
        run = subprocess.run([sys.executable, "-m", "scheduler.cli", "validate", *map(str, paths), "--json", *extra],
                             capture_output=True, text=True, check=False)
        if run.returncode not in (0, 1):
            raise RuntimeError(run.stderr.strip()[-500:])
        return json.loads(run.stdout)
    from scheduler.io.read.reader import read_rosters
    from scheduler.io.read.sheets.mapping import load_mapping
    from scheduler.io.write.problem_json import problem_json

    from .people import PLAN_DAY

    corrected = load_mapping(mapping) if mapping is not None else None
    # The same reading as the CLI's, without the sandbox's child process.
    result = read_rosters(paths, today=PLAN_DAY, guard=False, mapping=corrected)
    return {"problem": problem_json(result.problem), "report": [entry.to_dict() for entry in result.report]}


def score_book(path: Path, truth: Doc, mapping_dir: Path | None, cli: bool = False) -> BookScore:
    """All figures of one workbook read alone; a crash is a score of nothing, with its reason kept."""
    result = BookScore(path.name)
    mapping = mapping_dir / f"{path.name}.mapping.json" if mapping_dir else None
    try:
        doc = read_documents([path], mapping if mapping and mapping.exists() else None, cli)
    except Exception as error:  # the scorer reports a crash, it never becomes one
        result.crash = f"{type(error).__name__}: {error}"
        doc = {"problem": {}, "report": []}
    return score_document(result, truth, doc)


def score_document(result: BookScore, truth: Doc, doc: Doc) -> BookScore:
    """Fill result with the figures of one `validate --json` document against the workbook's truth."""
    score_people(result, truth["people"], doc["problem"].get("people", []))
    score_flags(result, truth["flagged_rows"], doc["report"])
    score_demand(result, truth["demand"], doc["problem"])
    return result


def occurrence_keys(person: dict[str, Any], truths: dict[str, Doc]) -> list[tuple[str, str, int, str]]:
    """The truth occurrences (file, sheet, row, key) an output person was read from; a shared row is told by name."""
    found = []
    for source in person.get("sources", []):
        file = Path(str(source.get("file"))).name
        candidates = [(p, r) for p in truths.get(file, {}).get("people", []) for r in p["rows"]
                      if r["row"] == source.get("row") and (file.endswith(".csv") or r["sheet"] == source.get("sheet"))]
        if len(candidates) > 1:
            candidates = [(p, r) for p, r in candidates if norm_name(p["name"]) == norm_name(person["name"])]
        if len(candidates) == 1:
            p, r = candidates[0]
            found.append((file, r["sheet"], r["row"], p["key"]))
    return found


def score_duplicates(doc: Doc, truths: dict[str, Doc]) -> tuple[Matches, int]:
    """Pairwise duplicate F1 of all files read together (doc), and how many namesake pairs were merged."""
    predicted: set[frozenset[tuple[str, str, int, str]]] = set()
    for person in doc["problem"].get("people", []):
        occurrences = sorted(set(occurrence_keys(person, truths)))
        predicted |= {frozenset((a, b)) for i, a in enumerate(occurrences) for b in occurrences[i + 1:]}
    by_key: dict[str, list[tuple[str, str, int, str]]] = {}
    for file, truth in truths.items():
        for p in truth["people"]:
            by_key.setdefault(p["key"], []).extend((file, r["sheet"], r["row"], p["key"]) for r in p["rows"])
    actual = {frozenset((a, b)) for occ in by_key.values() for i, a in enumerate(occ) for b in occ[i + 1:]}
    names = {p["key"]: norm_name(p["name"]) for t in truths.values() for p in t["people"]}
    namesakes = sum(1 for pair in predicted - actual if len({names[o[3]] for o in pair}) == 1)
    return Matches(len(predicted & actual), len(actual), len(predicted)), namesakes


@dataclass
class Scores:
    """Every workbook's figures and the corpus's overall ones."""

    books: list[BookScore]
    duplicates: Matches
    namesakes_merged: int

    def overall(self) -> dict[str, float]:
        """The issue's five figures over the whole corpus (micro-averaged), plus two of the principle's."""
        people, demand = Matches(), Matches()
        core, other, flagged, restrictive = Count(), Count(), Count(), Count()
        for book in self.books:
            people += book.people
            demand += book.demand
            for total, part in ((core, book.core), (other, book.other), (flagged, book.flagged),
                                (restrictive, book.restrictive)):
                total.hit, total.total = total.hit + part.hit, total.total + part.total
        return {"people_f1": people.f1, "core_field_accuracy": core.rate, "error_row_recall": flagged.rate,
                "duplicate_f1": self.duplicates.f1, "demand_f1": demand.f1, "other_field_accuracy": other.rate,
                "restrictive_availability": restrictive.rate, "namesakes_merged": self.namesakes_merged,
                "false_rejects": sum(book.false_rejects for book in self.books),
                "crashes": sum(book.crash is not None for book in self.books)}


def sharing_files(truths: dict[str, Doc]) -> list[str]:
    """The workbooks holding a person who is also in another row (a duplicate) or whose name another person has
    (a namesake): reading them together is enough to score duplicates."""
    files_of: dict[str, list[str]] = {}  # a person's key → the workbook of each row they are written on
    keys_of: dict[str, set[str]] = {}  # a name → the people who carry it
    for name, truth in truths.items():
        for person in truth["people"]:
            files_of.setdefault(person["key"], []).extend(name for _ in person["rows"])
            keys_of.setdefault(norm_name(person["name"]), set()).add(person["key"])
    picked = {name for files in files_of.values() if len(files) > 1 for name in files}
    picked |= {name for keys in keys_of.values() if len(keys) > 1 for key in keys for name in files_of[key]}
    return sorted(picked)


def combined_mapping(mapping_dir: Path, names: list[str], folder: Path) -> Path | None:
    """One mapping.json holding the sheets of every workbook's corrected mapping, for reading all files together."""
    sheets: list[Any] = []
    aliases: dict[str, Any] = {}
    for name in names:
        path = mapping_dir / f"{name}.mapping.json"
        if path.exists():
            document = json.loads(path.read_text(encoding="utf-8"))
            sheets += document.get("sheets", [])
            aliases.update(document.get("place_aliases", {}))
    if not sheets:
        return None
    path = folder / "all.mapping.json"
    path.write_text(json.dumps({"version": 1, "sheets": sheets, "place_aliases": aliases}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def score(files: Path = FILES, truth_dir: Path = TRUTH, mapping_dir: Path | None = None, cli: bool = False) -> Scores:
    """Score every workbook of the corpus that has a truth file (cli: through `scheduler validate --json`)."""
    truths = {path.name[: -len(".json")]: json.loads(path.read_text(encoding="utf-8"))
              for path in sorted(truth_dir.glob("*.json")) if not path.name.startswith("_")}
    paths = [files / name for name in truths]
    books = [score_book(path, truths[path.name], mapping_dir, cli) for path in paths]
    with tempfile.TemporaryDirectory() as folder:
        together = combined_mapping(mapping_dir, list(truths), Path(folder)) if mapping_dir else None
        shared = [files / name for name in sharing_files(truths)]
        duplicates, namesakes = score_duplicates(read_documents(shared, together, cli), truths)
    return Scores(books, duplicates, namesakes)


def padded(text: str, width: int) -> str:
    """text padded to a width on a terminal, where a Chinese character takes two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)


def rate(count: Count) -> str:
    """A fraction for the table, `-` when there was nothing to count."""
    return f"{count.rate:.3f}" if count.total else "-"


def table(scores: Scores) -> str:
    """The figures as a plain-text table, one line per workbook, then the overall line."""
    lines = [f"{padded('workbook', 48)} {'people':>13} {'F1':>5} {'core':>5} {'other':>5} {'flags':>5} "
             f"{'demand':>7} {'F1':>5} {'false rejects':>13}"]
    for b in scores.books:
        people = f"{b.people.tp}/{b.people.truth}/{b.people.output}"
        demand = f"{b.demand.tp}/{b.demand.truth}/{b.demand.output}"
        lines.append(f"{padded(b.file, 48)} {people:>13} {b.people.f1:5.3f} {rate(b.core):>5} {rate(b.other):>5} "
                     f"{b.flagged.hit:>2}/{b.flagged.total:<2} {demand:>7} {b.demand.f1:5.3f} {b.false_rejects:>13}"
                     + (f"  CRASH {b.crash}" if b.crash else ""))
    lines.append("(people and demand: matched/truth/output)")
    overall = scores.overall()
    lines.append("overall: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                         for k, v in overall.items()))
    return "\n".join(lines)


def markdown(scores: Scores) -> str:
    """The figures as the Markdown tables of tests/corpus/README.md."""
    overall = scores.overall()
    lines = ["| figure | measured |", "|---|---|"]
    lines += [f"| {name} | {value:.3f} |" if isinstance(value, float) else f"| {name} | {value} |"
              for name, value in overall.items()]
    lines += ["", "| workbook | people (matched/truth/output) | people F1 | core | other | flags | demand "
              "(matched/truth/output) | demand F1 | false rejects |", "|---|---|---|---|---|---|---|---|---|"]
    for b in scores.books:
        lines.append(f"| `{b.file}` | {b.people.tp}/{b.people.truth}/{b.people.output} | {b.people.f1:.3f} | "
                     f"{rate(b.core)} | {rate(b.other)} | {b.flagged.hit}/{b.flagged.total} | "
                     f"{b.demand.tp}/{b.demand.truth}/{b.demand.output} | {b.demand.f1:.3f} | {b.false_rejects} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """The command line: print the table (and with --misses, what each workbook got wrong)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mapping", type=Path, help="folder of <workbook>.mapping.json corrected by hand")
    parser.add_argument("--misses", action="store_true", help="list every miss under its workbook")
    parser.add_argument("--cli", action="store_true", help="read through `scheduler validate --json` (slower)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--markdown", action="store_true", help="print the figures as README.md's tables")
    args = parser.parse_args(argv)
    scores = score(mapping_dir=args.mapping, cli=args.cli)
    if args.json:
        print(json.dumps({"overall": scores.overall(), "books": [asdict(b) for b in scores.books]},
                         ensure_ascii=False, indent=1))
        return 0
    print(markdown(scores) if args.markdown else table(scores))
    if args.misses:
        for book in scores.books:
            print(f"\n## {book.file}\n" + "\n".join(f"  {m}" for m in book.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
