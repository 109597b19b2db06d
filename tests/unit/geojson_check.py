#!/usr/bin/python3
"""Independent check of the GeoJSON export with Debian's python3-geojson.

The export of the demo bases (and one route) must load with geojson.loads and
be valid, as a collection and feature by feature; every base must be a Point
at [lon, lat] equal to the demo file's position and inside Zhejiang; there must
be one feature per base and per route; each route's LineString must run
through its stops' base positions, in order.

    /usr/bin/python3 geojson_check.py zx_export_geojson BASES.tsv WORKDIR
"""
import json
import os
import subprocess
import sys

import geojson

# Zhejiang, generously: lat 27°02'..31°11' N, lon 118°01'..123°10' E (islands included).
LAT = (27.0, 31.5)
LON = (118.0, 123.5)


def demo_positions(tsv):
    """id -> (lon, lat) from the demo file, read here without our C++ parser."""
    out = {}
    header = None
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells))
            out[row["id"]] = (float(row["lon"]), float(row["lat"]))
    return out


def main():
    tool, tsv, work = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "bases.geojson")
    routes_path = os.path.join(work, "routes.json")
    subprocess.run([tool, tsv, out, routes_path], check=True)
    with open(out, encoding="utf-8") as f:
        text = f.read()
    with open(routes_path, encoding="utf-8") as f:
        routes = json.load(f)
    positions = demo_positions(tsv)

    fc = geojson.loads(text)
    assert isinstance(fc, geojson.FeatureCollection), f"not a FeatureCollection: {type(fc)}"
    assert fc.is_valid, f"collection invalid: {fc.errors()}"
    for i, feat in enumerate(fc["features"]):
        assert isinstance(feat, geojson.Feature), f"features[{i}] is not a Feature"
        assert feat.is_valid, f"features[{i}] invalid: {feat.errors()}"

    # Exact values from the raw JSON (python-geojson rounds coordinates to 6 places).
    raw = json.loads(text)
    feats = raw["features"]
    assert len(feats) == len(positions) + len(routes), \
        f"{len(feats)} features for {len(positions)} bases + {len(routes)} routes"
    seen = {}
    for f in feats:
        props = f["properties"]
        if props.get("kind") == "route":
            continue
        assert props.get("kind") == "base", f"{f['id']}: kind {props.get('kind')!r}"
        g = f["geometry"]
        assert g["type"] == "Point", f"{f['id']}: {g['type']}"
        lon, lat = g["coordinates"]
        assert LON[0] <= lon <= LON[1] and LAT[0] <= lat <= LAT[1], \
            f"{f['id']}: [{lon}, {lat}] is not [lon, lat] in Zhejiang"
        assert (lon, lat) == positions[f["id"]], f"{f['id']}: {[lon, lat]} != demo file {positions[f['id']]}"
        for key in ("name", "category", "level", "city"):
            assert props.get(key), f"{f['id']}: no {key}"
        seen[f["id"]] = (lon, lat)
    assert set(seen) == set(positions), "bases missing from the export: " + str(sorted(set(positions) - set(seen)))

    by_id = {f["id"]: f for f in feats if f["properties"].get("kind") == "route"}
    assert set(by_id) == {r["id"] for r in routes}, f"routes {sorted(by_id)} != {[r['id'] for r in routes]}"
    for r in routes:
        f = by_id[r["id"]]
        assert [s["base_id"] for s in f["properties"]["stops"]] == r["stops"], f"{r['id']}: stops differ"
        g = f["geometry"]
        assert g["type"] == "LineString", f"{r['id']}: {g['type']}"
        want = [list(positions[b]) for b in r["stops"]]
        assert g["coordinates"] == want, f"{r['id']}: line {g['coordinates']} != stop positions {want}"
    print(f"geojson check: {len(seen)} bases and {len(routes)} route(s) valid per python-geojson {geojson.__version__}")


if __name__ == "__main__":
    main()
