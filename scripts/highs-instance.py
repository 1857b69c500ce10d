#!/usr/bin/env python3
"""The LP relaxation (and optionally the MIP, time-limited) of an nrplan JSON partial-cover or
set-cover instance, solved by HiGHS through highspy on one thread.

Usage: highs-instance.py INSTANCE.json [MIP_SECONDS]

The instance is reduced as nrplan's `Presolve` does before either solver sees it: rows covered by
fixed columns (existing sites, cost 0 in nrplan's objective) leave the problem and their weight
counts toward the target, rows of weight 0 that are not must-cover are dropped, and rows with the
same free columns are merged (weights summed). Then, with x_j the free columns and z_r the rows,

    min Σ c_j x_j  s.t.  Σ_{j ∋ r} x_j ≥ z_r,  Σ w_r z_r ≥ t·W − w(fixed) − 10⁻⁹·max(1, W),
                         z_r = 1 on must rows, 0 ≤ x, z ≤ 1   (x integer for the MIP),

the same problem and tolerance as the MPS export (docs/solver.md, "--write-instance"). Prints the
LP's status, optimum and seconds, then for the MIP its status, best objective and dual bound.
"""
import json
import sys
import time

import highspy
import numpy as np

d = json.load(open(sys.argv[1]))
mip_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 0
weights = np.array(d["weights"], dtype=float)
cover, m = d["cover"], len(d["weights"])
costs = d.get("costs", [1.0] * len(cover))
fixed, must = set(d.get("fixed", [])), set(d.get("must_cover", []))
total = weights.sum()
fraction = d.get("target", 1.0) if d.get("objective", "partial_cover") == "partial_cover" else 1.0
if d.get("objective") == "set_cover":
    must = set(range(m))
covered = np.zeros(m, bool)
for j in fixed:
    covered[cover[j]] = True
target = fraction * total - 1e-9 * max(1.0, total) - weights[covered].sum()
free = [j for j in range(len(cover)) if j not in fixed]
row_columns = [[] for _ in range(m)]
for k, j in enumerate(free):
    for i in cover[j]:
        if not covered[i]:
            row_columns[i].append(k)
merged = {}
for i in range(m):
    if covered[i] or (weights[i] <= 0 and i not in must):
        continue
    entry = merged.setdefault(tuple(row_columns[i]), [0.0, False])
    entry[0] += weights[i]
    entry[1] |= i in must
rows = list(merged.items())
n, r = len(free), len(rows)
print(f"{n} free columns, {r} rows after merging, target {target:.6g}", flush=True)
column_rows = [[] for _ in range(n)]
for row, (key, _) in enumerate(rows):
    for k in key:
        column_rows[k].append(row)
starts, index, value = [0], [], []
for k in range(n):
    index += column_rows[k]
    value += [1.0] * len(column_rows[k])
    starts.append(len(index))
for row, (_, (weight, _)) in enumerate(rows):
    index += [row, r]
    value += [-1.0, weight]
    starts.append(len(index))
lp = highspy.HighsLp()
lp.num_col_, lp.num_row_ = n + r, r + 1
lp.col_cost_ = np.array([costs[j] for j in free] + [0.0] * r)
lp.col_lower_ = np.array([0.0] * n + [1.0 if is_must else 0.0 for _, (_, is_must) in rows])
lp.col_upper_ = np.ones(n + r)
lp.row_lower_ = np.array([0.0] * r + [target])
lp.row_upper_ = np.array([highspy.kHighsInf] * (r + 1))
lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
lp.a_matrix_.value_ = np.array(value)
for integer in [False, True] if mip_seconds > 0 else [False]:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    if integer:
        h.setOptionValue("time_limit", mip_seconds)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * r
    start = time.time()
    h.passModel(lp)
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    seconds = round(time.time() - start, 1)
    if integer:
        print(f"MIP {status}: best {info.objective_function_value}, dual bound {info.mip_dual_bound}, {seconds} s")
    else:
        print(f"LP {status}: optimum {info.objective_function_value}, {seconds} s")
