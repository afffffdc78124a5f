"""Eligibility: each rule forbids what it should and allows what it should, the funnel counts the first rule that
excludes a person, and the indexed computation agrees with an obviously-correct reference on random instances."""

from __future__ import annotations

import random
import time
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.eligibility import FUNNEL, compute_eligibility, explain_exclusions, first_exclusion
from solver.instance import (
    MINUTES_PER_DAY,
    NONE,
    Eligibility,
    Health,
    Instance,
    ReasonCode,
    Requirement,
    Rules,
    Shift,
    Site,
    Window,
    Worker,
)

R = ReasonCode
HOUR = 60
SAMPLING, POLICE = 0, 1
TOWN, OTHER_TOWN = 1, 2
SEALED = 7


def hm(hours: int, minutes: int = 0, day: int = 0) -> int:
    """Minutes from the epoch for day `day` at hours:minutes."""
    return day * MINUTES_PER_DAY + hours * HOUR + minutes


def night_minutes(start: int, end: int, rules_night: tuple[int, int] = (22, 6)) -> int:
    """Overlap of [start, end) with 22:00-06:00 on any day: the scheduler's job, redone here for test shifts."""
    total = 0
    for day in range(start // MINUTES_PER_DAY - 1, end // MINUTES_PER_DAY + 1):
        lo, hi = hm(rules_night[0], day=day), hm(rules_night[1], day=day + 1)
        total += max(0, min(end, hi) - max(start, lo))
    return total


def shift(start: int, end: int, site: int = 0) -> Shift:
    return Shift(site=site, start=start, end=end, day=start // MINUTES_PER_DAY, night_minutes=night_minutes(start, end))


DAY_SHIFT = shift(hm(8), hm(12))
NIGHT_SHIFT = shift(hm(23), hm(7, day=1))


def solve_one(
    workers: list[Worker],
    the_shift: Shift = DAY_SHIFT,
    site: Site | None = None,
    skills: frozenset[int] = frozenset(),
    rules: Rules | None = None,
) -> tuple[list[int], dict[ReasonCode, int]]:
    """Eligibility for one requirement of one shift at one site (by default a plain site of TOWN)."""
    instance = Instance(
        workers=workers,
        sites=[site or Site(township=TOWN, community=10)],
        shifts=[replace(the_shift, site=0)],
        requirements=[Requirement(shift=0, role=0, count=1, skills=skills)],
        rules=rules or Rules(),
    )
    result = compute_eligibility(instance)
    return result.candidates[0], result.excluded[0]


def local(**fields: object) -> Worker:
    return Worker(**{"age": 40, "township": TOWN, "community": 10, **fields})  # type: ignore[arg-type]


# --- one case each rule forbids, one it allows -------------------------------------------------------------------


def test_outside_township() -> None:
    found, excluded = solve_one([local(), local(township=OTHER_TOWN)])
    assert found == [0]
    assert excluded == {R.outside_township: 1}


def test_unknown_township_is_local_to_sites_of_unknown_township() -> None:
    found, excluded = solve_one([local(township=NONE), local()], site=Site(township=NONE))
    assert found == [0]
    assert excluded == {R.outside_township: 1}


def test_skills_must_all_be_held() -> None:
    workers = [local(skills=frozenset({SAMPLING})), local(skills=frozenset({SAMPLING, POLICE})), local()]
    assert solve_one(workers, skills=frozenset({SAMPLING, POLICE})) == ([1], {R.no_candidate_with_skill: 2})
    assert solve_one(workers, skills=frozenset({SAMPLING})) == ([0, 1], {R.no_candidate_with_skill: 1})
    assert solve_one(workers) == ([0, 1, 2], {})


def test_unfit_never_placed_limited_may_be() -> None:
    found, excluded = solve_one([local(health=Health.unfit), local(health=Health.limited)])
    assert found == [1]
    assert excluded == {R.health: 1}


def test_minimum_age() -> None:
    found, excluded = solve_one([local(age=17), local(age=18)])
    assert found == [1]
    assert excluded == {R.age_rule: 1}


def test_no_night_shift_over_sixty() -> None:
    workers = [local(age=72), local(age=60)]
    assert solve_one(workers, NIGHT_SHIFT) == ([1], {R.age_rule: 1})
    assert solve_one(workers, DAY_SHIFT) == ([0, 1], {})


def test_night_needs_the_minimum_overlap() -> None:
    short_night = shift(hm(20), hm(23))  # one hour in the night window: not a night shift at the default 2 h
    assert short_night.night_minutes == HOUR
    assert solve_one([local(age=72)], short_night) == ([0], {})
    assert solve_one([local(age=72)], short_night, rules=Rules(night_min_overlap_minutes=HOUR)) == ([], {R.age_rule: 1})


def test_checkpoint_not_over_sixty_five() -> None:
    checkpoint = Site(township=TOWN, community=10, is_checkpoint=True)
    assert solve_one([local(age=66), local(age=65)], site=checkpoint) == ([1], {R.age_rule: 1})
    assert solve_one([local(age=66)]) == ([0], {})


def test_age_limits_come_from_the_rules() -> None:
    short_night = shift(hm(23), hm(3, day=1))  # 4 h: within the elderly daily limit
    rules = Rules(min_age=16, night_max_age=75)
    assert solve_one([local(age=17), local(age=72)], short_night, rules=rules) == ([0, 1], {})
    assert solve_one([local(age=17), local(age=72)], short_night) == ([], {R.age_rule: 2})


def test_unknown_age_restricted_from_night_and_checkpoints_only() -> None:
    unknown = [local(age=NONE)]
    checkpoint = Site(township=TOWN, is_checkpoint=True)
    assert solve_one(unknown, DAY_SHIFT) == ([0], {}), "min_age does not exclude an unknown age"
    assert solve_one(unknown, NIGHT_SHIFT) == ([], {R.age_rule: 1})
    assert solve_one(unknown, site=checkpoint) == ([], {R.age_rule: 1})
    free = Rules(unknown_age_restricted=False)
    assert solve_one(unknown, NIGHT_SHIFT, site=checkpoint, rules=free) == ([0], {})


def test_confined_resident_serves_only_in_their_zone() -> None:
    workers = [local(confined_zone=SEALED), local()]
    inside = Site(township=TOWN, community=10, zone=SEALED)
    assert solve_one(workers) == ([1], {R.zone_restriction: 1})
    assert solve_one(workers, site=inside) == ([0, 1], {})
    assert solve_one(workers, site=replace(inside, zone=SEALED + 1)) == ([1], {R.zone_restriction: 1})


def test_availability_must_hold_the_whole_shift_in_one_window() -> None:
    morning = (Window(hm(8), hm(10)), Window(hm(10), hm(12)))  # together they cover 08-12, but no single one does
    workers = [local(available=morning), local(available=(Window(hm(7), hm(13)),)), local(available=())]
    assert solve_one(workers) == ([1], {R.unavailable: 2})
    assert solve_one(workers, shift(hm(8), hm(10))) == ([0, 1], {R.unavailable: 1})


def test_leave_must_not_overlap_the_shift() -> None:
    workers = [local(leave=(Window(hm(11, 59), hm(14)),)), local(leave=(Window(hm(12), hm(14)),))]
    assert solve_one(workers) == ([1], {R.on_leave: 1}), "a leave starting as the shift ends does not overlap"


def test_a_shift_longer_than_ones_daily_limit() -> None:
    seven_hours = shift(hm(8), hm(15))
    workers = [local(age=70), local(age=40), local(max_minutes_per_day=6 * HOUR), local(max_minutes_per_week=4 * HOUR)]
    assert solve_one(workers, seven_hours) == ([1], {R.hours_limit: 3})
    assert solve_one(workers, shift(hm(8), hm(14))) == ([0, 1, 2], {R.hours_limit: 1})
    assert solve_one([local()], shift(hm(6), hm(17))) == ([], {R.hours_limit: 1}), "11 h > the 10 h rule"


# --- the funnel and dispatch ---------------------------------------------------------------------------------------


def test_a_worker_failing_several_rules_counts_under_the_first() -> None:
    everything_wrong = local(age=72, health=Health.unfit, confined_zone=SEALED, leave=(Window(0, hm(23)),))
    assert solve_one([everything_wrong], NIGHT_SHIFT) == ([], {R.health: 1})
    assert solve_one([everything_wrong], NIGHT_SHIFT, skills=frozenset({SAMPLING})) == (
        [],
        {R.no_candidate_with_skill: 1},
    )
    assert solve_one([replace(everything_wrong, health=Health.fit)], NIGHT_SHIFT) == ([], {R.age_rule: 1})
    assert solve_one([replace(everything_wrong, township=OTHER_TOWN)], NIGHT_SHIFT) == ([], {R.outside_township: 1})


def test_dispatched_cadre_serves_where_sent_sealed_zones_included() -> None:
    by_community = Worker(age=45, township=OTHER_TOWN, dispatch_communities=frozenset({10}))
    by_township = Worker(age=45, township=OTHER_TOWN, dispatch_townships=frozenset({TOWN}))
    workers = [by_community, by_township, local(township=OTHER_TOWN)]
    sealed_in_10 = Site(township=TOWN, community=10, zone=SEALED)
    assert solve_one(workers, site=sealed_in_10) == ([0, 1], {R.outside_township: 1})
    assert solve_one(workers, site=Site(township=TOWN, community=11)) == ([1], {R.outside_township: 2})
    assert solve_one(workers, site=Site(township=OTHER_TOWN, community=10)) == ([0, 2], {R.outside_township: 1})
    assert solve_one(workers, site=Site(township=OTHER_TOWN, community=20)) == ([2], {R.outside_township: 2})


def test_empty_dispatch_sets_mean_dispatched_nowhere() -> None:
    assert solve_one([local(dispatch_townships=frozenset())]) == ([], {R.outside_township: 1})


def test_explain_exclusions_reads_in_funnel_order() -> None:
    counts = {R.hours_limit: 1, R.on_leave: 2, R.outside_township: 5, R.zone_restriction: 0, R.age_rule: 3}
    assert explain_exclusions(counts) == [(R.outside_township, 5), (R.age_rule, 3), (R.on_leave, 2), (R.hours_limit, 1)]
    assert FUNNEL[-1] is R.hours_limit


def test_requirements_with_equal_eligibility_and_no_workers() -> None:
    instance = Instance(
        workers=[],
        sites=[Site(township=TOWN)],
        shifts=[DAY_SHIFT],
        requirements=[Requirement(shift=0, role=r, count=1) for r in range(2)],
    )
    assert compute_eligibility(instance) == Eligibility(candidates=[[], []], excluded=[{}, {}])


# --- the reference: the rules read literally, one pair at a time --------------------------------------------------


def reference_reason(w: Worker, req: Requirement, sh: Shift, site: Site, rules: Rules) -> ReasonCode | None:
    dispatched = w.dispatch_townships is not None or w.dispatch_communities is not None
    if dispatched:
        outside = site.township not in (w.dispatch_townships or set()) and site.community not in (
            w.dispatch_communities or set()
        )
    else:
        outside = w.township != site.township
    night = sh.night_minutes > 0 and sh.night_minutes >= rules.night_min_overlap_minutes
    unknown = w.age == NONE
    old_limits = ([rules.night_max_age] if night else []) + ([rules.checkpoint_max_age] if site.is_checkpoint else [])
    age_bad = (not unknown and w.age < rules.min_age) or any(
        rules.unknown_age_restricted if unknown else w.age > limit for limit in old_limits
    )
    limit = min(
        rules.max_minutes_per_day,
        rules.max_minutes_per_week,
        w.max_minutes_per_day if w.max_minutes_per_day != NONE else rules.max_minutes_per_day,
        w.max_minutes_per_week if w.max_minutes_per_week != NONE else rules.max_minutes_per_week,
        rules.elderly_max_minutes_per_day if not unknown and w.age >= rules.elderly_age else rules.max_minutes_per_day,
    )
    held = any(a.start <= sh.start and sh.end <= a.end for a in w.available or ())
    tests = [
        (R.outside_township, outside),
        (R.no_candidate_with_skill, not all(s in w.skills for s in req.skills)),
        (R.health, w.health == Health.unfit),
        (R.age_rule, age_bad),
        (R.zone_restriction, w.confined_zone != NONE and w.confined_zone != site.zone),
        (R.unavailable, w.available is not None and not held),
        (R.on_leave, any(lv.start < sh.end and sh.start < lv.end for lv in w.leave)),
        (R.hours_limit, sh.end - sh.start > limit),
    ]
    return next((code for code, bad in tests if bad), None)


def reference(instance: Instance) -> Eligibility:
    result = Eligibility(candidates=[], excluded=[])
    for req in instance.requirements:
        sh = instance.shifts[req.shift]
        site = instance.sites[sh.site]
        found: list[int] = []
        counts: dict[ReasonCode, int] = {}
        for i, w in enumerate(instance.workers):
            reason = reference_reason(w, req, sh, site, instance.rules)
            if reason is None:
                found.append(i)
            else:
                counts[reason] = counts.get(reason, 0) + 1
        result.candidates.append(found)
        result.excluded.append(counts)
    return result


ids = st.sampled_from([NONE, 0, 1, 2])
small_sets = st.frozensets(st.integers(0, 2), max_size=3)
times = st.integers(0, 3 * MINUTES_PER_DAY)
windows = st.tuples(times, st.integers(0, 16 * HOUR)).map(lambda t: Window(t[0], t[0] + t[1]))
workers = st.builds(
    Worker,
    age=st.sampled_from([NONE, 15, 17, 18, 40, 60, 61, 64, 65, 66, 80]),
    health=st.sampled_from(list(Health)),
    skills=small_sets,
    township=ids,
    community=ids,
    confined_zone=ids,
    dispatch_townships=st.none() | small_sets,
    dispatch_communities=st.none() | small_sets,
    max_minutes_per_day=st.sampled_from([NONE, 4 * HOUR, 8 * HOUR]),
    max_minutes_per_week=st.sampled_from([NONE, 5 * HOUR, 40 * HOUR]),
    available=st.none() | st.lists(windows, max_size=3).map(tuple),
    leave=st.lists(windows, max_size=2).map(tuple),
)
sites = st.builds(Site, township=ids, community=ids, zone=ids, is_checkpoint=st.booleans())
rules = st.builds(
    Rules,
    min_age=st.sampled_from([16, 18]),
    night_min_overlap_minutes=st.sampled_from([0, 60, 120]),
    night_max_age=st.sampled_from([60, 64]),
    checkpoint_max_age=st.sampled_from([61, 65]),
    elderly_age=st.sampled_from([60, 65]),
    unknown_age_restricted=st.booleans(),
)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    the_sites = draw(st.lists(sites, min_size=1, max_size=3))
    spans = st.tuples(st.integers(0, len(the_sites) - 1), times, st.integers(1, 12 * HOUR), st.integers(0, 8 * HOUR))
    the_shifts = [
        Shift(site=s, start=t, end=t + d, day=t // MINUTES_PER_DAY, night_minutes=min(n, d))
        for s, t, d, n in draw(st.lists(spans, min_size=1, max_size=4))
    ]
    reqs = st.builds(Requirement, shift=st.integers(0, len(the_shifts) - 1), role=st.just(0), count=st.just(1))
    return Instance(
        workers=draw(st.lists(workers, max_size=10)),
        sites=the_sites,
        shifts=the_shifts,
        requirements=draw(st.lists(reqs.map(lambda r: replace(r, skills=draw(small_sets))), max_size=6)),
        rules=draw(rules),
    )


@settings(max_examples=300, deadline=None)
@given(instances())
def test_indexed_eligibility_matches_the_reference(instance: Instance) -> None:
    got, want = compute_eligibility(instance), reference(instance)
    assert got.candidates == want.candidates
    assert got.excluded == want.excluded
    for counts in got.excluded:
        assert [code for code, _ in explain_exclusions(counts)] == list(counts), "counts are kept in funnel order"
    for r, req in enumerate(instance.requirements):
        sh = instance.shifts[req.shift]
        for i, w in enumerate(instance.workers):
            reason = first_exclusion(w, req, sh, instance.sites[sh.site], instance.rules)
            assert (reason is None) == (i in got.candidates[r])


# --- scale ----------------------------------------------------------------------------------------------------------

#: (start hour, hours) of the day's shifts by site kind; checkpoints run round the clock.
SHIFT_PATTERNS = {"sampling": [(4, 4), (8, 4), (12, 4), (16, 4)], "checkpoint": [(0, 8), (8, 8), (16, 8)]}
SHIFT_PATTERNS["door_knocking"] = [(8, 5), (14, 5)]
#: Roles by site kind as (skills, count).
ROLES = {
    "sampling": [(frozenset({SAMPLING}), 2), (frozenset(), 1), (frozenset(), 1)],
    "checkpoint": [(frozenset(), 2), (frozenset({POLICE}), 1), (frozenset(), 1)],
    "door_knocking": [(frozenset(), 2), (frozenset(), 1)],
}


def synthetic(n_workers: int, n_sites: int, days: int, seed: int, sites_per_township: int = 300) -> Instance:
    """A realistic-looking instance: townships of communities, sealed zones, medical staff, police, sent-down cadres,
    ages, partial availability and leave."""
    rnd = random.Random(seed)
    communities = max(1, n_sites // 15)
    site_list = [_synthetic_site(rnd, s, communities, sites_per_township) for s in range(n_sites)]
    shifts, reqs = [], []
    for s, site in enumerate(site_list):
        kind = "checkpoint" if site.is_checkpoint else rnd.choice(["sampling", "sampling", "door_knocking"])
        for day in range(days):
            for hour, length in SHIFT_PATTERNS[kind]:
                start = hm(hour, day=day)
                shifts.append(Shift(s, start, start + length * HOUR, day, night_minutes(start, start + length * HOUR)))
                reqs += [Requirement(len(shifts) - 1, role, n, sk) for role, (sk, n) in enumerate(ROLES[kind])]
    workers = [_synthetic_worker(rnd, site_list, days) for _ in range(n_workers)]
    return Instance(workers=workers, sites=site_list, shifts=shifts, requirements=reqs, days=days)


def _synthetic_site(rnd: random.Random, s: int, communities: int, sites_per_township: int) -> Site:
    community = rnd.randrange(communities)
    zone = community if rnd.random() < 0.1 else NONE  # each community's sealed zone has the community's id
    return Site(township=s // sites_per_township, community=community, zone=zone, is_checkpoint=rnd.random() < 0.15)


def _synthetic_worker(rnd: random.Random, site_list: list[Site], days: int) -> Worker:
    home = rnd.choice(site_list)
    kind = rnd.random()
    skills = frozenset({SAMPLING}) if kind < 0.08 else frozenset({POLICE}) if kind < 0.11 else frozenset()
    dispatched = rnd.random() < 0.1
    target = rnd.choice(site_list)
    available = None
    if rnd.random() < 0.3:
        available = tuple(Window(hm(6, day=d), hm(22, day=d)) for d in range(days) if rnd.random() < 0.6)
    first = rnd.randrange(days)
    leave = (Window(hm(0, day=first), hm(0, day=first + 2)),) if rnd.random() < 0.05 else ()
    return Worker(
        age=NONE if rnd.random() < 0.2 else rnd.randint(16, 80),
        health=Health.unfit if rnd.random() < 0.02 else Health.fit,
        skills=skills,
        township=home.township,
        community=home.community,
        confined_zone=home.community if rnd.random() < 0.05 else NONE,
        dispatch_townships=frozenset({target.township}) if dispatched and rnd.random() < 0.5 else None,
        dispatch_communities=frozenset({target.community}) if dispatched else None,
        max_minutes_per_day=6 * HOUR if rnd.random() < 0.05 else NONE,
        available=available,
        leave=leave,
    )


def assert_matches_reference_on_a_sample(instance: Instance, result: Eligibility, size: int) -> None:
    sample = random.Random(2).sample(range(len(instance.requirements)), size)
    want = reference(replace(instance, requirements=[instance.requirements[r] for r in sample]))
    assert [result.candidates[r] for r in sample] == want.candidates
    assert [result.excluded[r] for r in sample] == want.excluded
    people = len(instance.workers)
    assert all(sum(c.values()) + len(f) == people for c, f in zip(result.excluded, result.candidates, strict=True))


def test_township_scale_is_correct_on_a_sample() -> None:
    """5,000 people, 300 sites, 7 days: spot-checks against the reference; `pytest -s` prints the time."""
    instance = synthetic(5_000, 300, 7, seed=1)
    began = time.perf_counter()
    result = compute_eligibility(instance)
    elapsed = time.perf_counter() - began
    pairs = sum(map(len, result.candidates))
    print(f"\neligibility, township scale: {len(instance.requirements)} requirements, {pairs} pairs, {elapsed:.2f} s")
    assert_matches_reference_on_a_sample(instance, result, 10)


def test_several_townships_with_cadres_sent_between_them() -> None:
    instance = synthetic(2_000, 200, 2, seed=3, sites_per_township=40)
    result = compute_eligibility(instance)
    assert_matches_reference_on_a_sample(instance, result, 40)
    assert any(R.outside_township in counts for counts in result.excluded)
