#!/usr/bin/env node
// Build-time extractor for the offline basemap: writes ONE compact GeoJSON
// FeatureCollection with every province outline of China (coarse) and the 11
// prefecture-level cities of Zhejiang (finer), for Leaflet in the browser and
// the desktop client's own Web Mercator renderer (shared/zx/geo/outlines.hpp).
//
//   node scripts/make_outlines.mjs --echarts node_modules/echarts \
//        --out build/web/outlines.geojson [--cache ~/.cache/zhixing/outlines]
//
// Source: the map data shipped in the npm package echarts@4.9.0 (Apache-2.0;
// map/json/china.json for provinces, map/json/province/zhejiang.json for the
// cities). ECharts 5 dropped these files, so the version is pinned exactly.
// The files are in ECharts' own compressed form ("UTF8Encoding": zig-zag delta
// coded characters, 1/1024 degree steps, about 100 m) and, like the Amap/DataV
// data they come from, in GCJ-02 ("Mars") coordinates, offset by some 300-700 m
// from WGS84 in Zhejiang. We convert every vertex back to WGS84, which is what
// Leaflet's tiles-free map, GPS positions and our base coordinates use.
//
// Output contract (checked by tests/unit/test_outlines.cpp through the C++
// reader): features sorted provinces first, then cities, each by adcode;
// properties {"name", "level": "province"|"city", "adcode"}; geometry Polygon
// or MultiPolygon, exterior rings counter-clockwise and holes clockwise
// (RFC 7946), rings closed, coordinates [lon, lat] rounded to 4 decimals
// (about 11 m). The output depends only on the input files and this script,
// so it is byte-for-byte deterministic, and it is cached by their hash.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Douglas-Peucker tolerances in metres: provinces are drawn at national zoom
// levels, where 1.2 km is under a pixel; cities are seen closer up, but the
// source is quantised to ~100 m anyway, so going finer than that buys nothing.
const TOLERANCE_M = { province: 1200, city: 120 };
// Rings smaller than this (km^2) are dropped: islets that are invisible at the
// zoom where that level is drawn and would only cost bytes.
const MIN_RING_KM2 = { province: 8, city: 0.3 };
const DECIMALS = 4;

// Full official names: china.json only has short ones ("浙江").
const PROVINCE_NAMES = {
  110000: '北京市', 120000: '天津市', 130000: '河北省', 140000: '山西省',
  150000: '内蒙古自治区', 210000: '辽宁省', 220000: '吉林省', 230000: '黑龙江省',
  310000: '上海市', 320000: '江苏省', 330000: '浙江省', 340000: '安徽省',
  350000: '福建省', 360000: '江西省', 370000: '山东省', 410000: '河南省',
  420000: '湖北省', 430000: '湖南省', 440000: '广东省', 450000: '广西壮族自治区',
  460000: '海南省', 500000: '重庆市', 510000: '四川省', 520000: '贵州省',
  530000: '云南省', 540000: '西藏自治区', 610000: '陕西省', 620000: '甘肃省',
  630000: '青海省', 640000: '宁夏回族自治区', 650000: '新疆维吾尔自治区',
  710000: '台湾省', 810000: '香港特别行政区', 820000: '澳门特别行政区',
};
const ZHEJIANG_CITIES = [
  '杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市',
  '金华市', '衢州市', '舟山市', '台州市', '丽水市',
];

function fail(msg) {
  process.stderr.write(`make_outlines: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) fail(`bad arguments near ${key}`);
    args[key.slice(2)] = argv[i + 1];
  }
  if (!args.echarts || !args.out) fail('usage: --echarts DIR --out FILE [--cache DIR]');
  return args;
}

// --- ECharts' compressed GeoJSON (lib/coord/geo/parseGeoJson.js) -------------
function decodeRing(text, offsets, scale) {
  const ring = [];
  let x = offsets[0];
  let y = offsets[1];
  for (let i = 0; i + 1 < text.length; i += 2) {
    let dx = text.charCodeAt(i) - 64;
    let dy = text.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1); // zig-zag
    dy = (dy >> 1) ^ -(dy & 1);
    x += dx;
    y += dy;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

// Returns [[ring, ...], ...]: a list of polygons, each a list of rings.
function decodeGeometry(json, feature) {
  const g = feature.geometry;
  const scale = json.UTF8Scale ?? 1024;
  const encoded = json.UTF8Encoding === true;
  const ring = (r, off) => (encoded ? decodeRing(r, off, scale) : r.map((p) => [p[0], p[1]]));
  if (g.type === 'Polygon') return [g.coordinates.map((r, i) => ring(r, encoded && g.encodeOffsets[i]))];
  if (g.type === 'MultiPolygon') {
    return g.coordinates.map((poly, i) => poly.map((r, j) => ring(r, encoded && g.encodeOffsets[i][j])));
  }
  fail(`feature ${feature.properties?.name}: unsupported geometry ${g.type}`);
}

// --- GCJ-02 -> WGS84 -----------------------------------------------------------
// The published forward transform (Krasovsky ellipsoid constants); its inverse is
// found by fixed-point iteration, which converges to < 1e-9 degree in a few steps
// because the offset varies slowly. Deterministic: plain IEEE double maths.
const GCJ_A = 6378245.0;
const GCJ_EE = 0.00669342162296594323;
function gcjDelta(lon, lat) {
  const x = lon - 105.0;
  const y = lat - 35.0;
  const s = (v) => Math.sin(v * Math.PI);
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * s(6.0 * x) + 20.0 * s(2.0 * x)) * 2.0) / 3.0;
  dLat += ((20.0 * s(y) + 40.0 * s(y / 3.0)) * 2.0) / 3.0;
  dLat += ((160.0 * s(y / 12.0) + 320 * s(y / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * s(6.0 * x) + 20.0 * s(2.0 * x)) * 2.0) / 3.0;
  dLon += ((20.0 * s(x) + 40.0 * s(x / 3.0)) * 2.0) / 3.0;
  dLon += ((150.0 * s(x / 12.0) + 300.0 * s(x / 30.0)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - GCJ_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((GCJ_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [dLon, dLat];
}
function gcjToWgs([lon, lat]) {
  let wLon = lon;
  let wLat = lat;
  for (let k = 0; k < 8; k++) {
    const [dLon, dLat] = gcjDelta(wLon, wLat);
    wLon = lon - dLon;
    wLat = lat - dLat;
  }
  return [wLon, wLat];
}

// --- geometry helpers (local equirectangular metres; fine at these scales) ----
const M_PER_DEG = 111320;
function toMetres(ring) {
  const lat0 = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  const k = Math.cos((lat0 * Math.PI) / 180) * M_PER_DEG;
  return ring.map((p) => [p[0] * k, p[1] * M_PER_DEG]);
}
function signedAreaM2(ring) {
  const m = toMetres(ring);
  let a = 0;
  for (let i = 0, j = m.length - 1; i < m.length; j = i++) a += (m[j][0] - m[i][0]) * (m[j][1] + m[i][1]);
  return a / 2; // > 0 for counter-clockwise (lon east, lat north)
}

// Douglas-Peucker on an open polyline of metre coordinates; returns kept indices.
function douglasPeucker(pts, tol) {
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = pts[a];
    const dx = pts[b][0] - ax;
    const dy = pts[b][1] - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = tol;
    for (let i = a + 1; i < b; i++) {
      const px = pts[i][0] - ax;
      const py = pts[i][1] - ay;
      let d;
      if (len2 === 0) d = Math.hypot(px, py);
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        d = Math.hypot(px - t * dx, py - t * dy);
      }
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return keep;
}

const round = (v) => Number(v.toFixed(DECIMALS));

// Simplifies, rounds and orients one ring; returns null if nothing worth
// drawing is left (fewer than 3 distinct vertices or too small).
function cleanRing(ring, level, exterior) {
  const pts = ring.slice();
  if (pts.length && (pts[0][0] !== pts.at(-1)[0] || pts[0][1] !== pts.at(-1)[1])) pts.push(pts[0]);
  if (pts.length < 4) return null;
  if (Math.abs(signedAreaM2(pts)) / 1e6 < MIN_RING_KM2[level]) return null;
  const keep = douglasPeucker(toMetres(pts), TOLERANCE_M[level]);
  const out = [];
  for (let i = 0; i < pts.length; i++) {
    if (!keep[i]) continue;
    const p = [round(pts[i][0]), round(pts[i][1])];
    const last = out.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length < 4) return null; // a closed triangle needs 4 positions
  const ccw = signedAreaM2(out) > 0;
  if (ccw !== exterior) out.reverse();
  return out;
}

function buildFeature(name, level, adcode, polygons) {
  const polys = [];
  for (const poly of polygons) {
    const ext = cleanRing(poly[0].map(gcjToWgs), level, true);
    if (!ext) continue;
    const rings = [ext];
    for (const hole of poly.slice(1)) {
      const h = cleanRing(hole.map(gcjToWgs), level, false);
      if (h) rings.push(h);
    }
    polys.push(rings);
  }
  if (!polys.length) fail(`${name}: nothing left after simplification`);
  // Largest part first, then by first vertex: a stable, meaningful order.
  const area = (rings) => Math.abs(signedAreaM2(rings[0]));
  polys.sort((p, q) => area(q) - area(p) || p[0][0][0] - q[0][0][0] || p[0][0][1] - q[0][0][1]);
  const geometry = polys.length === 1
    ? { type: 'Polygon', coordinates: polys[0] }
    : { type: 'MultiPolygon', coordinates: polys };
  return { type: 'Feature', properties: { name, level, adcode }, geometry };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
}

function extract(echartsDir) {
  const pkg = readJson(path.join(echartsDir, 'package.json'));
  const china = readJson(path.join(echartsDir, 'map/json/china.json'));
  const zhejiang = readJson(path.join(echartsDir, 'map/json/province/zhejiang.json'));
  const features = [];
  for (const f of china.features) {
    const adcode = Number(f.id ?? f.properties?.id);
    const name = PROVINCE_NAMES[adcode];
    if (!name) fail(`china.json: unknown province ${f.id} ${f.properties?.name}`);
    features.push(buildFeature(name, 'province', adcode, decodeGeometry(china, f)));
  }
  for (const f of zhejiang.features) {
    const adcode = Number(f.id);
    const name = f.properties?.name;
    if (!ZHEJIANG_CITIES.includes(name) || Math.floor(adcode / 10000) !== 33) {
      fail(`zhejiang.json: unexpected feature ${f.id} ${name}`);
    }
    features.push(buildFeature(name, 'city', adcode, decodeGeometry(zhejiang, f)));
  }
  const rank = { province: 0, city: 1 };
  features.sort((a, b) => rank[a.properties.level] - rank[b.properties.level] ||
    a.properties.adcode - b.properties.adcode);
  const provinces = features.filter((f) => f.properties.level === 'province').length;
  const cities = features.length - provinces;
  if (provinces !== 34 || cities !== ZHEJIANG_CITIES.length) fail(`got ${provinces} provinces, ${cities} cities`);
  // Foreign members (allowed by RFC 7946) record provenance for whoever opens it.
  const head = {
    type: 'FeatureCollection',
    source: `npm ${pkg.name}@${pkg.version} map/json (${pkg.license}); GCJ-02 converted to WGS84`,
    attribution: 'Outlines: Apache ECharts 4.9.0 map data (Apache-2.0)',
  };
  // One feature per line: compact, yet diffable and greppable.
  const lines = features.map((f) => JSON.stringify(f));
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n${lines.join(',\n')}\n]}\n`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const echartsDir = path.resolve(args.echarts);
  const inputs = [
    fileURLToPath(import.meta.url),
    path.join(echartsDir, 'package.json'),
    path.join(echartsDir, 'map/json/china.json'),
    path.join(echartsDir, 'map/json/province/zhejiang.json'),
  ];
  const hash = createHash('sha256');
  for (const f of inputs) {
    if (!fs.existsSync(f)) fail(`missing ${f} (run scripts/deps.sh to install npm packages)`);
    hash.update(fs.readFileSync(f));
  }
  const key = hash.digest('hex').slice(0, 16);
  const cached = args.cache ? path.join(args.cache, `outlines-${key}.geojson`) : null;
  let text;
  if (cached && fs.existsSync(cached)) {
    text = fs.readFileSync(cached, 'utf8');
  } else {
    text = extract(echartsDir);
    if (cached) {
      fs.mkdirSync(args.cache, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, cached); // atomic: parallel builds never see half a file
    }
  }
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  const tmpOut = `${args.out}.${process.pid}.tmp`;
  fs.writeFileSync(tmpOut, text);
  fs.renameSync(tmpOut, args.out);
}

main();
