// The first load: fetches the WebAssembly client and its first-font package
// with a progress bar in bytes, starts zhixing.js once the package is here,
// and after the first frame fetches what can wait (the full UI font), then
// registers the service worker, so nothing competes with the first frame
// for a slow phone's bandwidth and nothing is downloaded twice.
//
// Contract with zhixing.js (Emscripten 3.1.6): Module.instantiateWasm
// instantiates from the module compiled here while it streamed in, and
// Module.getPreloadedPackage hands the file packager the bytes of
// zhixing.data, so zhixing.js fetches neither itself. window.Module is made by
// zhixing-bridge.js, which runs before zhixing.js is added.
'use strict';

(function () {
  const statusEl = document.getElementById('zx-status');
  const labelEl = document.getElementById('zx-status-text');
  const barEl = document.getElementById('zx-progress-bar');
  // Bytes received (decoded) and expected per asset, for the progress bar.
  const assets = new Map();

  function showProgress() {
    let got = 0, total = 0;
    for (const a of assets.values()) {
      got += a.got;
      total += Math.max(a.total, a.got);
    }
    const kb = (n) => (n / 1024).toFixed(0);
    if (labelEl) labelEl.textContent = `正在加载 Loading… ${kb(got)} / ${kb(total)} KB`;
    if (barEl && total > 0) barEl.style.width = `${Math.min(100, (100 * got) / total).toFixed(1)}%`;
  }

  // A response whose body counts into the progress bar as it streams. The
  // expected size is the file's own (the server names it when it sends a
  // compressed form, whose Content-Length is smaller than what is decoded).
  function counted(name, res) {
    const total = Number(res.headers.get('X-Decoded-Length') || res.headers.get('Content-Length') || 0);
    const a = { got: 0, total };
    assets.set(name, a);
    showProgress();
    if (!res.body) return res;
    const reader = res.body.getReader();
    const stream = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        a.got += value.byteLength;
        showProgress();
        controller.enqueue(value);
      },
      cancel(reason) { reader.cancel(reason); },
    });
    return new Response(stream, { status: res.status, headers: res.headers });
  }

  function get(name) {
    return fetch(name, { credentials: 'same-origin' }).then((res) => {
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      return counted(name, res);
    });
  }

  const fail = (e) => {
    const msg = String((e && e.message) || e);
    if (window.ZhixingBridge) window.ZhixingBridge.fatal(msg);
    else if (statusEl) statusEl.textContent = '知行无法启动 / Zhixing could not start: ' + msg;
  };

  // Both start at once; the module compiles while its bytes arrive.
  const wasm = get('zhixing.wasm').then((res) => {
    const typed = new Response(res.body, { headers: { 'Content-Type': 'application/wasm' } });
    return WebAssembly.compileStreaming(typed);
  });
  const data = get('zhixing.data').then((res) => res.arrayBuffer());
  wasm.catch(fail);

  // zhixing-bridge.js (a script after this one) makes window.Module.
  const parsed = new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
  });

  Promise.all([data, parsed]).then(([buffer]) => {
    const Module = window.Module;
    Module.getPreloadedPackage = (name) => (name.endsWith('zhixing.data') ? buffer : null);
    Module.instantiateWasm = (imports, done) => {
      wasm.then((module) => WebAssembly.instantiate(module, imports).then((instance) => done(instance, module)))
        .catch(fail);
      return {}; // exports arrive through `done`
    };
    const s = document.createElement('script');
    s.src = 'zhixing.js';
    s.onerror = () => fail('zhixing.js could not be loaded');
    document.body.appendChild(s);
  }).catch(fail);

  // After the first frame: the full UI font, handed to C++ and to the page's
  // text overlay (the same glyphs as the drawn text), then the offline copy.
  let later = null;
  function afterFirstFrame() {
    if (later) return later;
    later = fetch('zhixing-sc.otf', { credentials: 'same-origin' })
      .then((res) => (res.ok ? res.arrayBuffer() : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then((buffer) => {
        const bytes = new Uint8Array(buffer);
        const p = Module._malloc(bytes.length);
        Module.HEAPU8.set(bytes, p);
        Module._zx_web_font_loaded(p, bytes.length); // takes the buffer and frees it
        loader.fullFontMs = performance.now();
        if (window.FontFace && document.fonts) {
          const face = new FontFace('Zhixing UI', buffer);
          return face.load().then((f) => document.fonts.add(f));
        }
        return null;
      })
      .catch((e) => console.warn('zhixing: the full font did not arrive; the first font stays', e))
      .then(() => {
        if ('serviceWorker' in navigator) {
          return navigator.serviceWorker.register('/sw.js')
            .then(() => navigator.serviceWorker.ready)
            .then(() => { loader.offlineReady = true; })
            .catch((e) => console.warn('zhixing: no offline shell', e));
        }
        return null;
      });
    return later;
  }

  const loader = { afterFirstFrame, fullFontMs: null, offlineReady: false };
  window.ZhixingLoader = loader;
})();
