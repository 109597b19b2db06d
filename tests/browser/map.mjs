// The study-tour map in the browser, end to end: filter to one category and
// count what the map shows (single bases plus cluster counts, from the shared
// C++ clusters drawn by Leaflet), click a cluster and see it zoom in, open a
// curated route and see it drawn; then a teacher plans a trip on that route,
// and a student in another browser profile finds it in the class timetable
// and the stops' tasks in the activity library.
//
// node map.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clickItem, goTo, imeInto, openAs, mapStats, state, until, waitItem,
} from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { fetchJson, startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/map.mjs',
  summary: 'The study-tour map in Chromium: filters, clusters, a route, a trip planned by a teacher\n' +
    'and found by a student, a GeoJSON import.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const server = await startServer({
  serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts,
});
const profiles = [];
const problems = [];

// What Leaflet shows inside the map element: single bases and cluster counts.
const onMap = (page) => page.evaluate(() => {
  const clusters = [...document.querySelectorAll('#zx-map .marker-cluster')];
  return {
    clusters: clusters.length,
    total: clusters.reduce((n, el) => n + parseInt(el.textContent, 10), 0) +
      document.querySelectorAll('#zx-map .zx-marker').length,
  };
});

const open = (user, password, label) => openAs(server.url, { user, password, label, profiles, problems });

// The next Wednesday at least two days away, in China's calendar: demo bases
// close on Mondays, and a trip in the future cannot be rated yet.
function nextWednesday() {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + 2 * 86400 * 1000);
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

try {
  const { bases, routes } = await fetchJson(server.url + '/api/v1/bases');
  assert.ok(routes.length >= 3, `the demo has curated routes (got ${routes.length})`);

  // --- Anyone: filter by category; the list, the count and the map agree ------------------
  const visitor = await open(null, null, 'visitor: ');
  await goTo(visitor, 'map');
  await until(visitor, () => window.zhixing.map().visible && window.zhixing.map().markers > 0, null, 'the map');
  await until(visitor, (n) => window.zhixing.map().markers === n, bases.length, 'every base on the map');
  await clickItem(visitor, 'map:filters');
  await waitItem(visitor, 'filter:category:red');
  await clickItem(visitor, 'filter:category:red');
  const red = bases.filter((b) => b.category === 'red').length;
  assert.ok(red > 0 && red < bases.length);
  await until(visitor, (n) => window.zhixing.state().shownBases === n && window.zhixing.map().markers === n, red,
    `${red} red-education bases in the list and on the map`);
  // Once the map has fitted the set, every one of them is in view.
  await until(visitor, (n) => {
    const c = [...document.querySelectorAll('#zx-map .marker-cluster')];
    return c.reduce((k, el) => k + parseInt(el.textContent, 10), 0) +
      document.querySelectorAll('#zx-map .zx-marker').length === n;
  }, red, 'the map to draw exactly the filtered bases');
  await visitor.screenshot({ path: shot('web-map-filtered.png') });
  // A second condition narrows further; clearing restores all.
  await clickItem(visitor, 'filter:level:national');
  const redNational = bases.filter((b) => b.category === 'red' && b.level === 'national').length;
  await until(visitor, (n) => window.zhixing.state().shownBases === n && window.zhixing.map().markers === n,
    redNational, 'red and national');
  await clickItem(visitor, 'filter:clear');
  await until(visitor, (n) => window.zhixing.state().shownBases === n, bases.length, 'the filter cleared');

  // --- A cluster click zooms in until it splits ---------------------------------------------
  await until(visitor, () => document.querySelectorAll('#zx-map .marker-cluster').length > 0, null, 'clusters');
  const before = await mapStats(visitor);
  const seen = await onMap(visitor);
  assert.equal(seen.total, bases.length, 'clusters and single markers add up to every base');
  await visitor.locator('#zx-map .marker-cluster').first().click();
  await until(visitor, (z) => window.zhixing.map().zoom > z, before.zoom, 'the map to zoom into the cluster');
  await visitor.screenshot({ path: shot('web-map-cluster-zoomed.png') });

  // --- A curated route, drawn with its numbered stops ----------------------------------------------
  await clickItem(visitor, 'map:filters'); // folds the filters away
  await until(visitor, () => !window.zhixing.state().items['filter:clear'], null, 'the filters to fold');
  await clickItem(visitor, 'map:tab:routes');
  const route = routes[0];
  await waitItem(visitor, 'route:' + route.id);
  await clickItem(visitor, 'route:' + route.id);
  await until(visitor, () => window.zhixing.map().routes === 1, null, 'the route on the map');
  await until(visitor, (n) => document.querySelectorAll('#zx-map .zx-stop').length === n, route.stops.length,
    'a numbered marker per stop');
  await visitor.screenshot({ path: shot('web-map-route.png') });

  // --- A teacher plans a trip on that route ---------------------------------------------------
  const teacher = await open('teacher1', 'demo-teacher-1', 'teacher: ');
  await goTo(teacher, 'map');
  await clickItem(teacher, 'map:tab:routes');
  await waitItem(teacher, 'route:' + route.id);
  await clickItem(teacher, 'route:' + route.id);
  await waitItem(teacher, 'route:plan');
  await clickItem(teacher, 'route:plan');
  await until(teacher, () => window.zhixing.state().view === 'trips', null, 'the trips view');
  await waitItem(teacher, 'trip:title');
  const title = '湿地与运河研学日';
  const date = nextWednesday();
  await imeInto(teacher, 'trip:title', title);
  await imeInto(teacher, 'trip:date', date);
  await imeInto(teacher, 'trip:groups', '第一组\n第二组');
  await clickItem(teacher, 'trip:create');
  await until(teacher, () => window.zhixing.state().tripPlan.selected !== '', null, 'the trip to be created');
  const tripId = (await state(teacher)).tripPlan.selected;
  assert.equal((await state(teacher)).spaceNotice, '行程已创建：已写入班级课表和活动库');
  await until(teacher, () => window.zhixing.state().sync.status === 'synced' && window.zhixing.state().sync.pending === 0,
    null, 'the trip to reach the server');
  await teacher.screenshot({ path: shot('web-trip-planned.png') });

  // --- A student of the class finds it in the timetable and the activity library ----------------
  const student = await open('student1', 'demo-student-1', 'student: ');
  const tt = await student.evaluate((id) => window.zhixing.record('timetable_entries', id + '-tt'), tripId);
  assert.ok(tt, 'the class timetable entry reached the student');
  assert.equal(tt.fields.date, date);
  assert.equal(tt.fields.kind, 'trip');
  for (let i = 1; i <= route.stops.length; i++) {
    const act = await student.evaluate(([id, n]) => window.zhixing.record('activities', `${id}-act-${n}`), [tripId, i]);
    assert.ok(act, `the task of stop ${i} is an activity for the student`);
    assert.equal(act.fields.kind, 'study_tour');
  }
  await goTo(student, 'activities');
  await waitItem(student, `activity:${tripId}-act-1`);
  await student.screenshot({ path: shot('web-trip-activities.png') });
  await goTo(student, 'timetable');
  // The trip's week: today's, or the next one.
  const monday = (d) => { const x = new Date(d + 'T00:00:00Z'); x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7)); return x; };
  const weeks = Math.round((monday(date) - monday(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10))) /
    (7 * 86400 * 1000));
  for (let i = 0; i < weeks; i++) await clickItem(student, 'tt:next');
  await student.waitForTimeout(300);
  await student.screenshot({ path: shot('web-trip-timetable.png') });
  await goTo(student, 'trips');
  await waitItem(student, 'trip:' + tripId);

  // --- An admin imports bases from a GeoJSON file: good rows kept, bad ones named ---------------
  const admin = await open('admin', 'demo-admin-1', 'admin: ');
  await goTo(admin, 'map');
  await waitItem(admin, 'map:import');
  const file = join(mkdtempSync(join(tmpdir(), 'zx-import-')), 'new-bases.geojson');
  writeFileSync(file, JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 'imp-good', geometry: { type: 'Point', coordinates: [120.35, 30.31] },
        properties: { name: '钱塘江潮文化研学基地', category: 'history', level: 'municipal', city: '杭州市' } },
      { type: 'Feature', id: 'imp-swapped', geometry: { type: 'Point', coordinates: [30.2, 120.1] },
        properties: { name: '坐标颠倒的基地', category: 'nature', level: 'municipal' } },
    ],
  }));
  const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), clickItem(admin, 'map:import')]);
  await chooser.setFiles(file);
  await until(admin, () => window.zhixing.state().importReport.includes('新增 1'), null, 'the import report');
  const report = (await state(admin)).importReport;
  assert.ok(report.includes('imp-swapped') && report.includes('填反'), `the bad row is named, in Chinese: ${report}`);
  await until(admin, (n) => window.zhixing.state().bases === n + 1, bases.length, 'the new base in the list');
  await admin.screenshot({ path: shot('web-map-import.png') });

  assert.deepEqual(problems, [], 'no page errors');
  console.log(`map test passed: ${red} red bases of ${bases.length}; route ${route.id} with ${route.stops.length} stops; ` +
    `trip ${tripId} on ${date}`);
} finally {
  for (const p of profiles) await p.close().catch(() => {});
  await server.stop();
}
