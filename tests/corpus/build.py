"""Write the corpus: realistic rosters and demand sheets (tests/corpus/files/) and their truth (tests/corpus/truth/).

Run `python -m tests.corpus.build`; the same seed gives the same bytes, so the committed files are what this writes.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from . import demand, rosters, rosters_extra, rosters_more
from .book import Book
from .people import Synth
from .sheets import write_csv, write_ods, write_xls, write_xlsx

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
TRUTH = HERE / "truth"
SEED = 20220328


def books() -> list[Book]:
    """Every corpus workbook, built in a fixed order from one seeded source of people."""
    synth = Synth(SEED)
    shared = rosters.cast(synth)
    return [rosters.wps_street(synth, shared), rosters.system_export(synth, shared),
            rosters.pinyin_csv(synth, shared), rosters.village_xls(synth, shared),
            rosters.community_sheets(synth, shared), rosters.hidden_filtered(synth, shared),
            rosters_more.coded_report(synth), rosters_more.side_by_side(synth), rosters_more.sent_down(synth),
            rosters_more.dingtalk(synth, shared), rosters_more.questionnaire(synth), rosters_more.hospital(synth),
            rosters_more.police(synth), demand.checkpoint_matrix(), demand.sampling_two_row(),
            demand.door_knocking(), demand.checkpoint_shifts(), rosters_extra.party_information(synth),
            rosters_extra.wecom_collection(synth), rosters_extra.blank_duty_roster(), demand.delivery_teams(),
            rosters_extra.building_heads(synth), rosters_extra.retired_by_file_name(synth)]


def write_book(book: Book, folder: Path) -> None:
    """Write a workbook in the format its name says."""
    path = folder / book.file
    suffix = path.suffix
    if suffix == ".csv":
        write_csv(path, book.sheets[0], "gb18030")
    elif suffix == ".xls":
        write_xls(path, book.sheets)
    elif suffix == ".ods":
        write_ods(path, book.sheets)
    else:
        write_xlsx(path, book.sheets)


def duplicate_groups(built: list[Book]) -> tuple[list[list[dict[str, object]]], list[list[dict[str, object]]]]:
    """The rows that hold one person (true duplicates) and the rows of different people sharing a name (namesakes)."""
    rows_of: dict[str, list[dict[str, object]]] = defaultdict(list)
    name_of: dict[str, str] = {}
    for book in built:
        for key, person in book.people.items():
            name_of[key] = str(person["name"])
            rows_of[key] += [{"file": book.file, **row} for row in person["rows"]]  # type: ignore[union-attr]
    duplicates = [rows for rows in rows_of.values() if len(rows) > 1]
    keys_by_name: dict[str, list[str]] = defaultdict(list)
    for key, name in name_of.items():
        keys_by_name[name].append(key)
    namesakes = [[{"key": key, "rows": rows_of[key]} for key in keys] for keys in keys_by_name.values()
                 if len(keys) > 1]
    return duplicates, namesakes  # type: ignore[return-value]


def build(folder: Path = FILES, truth_folder: Path = TRUTH) -> list[Book]:
    """Write every workbook and truth file; returns the books."""
    folder.mkdir(parents=True, exist_ok=True)
    truth_folder.mkdir(parents=True, exist_ok=True)
    built = books()
    duplicates, namesakes = duplicate_groups(built)
    for book in built:
        write_book(book, folder)
        truth = book.truth()
        truth["duplicate_groups"] = [group for group in duplicates if any(r["file"] == book.file for r in group)]
        (truth_folder / f"{book.file}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")
    summary = {"duplicate_groups": duplicates, "namesakes": namesakes}
    (truth_folder / "_duplicates.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
    return built


if __name__ == "__main__":
    written = build(Path(sys.argv[1]) if len(sys.argv) > 1 else FILES,
                    Path(sys.argv[2]) if len(sys.argv) > 2 else TRUTH)
    print(f"{len(written)} workbooks → {FILES if len(sys.argv) < 2 else sys.argv[1]}")
