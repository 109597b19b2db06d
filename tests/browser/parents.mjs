// A parent's journey on a phone (Chromium mobile emulation: 390×844, touch,
// device scale 3) against a real server: sign in and land on the parents'
// home, see both children, read today's timetable, open the trip and consent,
// read an activity's feedback; withdrawal and a decline reach the trip's
// teacher (a desktop profile); the teacher changes the form's text and the
// parent is asked again. Screenshots: parents-*.png in --out.
//
// node parents.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS, clickItem, firstFrame, imeInto, launchProfile, signIn, state, until, waitItem, watch,
} from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/parents.mjs',
  summary: "A parent's journey on a phone: both children, today's timetable, a trip's consent, feedback;\n" +
    "decline and withdrawal reach the teacher; a changed text asks again.",
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, `parents-${name}.png`);
const server = await startServer({ serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts });
const profiles = [];
const problems = [];
const TRIP = 'trip-phone-' + Date.now().toString(36);

// China's day `days` from today, as the server counts days (UTC+8).
const chinaDay = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

// The teacher's and the student's own clients, written by hand: sign in and push.
async function api(path, body, token) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}
let counter = 0;
async function push(token, node, changes) {
  const hlc = () => (BigInt(Date.now()) << 16n | BigInt(++counter)).toString(16).padStart(16, '0') + ':' + node;
  return api('/api/v1/sync/push', {
    schema_version: 8, node, batch_id: `${node}-${++counter}`,
    changes: changes.map(([collection, record, fields]) => ({ id: `${node}-c${++counter}`, collection, record, hlc: hlc(), fields })),
  }, token);
}

// A phone: its own profile, mobile emulation with touch at device scale 3.
async function openPhone(label) {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'zx-phone-')), {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  profiles.push(context);
  const page = context.pages()[0] || (await context.newPage());
  watch(page, problems, label);
  await page.goto(server.url + '/');
  await firstFrame(page);
  return page;
}

// Scrolls the view (a wheel over the content) until `name` is drawn inside
// the window, as a person scrolls to what they want to read.
async function scrollTo(page, name) {
  for (let i = 0; i < 80; ++i) {
    const s = await state(page);
    const r = s.items[name];
    const h = page.viewportSize().height;
    if (r && r[1] >= 0 && r[1] + r[3] <= h - 40) return;
    await page.mouse.move(page.viewportSize().width - 40, h / 2);
    await page.mouse.wheel(0, r && r[1] < 0 ? -200 : 200);
    await page.waitForTimeout(80);
  }
  throw new Error(`could not scroll to ${name}; items: ${Object.keys((await state(page)).items).join(', ')}`);
}
const childOf = (s, id) => (s.family || []).find((c) => c.id === id);
const tripOf = (s, id) => (childOf(s, id)?.trips || []).find((t) => t.id === TRIP);

try {
  // --- The teacher plans a trip in three days; 李明 hands in work, it is scored --------
  const teacher = await api('/api/v1/auth/login', { username: 'teacher1', password: 'demo-teacher-1' });
  const student = await api('/api/v1/auth/login', { username: 'student1', password: 'demo-student-1' });
  await push(teacher.token, 'teacher-laptop', [
    ['trips', TRIP, { class_id: 'cls-demo-7-1', title: '西湖湿地秋季研学', date: chinaDay(3), status: 'planned',
      bases: ['zj-0003'], leaders: ['u-teacher1'], start_min: 480, end_min: 960, meeting_point: '学校东门' }],
    ['trip_participants', TRIP + '-p1', { trip_id: TRIP, user_id: 'u-student1' }],
    ['trip_participants', TRIP + '-p2', { trip_id: TRIP, user_id: 'u-student2' }],
  ]);
  await push(student.token, 'student-phone', [
    ['submissions', 'sub-phone-1', { activity_id: 'act-demo-wetland', body: '看到了白鹭和小䴙䴘', status: 'submitted' }]]);
  await push(teacher.token, 'teacher-laptop', [
    ['submissions', 'sub-phone-1', { status: 'reviewed', score: 92, feedback: '观察仔细，记录清楚，继续保持！' }]]);

  // --- The teacher writes the consent form in the trips view (a desktop) -------------
  const desk = await launchProfile();
  profiles.push(desk);
  const t = desk.pages()[0] || (await desk.newPage());
  watch(t, problems, 'T: ');
  await t.goto(server.url + '/');
  await firstFrame(t);
  await signIn(t, 'teacher1', 'demo-teacher-1');
  await until(t, () => window.zhixing.state().sync.status === 'synced', null, "the teacher's sync");
  await clickItem(t, 'nav:trips');
  await waitItem(t, 'trip:' + TRIP);
  await clickItem(t, 'trip:' + TRIP);
  await scrollTo(t, 'consent:itinerary');
  await imeInto(t, 'consent:itinerary', '8:00 学校东门集合，乘大巴前往西湖湿地；16:00 返校。');
  await scrollTo(t, 'consent:costs');
  await imeInto(t, 'consent:costs', '车费与门票共 60 元，统一收取。');
  await scrollTo(t, 'consent:risks');
  await imeInto(t, 'consent:risks', '湿地步道湿滑，请穿防滑鞋。');
  await scrollTo(t, 'consent:bring');
  await imeInto(t, 'consent:bring', '水杯、雨衣、笔记本。');
  await scrollTo(t, 'consent:save');
  await clickItem(t, 'consent:save');
  await until(t, () => window.zhixing.state().consentRoster?.form && window.zhixing.state().sync.pending === 0,
    null, 'the form saved and sent');
  let ts = await state(t);
  assert.equal(ts.consentRoster.unanswered, 2, 'nobody has answered yet');

  // --- The parent on the phone: the home, both children -----------------------------
  const p = await openPhone('P: ');
  await signIn(p, 'parent1', 'demo-parent-1');
  await until(p, () => window.zhixing.state().sync.status === 'synced', null, "the parent's sync");
  await until(p, (trip) => (window.zhixing.state().family || []).some((c) => (c.trips || []).some((x) => x.id === trip && x.form)),
    TRIP, 'the trip and its form on the home');
  let s = await state(p);
  assert.equal(s.view, 'family', 'a parent lands on the parents\' home');
  assert.deepEqual(s.family.map((c) => c.name).sort(), ['李小雨', '李明'].sort(), 'both children');
  // Today's timetable: the class's lessons on a school day of the term.
  const today = chinaDay(0);
  const weekday = new Date(today + 'T00:00:00Z').getUTCDay();
  const schoolDay = weekday >= 1 && weekday <= 5 && today >= '2026-09-01' && today <= '2027-01-22' &&
    !(today >= '2026-10-01' && today <= '2026-10-07') && today !== '2027-01-01';
  for (const c of s.family) assert.equal(c.today.length > 0, schoolDay, `${c.name}'s day has lessons on a school day`);
  assert.equal(tripOf(s, 'u-student1').consent, 'unanswered');
  assert.equal(childOf(s, 'u-student1').actions, 1, 'one consent waits for the parent');
  assert.ok(!childOf(s, 'u-student4').trips.some((x) => x.id === TRIP), "李小雨 is not on her brother's trip");
  assert.ok(!s.items['trip:create'] && !s.items['timetable:add'], 'no editing forms a parent cannot use');
  await p.screenshot({ path: shot('home') });

  // --- Open the trip's form and consent ----------------------------------------------
  const openForm = `family:consent:${TRIP}:u-student1`;
  await scrollTo(p, openForm);
  await p.screenshot({ path: shot('trip') });
  await clickItem(p, openForm);
  await waitItem(p, 'family:consent:relation').catch(() => {});
  await scrollTo(p, 'family:consent:relation');
  await imeInto(p, 'family:consent:relation', '父亲');
  await scrollTo(p, 'family:consent:agree');
  await p.screenshot({ path: shot('consent-form') });
  await clickItem(p, 'family:consent:agree');
  await until(p, (trip) => {
    const st = window.zhixing.state();
    const c = st.family.find((x) => x.id === 'u-student1');
    return c.trips.find((x) => x.id === trip).consent === 'consented' && st.sync.pending === 0;
  }, TRIP, 'the consent recorded and sent');
  s = await state(p);
  assert.equal(childOf(s, 'u-student1').actions, 0, 'nothing waits once answered');
  await p.screenshot({ path: shot('consented') });
  await until(t, () => window.zhixing.state().consentRoster.consented === 1, null, 'the consent reaching the teacher', 60000);

  // --- An activity's feedback ---------------------------------------------------------
  const fb = childOf(s, 'u-student1').activities.find((a) => a.id === 'act-demo-wetland');
  assert.equal(fb.status, 'reviewed');
  assert.equal(fb.score, 92);
  assert.equal(fb.feedback, '观察仔细，记录清楚，继续保持！');
  await scrollTo(p, 'family:activity:act-demo-wetland:u-student1');
  await p.screenshot({ path: shot('feedback') });

  // --- Withdrawal, then a decline, reach the teacher ------------------------------------
  await scrollTo(p, 'family:consent:withdraw');
  await clickItem(p, 'family:consent:withdraw');
  await until(p, (trip) => window.zhixing.state().family.find((x) => x.id === 'u-student1').trips.find((x) => x.id === trip)
    .consent === 'withdrawn' && window.zhixing.state().sync.pending === 0, TRIP, 'the withdrawal recorded and sent');
  await until(t, () => window.zhixing.state().consentRoster.consented === 0 && window.zhixing.state().consentRoster.unanswered === 2,
    null, 'the withdrawal reaching the teacher', 60000);
  await scrollTo(p, 'family:consent:decline');
  await clickItem(p, 'family:consent:decline');
  await until(t, () => window.zhixing.state().consentRoster.declined === 1, null, 'the decline reaching the teacher', 60000);
  ts = await state(t);
  assert.deepEqual(ts.consentRoster.rows.map((r) => [r.student, r.state]).sort(),
    [['u-student1', 'declined'], ['u-student2', 'unanswered']], 'the roster marks both children without consent');
  await scrollTo(t, 'consent:counts');
  await t.screenshot({ path: shot('teacher-roster') });

  // --- Consent again; the teacher changes the text: the parent is asked again ---------
  await scrollTo(p, 'family:consent:agree');
  await clickItem(p, 'family:consent:agree');
  await until(t, () => window.zhixing.state().consentRoster.consented === 1, null, 'the second consent reaching the teacher', 60000);
  await scrollTo(t, 'consent:risks');
  await imeInto(t, 'consent:risks', '湿地步道湿滑，请穿防滑鞋；水边活动须穿救生衣。');
  await scrollTo(t, 'consent:save');
  await clickItem(t, 'consent:save');
  await until(t, () => window.zhixing.state().consentRoster.consented === 0 && window.zhixing.state().sync.pending === 0,
    null, "the changed text voiding the old answers on the teacher's side");
  await until(p, (trip) => {
    const x = window.zhixing.state().family.find((c) => c.id === 'u-student1').trips.find((y) => y.id === trip);
    return x.consent === 'unanswered' && x.stale;
  }, TRIP, 'the parent asked again', 60000);
  s = await state(p);
  assert.equal(childOf(s, 'u-student1').actions, 1, 'the changed form waits for the parent again');
  await scrollTo(p, openForm);
  await p.screenshot({ path: shot('asked-again') });

  assert.deepEqual(problems, [], 'no page or console errors');
  console.log("parents: 1 passed, 0 failed (the phone journey, the teacher's roster, a changed text)");
} finally {
  for (const c of profiles) await c.close().catch(() => {});
  await server.stop();
}
