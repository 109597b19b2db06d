// What a page's load puts on the wire, from Chromium's own network events
// (CDP Network domain), with optional throttling to a phone network profile.
// Used by tests/browser/first_load.mjs and bench/web_startup.mjs.
//
// Bytes are Chromium's encodedDataLength: what arrived over the network for
// each request, headers included; a response served by the service worker
// or the memory cache counts 0.

// The profiles of the issue: round trip in ms and throughput in kbit/s.
export const PROFILES = {
  'slow-3g': { latency: 400, kbps: 400 },
  'slow-4g': { latency: 150, kbps: 1600 },
  fast: null, // no throttling (loopback)
};

export const MOBILE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

export async function netlog(context, page, profile = null) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile) {
    const bytesPerS = (profile.kbps * 1000) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: profile.latency, downloadThroughput: bytesPerS, uploadThroughput: bytesPerS,
    });
  }
  const reqs = new Map(); // requestId -> { url, offsetMs, chunks: [[wallMs, bytes]], finishedMs, total, fromSw }
  const wall = (r, ts) => ts * 1000 + r.offsetMs;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (reqs.has(e.requestId)) return; // a redirect keeps its id
    reqs.set(e.requestId, { url: e.request.url, offsetMs: e.wallTime * 1000 - e.timestamp * 1000, chunks: [],
      finishedMs: null, total: 0, fromSw: false, status: 0 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.fromSw = !!e.response.fromServiceWorker;
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.chunks.push([wall(r, e.timestamp), e.encodedDataLength]);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.finishedMs = wall(r, e.timestamp);
    r.total = e.encodedDataLength;
  });
  return {
    cdp,
    requests: () => [...reqs.values()],
    // Bytes on the wire up to wall-clock time `ms` (epoch ms): finished
    // requests in full, the rest as far as their chunks had come.
    bytesUntil(ms) {
      let n = 0;
      for (const r of reqs.values()) {
        if (r.finishedMs !== null && r.finishedMs <= ms) n += r.total;
        else for (const [t, b] of r.chunks) if (t <= ms) n += b;
      }
      return n;
    },
    bytesTotal() {
      let n = 0;
      for (const r of reqs.values()) n += r.finishedMs !== null ? r.total : r.chunks.reduce((k, [, b]) => k + b, 0);
      return n;
    },
  };
}

// Epoch ms of the page's first ImGui frame (its clock starts at navigation).
export async function firstFrameWallMs(page) {
  return page.evaluate(() => performance.timeOrigin + window.zhixing.firstFrameMs());
}

// The server's access log lines (startServer with quiet: false) from `from`
// on, as { method, path, status, bytes }.
export function accessLog(server, from = 0) {
  return server.output().slice(from).split('\n').map((l) => {
    const m = / (GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) (\S+) (\d{3}) (\d+)B /.exec(l);
    return m && { method: m[1], path: m[2], status: Number(m[3]), bytes: Number(m[4]) };
  }).filter(Boolean);
}
