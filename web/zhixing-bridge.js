// The JavaScript half of the interop between the page and the C++ client.
// C++ calls in through the EM_JS wrappers in client/platform/web/platform_web.cpp;
// this file calls back only through the zx_web_* functions exported there.
// Nothing here holds application state beyond what the browser owns (the
// Leaflet map, fetches in flight, localStorage).
'use strict';

(function () {
  const statusEl = document.getElementById('zx-status');
  const mapEl = document.getElementById('zx-map');
  const canvasEl = document.getElementById('canvas');
  // Right-click belongs to the app, not the browser's menu.
  canvasEl.addEventListener('contextmenu', (e) => e.preventDefault());
  // Clicking the app gives it the keyboard (and takes it from a text overlay).
  canvasEl.addEventListener('mousedown', () => canvasEl.focus());
  // An idle app pauses its main loop (client/platform/frame_pacer.hpp); what
  // the page sees that C++ does not (a resize, the page shown again) wakes it.
  // Only once the runtime runs: before that Emscripten's export stubs exist
  // but the module does not, and calling one throws (a resize or a tab
  // switch during the first load).
  const wake = () => { if (window.Module && Module.calledRun && Module._zx_web_wake) Module._zx_web_wake(); };
  window.addEventListener('resize', wake);
  document.addEventListener('visibilitychange', wake);

  // Passes a JS string to C++ as a NUL-terminated UTF-8 buffer that the
  // caller (JS or C++, as documented per function) frees.
  function allocString(s) {
    const n = Module.lengthBytesUTF8(s) + 1;
    const p = Module._malloc(n);
    Module.stringToUTF8(s, p, n);
    return p;
  }

  function callWithString(fn, s, ...before) {
    const p = allocString(s);
    try {
      fn(...before, p);
    } finally {
      Module._free(p);
    }
  }

  const STORAGE_PREFIX = 'zhixing.';

  // Fixed geometry for cluster and marker icons, so tests and people see the
  // same thing at every zoom.
  function markerIcon(color, id, selected) {
    const safeId = String(id).replace(/[^A-Za-z0-9_-]/g, '');
    return L.divIcon({
      className: 'zx-marker' + (selected ? ' zx-selected' : ''),
      html: '<span class="zx-dot" data-base-id="' + safeId + '" style="background:' + color + '"></span>',
      iconSize: selected ? [22, 22] : [14, 14],
      iconAnchor: selected ? [11, 11] : [7, 7],
    });
  }

  // Cluster icons use leaflet.markercluster's classes and sizes, so they look
  // like every other Leaflet cluster map; the clusters themselves come from C++.
  function clusterIcon(count) {
    const size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
    return L.divIcon({
      className: 'marker-cluster marker-cluster-' + size,
      html: '<div><span>' + Number(count) + '</span></div>',
      iconSize: [40, 40],
    });
  }

  const map = {
    leaflet: null,
    items: null, // clusters and single bases of the current view
    lines: null, // routes
    byId: new Map(), // single bases now drawn, by id
    selectedId: '',
    total: 0,
    pendingFit: null,

    ensure() {
      if (this.leaflet) return;
      this.leaflet = L.map(mapEl, {
        center: [29.2, 120.3],
        zoom: 7,
        minZoom: 3,
        maxZoom: 18,
        keyboard: false, // the keyboard belongs to the ImGui canvas
        worldCopyJump: false,
      });
      this.leaflet.attributionControl.setPrefix('Leaflet');
      this.leaflet.attributionControl.addAttribution('演示数据 · demo data');
      this.lines = L.layerGroup().addTo(this.leaflet);
      this.items = L.layerGroup().addTo(this.leaflet);
      this.leaflet.on('moveend', () => this.report());
    },

    // The offline basemap: province and city outlines built with the page.
    outlines() {
      fetch('outlines.geojson')
        .then((r) => (r.ok ? r.json() : null))
        .then((data) => {
          if (!data) return;
          const layer = L.geoJSON(data, {
            interactive: false,
            style: (f) => (f.properties.level === 'city'
              ? { color: '#8fa8a2', weight: 1, fill: false }
              : { color: '#6e827e', weight: 1.6, fillColor: '#f4f1e8', fillOpacity: 0.7 }),
          }).addTo(this.leaflet);
          layer.bringToBack();
          this.leaflet.attributionControl.addAttribution(data.attribution || 'ECharts map data');
        })
        .catch(() => {}); // offline and never cached: the map still works without it
    },

    // A raster tile server, for deployments that have one: config.json beside
    // the page, {"tile_url": "https://…/{z}/{x}/{y}.png", "tile_attribution": "…"}.
    tiles() {
      fetch('config.json')
        .then((r) => (r.ok ? r.json() : null))
        .then((cfg) => {
          if (!cfg || typeof cfg.tile_url !== 'string') return;
          L.tileLayer(cfg.tile_url, { attribution: cfg.tile_attribution || '', maxZoom: 18 }).addTo(this.leaflet);
        })
        .catch(() => {});
    },

    // Tells C++ what the map shows, so it can send the clusters for it.
    report() {
      if (!this.leaflet || mapEl.hidden) return;
      const b = this.leaflet.getBounds();
      Module._zx_web_map_view(b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), this.leaflet.getZoom());
    },

    setMarkers(json, total) {
      this.ensure();
      const list = JSON.parse(json);
      this.items.clearLayers();
      this.byId.clear();
      this.total = total;
      for (const m of list) {
        if (m.count > 1) {
          const mk = L.marker([m.lat, m.lon], { icon: clusterIcon(m.count), title: m.title, keyboard: false });
          mk.on('click', () => this.leaflet.setView([m.lat, m.lon], Math.max(m.zoom, this.leaflet.getZoom() + 1)));
          this.items.addLayer(mk);
          continue;
        }
        const mk = L.marker([m.lat, m.lon], {
          icon: markerIcon(m.color, m.id, m.id === this.selectedId),
          title: m.title,
          riseOnHover: true,
          keyboard: false,
          zIndexOffset: m.id === this.selectedId ? 1000 : 0,
        });
        mk.zx = m;
        mk.on('click', () => callWithString(Module._zx_web_map_picked, m.id));
        this.byId.set(m.id, mk);
        this.items.addLayer(mk);
      }
    },

    setLines(json) {
      this.ensure();
      this.lines.clearLayers();
      for (const line of JSON.parse(json)) {
        L.polyline(line.points, { color: '#ffffff', weight: 8, opacity: 0.85, interactive: false }).addTo(this.lines);
        L.polyline(line.points, { color: line.color, weight: 4, interactive: false, className: 'zx-route' })
          .addTo(this.lines);
        line.points.forEach((p, i) => {
          L.marker(p, {
            interactive: false,
            keyboard: false,
            zIndexOffset: 2000, // the numbers stay above the bases' own markers
            icon: L.divIcon({
              className: 'zx-stop',
              html: '<span style="background:' + line.color + '">' + (i + 1) + '</span>',
              iconSize: [22, 22],
              iconAnchor: [11, 11],
            }),
          }).addTo(this.lines);
        });
      }
    },

    fit(south, west, north, east) {
      this.ensure();
      this.pendingFit = [[south, west], [north, east]];
      if (!mapEl.hidden) this.fitIfNeeded();
    },

    fitIfNeeded() {
      if (!this.pendingFit) return;
      const box = this.pendingFit;
      this.pendingFit = null;
      this.leaflet.fitBounds(box, { padding: [30, 30], animate: false, maxZoom: 13 });
    },

    show(x, y, w, h) {
      this.ensure();
      // The basemap is fetched the first time the map is seen, not before:
      // a first load that never opens the map never pays for it.
      if (!this.decorated) {
        this.decorated = true;
        this.outlines();
        this.tiles();
      }
      const wasHidden = mapEl.hidden;
      mapEl.style.left = x + 'px';
      mapEl.style.top = y + 'px';
      mapEl.style.width = w + 'px';
      mapEl.style.height = h + 'px';
      mapEl.hidden = false;
      this.leaflet.invalidateSize({ pan: !wasHidden, animate: false });
      this.fitIfNeeded();
      this.report();
    },

    hide() {
      mapEl.hidden = true;
    },

    focus(lat, lon, zoom) {
      this.ensure();
      this.pendingFit = null;
      this.leaflet.setView([lat, lon], Math.max(zoom, this.leaflet.getZoom()), { animate: false });
    },

    select(id) {
      const prev = this.byId.get(this.selectedId);
      if (prev) {
        prev.setIcon(markerIcon(prev.zx.color, prev.zx.id, false));
        prev.setZIndexOffset(0);
      }
      this.selectedId = id;
      const mk = this.byId.get(id);
      if (mk) {
        mk.setIcon(markerIcon(mk.zx.color, mk.zx.id, true));
        mk.setZIndexOffset(1000);
      }
    },

    // For tests and diagnostics: what Leaflet itself holds.
    stats() {
      if (!this.leaflet) return { markers: 0, visible: false };
      const c = this.leaflet.getCenter();
      let clusters = 0;
      this.items.eachLayer((l) => { if (!l.zx) clusters++; });
      return {
        markers: this.total,
        singles: this.byId.size,
        clusters,
        routes: this.lines.getLayers().filter((l) => l instanceof L.Polyline).length / 2,
        visible: !mapEl.hidden,
        zoom: this.leaflet.getZoom(),
        center: [c.lat, c.lng],
        bounds: (() => { const b = this.leaflet.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })(),
        selected: this.selectedId,
      };
    },
  };

  // One position from the browser (it asks the user first).
  function locate(id) {
    const answer = (ok, lat, lon, msg) => callWithString(Module._zx_web_located, msg, id, ok, lat, lon);
    if (!navigator.geolocation) {
      answer(0, 0, 0, 'this browser cannot tell its location');
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => answer(1, p.coords.latitude, p.coords.longitude, ''),
      (e) => answer(0, 0, 0, e.message || 'location refused'),
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 },
    );
  }

  // The local store lives in a module worker (zhixing-db-worker.js); this
  // relays requests to it and answers back to C++.
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('zhixing-store') : null;
  const db = {
    worker: null,
    ensure() {
      if (this.worker) return;
      this.worker = new Worker('zhixing-db-worker.js', { type: 'module' });
      this.worker.onmessage = (e) => {
        const msg = e.data;
        if (msg.type === 'lost') Module._zx_web_db_lost();
        else callWithString(Module._zx_web_db_done, JSON.stringify(msg.result), msg.id);
      };
      this.worker.onerror = (e) => console.error('zhixing: store worker failed', e.message);
    },
    open(id, name, takeOver) {
      this.ensure();
      if (takeOver && channel) channel.postMessage({ type: 'release' });
      this.worker.postMessage({ id, op: 'open', name, takeOver });
    },
    run(id, requestJson) {
      this.ensure();
      this.worker.postMessage({ id, op: 'run', request: requestJson });
    },
    close() {
      if (this.worker) this.worker.postMessage({ op: 'close' });
    },
  };
  // Another tab wants the store: let it go.
  if (channel) channel.onmessage = (e) => {
    if (e.data && e.data.type === 'release' && db.worker) db.worker.postMessage({ op: 'release' });
  };

  // The text overlay: a real <input>/<textarea> placed over the ImGui field
  // being edited, so input methods (pinyin, handwriting) work. C++ decides
  // where and when (platform_web.cpp); this reports what was typed.
  function callWithStrings(fn, a, b, ...after) {
    const pa = allocString(a);
    const pb = b === null ? 0 : allocString(b);
    try {
      fn(pa, pb, ...after);
    } finally {
      Module._free(pa);
      if (pb) Module._free(pb);
    }
  }
  const text = {
    input: null,
    area: null,
    el: null,
    id: null,
    composing: false,
    ensure() {
      if (this.input) return;
      this.input = document.createElement('input');
      this.input.id = 'zx-text-input';
      this.area = document.createElement('textarea');
      this.area.id = 'zx-text-area';
      for (const el of [this.input, this.area]) {
        el.className = 'zx-text';
        el.hidden = true;
        el.autocomplete = 'off';
        el.spellcheck = false;
        document.body.appendChild(el);
        el.addEventListener('compositionstart', () => { this.composing = true; });
        el.addEventListener('compositionend', () => {
          this.composing = false;
          this.send(0, 0);
        });
        el.addEventListener('input', (e) => {
          if (!e.isComposing && !this.composing) this.send(0, 0);
        });
        el.addEventListener('keydown', (e) => {
          if (e.isComposing || this.composing) return;
          if (e.key === 'Enter' && el === this.input) {
            e.preventDefault();
            this.send(1, 0);
          } else if (e.key === 'Escape') {
            el.blur();
          }
        });
        el.addEventListener('blur', () => {
          if (this.el === el && this.id !== null) {
            this.send(0, 1);
            this.hide();
          }
        });
      }
    },
    send(submitted, ended) {
      if (this.id === null || !this.el) return;
      callWithStrings(Module._zx_web_text_event, this.id, this.el.value, submitted, ended);
    },
    // fontPx: the size the field's text is drawn at (CSS px), so the text
    // keeps its size when editing starts and ends.
    show(id, x, y, w, h, fontPx, multiline, password, hint, value) {
      this.ensure();
      const el = multiline ? this.area : this.input;
      if (value !== null) {
        if (this.el && this.el !== el) this.el.hidden = true;
        this.el = el;
        this.id = id;
        if (!multiline) el.type = password ? 'password' : 'text';
        el.value = value;
        el.placeholder = hint;
      } else if (this.id !== id) {
        return;
      }
      el.style.left = x + 'px';
      el.style.top = y + 'px';
      el.style.width = w + 'px';
      el.style.height = h + 'px';
      if (fontPx > 0) el.style.fontSize = fontPx + 'px';
      if (el.hidden) el.hidden = false;
      if (value !== null) {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }
    },
    hide() {
      const el = this.el;
      this.id = null;
      this.el = null;
      if (el) {
        el.hidden = true;
        if (document.activeElement === el) el.blur();
      }
    },
  };

  // Files: exports become downloads; imports come from a file picker.
  const files = {
    picker: null,
    save(id, name, mime, content) {
      const url = URL.createObjectURL(new Blob([content], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      callWithString(Module._zx_web_file_saved, name, id, 1);
    },
    open(id, accept) {
      if (!this.picker) {
        this.picker = document.createElement('input');
        this.picker.type = 'file';
        this.picker.id = 'zx-file-input';
        this.picker.hidden = true;
        document.body.appendChild(this.picker);
      }
      const picker = this.picker;
      picker.accept = accept;
      picker.value = '';
      // The file's bytes as stored, not decoded: a file in another encoding
      // (GBK from a spreadsheet) must reach the C++ reader as it is, to be
      // named there, rather than turned into U+FFFD here.
      picker.onchange = async () => {
        const file = picker.files && picker.files[0];
        if (!file) return Module._zx_web_file_opened(0, 0, 0, id);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const name = allocString(file.name);
        const data = Module._malloc(bytes.length || 1);
        try {
          Module.HEAPU8.set(bytes, data);
          Module._zx_web_file_opened(name, data, bytes.length, id);
        } finally {
          Module._free(name);
          Module._free(data);
        }
      };
      picker.oncancel = () => Module._zx_web_file_opened(0, 0, 0, id);
      picker.click();
    },
  };

  const bridge = {
    map,
    locate,
    db,
    text,
    files,

    // One character drawn by the browser's own fonts (Canvas 2D), for text
    // the app's font lacks: RGBA into the C++ buffer `out` (maxW×maxH), and
    // [w, h, x0, y0, advance, colored] into `metrics` (floats). Returns 0 when
    // nothing was drawn (a blank character, or too big). The family list puts
    // the app's own font first, so what it has looks the same.
    glyph(cp, emPx, ascentPx, out, maxW, maxH, metrics) {
      const ch = String.fromCodePoint(cp);
      if (!this.glyphCanvas) {
        this.glyphCanvas = document.createElement('canvas');
        this.glyphCanvas.width = maxW;
        this.glyphCanvas.height = maxH;
      }
      const c = this.glyphCanvas.getContext('2d', { willReadFrequently: true });
      c.clearRect(0, 0, maxW, maxH);
      c.font = `${emPx}px "Zhixing UI", "Noto Sans CJK SC", "Noto Color Emoji", sans-serif`;
      c.textBaseline = 'alphabetic';
      c.fillStyle = '#ffffff';
      const m = c.measureText(ch);
      const left = Math.ceil(m.actualBoundingBoxLeft) + 1, up = Math.ceil(m.actualBoundingBoxAscent) + 1;
      const w = left + Math.ceil(m.actualBoundingBoxRight) + 1, h = up + Math.ceil(m.actualBoundingBoxDescent) + 1;
      if (w <= 2 || h <= 2 || w > maxW || h > maxH) return 0;
      c.fillText(ch, left, up);
      const px = c.getImageData(0, 0, w, h).data;
      let colored = false;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3] > 32 && (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200)) { colored = true; break; }
      }
      Module.HEAPU8.set(px, out);
      const f = new Float32Array(Module.HEAPU8.buffer, metrics, 6);
      f.set([w, h, -left, ascentPx - up, m.width, colored ? 1 : 0]);
      return 1;
    },

    openUrl(url) {
      if (/^https?:\/\//.test(url)) window.open(url, '_blank', 'noopener');
    },

    // A page of this server (a one-use print link) in a new tab: 1 when it
    // opened, 0 when the browser blocked it. Without 'noopener', so that
    // window.open says whether a tab opened; the opener is cut right after.
    openPage(path) {
      if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return 0;
      const w = window.open(new URL(path, window.location.origin).href, '_blank');
      if (!w) return 0;
      try { w.opener = null; } catch (e) { /* another origin: nothing to cut */ }
      return 1;
    },

    firstFrameMs: null,

    http(id, method, path, body, bearer, type) {
      const headers = { Accept: 'application/json' };
      if (bearer) headers.Authorization = 'Bearer ' + bearer;
      const init = { method, headers, cache: 'no-store' };
      if (method !== 'GET' && method !== 'HEAD') {
        headers['Content-Type'] = type || 'application/json';
        init.body = body;
      }
      fetch(path, init)
        .then(async (res) => {
          const text = await res.text();
          callWithString(Module._zx_web_http_done, text, id, res.status);
        })
        .catch((err) => {
          callWithString(Module._zx_web_http_done, String((err && err.message) || err), id, 0);
        });
    },

    // Event streams (the live channel): fetch() with a readable body, since
    // EventSource cannot send the Authorization header. Each piece of text
    // goes to C++ as it arrives (zx_web_stream_data), which reads the SSE
    // framing; the end goes once (zx_web_stream_ended). No byte for stallMs
    // (the server heartbeats) aborts it as stalled. close() aborts without a
    // word back.
    streams: {
      byId: new Map(), // open streams: id -> AbortController

      open(id, path, bearer, stallMs) {
        const ctrl = new AbortController();
        this.byId.set(id, ctrl);
        let timer = 0;
        let stalled = false;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => { stalled = true; ctrl.abort(); }, stallMs);
        };
        const live = () => this.byId.get(id) === ctrl;
        const end = (status, text) => {
          clearTimeout(timer);
          if (!live()) return;
          this.byId.delete(id);
          callWithString(Module._zx_web_stream_ended, text, id, status);
        };
        const headers = { Accept: 'text/event-stream' };
        if (bearer) headers.Authorization = 'Bearer ' + bearer;
        arm();
        fetch(path, { headers, cache: 'no-store', signal: ctrl.signal })
          .then(async (res) => {
            if (!res.ok || !res.body) {
              end(res.status, await res.text());
              return;
            }
            const reader = res.body.getReader();
            const decoder = new TextDecoder();
            for (;;) {
              arm();
              const { value, done } = await reader.read();
              if (done) break;
              if (!live()) return;
              const text = decoder.decode(value, { stream: true });
              if (text) callWithString(Module._zx_web_stream_data, text, id);
            }
            end(res.status, '');
          })
          .catch((err) => end(0, stalled ? 'no byte arrived in time (stalled)' : String((err && err.message) || err)));
      },

      close(id) {
        const ctrl = this.byId.get(id);
        if (!ctrl) return;
        this.byId.delete(id);
        ctrl.abort();
      },
    },

    storageRemove(key) {
      try {
        window.localStorage.removeItem(STORAGE_PREFIX + key);
      } catch (e) {
        console.warn('zhixing: localStorage unavailable', e);
      }
    },

    // Returns a malloc'd string the C++ side frees, or 0 if absent.
    storageGet(key) {
      let v = null;
      try {
        v = window.localStorage.getItem(STORAGE_PREFIX + key);
      } catch (e) {
        console.warn('zhixing: localStorage unavailable', e);
      }
      return v === null ? 0 : allocString(v);
    },

    storageSet(key, value) {
      try {
        window.localStorage.setItem(STORAGE_PREFIX + key, value);
        return true;
      } catch (e) {
        console.error('zhixing: could not save ' + key, e);
        return false;
      }
    },

    // Links (client/routes.hpp) live in the URL's fragment: "#/trip/t-1".
    // The server serves only "/", so no path route can miss index.html.
    route: {
      initial() {
        return allocString(window.location.hash.replace(/^#/, ''));
      },
      // A new history entry per change (back and forward walk them), or the
      // current one corrected in place.
      show(link, replace) {
        const url = '#' + link;
        if (window.location.hash === url) return;
        if (replace) window.history.replaceState(null, '', url);
        else window.history.pushState(null, '', url);
      },
    },

    // A tablet set up as a base's kiosk opens the page as "/?kiosk"
    // (optionally "&kiosk_idle=SECONDS"): its idle time, or -1 when the page
    // is not a kiosk's.
    kioskIdle() {
      const q = new URLSearchParams(window.location.search);
      if (!q.has('kiosk')) return -1;
      const n = Number(q.get('kiosk_idle') || '60');
      return Number.isInteger(n) && n >= 5 && n <= 3600 ? n : 60;
    },

    firstFrame() {
      this.firstFrameMs = performance.now();
      statusEl.hidden = true;
      if (window.ZhixingLoader) window.ZhixingLoader.afterFirstFrame();
    },

    fatal(message) {
      statusEl.hidden = false;
      statusEl.classList.add('fatal');
      statusEl.textContent = '知行无法启动 / Zhixing could not start: ' + message;
    },
  };

  window.ZhixingBridge = bridge;

  // Back, forward and an edited address change the fragment by themselves
  // (pushState does not fire this): the app opens the new link.
  window.addEventListener('hashchange', () => {
    if (Module._zx_web_route_changed) callWithString(Module._zx_web_route_changed, window.location.hash.replace(/^#/, ''));
  });

  // Storage the browser should not evict under pressure (students' work
  // lives there). The offline shell (service worker) is registered by
  // zhixing-loader.js after the first frame.
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().then((granted) => { bridge.persistentStorage = granted; });
  }

  // Emscripten reads this object when zhixing.js loads.
  window.Module = {
    canvas: canvasEl,
    print: (text) => console.log(text),
    printErr: (text) => console.error(text),
    onAbort: (what) => bridge.fatal(String(what)),
  };

  // The read-only test hook: app state from C++, and what the map holds.
  window.zhixing = {
    state() {
      if (!Module._zx_web_state_json) return null;
      return JSON.parse(Module.UTF8ToString(Module._zx_web_state_json()));
    },
    map() {
      return map.stats();
    },
    record(collection, id) {
      if (!Module._zx_web_record_json) return null;
      const pc = allocString(collection);
      const pi = allocString(id);
      try {
        return JSON.parse(Module.UTF8ToString(Module._zx_web_record_json(pc, pi)));
      } finally {
        Module._free(pc);
        Module._free(pi);
      }
    },
    firstFrameMs() {
      return bridge.firstFrameMs;
    },
    // When the full UI font was handed to C++ (ms since navigation), and
    // whether the service worker holds the offline copy.
    fullFontMs() {
      return window.ZhixingLoader ? window.ZhixingLoader.fullFontMs : null;
    },
    offlineReady() {
      return !!(window.ZhixingLoader && window.ZhixingLoader.offlineReady);
    },
  };
})();
