// FSRS checked against an independent implementation: the npm ts-fsrs
// package (long-term scheduler, no fuzz) and our C++ scheduler review the same
// generated histories; every card state after every review must agree.
//
// node fsrs_check.mjs --cli build/bin/zx_check_cli [--histories 300]
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createEmptyCard, fsrs, generatorParameters } from 'ts-fsrs';
import { parseArgs } from '../support/args.mjs';

const { cli, histories: count } = parseArgs({
  program: 'node tests/unit/fsrs_check.mjs',
  summary: 'Our FSRS-6 scheduler (zx_check_cli fsrs) against npm ts-fsrs on the same generated histories.',
  options: {
    cli: { value: 'FILE', required: true, help: 'zx_check_cli' },
    histories: { value: 'N', type: 'int', min: 1, max: 100000, default: 300, help: 'review histories to generate' },
  },
});

// mulberry32: a small seeded generator, so the histories are the same every run.
let seed = 20261123;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const DAY = 86400000;
const f = fsrs(generatorParameters({ enable_short_term: false, enable_fuzz: false }));
const histories = [];
const expected = [];
for (let h = 0; h < count; h++) {
  let at = Date.UTC(2026, 8, 1, 8) + Math.floor(rand() * 30) * DAY + Math.floor(rand() * DAY);
  let card = createEmptyCard(new Date(at));
  const reviews = [];
  const states = [];
  const n = 1 + Math.floor(rand() * 25);
  for (let i = 0; i < n; i++) {
    const r = rand();
    const grade = r < 0.15 ? 1 : r < 0.3 ? 2 : r < 0.85 ? 3 : 4;
    const rec = f.next(card, new Date(at), grade);
    card = rec.card;
    reviews.push({ at, grade });
    states.push({
      due: card.due.getTime(), stability: card.stability, difficulty: card.difficulty,
      scheduled_days: card.scheduled_days, reps: card.reps, lapses: card.lapses,
    });
    // Next review: around when it is due, sometimes early, sometimes late.
    const offset = Math.floor(rand() * 10) - 3;
    at = Math.max(at + DAY, card.due.getTime() + offset * DAY) + Math.floor(rand() * 6 * 3600000);
  }
  histories.push(reviews);
  expected.push(states);
}

const run = spawnSync(cli, ['fsrs'], { input: JSON.stringify({ histories }), encoding: 'utf8', maxBuffer: 1 << 28 });
assert.equal(run.status, 0, run.stderr);
const ours = JSON.parse(run.stdout);
let reviews = 0;
let worst = 0;
for (let h = 0; h < histories.length; h++) {
  for (let i = 0; i < histories[h].length; i++) {
    const a = expected[h][i];
    const b = ours[h][i];
    const where = `history ${h} review ${i + 1} (grade ${histories[h][i].grade})`;
    assert.equal(b.due, a.due, `${where}: due`);
    assert.equal(b.scheduled_days, a.scheduled_days, `${where}: scheduled days`);
    assert.equal(b.reps, a.reps, `${where}: reps`);
    assert.equal(b.lapses, a.lapses, `${where}: lapses`);
    for (const k of ['stability', 'difficulty']) {
      const d = Math.abs(a[k] - b[k]);
      worst = Math.max(worst, d);
      assert.ok(d <= 1e-6 * Math.max(1, Math.abs(a[k])), `${where}: ${k} ${b[k]} vs ts-fsrs ${a[k]}`);
    }
    reviews++;
  }
}
console.log(`FSRS: ${histories.length} histories, ${reviews} reviews agree with ts-fsrs (largest difference ${worst})`);
