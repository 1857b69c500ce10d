#!/usr/bin/env python3
"""Looks for improving moves that nrplan's min-cost local search does not make, on a partial-cover
plan of an nrplan JSON instance (small instances: strips cut by scripts/instance-strip.py).

Usage: plan-neighbourhoods.py INSTANCE.json RESULT.json
       (RESULT.json: the output of `nrplan solve-matrix --mclp INSTANCE.json --target F --json`)

Three neighbourhoods, each checked exhaustively on the plan (docs/solver.md, issue 15, "the plan
side of the area-weighted job probed"):

1. drop 1, add 2: a chosen column j out, two cheaper columns in (together cheaper than j), each
   touching a row j alone covered; the first of the two among the 12 of least cost per regained
   weight, the second any, the target met again;
2. destroy 2, repair: two chosen columns sharing a row out, the ratio greedy (cost per newly
   covered weight) over the columns touching their rows until the target holds, then redundant
   columns (the added ones and the pair's chosen neighbours, costliest first) out;
3. drop an untouched column: a column k in and a chosen column j that k does not touch out, when
   the slack above the target plus the uncovered weight k covers pays for j's critical weight
   (the local search scans only the 16 costliest such j).
"""
import json
import sys

import numpy as np

d = json.load(open(sys.argv[1]))
plan = json.load(open(sys.argv[2]))
w = np.array(d["weights"], dtype=float)
costs = np.array(d["costs"], dtype=float)
cover = [np.array(c, dtype=np.int64) for c in d["cover"]]
fixed = set(d.get("fixed", []))
target = d["target"] * w.sum() - 1e-9 * max(1.0, w.sum())
chosen = sorted(plan["columns"])
in_plan = set(chosen)
m, n = len(w), len(costs)
count = np.zeros(m, dtype=np.int64)
for j in list(fixed) + chosen:
    count[cover[j]] += 1
row_columns = [[] for _ in range(m)]
for j in range(n):
    if j not in fixed:
        for i in cover[j]:
            row_columns[i].append(j)


def covered():
    return w[count > 0].sum()


def gain(k, uncovered):
    return w[cover[k]][uncovered[cover[k]]].sum()


print(f"plan cost {costs[chosen].sum():.1f}, {len(chosen)} columns, slack {covered() - target:.1f}")

# 1. drop 1, add 2
moves = []
for j in chosen:
    count[cover[j]] -= 1
    uncovered = count == 0
    deficit = target - covered()
    critical = cover[j][uncovered[cover[j]]]
    candidates = sorted({k for i in critical for k in row_columns[i] if k not in in_plan and costs[k] < costs[j]})
    gains = {k: gain(k, uncovered) for k in candidates}
    first = sorted(candidates, key=lambda k: (costs[k] / max(gains[k], 1e-12), k))[:12]
    best = 0.0
    for k1 in first:
        count[cover[k1]] += 1
        left = deficit - gains[k1]
        uncovered1 = count == 0
        for k2 in candidates:
            saving = costs[j] - costs[k1] - costs[k2]
            if k2 != k1 and saving > best + 1e-9 and gain(k2, uncovered1) >= left - 1e-6:
                best = saving
        count[cover[k1]] -= 1
    count[cover[j]] += 1
    if best > 1e-9:
        moves.append((best, j))
print(f"drop 1, add 2: {len(moves)} improving moves, saving {sum(s for s, _ in moves):.1f}")

# 2. destroy 2, repair
neighbours = {j: set() for j in chosen}
for j in chosen:
    for i in cover[j]:
        neighbours[j].update(k for k in row_columns[i] if k in in_plan and k != j)
pairs = sorted({(min(a, b), max(a, b)) for a in chosen for b in neighbours[a]})
moves = []
for pair in pairs:
    for j in pair:
        count[cover[j]] -= 1
    candidates = sorted({k for j in pair for i in cover[j] for k in row_columns[i]} - in_plan)
    added, feasible = [], True
    while covered() < target:
        uncovered = count == 0
        scored = [(costs[k] / g, k) for k in candidates if k not in added for g in [gain(k, uncovered)] if g > 0]
        if not scored:
            feasible = False
            break
        k = min(scored)[1]
        added.append(k)
        count[cover[k]] += 1
    dropped = []
    if feasible:
        pool = set(added).union(*(neighbours[j] for j in pair)) - set(pair)
        for k in sorted(pool, key=lambda k: (-costs[k], k)):
            count[cover[k]] -= 1
            if covered() >= target:
                dropped.append(k)
            else:
                count[cover[k]] += 1
        delta = costs[added].sum() - costs[dropped].sum() - costs[list(pair)].sum()
        if delta < -1e-9:
            moves.append((delta, pair))
    for k in dropped:
        count[cover[k]] += 1
    for k in added:
        count[cover[k]] -= 1
    for j in pair:
        count[cover[j]] += 1
moves.sort()
print(f"destroy 2, repair: {len(pairs)} pairs, {len(moves)} improving, best {moves[0][0] if moves else 0:.1f}")

# 3. drop an untouched column
uncovered = count == 0
critical = {j: w[cover[j]][count[cover[j]] == 1].sum() for j in chosen}
slack = covered() - target
by_cost = sorted(chosen, key=lambda j: (-costs[j], j))
found, beyond_scan = 0, 0
for k in range(n):
    if k in fixed or k in in_plan:
        continue
    g = gain(k, uncovered)
    if g <= 0:
        continue
    touched = set(cover[k].tolist())
    for position, j in enumerate(by_cost):
        if costs[j] <= costs[k]:
            break
        if critical[j] <= slack + g and not touched.intersection(cover[j][count[cover[j]] == 1].tolist()):
            found += 1
            beyond_scan += position >= 16
            break
crit = sorted(critical.values())
print(f"drop untouched: {found} improving moves ({beyond_scan} beyond the 16 scanned); "
      f"critical weight of a chosen column: least {crit[0]:.1f}, median {crit[len(crit) // 2]:.1f}")
