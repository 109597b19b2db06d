// Module for hello.js, and the time of its first frame: main() runs right
// after onRuntimeInitialized and schedules its first frame for the next
// animation frame; the frame after that one sees it drawn.
'use strict';
window.Module = {
  canvas: document.getElementById('canvas'),
  onRuntimeInitialized() {
    requestAnimationFrame(() => requestAnimationFrame(() => { window.helloFirstFrame = performance.now(); }));
  },
};
