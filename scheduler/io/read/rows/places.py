"""Place names matched across the files of one upload: 梅山 = 梅山镇, 旭山 = 旭山村委会 = 旭山村, 柳湖社区居委会 =
柳湖社区, and the township or community inside a full address (福州市仓山区金山街道彼岸社区3号楼).

Offices write the same place in many ways; locality (a volunteer serves only in their own township, a cadre only
where dispatched) compares names, so a place written two ways would shut people out. A gazetteer is built from the
upload itself — every township, community, grid and dispatch_to value and the places named in titles — and each
value is rewritten to the fullest form of the same level seen anywhere. Two different levels are never joined
(梅山镇 is not 梅山村): a bare name that fits several places is reported and left as written. A clerk's
`place_aliases` (mapping file) wins over every guess. Each change is an info note on the row, with its column.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from scheduler.domain import Category, Source
from scheduler.io.read.report import Severity
from scheduler.io.read.rows.base import Note, RowOutcome
from scheduler.io.read.rows.people import PersonDraft
from scheduler.io.read.rows.posts import SiteDraft
from scheduler.io.read.values.chinese import clean, fold_text


class Level(StrEnum):
    """The administrative level a place name is of, from the word it ends with."""

    township = "township"  # 镇, 乡, 街道
    community = "community"  # 村, 社区
    grid = "grid"  # 网格


_HAN = r"[\u4e00-\u9fff]"
#: Office words written inside a name, as their place: 旭山村民委员会 → 旭山村, 金山街道办事处 → 金山街道.
_OFFICES = (
    (re.compile(r"(镇|乡)人民政府"), r"\1"),
    (re.compile(r"街道办事处|街道办"), "街道"),
    (re.compile(r"村民委员会|村委会|村委"), "村"),
    (re.compile(r"(?:社区)?居民委员会|(?:社区)?居委会|社区委员会"), "社区"),
    (re.compile(r"^中共"), ""),  # 中共彼岸社区委员会, the party committee: the community is 彼岸社区
)
#: Province, city and district words before a township: 福建省泉州市丰泽区 … (not 社区, 小区, 园区 …).
_ADMIN_PREFIX = re.compile(
    rf"^(?:{_HAN}{{2,10}}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|盟|县|旗|(?<![社小园校景片营厂矿])区))+")
#: A township, then a community, then a grid, each optional, from the start of a (prefix-free) text.
_UNITS = re.compile(rf"(?P<township>{_HAN}{{2,10}}?(?:街道|镇|乡))?(?P<community>{_HAN}{{2,10}}?(?:社区|村))?"
                    rf"(?P<grid>[\u4e00-\u9fff0-9]{{1,10}}?网格)?")
_SUFFIX = {Level.township: re.compile(r"(街道|镇|乡)$"), Level.community: re.compile(r"(社区|村)$"),
           Level.grid: re.compile(r"网格$")}
#: Separators between the places of one dispatch_to cell.
_LIST = re.compile(r"[、,，;；/]")


@dataclass(frozen=True, slots=True)
class ParsedPlace:
    """What a place cell names: the unit found at each level, or a bare name with no level word."""

    township: str | None = None
    community: str | None = None
    grid: str | None = None
    bare: str | None = None

    def at(self, level: Level) -> str | None:
        """The unit named at `level`."""
        return getattr(self, level.value)

    def units(self) -> list[tuple[Level, str]]:
        """The units found, from the highest level down."""
        return [(level, unit) for level, unit in ((Level.township, self.township), (Level.community, self.community),
                                                  (Level.grid, self.grid)) if unit]


@lru_cache(maxsize=65536)
def parse_place(text: str) -> ParsedPlace:
    """`福州市仓山区金山街道彼岸社区3号楼` → 金山街道 / 彼岸社区; `旭山村委会` → 旭山村; `梅山` → bare 梅山."""
    body = clean(text).replace(" ", "")
    for pattern, replacement in _OFFICES:
        body = pattern.sub(replacement, body)
    stripped = _ADMIN_PREFIX.sub("", body)
    if len(stripped) >= 2:
        body = stripped
    match = _UNITS.match(body)
    if match is None or not any(match.groupdict().values()):
        return ParsedPlace(bare=body) if re.fullmatch(rf"{_HAN}{{2,10}}", body) else ParsedPlace()
    return ParsedPlace(match["township"], match["community"], match["grid"])


def stem(unit: str, level: Level) -> str:
    """The folded name without its level word: 梅山镇 → 梅山, 柳湖社区 → 柳湖."""
    return fold_text(_SUFFIX[level].sub("", unit))


class Gazetteer:
    """The places of one upload by level and stem, each with the forms it was written in (first seen first)."""

    def __init__(self) -> None:
        self.forms: dict[tuple[Level, str], dict[str, str]] = defaultdict(dict)
        #: Folded community → the stems of the townships it was seen in (two villages may share a name).
        self.towns: dict[str, set[str]] = defaultdict(set)
        self.seen: set[tuple[str, str | None]] = set()

    def add(self, text: str | None, township: str | None = None) -> None:
        """Record every unit a cell names, a community with the township of its row (a text seen before adds
        nothing: place columns repeat a lot)."""
        if text and (text, township) not in self.seen:
            self.seen.add((text, township))
            for part in _LIST.split(text):
                parsed = parse_place(part)
                town = town_stem(parsed.township or township)
                for level, unit in parsed.units():
                    self.forms[(level, stem(unit, level))].setdefault(fold_text(unit), unit)
                    if level is Level.community and town:
                        self.towns[fold_text(unit)].add(town)

    def candidates(self, bare: str, levels: Iterable[Level], town: str | None = None) -> list[str]:
        """The places of any of `levels` whose name without its level word is `bare`; a community only if it was
        seen in the township whose stem is `town` (or in no named township), so 梅山镇's 旭山 never becomes
        清溪镇's 旭山村."""
        return [unit for level in levels for unit in self.forms.get((level, fold_text(bare)), {}).values()
                if level is not Level.community or not town or self._seen_in(unit, town)]

    def split(self, parsed: ParsedPlace) -> ParsedPlace:
        """A village written after its township's name without 镇/乡/街道, as addresses do (洪濑溪州村 → 洪濑镇 /
        溪州村), split when exactly one township of the upload is its start and the village is not known whole."""
        if parsed.township or not parsed.community or \
                (Level.community, stem(parsed.community, Level.community)) in self.forms:
            return parsed
        folded = fold_text(parsed.community)
        towns = [forms for (level, town), forms in self.forms.items() if level is Level.township
                 and folded.startswith(town) and len(stem(folded[len(town):], Level.community)) >= 2]
        if len(towns) != 1:
            return parsed
        town = next(iter(towns[0].values()))
        return ParsedPlace(town, parsed.community[len(stem(town, Level.township)):], parsed.grid)

    def _seen_in(self, community: str, town: str) -> bool:
        """Whether a community was seen in the township of stem `town`, or in no named township at all."""
        towns = self.towns.get(fold_text(community))
        return not towns or town in towns


def town_stem(text: str | None) -> str | None:
    """The stem of the township a text names (梅山镇, 梅山, 福建省…梅山镇 → 梅山), or None."""
    if not text:
        return None
    parsed = parse_place(text)
    unit = parsed.township or parsed.bare
    return stem(unit, Level.township) if unit else None


@dataclass(frozen=True, slots=True)
class Resolution:
    """How one written value is read: the new value (None: left as written), what else it named, or why not."""

    value: str | None = None
    ambiguous: tuple[str, ...] = ()
    parsed: ParsedPlace = ParsedPlace()
    by_alias: bool = False


@dataclass(slots=True)
class _Places:
    """The place cells of one row, worked on apart from the row; notes name fields, not column letters."""

    township: str | None
    community: str | None
    grid: str | None
    #: Free text naming places, by field: a site's address; a person's home address and party branch.
    texts: tuple[tuple[str, str | None], ...] = ()
    outcome: RowOutcome = field(default_factory=lambda: RowOutcome(Source("", "", 0), letters=_IDENTITY))


class _Plan(NamedTuple):
    """What `PlaceMatcher.place` does to every row with the same place cells: the new values and the notes."""

    values: dict[str, str | None]
    notes: tuple[Note, ...]


class PlaceMatcher:
    """Rewrites place fields of people and sites to the upload's fullest forms, noting each change on the row."""

    def __init__(self, gazetteer: Gazetteer, aliases: Mapping[str, str] | None = None) -> None:
        self.gazetteer = gazetteer
        self.aliases = {fold_text(k): v for k, v in (aliases or {}).items() if k and v}
        self.memo: dict[tuple[str, tuple[Level, ...], str | None], Resolution] = {}
        self.plans: dict[tuple[str | None, ...], _Plan] = {}
        self.found: dict[str, str] = {}
        self.found_twice: set[str] = set()

    def resolve(self, text: str, levels: tuple[Level, ...], town: str | None = None) -> Resolution:
        """The reading of `text` in a column of `levels` (several for dispatch_to) on a row of the township whose
        stem is `town`, once per distinct value."""
        key = (text, levels, town)
        if key not in self.memo:
            self.memo[key] = self._resolve(text, levels, town)
        return self.memo[key]

    def _resolve(self, text: str, levels: tuple[Level, ...], town: str | None) -> Resolution:
        alias = self.aliases.get(fold_text(text))
        if alias is not None and _fits(alias, levels):
            return Resolution(alias, by_alias=True)
        parsed = parse_place(text)
        if parsed.bare:
            found = self.gazetteer.candidates(parsed.bare, levels, town)
            if len(found) == 1:
                self._found(parsed.bare, found[0])
                return Resolution(found[0], parsed=parsed)
            if found:
                self.found_twice.add(parsed.bare)
            return Resolution(ambiguous=tuple(found), parsed=parsed)
        if levels == (Level.grid,):
            return Resolution(parsed=parsed)  # 旭山村第一网格 stays whole: 第一网格 alone names one in every village
        units = [unit for level, unit in parsed.units() if level in levels]
        return Resolution("".join(units) if units else None, parsed=parsed)

    def _found(self, bare: str, place: str) -> None:
        """Record a bare name read as a place, for the mapping; one read two ways (by column), or also found
        ambiguous somewhere, is not an alias: as one, it would settle that other cell too."""
        if self.found.setdefault(bare, place) != place:
            self.found_twice.add(bare)

    def found_aliases(self) -> dict[str, str]:
        """The bare names this upload read as one place each, as `place_aliases` a clerk can check and correct."""
        return {bare: place for bare, place in sorted(self.found.items()) if bare not in self.found_twice}

    def field(self, draft: _Places, name: str, level: Level) -> ParsedPlace:
        """Read `draft.<name>` as a place of `level`; returns what the cell named, for the other levels."""
        text = getattr(draft, name)
        if not text:
            return ParsedPlace()
        found = self.resolve(text, (level,), town_stem(draft.township) if level is Level.community else None)
        if found.value is not None:
            _set(draft, name, found)
        elif found.ambiguous:
            _note_ambiguous(draft.outcome, name, text, found.ambiguous)
        return found.parsed

    def place(self, draft: PersonDraft | SiteDraft) -> None:
        """Township, community and grid of one row, worked out once per distinct combination of the row's place
        cells (a 100,000-person roster has a few hundred) and applied to each row with the row's columns."""
        texts = tuple((name, getattr(draft, name)) for name in
                      (_SITE_TEXTS if isinstance(draft, SiteDraft) else _PERSON_TEXTS))
        key = (draft.township, draft.community, draft.grid, texts)
        plan = self.plans.get(key)
        if plan is None:
            scratch = _Places(draft.township, draft.community, draft.grid, texts)
            self._place(scratch)
            changed = {name: value for (name, _), old in zip(_FIELDS, key, strict=False)
                       if (value := getattr(scratch, name)) != old}
            plan = self.plans[key] = _Plan(changed, tuple(scratch.outcome.notes))
        if "community" in plan.values and draft.zone_id and draft.community \
                and fold_text(draft.zone_id) == fold_text(draft.community):
            draft.zone_id = plan.values["community"]  # a sealed zone named after its community follows it
        for name, value in plan.values.items():
            setattr(draft, name, value)
        for note in plan.notes:  # the scratch row's "column" is the field name: give the real row's letter
            draft.outcome.add(note.severity, note.code, note.message_zh, note.message_en,
                              draft.outcome.letters.get(note.column or ""))

    def _place(self, draft: _Places) -> None:
        """The work of `place` on one combination: a unit found in another column (or a site's address) fills a
        gap, so a community cell holding 金山街道彼岸社区 gives the township too."""
        written = {name: getattr(draft, name) for name, _ in _FIELDS}
        named = {name: self.field(draft, name, level) for name, level in _FIELDS}
        for name, text in draft.texts:
            if text:
                written[name], named[name] = text, self.gazetteer.split(parse_place(text))
        for source, parsed in named.items():
            if parsed.bare or (source in _LEVEL_NAMES and len(parsed.units()) <= 1):
                continue  # the common case: the cell names its own level only
            for name, _ in _FIELDS:
                unit = getattr(parsed, name)
                if name != source and unit and not getattr(draft, name):
                    setattr(draft, name, unit)
                    _note_found(draft.outcome, name, source, written[source], unit)

    def dispatch(self, draft: PersonDraft, site_names: set[str]) -> None:
        """Each place of a dispatch_to cell, read as a township or a community (a site's name is kept as it is)."""
        if not draft.dispatch_to:
            return
        parts = [p.strip() for p in _LIST.split(draft.dispatch_to) if p.strip()]
        read: list[str] = []
        for part in parts:
            if fold_text(part) in site_names:
                read.append(part)
                continue
            found = self.resolve(part, (Level.township, Level.community))
            if found.ambiguous:
                _note_ambiguous(draft.outcome, "dispatch_to", part, found.ambiguous)
            read.append(found.value or part)
            if found.value and fold_text(found.value) != fold_text(part):
                _note_matched(draft.outcome, "dispatch_to", part, found.value, found.by_alias)
        draft.dispatch_to = "、".join(read)


def _fits(place: str, levels: tuple[Level, ...]) -> bool:
    """Whether an alias's place may stand in a column of `levels`: a 梅山 → 梅山村 alias never turns a township
    cell into a village; a place with no level word fits anywhere."""
    named = [level for level, _ in parse_place(place).units()]
    return not named or any(level in levels for level in named)


#: The place fields of a person or site row: each is named as its level (and as ParsedPlace's attribute).
_FIELDS = (("township", Level.township), ("community", Level.community), ("grid", Level.grid))
_LEVEL_NAMES = frozenset(name for name, _ in _FIELDS)
_SITE_TEXTS = ("address",)
_PERSON_TEXTS = ("home_address", "branch", "team")
#: A scratch row's letters: each field's notes name the field (a home address is read from the address column).
_IDENTITY = {**{name: name for name in (*_LEVEL_NAMES, *_SITE_TEXTS, *_PERSON_TEXTS)}, "home_address": "address"}


def _set(draft: _Places, name: str, found: Resolution) -> None:
    old = getattr(draft, name)
    if found.value and fold_text(found.value) != fold_text(old):
        setattr(draft, name, found.value)
        _note_matched(draft.outcome, name, old, found.value, found.by_alias)


def _note_matched(outcome: RowOutcome, name: str, old: str, new: str, by_alias: bool) -> None:
    why_zh, why_en = ("（按映射中的地名对照）", " (the mapping's place aliases)") if by_alias else ("", "")
    outcome.add(Severity.info, "place_matched", f"“{old}”按“{new}”处理{why_zh}", f"'{old}' read as '{new}'{why_en}",
                outcome.letters.get(name))


def _note_found(outcome: RowOutcome, name: str, source: str, text: str, unit: str) -> None:
    label_zh, label_en = _LABELS[name]
    outcome.add(Severity.info, "place_matched", f"未填{label_zh}，按“{text}”中的“{unit}”处理",
                f"no {label_en} given: '{unit}' taken from '{text}'", outcome.letters.get(source))


_LABELS = {"township": ("乡镇(街道)", "township"), "community": ("村(社区)", "community"), "grid": ("网格", "grid")}


def _note_ambiguous(outcome: RowOutcome, name: str, text: str, found: tuple[str, ...]) -> None:
    options_zh, options_en = "”或“".join(found), "' or '".join(found)
    outcome.add(Severity.warning, "place_ambiguous",
                f"“{text}”可能是“{options_zh}”，无法确定，按原文保留：请写全称，或在映射中指定地名对照",
                f"'{text}' could be '{options_en}': left as written; write the full name, or give a place alias "
                "in the mapping", outcome.letters.get(name))


def build_gazetteer(people: Iterable[PersonDraft], sites: Iterable[SiteDraft], names: Iterable[str] = (),
                    aliases: Mapping[str, str] | None = None) -> Gazetteer:
    """Every place the upload names: people's and sites' place columns, dispatch_to, titles, alias targets."""
    gazetteer = Gazetteer()
    for draft in [*people, *sites]:
        gazetteer.add(draft.township)
        gazetteer.add(draft.community, draft.township)
        gazetteer.add(draft.grid)
        gazetteer.add(getattr(draft, "dispatch_to", None))
    for text in [*names, *(aliases or {}).values()]:
        gazetteer.add(text)
    return gazetteer


def match_places(people: list[PersonDraft], sites: list[SiteDraft], names: Iterable[str] = (),
                 aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """Rewrite the place fields of `people` and `sites` (those of shift rows too) to the upload's fullest forms,
    then warn about every sent-down cadre's dispatch_to place the upload does not know. Returns the bare names
    read as a place (梅山 → 梅山镇), for the mapping's `place_aliases`."""
    matcher = PlaceMatcher(build_gazetteer(people, sites, names, aliases), aliases)
    for draft in [*people, *sites]:
        matcher.place(draft)
    site_names = {fold_text(site.name) for site in sites}
    for person in people:
        matcher.dispatch(person, site_names)
    known = site_names | {fold_text(text) for draft in [*people, *sites] for name in ("township", "community")
                          if (text := getattr(draft, name))}
    for person in people:
        if person.category is Category.sent_down_cadre and person.dispatch_to:
            _check_dispatch(person, known)
    return matcher.found_aliases()


def _check_dispatch(person: PersonDraft, known: set[str]) -> None:
    """A dispatch_to place that is no township, community or site of the upload: the cadre stays unplaced there
    (never placed anywhere else), and the row says so."""
    for part in _LIST.split(person.dispatch_to or ""):
        units = parse_place(part).units()
        target = units[-1][1] if units else part.strip()
        if target and fold_text(target) not in known and fold_text(part) not in known:
            person.outcome.add(
                Severity.warning, "unknown_dispatch_place",
                f"派驻地“{part}”不是本次上传中的任何乡镇、村(社区)或点位：此人不会被排到别处；请核对派驻地名称，"
                "或一并上传该地的点位",
                f"dispatch_to '{part}' is no township, community or site of this upload: the cadre is placed "
                "nowhere else; check the name, or upload that place's sites too", person.outcome.letters.get(
                    "dispatch_to"))
