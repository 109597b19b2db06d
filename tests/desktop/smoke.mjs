// Desktop smoke test: the native client `zhixing` in a real X window (Xvfb,
// Mesa's llvmpipe OpenGL) against a real zhixing-server. It must load the
// bases, select one, write a screenshot that is not blank, and exit cleanly.
//
// node smoke.mjs --server-bin B --client-bin C --seed TSV --out DIR
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { decodePng, pixelStats } from '../support/png.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { fetchJson, startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/desktop/smoke.mjs',
  summary: 'The desktop client zhixing in a real X window (Xvfb) against a real zhixing-server: bases,\n' +
    'a selection, a route, screenshots that are not blank.',
  options: e2eOptions('server-bin', 'client-bin', 'seed', 'out'),
});
mkdirSync(args.out, { recursive: true });
const server = await startServer({ serverBin: args.serverBin, seed: args.seed });
const dataDir = mkdtempSync(join(tmpdir(), 'zx-desktop-'));

function runClient(view, extra, shot) {
  const t0 = Date.now();
  const res = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x800x24', args.clientBin,
    '--server', server.url, '--data-dir', dataDir, '--view', view, '--size', '1280x800',
    '--screenshot', shot, '--dump-state', '--timeout', '60', ...extra], { encoding: 'utf8', timeout: 120000 });
  console.log(`zhixing --view ${view}: exit ${res.status} in ${Date.now() - t0} ms`);
  if (res.stderr.trim()) console.log('stderr:', res.stderr.trim());
  assert.equal(res.status, 0, `zhixing exited with ${res.status}: ${res.stderr}`);
  const lines = res.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

try {
  const { bases } = await fetchJson(server.url + '/api/v1/bases');
  const pick = bases[2];

  const mapShot = join(args.out, 'desktop-map.png');
  const state = runClient('map', ['--select', pick.id], mapShot);
  assert.equal(state.target, 'desktop');
  assert.equal(state.view, 'map');
  assert.equal(state.server, 'online');
  assert.equal(state.basesStatus, 'ready');
  assert.equal(state.bases, bases.length, 'the client holds every base the server lists');
  assert.equal(state.selectedBase, pick.id);
  assert.equal(state.selectedBaseName, pick.name);
  assert.equal(state.fontCjk, true, 'the Chinese font was loaded');
  assert.equal(state.language, 'zh-CN');

  const img = decodePng(readFileSync(mapShot));
  assert.equal(img.width, 1280);
  assert.equal(img.height, 800);
  const whole = pixelStats(img);
  assert.ok(whole.colours > 100 && whole.stddev > 15, `screenshot looks blank: ${JSON.stringify(whole)}`);
  // The navigation bar is drawn in the brand colour (0x17414D).
  const i = (400 * img.width + 60) * 4;
  assert.deepEqual([img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]], [0x17, 0x41, 0x4d]);
  // The map region holds markers, not just background.
  const [mx, my, mw, mh] = state.items['map:region'].map(Math.round);
  const map = pixelStats(img, mx, my, mw, mh);
  assert.ok(map.colours > 20, `map region looks empty: ${JSON.stringify(map)}`);
  console.log(`map screenshot ${mapShot}: ${whole.colours} colours, map region ${map.colours}`);

  // The map with clusters and a curated route drawn over them.
  const { routes } = await fetchJson(server.url + '/api/v1/bases');
  assert.ok(routes.length > 0, 'the demo has routes');
  const routeShot = join(args.out, 'desktop-map-route.png');
  const withRoute = runClient('map', ['--route', routes[0].id], routeShot);
  assert.equal(withRoute.route, routes[0].id);
  const rimg = decodePng(readFileSync(routeShot));
  const [rx, ry, rw, rh] = withRoute.items['map:region'].map(Math.round);
  // The route's colour (0xD9480F) is on the map.
  let routePixels = 0;
  for (let y = ry; y < ry + rh; y++) {
    for (let x = rx; x < rx + rw; x++) {
      const k = (y * rimg.width + x) * 4;
      if (Math.abs(rimg.rgba[k] - 0xd9) < 12 && Math.abs(rimg.rgba[k + 1] - 0x48) < 12 && Math.abs(rimg.rgba[k + 2] - 0x0f) < 12) routePixels++;
    }
  }
  assert.ok(routePixels > 200, `the route is drawn (${routePixels} pixels of its colour)`);
  console.log(`route screenshot ${routeShot}: ${routePixels} route pixels`);

  const spaceShot = join(args.out, 'desktop-space.png');
  const space = runClient('space', [], spaceShot);
  assert.equal(space.view, 'space');
  const spaceStats = pixelStats(decodePng(readFileSync(spaceShot)));
  assert.ok(spaceStats.colours > 50, `space screenshot looks blank: ${JSON.stringify(spaceStats)}`);
  console.log('desktop smoke test passed');
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
