#!/usr/bin/env python3
"""Synthetic per-cell positions for `make cells-example` (issue 14): the cells-to-sites workflow.

generate FOLDER: reads FOLDER/demo/area.geojson (written by `nrplan demo --inputs`), places SITES
  sites in the central district 示范中区 at least SPACING_M apart (dart throwing, seeded), gives each
  2-4 cells (sectors on one rooftop or mast) scattered 3-25 m around it, and writes
    FOLDER/cells.geojson         two thirds of the sites' cells, WGS-84 Point features (RFC 7946)
    FOLDER/cells-b-wgs84.geojson the other third, to be converted to BD-09 by `nrplan convert`
    FOLDER/truth.csv             cell_id,site: which site each cell belongs to
flatten IN.geojson OUT.csv: the BD-09 GeoJSON as the CSV table a carrier would publish
  (cell_id,lng,lat), as a site list in BD-09 often comes.
check FOLDER: compares the clusters of FOLDER/sites-*/members.csv with truth.csv and prints
  how many sites were recovered exactly (same cells, nothing else).

Deterministic: the same seed gives the same files. Python's standard library only.
"""
import csv
import json
import math
import random
import sys

SITES = 3000
SPACING_M = 110.0
SEED = 14
EARTH_M_PER_DEG = 111_320.0


def central_district(area_path):
    with open(area_path, encoding="utf-8") as f:
        area = json.load(f)
    for feature in area["features"]:
        if feature["properties"].get("name") == "示范中区":
            g = feature["geometry"]
            return g["coordinates"] if g["type"] == "Polygon" else g["coordinates"][0]
    raise SystemExit("cells_example: no district 示范中区 in " + area_path)


def inside(rings, lon, lat):
    """Even-odd rule over every ring (holes included)."""
    hit = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def generate(folder):
    rings = central_district(folder + "/demo/area.geojson")
    lons = [p[0] for p in rings[0]]
    lats = [p[1] for p in rings[0]]
    lat0 = (min(lats) + max(lats)) / 2
    mx = EARTH_M_PER_DEG * math.cos(math.radians(lat0))  # metres per degree of longitude
    my = EARTH_M_PER_DEG
    rng = random.Random(SEED)
    bucket = {}
    sites = []
    tries = 0
    while len(sites) < SITES and tries < 400_000:
        tries += 1
        lon = rng.uniform(min(lons), max(lons))
        lat = rng.uniform(min(lats), max(lats))
        if not inside(rings, lon, lat):
            continue
        x, y = lon * mx, lat * my
        key = (int(x // SPACING_M), int(y // SPACING_M))
        near = [
            s for dx in (-1, 0, 1) for dy in (-1, 0, 1) for s in bucket.get((key[0] + dx, key[1] + dy), [])
        ]
        if any(math.hypot(x - sx, y - sy) < SPACING_M for sx, sy in near):
            continue
        bucket.setdefault(key, []).append((x, y))
        sites.append((lon, lat))
    cells_a, cells_b, truth = [], [], []
    for s, (lon, lat) in enumerate(sites, start=1):
        count = rng.choices([2, 3, 4], weights=[15, 70, 15])[0]
        for k in range(1, count + 1):
            r = rng.uniform(3, 25)
            t = rng.uniform(0, 2 * math.pi)
            cell_id = "C%05d-%d" % (s, k)
            point = (round(lon + r * math.cos(t) / mx, 7), round(lat + r * math.sin(t) / my, 7))
            feature = {
                "type": "Feature",
                "properties": {"id": cell_id, "band": "n78", "pci": rng.randrange(1008)},
                "geometry": {"type": "Point", "coordinates": list(point)},
            }
            (cells_b if s % 3 == 0 else cells_a).append(feature)
            truth.append((cell_id, s))
    for name, features in (("cells.geojson", cells_a), ("cells-b-wgs84.geojson", cells_b)):
        with open(folder + "/" + name, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
    with open(folder + "/truth.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cell_id", "site"])
        w.writerows(truth)
    print(
        "generated     %d sites at least %.0f m apart in 示范中区, %d cells: %d in cells.geojson (WGS-84), %d for BD-09"
        % (len(sites), SPACING_M, len(truth), len(cells_a), len(cells_b))
    )


def flatten(source, target):
    with open(source, encoding="utf-8") as f:
        features = json.load(f)["features"]
    with open(target, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cell_id", "lng", "lat", "band", "pci"])
        for feature in features:
            p = feature["properties"]
            lon, lat = feature["geometry"]["coordinates"]
            w.writerow([p["id"], "%.7f" % lon, "%.7f" % lat, p["band"], p["pci"]])


def check(folder, runs):
    with open(folder + "/truth.csv", encoding="utf-8") as f:
        truth = {row["cell_id"]: row["site"] for row in csv.DictReader(f)}
    sites = {}
    for cell, site in truth.items():
        sites.setdefault(site, set()).add(cell)
    exact = clusters = 0
    for run in runs:
        groups = {}
        with open(folder + "/" + run + "/members.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                groups.setdefault(row["site_id"], set()).add(row["id"])
        clusters += len(groups)
        exact += sum(1 for cells in groups.values() if cells == sites[truth[next(iter(cells))]])
    print(
        "recovered     %d of %d sites exactly (same cells, no other) in %d clusters (%s)"
        % (exact, len(sites), clusters, ", ".join(runs))
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "generate":
        generate(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "flatten":
        flatten(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3:])
    else:
        raise SystemExit(__doc__)
