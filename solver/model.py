"""The CP-SAT model: one Boolean per eligible (worker, requirement) pair, shaped by the rule families of `rules`.

`build_model` creates the decision variables and the shared structure (who works which shift), then runs every
rule family of `rules.RULES` in order; each family adds its constraints and/or its objective terms. The objective
is maximised: rewards are positive coefficients, penalties negative ones, all integers taken from `Weights`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from solver.instance import NONE, Assignment, Eligibility, Instance, Shift
from solver.rules import RULES, is_elderly, locality_penalty, minute_of_day, preferences_met

#: A requirement keeps at most this many candidates per place in the model (see `shortlist`); 0 keeps everyone.
SHORTLIST_PER_PLACE = 6
#: … and never fewer than this many (when it has them).
SHORTLIST_MIN = 12
#: The share of each shortlist chosen by objective cost; the rest goes to the least-shortlisted people (`shortlist`).
SHORTLIST_COST_SHARE = 0.5

Literal = cp_model.IntVar
Expr = cp_model.LinearExprT


@dataclass(slots=True)
class Model:
    """The CpModel and the handles a test, the driver or an explanation needs to read it back."""

    instance: Instance
    eligibility: Eligibility
    cp: cp_model.CpModel
    #: Decision variables: worker `w` takes a place of requirement `r`, keyed by (w, r); only eligible pairs.
    x: dict[tuple[int, int], Literal]
    #: Places of each requirement left unfilled (0..count): coverage is never a hard constraint.
    shortfall: list[Literal]
    #: The x variables of worker `w` in shift `s` (one per role they could take), keyed by (w, s). With
    #: one role per shift their sum is 1 exactly when `w` works `s`, so rules sum x instead of adding a literal.
    works: dict[tuple[int, int], list[Literal]]
    #: Per worker, the shifts they could work, sorted by start.
    shifts_of: dict[int, list[int]]
    #: Per requirement, the (worker, x) pairs.
    placed: list[list[tuple[int, Literal]]]
    #: Objective terms by rule family: (expression, integer coefficient), maximised.
    terms: dict[str, list[tuple[Expr, int]]] = field(default_factory=dict)
    #: Rule families that were switched off or skipped (with why), for the run's record.
    skipped: dict[str, str] = field(default_factory=dict)
    #: Rule families already run (built, switched off or skipped).
    built: set[str] = field(default_factory=set)

    def add_term(self, family: str, expr: Expr, coefficient: int) -> None:
        """Add `coefficient * expr` to the maximised objective under `family` (zero coefficients are dropped)."""
        if coefficient:
            self.terms.setdefault(family, []).append((expr, coefficient))

    def family_value(self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback, family: str) -> int:
        """The objective contribution of one rule family in the solver's current solution."""
        return sum(coef * int(solver.value(expr)) for expr, coef in self.terms.get(family, ()))

    def objective(self, families: Collection[str] | None = None) -> cp_model.LinearExpr:
        """The sum of the terms of `families` (every family when None); coefficients of a variable used by several
        families are added up first."""
        by_var: dict[int, int] = defaultdict(int)
        variables: dict[int, Literal] = {}
        exprs: list[Expr] = []
        coefficients: list[int] = []
        chosen = [terms for name, terms in self.terms.items() if families is None or name in families]
        for expr, coefficient in (pair for terms in chosen for pair in terms):
            if isinstance(expr, cp_model.IntVar):
                by_var[expr.index] += coefficient
                variables[expr.index] = expr
            else:
                exprs.append(expr)
                coefficients.append(coefficient)
        exprs += variables.values()
        coefficients += (by_var[i] for i in variables)
        return cp_model.LinearExpr.weighted_sum(exprs, coefficients)

    def coverage(self) -> cp_model.LinearExpr:
        """What the filled places are worth (the `priority_coverage` family alone)."""
        return self.objective(("priority_coverage",))

    def shift_minutes(self, w: int, shifts: list[int]) -> tuple[list[Literal], list[int]]:
        """Worker `w`'s x variables in `shifts` and each one's shift minutes: their weighted sum is the minutes
        worked (one role per shift)."""
        lits = [var for s in shifts for var in self.works[w, s]]
        minutes = [self.instance.shifts[s].minutes for s in shifts for _ in self.works[w, s]]
        return lits, minutes


def build_model(instance: Instance, eligibility: Eligibility, *, disabled: Collection[str] = (),
                families: Collection[str] | None = None) -> Model:
    """Build the model with the rule families of `rules.RULES` named in `families` (None: every one), except those
    in `disabled`; `add_families` adds more later. The objective is the sum of the families built."""
    unknown = (set(disabled) | set(families or ())) - {name for name, _ in RULES}
    if unknown:
        raise ValueError(f"unknown rule families: {sorted(unknown)}")
    if len(eligibility.candidates) != len(instance.requirements):
        raise ValueError("eligibility does not match the instance's requirements")
    model = _variables(instance, eligibility)
    add_families(model, [name for name, _ in RULES if families is None or name in families], disabled)
    return model


def add_families(model: Model, names: Collection[str], disabled: Collection[str] = ()) -> None:
    """Run the families of `names` not built yet, in registry order (those in `disabled` are recorded as switched
    off), and maximise the sum of every family built."""
    for name, rule in RULES:
        if name not in names or name in model.built:
            continue
        model.built.add(name)
        if name in disabled:
            model.skipped[name] = "switched off"
        else:
            rule(model)
    model.cp.maximize(model.objective())


def _variables(instance: Instance, eligibility: Eligibility) -> Model:
    """The x, shortfall and works variables and the per-worker / per-requirement indexes."""
    cp = cp_model.CpModel()
    x: dict[tuple[int, int], Literal] = {}
    placed: list[list[tuple[int, Literal]]] = []
    by_worker_shift: dict[tuple[int, int], list[Literal]] = defaultdict(list)
    for r, req in enumerate(instance.requirements):
        row = []
        for w in sorted(set(eligibility.candidates[r])):
            var = x[w, r] = cp.new_bool_var(f"x_w{w}_r{r}")
            row.append((w, var))
            by_worker_shift[w, req.shift].append(var)
        placed.append(row)
    shortfall = [cp.new_int_var(0, req.count, f"short_r{r}") for r, req in enumerate(instance.requirements)]
    works = dict(sorted(by_worker_shift.items()))
    shifts_of: dict[int, list[int]] = defaultdict(list)
    for w, s in works:
        shifts_of[w].append(s)
    for shifts in shifts_of.values():
        shifts.sort(key=lambda s: (instance.shifts[s].start, s))
    return Model(instance, eligibility, cp, x, shortfall, works, dict(shifts_of), placed)


def shortlist(instance: Instance, eligibility: Eligibility, keep: Iterable[Assignment] = ()) -> Eligibility:
    """Eligibility cut to the most promising candidates: per requirement max(SHORTLIST_MIN, SHORTLIST_PER_PLACE ×
    count), always keeping `keep` (the greedy schedule, pins, baseline), so the model stays small enough for CP-SAT.

    Scarce requirements (fewest candidates per place) choose first. SHORTLIST_COST_SHARE of each list goes to the
    cheapest candidates by objective cost (locality, elderly, preference), the rest to those shortlisted for the
    fewest minutes so far. The second half is what keeps coverage: chosen by cost alone, the lists of a street
    office crowd onto the same local people and the best schedule inside them filled 1,701 places of the 1,706 any
    schedule can fill; with half chosen by exposure it fills all 1,706, and CP-SAT proves it in under a second.
    """
    if SHORTLIST_PER_PLACE <= 0:
        return eligibility
    forced: dict[int, set[int]] = {}
    for a in [*keep, *instance.pins, *instance.baseline]:
        forced.setdefault(a.requirement, set()).add(a.worker)
    exposure = np.zeros(len(instance.workers), dtype=np.int64)
    costs = CostTable(instance, eligibility)
    kept = [list(c) for c in eligibility.candidates]
    reqs = instance.requirements
    order = sorted(range(len(reqs)), key=lambda r: (len(eligibility.candidates[r]) / max(1, reqs[r].count), r))
    for r in order:
        size = max(SHORTLIST_MIN, SHORTLIST_PER_PLACE * reqs[r].count)
        if len(kept[r]) > size:
            chosen = forced.get(r, set()) & set(kept[r])
            by_cost, by_exposure = costs.order(r, exposure), costs.order_by_load(r, exposure)
            _fill(chosen, by_cost, max(len(chosen), round(size * SHORTLIST_COST_SHARE)))
            _fill(chosen, by_exposure, size)
            kept[r] = sorted(chosen)
        exposure[kept[r]] += instance.shifts[reqs[r].shift].minutes
    return Eligibility(kept, eligibility.excluded)


def _fill(chosen: set[int], ranked: np.ndarray, size: int) -> None:
    """Add workers from `ranked`, in order, until `chosen` holds `size` of them."""
    for w in ranked[:size]:  # at most `size` are looked at: those skipped were already chosen
        if len(chosen) >= size:
            return
        chosen.add(int(w))


class CostTable:
    """`placement_cost` of the candidates of a requirement, vectorised: per site one array of locality penalties over
    all workers, then per requirement a gather over its candidates. The greedy hint and the shortlist order
    thousands of candidates for every requirement; done one Python call at a time this dominated the township
    benchmark's preparation (~40 s)."""

    def __init__(self, instance: Instance, eligibility: Eligibility) -> None:
        self.instance = instance
        self.eligibility = eligibility
        workers, weights, rules = instance.workers, instance.weights, instance.rules
        self.township = np.array([w.township for w in workers], dtype=np.int64)
        self.community = np.array([w.community for w in workers], dtype=np.int64)
        self.grid = np.array([w.grid for w in workers], dtype=np.int64)
        self.elderly = np.array([is_elderly(w, rules) for w in workers], dtype=np.int64) * weights.elderly
        self.prefers: dict[tuple[int, int, int], np.ndarray] = {}
        self.by_site: dict[int, np.ndarray] = {}
        self.arrays: dict[int, np.ndarray] = {}

    def _locality(self, site_index: int) -> np.ndarray:
        """`locality_penalty` of every worker at one site."""
        found = self.by_site.get(site_index)
        if found is None:
            site, weights = self.instance.sites[site_index], self.instance.weights
            found = np.zeros(len(self.township), dtype=np.int64)
            same = np.ones(len(self.township), dtype=bool)
            for mine, theirs, weight in ((self.township, site.township, weights.locality_township),
                                         (self.community, site.community, weights.locality_community),
                                         (self.grid, site.grid, weights.locality_grid)):
                if theirs == NONE:
                    break
                differs = same & (mine != theirs)
                found[differs] = weight
                same &= ~differs
            self.by_site[site_index] = found
        return found

    def _preference(self, role: int, shift: Shift) -> np.ndarray:
        """weights.preference × the preferences met (`preferences_met`) for every worker, per role and time."""
        key = (role, minute_of_day(shift), shift.minutes)
        found = self.prefers.get(key)
        if found is None:
            weight = self.instance.weights.preference
            found = self.prefers[key] = np.array(
                [weight * preferences_met(w, shift, role) for w in self.instance.workers], dtype=np.int64)
        return found

    def __call__(self, r: int) -> tuple[np.ndarray, np.ndarray]:
        """The candidates of requirement `r` and their costs, as aligned arrays."""
        req = self.instance.requirements[r]
        shift = self.instance.shifts[req.shift]
        candidates = self.eligibility.candidates[r]
        workers = self.arrays.get(id(candidates))
        if workers is None:
            workers = self.arrays[id(candidates)] = np.asarray(candidates, dtype=np.int64)
        costs = (self._locality(shift.site)[workers] + self.elderly[workers] * shift.minutes
                 - self._preference(req.role, shift)[workers])
        return workers, costs

    def order(self, r: int, load: np.ndarray) -> np.ndarray:
        """Candidates of `r` cheapest first, then least loaded, then by index."""
        workers, costs = self(r)
        return workers[np.lexsort((workers, load[workers], costs))]

    def order_by_load(self, r: int, load: np.ndarray) -> np.ndarray:
        """Candidates of `r` least loaded first, then cheapest, then by index."""
        workers, costs = self(r)
        return workers[np.lexsort((workers, costs, load[workers]))]


def placement_cost(instance: Instance, w: int, r: int) -> int:
    """What placing worker `w` in requirement `r` costs by the per-person soft rules (locality, elderly, preference),
    in objective units: the greedy hint and the shortlist prefer cheap people."""
    worker, req = instance.workers[w], instance.requirements[r]
    shift, weights = instance.shifts[req.shift], instance.weights
    cost = locality_penalty(worker, instance.sites[shift.site], weights)
    cost += weights.elderly * shift.minutes if is_elderly(worker, instance.rules) else 0
    return cost - weights.preference * preferences_met(worker, shift, req.role)
