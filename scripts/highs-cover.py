#!/usr/bin/env python3
"""The whole covering problem of a scenario solved exactly by HiGHS (highspy), as an LP and as a MIP.

Input: a JSON file {"rows", "starts", "cells", "costs", "fixed", "weights", "must", "target"} (column j
covers cells[starts[j]:starts[j+1]]; fixed columns are existing sites, x = 1; must cells z = 1):
    min sum c_j x_j  s.t.  sum_{j covers i} x_j >= z_i,  sum w_i z_i >= target,  0 <= x, z <= 1
(x integer for the MIP). Prints "optima LP MIP". Used by Tests/CLITests/TiledRunTests.swift to check
that a merged plan's lower bound is valid (at most the LP optimum).
"""
import json, sys
import numpy as np
import highspy
d = json.load(open(sys.argv[1]))
m, starts, cells = d["rows"], d["starts"], d["cells"]
n = len(d["costs"])
fixed, must = set(d["fixed"]), set(d["must"])
# Columns: x_j (n), then z_i (m). Rows: m cover rows (sum x - z >= 0), then the knapsack.
col_start, index, value = [0], [], []
for j in range(n):
    index += cells[starts[j]:starts[j + 1]]; value += [1.0] * (starts[j + 1] - starts[j])
    col_start.append(len(index))
for i in range(m):
    index += [i, m]; value += [-1.0, d["weights"][i]]; col_start.append(len(index))
lp = highspy.HighsLp()
lp.num_col_, lp.num_row_ = n + m, m + 1
lp.col_cost_ = np.array(d["costs"] + [0.0] * m)
lp.col_lower_ = np.array([1.0 if j in fixed else 0.0 for j in range(n)] + [1.0 if i in must else 0.0 for i in range(m)])
lp.col_upper_ = np.ones(n + m)
lp.row_lower_ = np.array([0.0] * m + [d["target"]])
lp.row_upper_ = np.array([highspy.kHighsInf] * (m + 1))
lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
lp.a_matrix_.start_ = np.array(col_start, dtype=np.int32)
lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
lp.a_matrix_.value_ = np.array(value)
out = []
for integer in (False, True):
    h = highspy.Highs(); h.setOptionValue("output_flag", False); h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 0.0); h.setOptionValue("time_limit", 120.0)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * m
    h.passModel(lp); h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(h.getModelStatus())
    out.append(h.getInfo().objective_function_value)
print("optima", out[0], out[1])
