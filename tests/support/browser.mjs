// Helpers for driving the web client in Debian's Chromium with playwright-core.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// Headless Chromium with WebGL2 through SwiftShader, and none of the
// background traffic that this machine's closed network would refuse.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run', '--disable-default-apps',
];

export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// A browser profile of its own on disk, as a second device or person would have.
export function launchProfile() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'zx-profile-')), {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 },
  });
}

// Collects page errors and console errors, for a final "there were none".
export function watch(page, problems, label = '') {
  page.on('pageerror', (e) => problems.push(`${label}page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${label}console error: ${m.text()}`);
  });
}

// Waits until fn, run in the page, returns something truthy. fn must be
// synchronous: waitForFunction treats the Promise an async function returns
// as truthy, so such a wait would pass at once. Use untilAsync for those.
export async function until(page, fn, arg, what, timeout = 30000) {
  if (fn.constructor.name === 'AsyncFunction') {
    throw new Error(`until(${what}): an async predicate passes at once; use untilAsync`);
  }
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 50 });
  } catch (e) {
    throw new Error(`timed out waiting for ${what}; state: ${await stateForError(page)}`);
  }
}

// Waits until the async fn, run in the page, resolves to something truthy:
// each try is awaited before the next, every 100 ms.
export async function untilAsync(page, fn, arg, what, timeout = 30000) {
  const end = Date.now() + timeout;
  let last = null;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)}); state: ${await stateForError(page)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stateForError(page) {
  const s = await page.evaluate(() => window.zhixing && { app: window.zhixing.state(), map: window.zhixing.map() })
    .catch((e) => `unavailable: ${e.message}`);
  return JSON.stringify(s).slice(0, 2500);
}

export const state = (page) => page.evaluate(() => window.zhixing.state());
export const mapStats = (page) => page.evaluate(() => window.zhixing.map());

export async function firstFrame(page) {
  await until(page, () => window.zhixing && window.zhixing.firstFrameMs() !== null, null, 'the first ImGui frame', 60000);
}

// Clicks the centre of an item the app reported in state().items.
export async function clickItem(page, name) {
  const s = await state(page);
  const r = s.items[name];
  assert.ok(r, `item ${name} is not on screen; items: ${Object.keys(s.items).join(', ')}`);
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
}

// Clicks a text field and waits for the text overlay (the real HTML field
// the web client places over it for input methods) to take the focus.
export async function focusField(page, name) {
  await clickItem(page, name);
  await overlayOver(page, name);
}

// Waits until the text overlay has the focus and sits over the field `name`
// (the same overlay serves every field: having the focus alone could still
// mean the previous field's).
export async function overlayOver(page, name) {
  await until(page, (n) => {
    const el = document.activeElement;
    const r = window.zhixing.state().items[n];
    if (!el || !['zx-text-input', 'zx-text-area'].includes(el.id) || !r) return false;
    const b = el.getBoundingClientRect();
    return Math.abs(b.left - r[0]) < 3 && Math.abs(b.top - r[1]) < 3;
  }, name, `the text field ${name} to take the focus`);
}

// Replaces a text field's content by typing, key by key.
export async function typeInto(page, name, text) {
  await focusField(page, name);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

// Enters text the way an input method commits it (pinyin → 汉字): one
// insertText into the focused field, no key events per character.
export async function imeInto(page, name, text) {
  await focusField(page, name);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(text);
}

export async function signIn(page, username, password) {
  await until(page, () => window.zhixing.state().items['auth:username'], null, 'the sign-in form');
  await typeInto(page, 'auth:username', username);
  await typeInto(page, 'auth:password', password);
  await clickItem(page, 'auth:submit');
  await until(page, () => window.zhixing.state().signedIn, null, `${username} to be signed in`);
}

// Opens a view from the navigation, like a person would, and waits for it.
// At phone size the navigation is behind the top bar's menu: opened first.
export async function goTo(page, view) {
  const items = (await page.evaluate(() => window.zhixing.state().items));
  if (!items['nav:' + view] && items['nav:menu']) {
    await clickItem(page, 'nav:menu');
    await until(page, (v) => !!window.zhixing.state().items['nav:' + v], view, `the menu with ${view}`);
  }
  await clickItem(page, 'nav:' + view);
  await until(page, (v) => window.zhixing.state().view === v, view, `the ${view} view`);
}

// Waits until an item the app draws is on screen.
export async function waitItem(page, name, timeout = 30000) {
  await until(page, (n) => !!window.zhixing.state().items[n], name, `item ${name}`, timeout);
}

// A person at their own device: a browser profile of its own on `url`, its
// errors collected into `problems`, signed in as `user` (nothing for a
// visitor) and synced once. The profile is added to `profiles` so the test's
// finally block can close it.
export async function openAs(url, { user = null, password = null, label = '', profiles, problems }) {
  const context = await launchProfile();
  profiles.push(context);
  const page = context.pages()[0] || (await context.newPage());
  watch(page, problems, label);
  await page.goto(url + '/');
  await firstFrame(page);
  if (user) {
    await signIn(page, user, password);
    await until(page, () => window.zhixing.state().sync.status === 'synced', null, `${user}'s first sync`);
  }
  return page;
}
