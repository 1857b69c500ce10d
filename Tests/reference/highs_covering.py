#!/usr/bin/env python3
"""Exact optima of covering problems with HiGHS (highspy), the independent reference of the
nested-covering tests (Tests/OptimizerTests/NestedCoveringHiGHSTests.swift).

Reads a JSON list of problems on stdin, each
  {"rows": m, "columns": [[row, ...], ...], "costs": [...], "weights": [...],
   "fixed": [column, ...], "must": [row, ...],
   "objective": {"kind": "partial", "target": t} | {"kind": "max", "sites": k|null, "budget": b|null}}
and prints a JSON list with, per problem, {"status": "optimal"|"infeasible"|..., "value": v}: the least
cost of new (non-fixed) columns covering at least t of the total weight (partial), or the most weight
covered with at most k new columns costing at most b (max). Fixed columns are on and free; a must
row is covered. Model: binary x_j per free column, y_i in [0, 1] per row with y_i <= sum x_j over the
free columns covering it (rows the fixed columns cover are covered). Same tolerance on the target as
the solver: 1e-9 of the total weight.
"""
import json
import os
import sys

import highspy


def solve(p):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    m, columns, costs, weights = p["rows"], p["columns"], p["costs"], p["weights"]
    fixed = set(p.get("fixed", []))
    free = [j for j in range(len(columns)) if j not in fixed]
    covered_by_fixed = set(r for j in fixed for r in columns[j])
    objective = p["objective"]
    maximise = objective["kind"] == "max"
    inf = highspy.kHighsInf
    # Variables: x for free columns, then y for rows not covered by the fixed columns.
    open_rows = [i for i in range(m) if i not in covered_by_fixed]
    nx = len(free)
    for k, j in enumerate(free):
        h.addVar(0, 1)
        h.changeColCost(k, 0.0 if maximise else costs[j])
        h.changeColIntegrality(k, highspy.HighsVarType.kInteger)
    for k, i in enumerate(open_rows):
        h.addVar(0, 1)
        h.changeColCost(nx + k, weights[i] if maximise else 0.0)
    column_of = {j: k for k, j in enumerate(free)}
    covering = {i: [] for i in open_rows}
    for j in free:
        for r in columns[j]:
            if r in covering:
                covering[r].append(column_of[j])
    must = set(p.get("must", []))
    for k, i in enumerate(open_rows):
        # y_i - sum x_j <= 0
        idx = [nx + k] + covering[i]
        h.addRow(-inf, 0.0, len(idx), idx, [1.0] + [-1.0] * len(covering[i]))
        if i in must:
            h.changeColBounds(nx + k, 1.0, 1.0)
    total = sum(weights)
    fixed_weight = sum(weights[i] for i in covered_by_fixed)
    if maximise:
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        if objective.get("sites") is not None:
            h.addRow(-inf, float(objective["sites"]), nx, list(range(nx)), [1.0] * nx)
        if objective.get("budget") is not None:
            budget = objective["budget"]
            h.addRow(-inf, budget + 1e-9 * max(1.0, budget), nx, list(range(nx)), [costs[j] for j in free])
    else:
        need = objective["target"] * total - 1e-9 * max(1.0, total) - fixed_weight
        ny = len(open_rows)
        h.addRow(need, inf, ny, [nx + k for k in range(ny)], [weights[i] for i in open_rows])
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        value = h.getInfo().objective_function_value
        return {"status": "optimal", "value": value + (fixed_weight if maximise else 0.0)}
    if status == highspy.HighsModelStatus.kInfeasible:
        return {"status": "infeasible", "value": None}
    return {"status": h.modelStatusToString(status), "value": None}


def main():
    problems = json.load(sys.stdin)
    # HiGHS prints its banner on file descriptor 1: keep stdout for the answer only.
    sys.stdout.flush()
    answer = os.dup(1)
    os.dup2(2, 1)
    results = [solve(p) for p in problems]
    sys.stdout.flush()
    os.dup2(answer, 1)
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
