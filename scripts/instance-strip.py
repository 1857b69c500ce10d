#!/usr/bin/env python3
"""Cut a strip of rows out of an nrplan JSON covering instance (`nrplan solve … --write-instance X.json`).

Usage: instance-strip.py FULL.json FIRST_ROW END_ROW OUT.json

Keeps rows FIRST_ROW..<END_ROW (in the grid's cell order a strip is a band of the map), every column
restricted to them (columns covering none of them are dropped), the fixed columns that touch the
strip, its must-cover rows, and the file's objective and target fraction, so that `nrplan solve-matrix
--mclp OUT.json` and `scripts/highs-instance.py OUT.json` solve the same sub-problem (docs/solver.md,
the issue-15 strip analyses). The big `cover` array is scanned column by column rather than parsed
whole: a city instance's JSON (1.1 GB) needs about its own size in memory this way.
"""
import json
import re
import sys

import numpy as np

source, first, end, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
data = open(source, "rb").read()


def array_start(key):
    return data.index(b"[", data.index(b'"' + key.encode() + b'"'))


def flat_array(key):
    """A flat numeric array member, or [] when the file has none."""
    try:
        start = array_start(key)
    except ValueError:
        return []
    text = data[start + 1:data.index(b"]", start)].decode()
    return [float(x) for x in text.split(",")] if text.strip() else []


weights = flat_array("weights")
costs = flat_array("costs")
fixed = {int(x) for x in flat_array("fixed")}
must = {int(x) for x in flat_array("must_cover")}
target = re.search(rb'"target"\s*:\s*([0-9.eE+-]+)', data)
objective = re.search(rb'"objective"\s*:\s*"([a-z_]+)"', data)
# The cover array: '[[…],[…],…]' — one column's rows per inner array.
columns, kept, position, j = [], [], array_start("cover") + 1, 0
while True:
    a = data.index(b"[", position)
    b = data.index(b"]", a)
    text = data[a + 1:b]
    rows = np.fromstring(text, dtype=np.int64, sep=",") if text.strip() else np.zeros(0, np.int64)
    inside = rows[(rows >= first) & (rows < end)] - first
    if len(inside):
        columns.append(inside.tolist())
        kept.append(j)
    j += 1
    position = b + 1
    while data[position:position + 1] in (b" ", b"\n"):
        position += 1
    if data[position:position + 1] == b"]":
        break
    position += 1
costs = costs if costs else [1.0] * j
local = {old: k for k, old in enumerate(kept)}
instance = {
    "weights": weights[first:end],
    "cover": columns,
    "costs": [costs[old] for old in kept],
    "fixed": [local[old] for old in sorted(fixed) if old in local],
    "must_cover": [i - first for i in sorted(must) if first <= i < end],
}
if objective:
    instance["objective"] = objective.group(1).decode()
if target:
    instance["target"] = float(target.group(1))
json.dump(instance, open(out, "w"))
print(f"instance: {len(weights)} rows, {j} columns; strip: {end - first} rows, {len(kept)} columns, "
      f"{sum(map(len, columns))} nonzeros, {len(instance['fixed'])} fixed, {len(instance['must_cover'])} must",
      file=sys.stderr)
