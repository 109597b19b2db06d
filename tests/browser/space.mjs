// The personal space in the browser, end to end: a student types a Chinese
// note through the input-method path (the text overlay), finds it with a
// two-character and a one-character search, makes a flashcard and reviews
// it, works through a study-tour activity and submits it; the teacher, in
// another browser profile, scores it against the rubric and writes feedback;
// the student sees the result after sync. Then the timetable: week view, day
// view, .ics export (a real download) and import (a real file picker).
//
// node space.mjs --server-bin B --web DIR --seed TSV --accounts JSON --ics FILE --out DIR
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickItem, goTo, imeInto, openAs, state, until, waitItem,
} from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/space.mjs',
  summary: 'The personal space in Chromium: a Chinese note, search, flashcards, an activity across\n' +
    'two profiles, the timetable with .ics export and import.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'ics', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const server = await startServer({
  serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts,
});
const profiles = [];
const problems = [];

const open = (user, password, label) => openAs(server.url, { user, password, label, profiles, problems });
const record = (page, collection, id) => page.evaluate(([c, i]) => window.zhixing.record(c, i), [collection, id]);
const synced = (page, what) =>
  until(page, () => window.zhixing.state().sync.status === 'synced' && window.zhixing.state().sync.pending === 0, null, what);

try {
  const student = await open('student1', 'demo-student-1', 'student: ');

  // --- 知识库: a Chinese note typed through the input method path ---------------
  await goTo(student, 'knowledge');
  await waitItem(student, 'note:new');
  await clickItem(student, 'note:new');
  await waitItem(student, 'note:title');
  const title = '湿地研学笔记';
  await imeInto(student, 'note:title', title);
  await imeInto(student, 'note:body',
    '# 西湖湿地\n\n今天我们观察了**白鹭**和芦苇。\n\n白鹭 :: 一种常见的涉禽\n\n另见 [[地理复习]]。');
  await clickItem(student, 'note:save');
  await until(student, (t) => (window.zhixing.state().notes || []).some((n) => n.title === t), title, 'the note to be saved');
  const noteId = (await state(student)).notes.find((n) => n.title === title).id;
  const stored = await record(student, 'notes', noteId);
  assert.equal(stored.fields.title, title, 'the Chinese title reached the store unchanged');
  assert.ok(stored.fields.body.includes('白鹭'));
  await student.screenshot({ path: shot('web-knowledge.png') });

  // --- Search: two characters, one character, Chinese and Latin ----------------------
  for (const q of ['白鹭', '鹭', '湿地 西湖']) {
    await imeInto(student, 'kb:search', q);
    await until(student, ([query, id]) => window.zhixing.state().searched === query &&
      window.zhixing.state().search.some((h) => h.id === id), [q, noteId], `search "${q}" to find the note`);
  }
  const hits = (await state(student)).search;
  assert.ok(hits.find((h) => h.id === noteId).snippet.includes('西湖'), 'the result shows the matching text');
  await student.screenshot({ path: shot('web-search.png') });
  await imeInto(student, 'kb:search', '');
  await waitItem(student, 'note:' + noteId);  // the note list is back once the app has the empty query

  // --- A flashcard from the note, reviewed ------------------------------------------------
  await clickItem(student, 'note:' + noteId);
  await until(student, (id) => window.zhixing.state().items['note:cards'], noteId, 'the note to open');
  await clickItem(student, 'note:cards');
  await until(student, () => (window.zhixing.state().records.cards || 0) >= 1, null, 'the card to be made');
  await goTo(student, 'tools');
  await clickItem(student, 'tool:flashcards');
  await waitItem(student, 'card:reveal');
  await clickItem(student, 'card:reveal');
  await waitItem(student, 'card:grade:3');
  await student.screenshot({ path: shot('web-flashcard.png') });
  const logsBefore = (await state(student)).records.review_logs || 0;
  await clickItem(student, 'card:grade:3');
  await until(student, (n) => (window.zhixing.state().records.review_logs || 0) === n + 1, logsBefore, 'the review to be logged');

  // --- An activity: steps, an answer in Chinese, submitted ------------------------------------
  await goTo(student, 'activities');
  await waitItem(student, 'activity:act-demo-wetland');
  await clickItem(student, 'activity:act-demo-wetland');
  await waitItem(student, 'step:0');
  await clickItem(student, 'step:0');
  await clickItem(student, 'step:1');
  await imeInto(student, 'submission:body', '我观察到了白鹭、苍鹭和小䴙䴘，数量分别是 3、1、2。');
  await clickItem(student, 'submission:submit');
  await until(student, () => (window.zhixing.state().submissions || []).some((s) => s.activity === 'act-demo-wetland' &&
    s.status === 'submitted'), null, 'the submission');
  await synced(student, 'the submission to reach the server');

  // --- The teacher reviews it in another browser profile ---------------------------------------
  const teacher = await open('teacher1', 'demo-teacher-1', 'teacher: ');
  await goTo(teacher, 'activities');
  await waitItem(teacher, 'activity:act-demo-wetland');
  await clickItem(teacher, 'activity:act-demo-wetland');
  await waitItem(teacher, 'review:u-student1');
  await clickItem(teacher, 'review:u-student1');
  await waitItem(teacher, 'rubric:0');
  for (const [i, v] of ['36', '27', '28'].entries()) await imeInto(teacher, 'rubric:' + i, v);
  await imeInto(teacher, 'review:feedback', '观察细致，数量记录清楚。下次可以画一张分布图。');
  await clickItem(teacher, 'review:save');
  await until(teacher, () => (window.zhixing.state().submissions || []).some((s) => s.status === 'reviewed'), null,
    'the review to be saved');
  await synced(teacher, "the teacher's review to reach the server");
  await teacher.screenshot({ path: shot('web-teacher-review.png') });

  // --- The student sees the result after sync ---------------------------------------------------
  await until(student, () => (window.zhixing.state().submissions || []).some((s) => s.activity === 'act-demo-wetland' &&
    s.status === 'reviewed' && s.score === 91), null, 'the review to reach the student', 60000);
  const sub = (await state(student)).submissions.find((s) => s.activity === 'act-demo-wetland');
  assert.equal((await record(student, 'submissions', sub.id)).fields.feedback, '观察细致，数量记录清楚。下次可以画一张分布图。');
  await student.waitForTimeout(200);
  await student.screenshot({ path: shot('web-activity-reviewed.png') });

  // --- 学习课表: week and day views, .ics out and in ----------------------------------------------
  await goTo(student, 'timetable');
  await waitItem(student, 'tt:grid');
  await student.screenshot({ path: shot('web-timetable-week.png') });
  await clickItem(student, 'tt:day');
  await waitItem(student, 'tt:daylist');
  await student.screenshot({ path: shot('web-timetable-day.png') });
  await clickItem(student, 'tt:week');
  const [download] = await Promise.all([student.waitForEvent('download'), clickItem(student, 'tt:export')]);
  const icsPath = shot('student1-timetable.ics');
  await download.saveAs(icsPath);
  const ics = readFileSync(icsPath, 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR'), 'the download is an iCalendar file');
  assert.ok(ics.includes('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'), 'odd/even-week lessons repeat every second week');
  assert.ok(ics.includes('TZID:Asia/Shanghai'));
  const before = (await state(student)).records.timetable_entries;
  const [chooser] = await Promise.all([student.waitForEvent('filechooser'), clickItem(student, 'tt:import')]);
  await chooser.setFiles(args.ics);
  await until(student, (n) => window.zhixing.state().records.timetable_entries === n + 1, before, 'the imported event');
  const notice = (await state(student)).spaceNotice;
  assert.ok(notice.includes('museum.ics') && notice.includes('缺少开始时间（DTSTART）'), `the import reports the bad event, in Chinese: ${notice}`);
  await student.screenshot({ path: shot('web-timetable-import.png') });

  const unexpected = problems.filter((m) => !/Failed to load resource/.test(m));
  assert.deepEqual(unexpected, [], 'no page or console errors');
  console.log('personal space browser test passed');
} finally {
  for (const c of profiles) await c.close().catch(() => {});
  await server.stop();
}
